/** The citizen app's entry: loads the schedule, keeps a clock corrected for the phone's skew, renders. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { clockSkewMs } from '../shared/countdown';
import { UI_TEXT, type Lang } from '../shared/messages';
import type { Campaign } from '../shared/schedule';
import { Schedule } from './Schedule';
import { AppChrome } from './AppChrome';
import { startServiceWorker } from './sw-bridge';
import { api } from './trpc';
import './styles.css';

// The schedule page has no form yet; the booking flow will report its unsaved input here.
const bridge = startServiceWorker(() => false);

function App() {
  const [lang, setLang] = useState<Lang>('ko');
  const [campaigns, setCampaigns] = useState<Campaign[] | null>(null);
  const [skew, setSkew] = useState(0);
  const [failed, setFailed] = useState(false);
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    const sentAt = Date.now();
    api.schedule.get.query().then((s) => {
      setSkew(clockSkewMs(s.serverTime, sentAt, Date.now()));
      setCampaigns(s.campaigns as Campaign[]);
    }, () => setFailed(true));
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = UI_TEXT.title[lang];
  }, [lang]);

  return (
    <main>
      <button type="button" onClick={() => setLang(lang === 'ko' ? 'en' : 'ko')}>{UI_TEXT.language[lang]}</button>
      <AppChrome bridge={bridge} lang={lang} />
      <h1>{UI_TEXT.title[lang]}</h1>
      {failed && <p role="alert">{UI_TEXT.offline[lang]}</p>}
      {!campaigns && !failed && <p>{UI_TEXT.loading[lang]}</p>}
      {campaigns && <Schedule campaigns={campaigns} now={now + skew} lang={lang} />}
    </main>
  );
}

render(<App />, document.getElementById('app')!);
