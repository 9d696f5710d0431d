/** Under each person on the start screen: their clinic choices, and where they stand in each campaign they can book in, with the way in (never for someone who cannot book, nor before a clinic is chosen). */
import type { Clinic } from '../shared/catalog';
import { formatCode } from '../shared/code';
import { CARE_TEXT, JOURNEY_TEXT as T, PLAN_TEXT, reasonText, type Lang } from '../shared/messages';
import { eligibilityAt, type Campaign } from '../shared/schedule';
import { ensureDriver } from './journey/driver';
import type { Journey, Plan, StoredPerson } from './store/db';
import { journeyKey, startJourney } from './store/journeys';

function standing(j: Journey, lang: Lang): string {
  if (j.refusal?.details?.soldOut === true) return CARE_TEXT.soldOut[lang];
  if (j.refusal) return reasonText(j.refusal.reason, lang);
  if (j.booking) return `${j.booking.cancelled ? T.cancelled[lang] : T.confirmed[lang]} · ${formatCode(j.booking.code)}`;
  switch (j.ticket?.state) {
    case undefined: return T.joining[lang];
    case 'prequeue': return T.prequeue[lang];
    case 'waiting': return `${T.waiting[lang]} · ${T.ahead[lang]} ${(j.ticket.ahead ?? 0).toLocaleString(lang)}${T.people[lang]}`;
    case 'soldOut': return CARE_TEXT.soldOut[lang];
    case 'admitted': return T.admitted[lang];
    default: return T.joining[lang];
  }
}

export function PersonActions(props: {
  person: StoredPerson; plan: Plan | undefined; campaigns: Campaign[]; journeys: Map<string, Journey>;
  clinics: Map<string, Clinic>; now: number; lang: Lang;
}) {
  const { person, plan, lang } = props;
  const chosen = plan?.clinicIds ?? [];
  const journeys = props.campaigns.map((c) => props.journeys.get(journeyKey(person.id, c.id)));
  // Clinics are chosen for a booking to come: not by someone outside every group, nor once booked.
  const bookable = props.campaigns.some((c, i) => {
    const kind = eligibilityAt(c, person.birthDate, props.now).kind;
    const booking = journeys[i]?.booking;
    return kind !== 'not_eligible' && kind !== 'closed' && !(booking && !booking.cancelled);
  });
  if (!bookable && journeys.every((j) => !j)) return <div class="actions" />;
  return (
    <div class="actions">
      {bookable && (
        <>
          <p>
            {chosen.length === 0 ? PLAN_TEXT.noneChosen[lang] : chosen.map((id, i) => `${i + 1}. ${props.clinics.get(id)?.name ?? id}`).join('  ')}
            {plan && plan.dates.length > 0 && <><br />{PLAN_TEXT.days[lang]}: {plan.dates.join(', ')}</>}
          </p>
          <a class="button" href={`#/plan/${person.id}`}>{PLAN_TEXT.choose[lang]}<span class="visually-hidden"> {person.name}</span></a>
        </>
      )}
      {props.campaigns.map((c) => {
        const key = journeyKey(person.id, c.id);
        const j = props.journeys.get(key);
        const e = eligibilityAt(c, person.birthDate, props.now);
        if (!j && e.kind !== 'prequeue' && e.kind !== 'open') return null;
        const name = lang === 'ko' ? c.name : c.nameEn;
        return (
          <p key={c.id} class="journey">
            {j && <><strong class="status">{standing(j, lang)}</strong><br /></>}
            {!j && chosen.length > 0 && <button type="button" class="primary" onClick={() => void startJourney(person.id, c.id).then((x) => x && ensureDriver(x.key))}>{T.join[lang]}<span class="visually-hidden"> {person.name} {name}</span></button>}
            {!j && chosen.length === 0 && <><span class="warn">{CARE_TEXT.chooseFirst[lang]}</span><br /></>}
            <a class="button" href={`#/go/${person.id}/${c.id}`}>{T.open[lang]}<span class="visually-hidden"> {person.name} {name}</span></a>
          </p>
        );
      })}
    </div>
  );
}
