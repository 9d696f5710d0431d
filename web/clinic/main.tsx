/** The clinic portal: sign in, pick a day, see and print its bookings, download them as CSV. */
import { render } from 'preact';
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { ClinicDay } from '../../shared/clinic';
import type { Lang } from '../../shared/messages';
import { PORTAL_TEXT as T } from '../../shared/portalMessages';
import { seoulDate } from '../../shared/time';
import { Header } from '../portal/Header';
import { LoginForm } from '../portal/LoginForm';
import { PasswordForm } from '../portal/PasswordForm';
import { api } from '../trpc';
import { DayTable } from './DayTable';
import '../portal/portal.css';

function ClinicApp() {
  const [lang, setLang] = useState<Lang>('ko');
  const [signedIn, setSignedIn] = useState<boolean | null>(null);
  const [date, setDate] = useState(new URLSearchParams(location.search).get('date') ?? seoulDate(Date.now()));
  const [day, setDay] = useState<ClinicDay | null>(null);

  useEffect(() => {
    api.clinic.me.query().then(() => setSignedIn(true), () => setSignedIn(false));
  }, []);
  useEffect(() => {
    if (signedIn) api.clinic.day.query({ date }).then(setDay, () => setSignedIn(false));
  }, [signedIn, date]);
  // Before the browser paints: the page never shows English text under lang="ko" (screen readers, tests).
  useLayoutEffect(() => {
    document.documentElement.lang = lang;
    document.title = T.clinicTitle[lang];
  }, [lang]);

  const signOut = async () => {
    await api.clinic.logout.mutate();
    setSignedIn(false);
    setDay(null);
  };
  return (
    <>
      <Header title={T.clinicTitle[lang]} lang={lang} setLang={setLang} {...(signedIn ? { onSignOut: signOut } : {})} />
      <main>
        {signedIn === false && <LoginForm lang={lang} signIn={(username, password) => api.clinic.login.mutate({ username, password })} onDone={() => setSignedIn(true)} />}
        {signedIn && (
          <>
            <div class="toolbar">
              <label>{T.date[lang]}<input type="date" value={date} onInput={(e) => setDate((e.currentTarget as HTMLInputElement).value)} /></label>
              <a class="button" href={`/clinic/export.csv?date=${date}`} download>{T.downloadCsv[lang]}</a>
              <button type="button" onClick={() => window.print()}>{T.print[lang]}</button>
            </div>
            {day && <DayTable day={day} lang={lang} />}
            <PasswordForm lang={lang} change={(currentPassword, newPassword) => api.clinic.changePassword.mutate({ currentPassword, newPassword })} />
          </>
        )}
      </main>
    </>
  );
}


render(<ClinicApp />, document.getElementById('app')!);
