/** One person's way through one campaign, screen by screen: join, pre-queue, waiting (place, people ahead, ETA, progress), admitted, booked or refused. */
import type { Alternative, BookingConfirmation } from '../shared/booking';
import type { Clinic } from '../shared/catalog';
import { formatRemaining } from '../shared/countdown';
import { CARE_TEXT as C, fill, JOURNEY_TEXT as T, PLAN_TEXT, reasonText, TIME_TEXT, UI_TEXT, VERIFY_TEXT, type Lang } from '../shared/messages';
import { eligibilityAt, type Campaign } from '../shared/schedule';
import { seoulDate } from '../shared/time';
import { formatWait } from '../shared/waitText';
import { Confirmation } from './Confirmation';
import { FindBooking } from './FindBooking';
import { NotEligible } from './People';
import { SoldOut } from './SoldOut';
import { formatSeoul } from './format';
import { useEffect } from 'preact/hooks';
import { book, ensureDriver, expire, retry, startOver } from './journey/driver';
import type { Journey as JourneyRecord, Plan, StoredPerson } from './store/db';
import { startJourney } from './store/journeys';

export interface JourneyProps {
  person: StoredPerson;
  campaign: Campaign;
  journey: JourneyRecord | undefined;
  plan: Plan;
  clinics: Map<string, Clinic>;
  /** The server's clock. */
  now: number;
  lang: Lang;
}

export function Journey(props: JourneyProps) {
  const { person, campaign, journey: j, lang } = props;
  const title = `${lang === 'ko' ? campaign.name : campaign.nameEn} · ${person.name}`;
  return (
    <section aria-labelledby="journey-title">
      <h2 id="journey-title">{title}</h2>
      <Body {...props} />
      {j?.retrying && <p role="status" class="warn">{j.attempt ? T.retrying[lang] : T.reconnecting[lang]}</p>}
      <p><a class="button" href="#/">{PLAN_TEXT.back[lang]}</a></p>
    </section>
  );
}

function Body(props: JourneyProps) {
  const { person, campaign, journey: j, plan, lang, now } = props;
  const remaining = (iso: string | null | undefined) => (iso ? formatRemaining(Date.parse(iso) - now, UI_TEXT.dayUnit[lang]) : '');
  if (!j) {
    const e = eligibilityAt(campaign, person.birthDate, now);
    // Who cannot book is told why and where else to go; a clinic is chosen before joining, not while the admission runs out.
    if (e.kind === 'not_eligible') return <div class="card"><NotEligible person={person} campaign={campaign} now={now} lang={lang} /></div>;
    if (e.kind === 'closed') return <p class="card">{C.closedFor[lang]}</p>;
    if (e.kind === 'not_open_yet') return <p class="card">{fill(C.notYet[lang], { name: person.name, at: formatSeoul(e.cohort.prequeueFrom, lang) })}</p>;
    if (plan.clinicIds.length === 0) {
      return <div class="card"><p class="warn">{C.chooseFirst[lang]}</p><a class="button primary" href={`#/plan/${person.id}`}>{PLAN_TEXT.choose[lang]}</a></div>;
    }
    return (
      <div class="card">
        <button class="primary wide" type="button" onClick={() => void startJourney(person.id, campaign.id).then((x) => x && ensureDriver(x.key))}>{T.join[lang]}</button>
      </div>
    );
  }
  if (j.refusal) return <Refusal {...props} journey={j} />;
  if (j.booking) {
    return (
      <>
        <Confirmation booking={j.booking} lang={lang} campaigns={[campaign]} clinics={props.clinics} />
        {j.booking.cancelled && <button class="primary wide" type="button" onClick={() => void startOver(j.key)}>{T.rejoin[lang]}</button>}
      </>
    );
  }
  const t = j.ticket;
  if (!t) return <p class="card" role="status">{T.joining[lang]}</p>;
  switch (t.state) {
    case 'prequeue':
      return (
        <div class="card">
          <h3>{T.prequeue[lang]}</h3>
          <p>{T.prequeueFair[lang]}</p>
          <p class="status" role="timer" aria-live="off">{T.shuffleIn[lang]} {remaining(t.opensAt)}</p>
          <p><small>{T.keepOpen[lang]}</small></p>
        </div>
      );
    case 'waiting': {
      const ahead = t.ahead ?? 0;
      const start = Math.max(ahead, j.firstAhead ?? ahead);
      return (
        <div class="card">
          <h3>{T.waiting[lang]}</h3>
          <dl class="big">
            <dt>{T.position[lang]}</dt><dd>{(t.position ?? 0).toLocaleString(lang)}</dd>
            <dt>{T.ahead[lang]}</dt><dd>{ahead.toLocaleString(lang)}{T.people[lang]}</dd>
            <dt>{T.eta[lang]}</dt><dd>{t.etaRange ? formatWait(t.etaRange, lang) : '—'}</dd>
          </dl>
          {t.etaRange
            ? <p><small>{T.etaHint[lang]}</small></p>
            : <p role="status">{j.head?.targetRate === 0 ? T.etaUnknown[lang] : T.etaEstimating[lang]}</p>}
          <label class="progress">{T.progress[lang]}
            <progress max={Math.max(1, start)} value={start - ahead} />
          </label>
          {plan.autoBook && <p>{T.autoBooking[lang]}</p>}
          <p><small>{T.keepOpen[lang]}</small></p>
        </div>
      );
    }
    case 'soldOut':
      return <SoldOut person={person} campaign={campaign} journey={j} now={now} lang={lang} queued />;
    case 'admitted':
      return <Admitted {...props} journey={j} until={remaining(j.admission?.expiresAt ?? t.admitUntil)} />;
    default:
      return <p class="card" role="status">{T.joining[lang]}</p>;
  }
}

