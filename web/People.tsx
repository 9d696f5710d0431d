/** The people this device books for: each with their cohort's times in Seoul, a countdown and their phone check, and a form to add one. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { formatRemaining } from '../shared/countdown';
import { PEOPLE_TEXT as T, UI_TEXT, type Lang } from '../shared/messages';
import { eligibilityAt, type Campaign } from '../shared/schedule';
import { formatSeoul } from './format';
import type { StoredPerson } from './store/db';
import { putPerson, removePerson } from './store/people';
import { PhoneCheck } from './PhoneCheck';

function Standing(props: { person: StoredPerson; campaigns: Campaign[]; now: number; lang: Lang; changed: () => void }) {
  const { person, now, lang } = props;
  const lines = props.campaigns.map((campaign) => {
    const e = eligibilityAt(campaign, person.birthDate, now);
    const title = lang === 'ko' ? campaign.name : campaign.nameEn;
    if (e.kind === 'not_eligible') return <p key={campaign.id}>{title}: {T.notInCohort[lang]}</p>;
    const label = lang === 'ko' ? e.cohort.label : e.cohort.labelEn;
    const status = e.kind === 'open' ? T.openNow[lang]
      : e.kind === 'closed' ? T.closed[lang]
      : e.kind === 'prequeue' ? `${T.inPrequeue[lang]} · ${formatRemaining(Date.parse(e.cohort.opensAt) - now, UI_TEXT.dayUnit[lang])}`
      : `${T.prequeueAt[lang]} ${formatSeoul(e.cohort.prequeueFrom, lang)} · ${formatRemaining(Date.parse(e.cohort.opensAt) - now, UI_TEXT.dayUnit[lang])}`;
    return (
      <div key={campaign.id}>
        <p>
          {title} · {label}<br />
          {T.opensAt[lang]} {formatSeoul(e.cohort.opensAt, lang)}<br />
          <strong class="status" role="timer" aria-live="off">{status}</strong>
        </p>
        {campaign.identity === 'verified' && e.kind !== 'closed' && <PhoneCheck person={person} campaign={campaign} now={now} lang={lang} changed={props.changed} />}
      </div>
    );
  });
  return <>{lines}</>;
}

export function People(props: { people: StoredPerson[]; campaigns: Campaign[]; now: number; lang: Lang; changed: () => void; actions?: (p: StoredPerson) => JSX.Element }) {
  const { lang } = props;
  const [bad, setBad] = useState<string[]>([]);
  const add = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const result = await putPerson({ name: String(data.get('name')), birthDate: String(data.get('birthDate')), phone: String(data.get('phone')) });
    if (!result.ok) return setBad(result.fields);
    setBad([]);
    form.reset();
    props.changed();
  };
  const error = (field: 'name' | 'birthDate' | 'phone', text: string) =>
    bad.includes(field) ? <span class="field-error" id={`${field}-error`}>{text}</span> : null;
  return (
    <section aria-labelledby="people-title">
      <h2 id="people-title">{T.people[lang]}</h2>
      <p>{T.storedOnDevice[lang]}</p>
      {props.people.length === 0 && <p>{T.none[lang]}</p>}
      {props.people.map((p) => (
        <article class="card person" key={p.id}>
          <h3>{p.name}</h3>
          <p>{p.birthDate} · {p.phone}</p>
          <Standing person={p} campaigns={props.campaigns} now={props.now} lang={lang} changed={props.changed} />
          {props.actions?.(p)}
          <button type="button" onClick={() => void removePerson(p.id).then(props.changed)}>{T.remove[lang]} <span class="visually-hidden">{p.name}</span></button>
        </article>
      ))}
      <form class="card" onSubmit={add} noValidate>
        <h3>{T.add[lang]}</h3>
        <label>{T.name[lang]}
          <input name="name" autoComplete="name" required aria-invalid={bad.includes('name')} aria-describedby="name-error" />
        </label>
        {error('name', T.badName[lang])}
        <label>{T.birthDate[lang]}
          <input name="birthDate" type="date" required aria-invalid={bad.includes('birthDate')} aria-describedby="birthDate-error" />
        </label>
        {error('birthDate', T.badBirthDate[lang])}
        <label>{T.phone[lang]}
          <input name="phone" type="tel" inputMode="tel" autoComplete="tel" placeholder="010-1234-5678" required aria-invalid={bad.includes('phone')} aria-describedby="phone-error" />
        </label>
        {error('phone', T.badPhone[lang])}
        <button class="primary" type="submit">{T.save[lang]}</button>
      </form>
    </section>
  );
}
