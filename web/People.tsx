/** The people this device books for: each with their cohort's times in Seoul, a countdown and their phone check; added, corrected, and removed with a confirmation and an undo. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { formatRemaining } from '../shared/countdown';
import { CARE_TEXT as C, fill, PEOPLE_TEXT as T, UI_TEXT, type Lang } from '../shared/messages';
import { eligibilityAt, type Campaign } from '../shared/schedule';
import { formatSeoul } from './format';
import type { Journey, StoredPerson } from './store/db';
import { journeyKey } from './store/journeys';
import { putPerson, removePerson, restorePerson, updatePerson } from './store/people';
import { PhoneCheck } from './PhoneCheck';

export interface PeopleProps {
  people: StoredPerson[];
  campaigns: Campaign[];
  journeys: Map<string, Journey>;
  /** Campaigns whose every place is booked (from the waiting room's head, when online). */
  soldOut: Set<string>;
  now: number;
  lang: Lang;
  changed: () => void;
  actions?: (p: StoredPerson) => JSX.Element;
}

/** Who can book in a campaign and from when: said to someone outside every group, with where else to go. */
export function NotEligible(props: { person: StoredPerson; campaign: Campaign; now: number; lang: Lang }) {
  const { campaign, lang } = props;
  return (
    <div class="not-eligible">
      <p><strong>{fill(C.notEligible[lang], { name: props.person.name, campaign: lang === 'ko' ? campaign.name : campaign.nameEn })}</strong></p>
      <p>{C.whoCan[lang]}</p>
      <ul>
        {campaign.cohorts.map((c) => (
          <li key={c.id}>{fill(C.cohortLine[lang], { label: lang === 'ko' ? c.label : c.labelEn, from: c.birthFrom, to: c.birthTo, opensAt: formatSeoul(c.opensAt, lang) })}</li>
        ))}
      </ul>
      <p>{C.elsewhere[lang]}</p>
    </div>
  );
}

function Standing(props: PeopleProps & { person: StoredPerson }) {
  const { person, now, lang } = props;
  const lines = props.campaigns.map((campaign) => {
    const e = eligibilityAt(campaign, person.birthDate, now);
    const title = lang === 'ko' ? campaign.name : campaign.nameEn;
    if (e.kind === 'not_eligible') return <NotEligible key={campaign.id} person={person} campaign={campaign} now={now} lang={lang} />;
    const label = lang === 'ko' ? e.cohort.label : e.cohort.labelEn;
    const booking = props.journeys.get(journeyKey(person.id, campaign.id))?.booking;
    const status = booking && !booking.cancelled ? C.booked[lang]
      : e.kind === 'closed' ? T.closed[lang]
      : props.soldOut.has(campaign.id) && (e.kind === 'open' || e.kind === 'prequeue') ? C.soldOut[lang]
      : e.kind === 'open' ? T.openNow[lang]
      : e.kind === 'prequeue' ? `${T.inPrequeue[lang]} · ${formatRemaining(Date.parse(e.cohort.opensAt) - now, UI_TEXT.dayUnit[lang])}`
      : `${T.prequeueAt[lang]} ${formatSeoul(e.cohort.prequeueFrom, lang)} · ${formatRemaining(Date.parse(e.cohort.opensAt) - now, UI_TEXT.dayUnit[lang])}`;
    return (
      <div key={campaign.id}>
        <p>
          {title} · {label}<br />
          {T.opensAt[lang]} {formatSeoul(e.cohort.opensAt, lang)}<br />
          <strong class="status" role="timer" aria-live="off">{status}</strong>
        </p>
        {campaign.identity === 'verified' && e.kind !== 'closed' && !booking && <PhoneCheck person={person} campaign={campaign} now={now} lang={lang} changed={props.changed} />}
      </div>
    );
  });
  return <>{lines}</>;
}

type Field = 'name' | 'birthDate' | 'phone';