function Admitted(props: JourneyProps & { journey: JourneyRecord; until: string }) {
  const { journey: j, plan, clinics, lang, person, now } = props;
  const sending = Boolean(j.attempt);
  const lapsed = j.admission !== undefined && !sending && now >= Date.parse(j.admission.expiresAt);
  useEffect(() => {
    if (lapsed) void expire(j.key);
  }, [lapsed, j.key]);
  return (
    <div class="card admitted">
      <h3 role="status">{T.admitted[lang]}</h3>
      <p class="status" role="timer" aria-live="off">{T.admittedUntil[lang]} {props.until}</p>
      <h4>{T.sends[lang]}</h4>
      <p>{person.name} · {person.birthDate} · {person.phone}</p>
      <ol>{plan.clinicIds.map((id) => <li key={id}>{clinics.get(id)?.name ?? id}</li>)}</ol>
      {plan.dates.length > 0 && <p>{PLAN_TEXT.days[lang]}: {plan.dates.join(', ')}</p>}
      {(plan.times?.length ?? 0) + (plan.bands?.length ?? 0) > 0 && <p>{TIME_TEXT.times[lang]}: {[...(plan.times ?? []), ...(plan.bands ?? []).map((b) => TIME_TEXT[b][lang])].join(' → ')}</p>}
      {plan.clinicIds.length === 0
        ? <p class="warn">{PLAN_TEXT.needClinic[lang]} <a href={`#/plan/${person.id}`}>{PLAN_TEXT.choose[lang]}</a></p>
        : <button class="primary wide" type="button" disabled={sending} onClick={() => void book(j.key)}>{sending ? T.booking[lang] : T.bookNow[lang]}</button>}
    </div>
  );
}

function Refusal(props: JourneyProps & { journey: JourneyRecord }) {
  const { journey: j, lang, person } = props;
  const r = j.refusal!;
  const details = r.details ?? {};
  const head = <h3 role="alert">{reasonText(r.reason, lang)}</h3>;
  const choose = <a class="button" href={`#/plan/${person.id}`}>{T.choose[lang]}</a>;
  switch (r.reason) {
    case 'SLOTS_FULL': {
      // Nothing left anywhere: no "try again" that comes back to this screen.
      if (details.soldOut === true) return <SoldOut person={person} campaign={props.campaign} journey={j} now={props.now} lang={lang} queued={false} />;
      const alternatives = (details.alternatives as Alternative[] | undefined) ?? [];
      return (
        <div class="card refusal">
          {head}
          {details.secondDoseFull === true && <p>{T.secondDoseFull[lang]}</p>}
          <h4>{T.alternatives[lang]}</h4>
          {alternatives.length === 0 && <p>{C.otherClinics[lang]}</p>}
          <ul class="results">
            {alternatives.map((a) => (
              <li key={`${a.clinicId}${a.startsAt}`}>
                <span><strong>{a.clinicName}</strong><br /><small>{a.region} {a.district} · {formatSeoul(a.startsAt, lang)}</small></span>
                <button type="button" onClick={() => void book(j.key, { preferences: [{ clinicId: a.clinicId, dates: [seoulDate(Date.parse(a.startsAt))] }] })}>
                  {T.pick[lang]}<span class="visually-hidden"> {a.clinicName} {formatSeoul(a.startsAt, lang)}</span>
                </button>
              </li>
            ))}
          </ul>
          <p class="row">{choose}<button type="button" onClick={() => void book(j.key, { fresh: true })}>{T.tryAgain[lang]}</button></p>
        </div>
      );
    }
    case 'ALREADY_BOOKED':
      return (
        <>
          <div class="card refusal">{head}</div>
          {j.booking && <Confirmation booking={j.booking as BookingConfirmation} lang={lang} heading={T.showBooking[lang]} campaigns={[props.campaign]} clinics={props.clinics} />}
        </>
      );
    case 'ADMISSION_EXPIRED':
      return <div class="card refusal">{head}<button class="primary wide" type="button" onClick={() => void retry(j.key)}>{T.rejoin[lang]}</button></div>;
    case 'ADMISSION_USED':
      return <FindBooking person={person} journey={j} heading={reasonText(r.reason, lang)} lang={lang} />;
    case 'IDENTITY_REQUIRED':
    case 'IDENTITY_MISMATCH':
      // The phone check lives with the person on the start screen; once done, joining again carries the credential.
      return <div class="card refusal">{head}<p class="row"><a class="button" href="#/">{VERIFY_TEXT.goVerify[lang]}</a><button type="button" onClick={() => void retry(j.key)}>{T.tryAgain[lang]}</button></p></div>;
    case 'INVALID_INPUT':
      return <div class="card refusal">{head}<p class="row">{choose}<button type="button" onClick={() => void book(j.key, { fresh: true })}>{T.tryAgain[lang]}</button></p></div>;
    default:
      return <div class="card refusal">{head}<button type="button" onClick={() => void retry(j.key)}>{T.tryAgain[lang]}</button></div>;
  }
}
