/** The citizen app's entry: people kept on the device, the schedule (fresh or kept) on a clock corrected for the phone's skew. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { PEOPLE_TEXT, UI_TEXT, type Lang } from '../shared/messages';
import { AppChrome } from './AppChrome';
import { People } from './People';
import { Schedule } from './Schedule';
import type { CachedSchedule, StoredPerson } from './store/db';
import { listPeople } from './store/people';
import { loadSchedule } from './store/schedule';
import { startServiceWorker } from './sw-bridge';
import './styles.css';

/** Unsaved input blocks the update prompt's reload: a half-typed person is not thrown away. */
const hasUnsavedInput = () => [...document.querySelectorAll('form input')].some((i) => (i as HTMLInputElement).value !== '');
const bridge = startServiceWorker(hasUnsavedInput);

function App() {
  const [lang, setLang] = useState<Lang>('ko');
  const [schedule, setSchedule] = useState<(CachedSchedule & { offline: boolean }) | null | undefined>(undefined);
  const [people, setPeople] = useState<StoredPerson[]>([]);
  const [now, setNow] = useState(Date.now());
  const reloadPeople = () => void listPeople().then(setPeople);

  useEffect(() => {
    void loadSchedule().then(setSchedule);
    reloadPeople();
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = UI_TEXT.title[lang];
  }, [lang]);

  const serverNow = now + (schedule?.skewMs ?? 0);
  return (
    <main>
      <button type="button" onClick={() => setLang(lang === 'ko' ? 'en' : 'ko')}>{UI_TEXT.language[lang]}</button>
      <AppChrome bridge={bridge} lang={lang} />
      <h1>{UI_TEXT.title[lang]}</h1>
      {schedule?.offline && <p role="status">{PEOPLE_TEXT.offline[lang]}</p>}
      {schedule === null && <p role="alert">{UI_TEXT.offline[lang]}</p>}
      {schedule === undefined && <p>{UI_TEXT.loading[lang]}</p>}
      <People people={people} campaigns={schedule?.campaigns ?? []} now={serverNow} lang={lang} changed={reloadPeople} />
      {schedule && <Schedule campaigns={schedule.campaigns} now={serverNow} lang={lang} />}
    </main>
  );
}

render(<App />, document.getElementById('app')!);
