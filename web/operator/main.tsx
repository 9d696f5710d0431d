/** The operator console: sign in, then the dashboard polled every two seconds, keeping five minutes of history. */
import { render } from 'preact';
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { PORTAL_TEXT as T, type Lang } from '../../shared/messages';
import type { Dashboard as DashboardData } from '../../shared/operator';
import { Header } from '../portal/Header';
import { LoginForm } from '../portal/LoginForm';
import { PasswordForm } from '../portal/PasswordForm';
import { api } from '../trpc';
import { Dashboard, type History } from './Dashboard';
import { ImportPanel } from './ImportPanel';
import { SchedulePanel } from './SchedulePanel';
import '../portal/portal.css';

const POLL_MS = 2000;
const KEEP = 150; // five minutes of two-second samples

function OperatorApp() {
  const [lang, setLang] = useState<Lang>('ko');
  const [signedIn, setSignedIn] = useState<boolean | null>(null);
  const [data, setData] = useState<DashboardData | null>(null);
  const [history, setHistory] = useState<History>({ waiting: [], bookings: [] });
  const [rateError, setRateError] = useState(false);

  // Before the browser paints: the page never shows English text under lang="ko" (screen readers, tests).
  useLayoutEffect(() => {
    document.documentElement.lang = lang;
    document.title = T.operatorTitle[lang];
  }, [lang]);
  useEffect(() => {
    let stop = false;
    const poll = async () => {
      try {
        const d = await api.operator.dashboard.query();
        if (stop) return;
        setSignedIn(true);
        setData(d);
        setHistory((h) => ({
          waiting: [...h.waiting, d.queues.reduce((n, q) => n + q.queueLength + q.prequeueLength, 0)].slice(-KEEP),
          bookings: [...h.bookings, d.bookingsPerSecond].slice(-KEEP),
        }));
      } catch {
        if (!stop) setSignedIn(false);
      }
    };
    void poll();
    const timer = setInterval(() => { if (signedIn !== false) void poll(); }, POLL_MS);
    return () => { stop = true; clearInterval(timer); };
  }, [signedIn]);

  const signOut = async () => {
    await api.operator.logout.mutate();
    setSignedIn(false);
  };
  return (
    <>
      <Header title={T.operatorTitle[lang]} lang={lang} setLang={setLang} {...(signedIn ? { onSignOut: signOut } : {})} />
      <main>
        {signedIn === false && <LoginForm lang={lang} signIn={(username, password) => api.operator.login.mutate({ username, password })} onDone={() => setSignedIn(true)} />}
        {signedIn && data && <Dashboard data={data} history={history} lang={lang} setRate={(perSecond) => {
          api.operator.setAdmitRate.mutate({ perSecond }).then(() => setRateError(false), () => setRateError(true));
        }} />}
        {rateError && <p class="error" role="alert">{T.rateNotSet[lang]}</p>}
        {signedIn && <SchedulePanel lang={lang} />}
        {signedIn && <ImportPanel lang={lang} />}
        {signedIn && <PasswordForm lang={lang} change={(currentPassword, newPassword) => api.operator.changePassword.mutate({ currentPassword, newPassword })} />}
      </main>
    </>
  );
}

render(<OperatorApp />, document.getElementById('app')!);
