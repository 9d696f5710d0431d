/** One person's plan: up to three clinics in order (searched in the catalog kept on the device), preferred days and times of day, free places when online, and automatic joining and booking. Saved on every change. */
import { useEffect, useState } from 'preact/hooks';
import type { Clinic } from '../shared/catalog';
import { cohortsForBirthDate, type Campaign } from '../shared/schedule';
import { fill, PLAN_TEXT as T, type Lang } from '../shared/messages';
import type { Plan as PlanRecord, StoredPerson } from './store/db';
import type { CatalogState } from './store/catalog';
import { districtsOf, regionsOf, searchClinics } from './store/catalog';
import { getPlan, MAX_CHOICES, move, putPlan } from './store/plans';

export function Plan(props: { person: StoredPerson; catalog: CatalogState | null; campaigns?: Campaign[]; lang: Lang }) {
  const { person, lang } = props;
  const clinics = props.catalog?.clinics ?? [];
  const [plan, setPlan] = useState<PlanRecord | null>(null);
  const [region, setRegion] = useState('');
  const [district, setDistrict] = useState('');
  const [text, setText] = useState('');
  const [day, setDay] = useState('');
  useEffect(() => void getPlan(person.id).then(setPlan), [person.id]);
  // Times of day and free places load after the plan itself: not needed at the app's first paint.
  const [extras, setExtras] = useState<typeof import('./PlanExtras') | null>(null);
  useEffect(() => void import('./PlanExtras').then(setExtras), []);
  if (!plan) return null;

  const save = (next: PlanRecord) => {
    setPlan(next);
    void putPlan(next);
  };
  const byId = new Map(clinics.map((c) => [c.id, c]));
  const results = searchClinics(clinics, { region, district, text });
  const full = plan.clinicIds.length >= MAX_CHOICES;
  const describe = (c: Clinic | undefined) => c?.address ?? '';
  // Free places of the campaigns this person belongs to (their birth date is in a cohort).
  const mine = (props.campaigns ?? []).filter((c) => cohortsForBirthDate(c, person.birthDate).length > 0);

  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">{T.title[lang]} · {person.name}</h2>
      <div class="card">
        <h3>{T.chosen[lang]}</h3>
        {plan.clinicIds.length === 0 && <p>{T.noneChosen[lang]}</p>}
        <ol class="choices">
          {plan.clinicIds.map((id, i) => {
            const c = byId.get(id);
            const name = c?.name ?? id;
            return (
              <li key={id}>
                <span><strong>{name}</strong><br /><small>{describe(c)}</small></span>
                <span class="row">
                  <button type="button" disabled={i === 0} onClick={() => save({ ...plan, clinicIds: move(plan.clinicIds, i, -1) })}>{T.up[lang]}<span class="visually-hidden"> {name}</span></button>
                  <button type="button" disabled={i === plan.clinicIds.length - 1} onClick={() => save({ ...plan, clinicIds: move(plan.clinicIds, i, 1) })}>{T.down[lang]}<span class="visually-hidden"> {name}</span></button>
                  <button type="button" onClick={() => save({ ...plan, clinicIds: plan.clinicIds.filter((x) => x !== id) })}>{T.remove[lang]}<span class="visually-hidden"> {name}</span></button>
                </span>
              </li>
            );
          })}
        </ol>
      </div>

      <div class="card search" role="search" aria-labelledby="search-title">
        <h3 id="search-title">{T.search[lang]}</h3>
        <p>{props.catalog?.offline ? T.catalogOffline[lang] : fill(T.catalog[lang], { count: clinics.length, version: props.catalog?.version ?? 0 })}</p>
        <label>{T.region[lang]}
          <select value={region} onChange={(e) => { setRegion(e.currentTarget.value); setDistrict(''); }}>
            <option value="">{T.all[lang]}</option>
            {regionsOf(clinics).map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        </label>
        <label>{T.district[lang]}
          <select value={district} disabled={!region} onChange={(e) => setDistrict(e.currentTarget.value)}>
            <option value="">{T.all[lang]}</option>
            {districtsOf(clinics, region).map((d) => <option key={d} value={d}>{d}</option>)}
          </select>
        </label>
        <label>{T.name[lang]}
          <input type="search" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        {full && <p role="status">{T.full[lang]}</p>}
        <h4>{T.results[lang]}</h4>
        {results.length === 0 && <p>{T.noResults[lang]}</p>}
        <ul class="results">
          {results.map((c) => (
            <li key={c.id}>
              <span><strong>{c.name}</strong><br /><small>{describe(c)}</small></span>
              <button type="button" disabled={full || plan.clinicIds.includes(c.id)}
                onClick={() => save({ ...plan, clinicIds: [...plan.clinicIds, c.id] })}>{T.add[lang]}<span class="visually-hidden"> {c.name}</span></button>
            </li>
          ))}
        </ul>
      </div>

      <div class="card">
        <h3>{T.days[lang]}</h3>
        <p>{T.anyDay[lang]}</p>
        <ul class="days">
          {plan.dates.map((d) => (
            <li key={d}>{d} <button type="button" onClick={() => save({ ...plan, dates: plan.dates.filter((x) => x !== d) })}>{T.remove[lang]}<span class="visually-hidden"> {d}</span></button></li>
          ))}
        </ul>
        <div class="row">
          <label>{T.day[lang]}<input type="date" value={day} onInput={(e) => setDay(e.currentTarget.value)} /></label>
          <button type="button" disabled={!/^\d{4}-\d\d-\d\d$/.test(day) || plan.dates.includes(day)}
            onClick={() => { save({ ...plan, dates: [...plan.dates, day].sort() }); setDay(''); }}>{T.addDay[lang]}</button>
        </div>
      </div>

      {extras && <extras.PlanTimes plan={plan} save={save} lang={lang} />}
      {extras && <extras.FreePlaces campaigns={mine} clinicIds={plan.clinicIds} clinics={byId} dates={plan.dates}
        addDay={(d) => save({ ...plan, dates: [...new Set([...plan.dates, d])].sort() })}
        times={plan.times ?? []} addTime={(t) => save({ ...plan, times: [...new Set([...(plan.times ?? []), t])].slice(0, 8) })} lang={lang} />}

      <div class="card">
        <label class="check"><input type="checkbox" checked={plan.autoJoin} onChange={(e) => save({ ...plan, autoJoin: e.currentTarget.checked })} />{T.autoJoin[lang]}</label>
        <label class="check"><input type="checkbox" checked={plan.autoBook} onChange={(e) => save({ ...plan, autoBook: e.currentTarget.checked })} />{T.autoBook[lang]}</label>
      </div>
      <p><a class="button" href="#/">{T.back[lang]}</a></p>
    </section>
  );
}
