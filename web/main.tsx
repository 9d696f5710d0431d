/** The citizen app's entry: loads what the device keeps (people, plans, journeys, schedule, catalog), routes between screens, and keeps each live journey driven in one tab. */
import { render } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { CARE_TEXT, JOURNEY_TEXT, PEOPLE_TEXT, UI_TEXT, type Lang } from '../shared/messages';
import { eligibilityAt } from '../shared/schedule';
import { AppChrome } from './AppChrome';
import { Journey } from './Journey';
import { ensureDriver } from './journey/driver';
import { Lookup } from './Lookup';
import { useOnline } from './online';
import { useSoldOut } from './soldOut';
import { People } from './People';
import { PersonActions } from './PersonActions';
import { Plan } from './Plan';
import { useRoute } from './route';
import { Schedule } from './Schedule';
import { syncCatalog, type CatalogState } from './store/catalog';
import { database, type CachedSchedule, type Journey as JourneyRecord, type Plan as PlanRecord, type StoredPerson } from './store/db';
import { journeyKey, listJourneys, onJourneyChange, startJourney } from './store/journeys';
import { listPeople } from './store/people';
import { emptyPlan } from './store/plans';
import { loadSchedule } from './store/schedule';
import { startServiceWorker } from './sw-bridge';
import './styles.css';

/** Unsaved input blocks the update prompt's reload: a half-typed person is not thrown away. */
const hasUnsavedInput = () => [...document.querySelectorAll('form input')].some((i) => (i as HTMLInputElement).value !== '');
const bridge = startServiceWorker(hasUnsavedInput);

/** A journey the driver still has work for (not booked, not refused). */
const live = (j: JourneyRecord) => !j.booking && !j.refusal;

function App() {
  const route = useRoute();
  // Korean unless the user chose English on this device before.
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem('yeyak-lang') === 'en' ? 'en' : 'ko'));
  const [schedule, setSchedule] = useState<(CachedSchedule & { offline: boolean }) | null | undefined>(undefined);
  const [catalog, setCatalog] = useState<CatalogState | null>(null);
  const [people, setPeople] = useState<StoredPerson[]>([]);
  const [plans, setPlans] = useState<Map<string, PlanRecord>>(new Map());
  const [journeys, setJourneys] = useState<Map<string, JourneyRecord>>(new Map());
  const [now, setNow] = useState(Date.now());
  const online = useOnline();
  const reloadPeople = () => void listPeople().then(setPeople);
  const reloadPlans = () => void database().then((db) => db.getAll('plans')).then((all) => setPlans(new Map(all.map((p) => [p.personId, p]))));
  const reloadJourneys = () => void listJourneys().then((all) => {
    setJourneys(new Map(all.map((j) => [j.key, j])));
    for (const j of all) if (live(j)) ensureDriver(j.key);
  });

  useEffect(() => {
    void loadSchedule().then(setSchedule);
    void syncCatalog().then(setCatalog);
    reloadPeople();
    reloadJourneys();
    const off = onJourneyChange(reloadJourneys);
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      off();
      clearInterval(timer);
    };
  }, []);
  useEffect(reloadPlans, [route]);
  // Before the browser paints: the page never shows English text under lang="ko" (screen readers, tests).
  useLayoutEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem('yeyak-lang', lang);
  }, [lang]);
  // Someone let in while looking at another tab or app sees it in the tab's title (and feels it, where phones vibrate).
  const admitted = [...journeys.values()].some((j) => j.ticket?.state === 'admitted' && !j.booking && !j.refusal);
  useEffect(() => {
    document.title = admitted ? `${JOURNEY_TEXT.admitted[lang]} — ${UI_TEXT.title[lang]}` : UI_TEXT.title[lang];
    if (admitted) navigator.vibrate?.([200, 100, 200]);
  }, [lang, admitted]);

  const serverNow = now + (schedule?.skewMs ?? 0);
  const campaigns = schedule?.campaigns ?? [];
  const soldOut = useSoldOut(campaigns, journeys, online, serverNow, route.screen === 'home');
  const clinics = useMemo(() => new Map((catalog?.clinics ?? []).map((c) => [c.id, c])), [catalog]);

  // Join by itself when the waiting room opens, for each person whose plan says so and has a clinic.
  useEffect(() => {
    for (const p of people) {
      const plan = plans.get(p.id);
      if (!plan?.autoJoin || plan.clinicIds.length === 0) continue;
      for (const c of campaigns) {
        const e = eligibilityAt(c, p.birthDate, serverNow);
        if ((e.kind === 'prequeue' || e.kind === 'open') && !journeys.has(journeyKey(p.id, c.id))) {
          void startJourney(p.id, c.id).then((j) => j && ensureDriver(j.key));
        }
      }
    }
  }, [Math.floor(serverNow / 1000), people, plans, journeys, campaigns]);

  const person = 'personId' in route ? people.find((p) => p.id === route.personId) : undefined;
  let screen;
  if (route.screen === 'plan' && person) {
    screen = <Plan person={person} catalog={catalog} campaigns={campaigns} lang={lang} />;
  } else if (route.screen === 'journey' && person && campaigns.some((c) => c.id === route.campaignId)) {
    const campaign = campaigns.find((c) => c.id === route.campaignId)!;
    screen = (
      <Journey person={person} campaign={campaign} journey={journeys.get(journeyKey(person.id, campaign.id))}
        plan={plans.get(person.id) ?? emptyPlan(person.id)} clinics={clinics} now={serverNow} lang={lang} />
    );
  } else if (route.screen === 'lookup') {
    screen = <Lookup lang={lang} online={online} campaigns={campaigns} clinics={clinics} />;
  } else if (route.screen === 'home') {
    screen = (
      <>
        <People people={people} campaigns={campaigns} journeys={journeys} soldOut={soldOut} now={serverNow} lang={lang} changed={reloadPeople}
          actions={(p) => <PersonActions person={p} plan={plans.get(p.id)} campaigns={campaigns} journeys={journeys} clinics={clinics} now={serverNow} lang={lang} />} />
        <p><a class="button" href="#/lookup">{JOURNEY_TEXT.lookup[lang]}</a></p>
        {schedule && <Schedule campaigns={campaigns} now={serverNow} lang={lang} />}
      </>
    );
  } else {
    screen = <p>{UI_TEXT.loading[lang]}</p>;
  }

  return (
    <main>
      <button type="button" onClick={() => setLang(lang === 'ko' ? 'en' : 'ko')}>{UI_TEXT.language[lang]}</button>
      <AppChrome bridge={bridge} lang={lang} />
      <h1><a href="#/">{UI_TEXT.title[lang]}</a></h1>
      {!online && <p role="status" class="warn offline-banner">{CARE_TEXT.offline[lang]}</p>}
      {schedule?.offline && <p role="status">{PEOPLE_TEXT.offline[lang]}</p>}
      {schedule === null && <p role="alert">{UI_TEXT.offline[lang]}</p>}
      {schedule === undefined && <p>{UI_TEXT.loading[lang]}</p>}
      {screen}
    </main>
  );
}

render(<App />, document.getElementById('app')!);