/** Adding a person, or correcting one (`editing`): validated by the same schema the server uses. */
function PersonForm(props: { lang: Lang; editing?: StoredPerson; done: () => void; cancel?: () => void }) {
  const { lang, editing } = props;
  const [bad, setBad] = useState<Field[]>([]);
  const id = editing ? `edit-${editing.id}` : 'add';
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const input = { name: String(data.get('name')), birthDate: String(data.get('birthDate')), phone: String(data.get('phone')) };
    const result = editing ? await updatePerson(editing, input) : await putPerson(input);
    if (!result.ok) return setBad(result.fields);
    setBad([]);
    form.reset();
    props.done();
  };
  const error = (field: Field, text: string) =>
    bad.includes(field) ? <span class="field-error" id={`${id}-${field}-error`}>{text}</span> : null;
  const input = (field: Field, attrs: JSX.IntrinsicElements['input']) => (
    <input name={field} required defaultValue={editing?.[field]} aria-invalid={bad.includes(field)} aria-describedby={`${id}-${field}-error`} {...attrs} />
  );
  return (
    <form class="card" onSubmit={submit} noValidate aria-label={editing ? fill(C.editTitle[lang], { name: editing.name }) : T.add[lang]}>
      <h3>{editing ? fill(C.editTitle[lang], { name: editing.name }) : T.add[lang]}</h3>
      {editing && <p><small>{C.editNote[lang]}</small></p>}
      <label>{T.name[lang]}{input('name', { autoComplete: 'name' })}</label>
      {error('name', T.badName[lang])}
      <label>{T.birthDate[lang]}{input('birthDate', { type: 'date' })}</label>
      {error('birthDate', T.badBirthDate[lang])}
      <label>{T.phone[lang]}{input('phone', { type: 'tel', inputMode: 'tel', autoComplete: 'tel', placeholder: '010-1234-5678' })}</label>
      {error('phone', T.badPhone[lang])}
      <p class="row">
        <button class="primary" type="submit">{T.save[lang]}</button>
        {props.cancel && <button type="button" onClick={props.cancel}>{C.cancelEdit[lang]}</button>}
      </p>
    </form>
  );
}

export function People(props: PeopleProps) {
  const { lang } = props;
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [removed, setRemoved] = useState<StoredPerson | null>(null);
  const remove = (p: StoredPerson) => void removePerson(p.id).then(() => {
    setRemoving(null);
    setRemoved(p);
    props.changed();
  });
  const undo = (p: StoredPerson) => void restorePerson(p).then(() => {
    setRemoved(null);
    props.changed();
  });
  return (
    <section aria-labelledby="people-title">
      <h2 id="people-title">{T.people[lang]}</h2>
      <p>{T.storedOnDevice[lang]}</p>
      {removed && (
        <p role="status" class="card row">{fill(C.removed[lang], { name: removed.name })}
          <button type="button" onClick={() => undo(removed)}>{C.undo[lang]}<span class="visually-hidden"> {removed.name}</span></button>
        </p>
      )}
      {props.people.length === 0 && <p>{T.none[lang]}</p>}
      {props.people.map((p) => editing === p.id
        ? <PersonForm key={p.id} lang={lang} editing={p} done={() => (setEditing(null), props.changed())} cancel={() => setEditing(null)} />
        : (
          <article class="card person" key={p.id}>
            <h3>{p.name}</h3>
            <p>{p.birthDate} · {p.phone}</p>
            <Standing {...props} person={p} />
            {props.actions?.(p)}
            {removing === p.id
              ? (
                <div class="card" role="alertdialog" aria-labelledby={`remove-${p.id}`}>
                  <p id={`remove-${p.id}`}>{fill(C.removeSure[lang], { name: p.name })}</p>
                  <p class="row">
                    <button type="button" class="danger" onClick={() => remove(p)}>{C.removeYes[lang]}</button>
                    <button type="button" onClick={() => setRemoving(null)}>{C.keep[lang]}</button>
                  </p>
                </div>
              )
              : (
                <p class="row">
                  <button type="button" onClick={() => setEditing(p.id)}>{C.edit[lang]}<span class="visually-hidden"> {p.name}</span></button>
                  <button type="button" onClick={() => setRemoving(p.id)}>{T.remove[lang]}<span class="visually-hidden"> {p.name}</span></button>
                </p>
              )}
          </article>
        ))}
      <PersonForm lang={lang} done={props.changed} />
    </section>
  );
}
