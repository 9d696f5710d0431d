/** The operator console: sign in, then the dashboard polled every two seconds, keeping five minutes of history. */
import { render } from 'preact';
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { Lang } from '../../shared/messages';
import { PORTAL_TEXT as T } from '../../shared/portalMessages';
import type { Dashboard as DashboardData } from '../../shared/operator';
import { SESSION_TEXT } from '../../shared/operatorMessages';
import { Header } from '../portal/Header';
import { LoginForm } from '../portal/LoginForm';
import { PasswordForm } from '../portal/PasswordForm';
import { api } from '../trpc';
import { Dashboard, HISTORY_SAMPLES, type History } from './Dashboard';
import { failureOf } from './failure';
import { ImportPanel } from './ImportPanel';
import { SchedulePanel } from './SchedulePanel';
import '../portal/portal.css';

const POLL_MS = 2000;

function OperatorApp() {
  const [lang, setLang] = useState<Lang>('ko');
  const [signedIn, setSignedIn] = useState<boolean | null>(null);
  const [data, setData] = useState<DashboardData | null>(null);
  const [history, setHistory] = useState<History>({ waiting: [], bookings: [] });
  // Said above the login form when a signed-in page finds its session gone; nothing else sends anyone back to it.
  const [sessionEnded, setSessionEnded] = useState(false);
  const [stale, setStale] = useState(false);

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
        setStale(false);
        setData(d);
        setHistory((h) => ({
          waiting: [...h.waiting, d.queues.reduce((n, q) => n + q.queueLength + q.prequeueLength, 0)].slice(-HISTORY_SAMPLES),
          bookings: [...h.bookings, d.bookingsPerSecond].slice(-HISTORY_SAMPLES),
        }));
      } catch (err) {
        if (stop) return;
        // Only a missing or expired session asks for a login; a dropped connection keeps the last figures.
        if (failureOf(err).kind !== 'session') return setStale(true);
        if (signedIn) setSessionEnded(true); // this effect runs again whenever signedIn changes
        setSignedIn(false);
      }
    };
    void poll();
    const timer = setInterval(() => { if (signedIn !== false) void poll(); }, POLL_MS);
    return () => { stop = true; clearInterval(timer); };
  }, [signedIn]);

  const signOut = async () => {
    await api.operator.logout.mutate();
    setSessionEnded(false);
    setSignedIn(false);
  };
  const endSession = () => {
    setSessionEnded(true);
    setSignedIn(false);
  };
  return (
    <>
      <Header title={T.operatorTitle[lang]} lang={lang} setLang={setLang} {...(signedIn ? { onSignOut: signOut } : {})} />
      <main>
        {signedIn === false && sessionEnded && <p class="error session-ended" role="alert">{SESSION_TEXT.sessionEnded[lang]}</p>}
        {signedIn === false && <LoginForm lang={lang} signIn={(username, password) => api.operator.login.mutate({ username, password })} onDone={() => { setSessionEnded(false); setSignedIn(true); }} />}
        {stale && signedIn !== false && <p class="error" role="alert">{SESSION_TEXT.stale[lang]}</p>}
        {signedIn && data && <Dashboard data={data} history={history} lang={lang} onSessionEnded={endSession}
          setRate={(perSecond) => api.operator.setAdmitRate.mutate({ perSecond })} />}
        {signedIn && <SchedulePanel lang={lang} onSessionEnded={endSession} />}
        {signedIn && <ImportPanel lang={lang} onSessionEnded={endSession} />}
        {signedIn && <PasswordForm lang={lang} change={(currentPassword, newPassword) => api.operator.changePassword.mutate({ currentPassword, newPassword })} />}
      </main>
    </>
  );
}

render(<OperatorApp />, document.getElementById('app')!);
