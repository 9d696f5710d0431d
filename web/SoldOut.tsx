/** Every place of the opening is booked: said plainly, with what happens next (cancellations, the next opening) and a text when a place comes back; never a button that leads back here. */
import { useEffect, useState } from 'preact/hooks';
import { CARE_TEXT as C, fill, JOURNEY_TEXT as T, reasonText, type Lang } from '../shared/messages';
import type { Campaign } from '../shared/schedule';
import { formatSeoul } from './format';
import { book } from './journey/driver';
import { refusalOf } from './journey/refused';
import type { Journey, StoredPerson } from './store/db';
import { updateJourney } from './store/journeys';
import { api } from './trpc';

export function SoldOut(props: { person: StoredPerson; campaign: Campaign; journey: Journey; now: number; lang: Lang; queued: boolean }) {
  const { person, campaign, journey: j, lang, now } = props;
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const back = usePlacesBack(campaign.id, !props.queued, j.updatedAt);
  const next = campaign.cohorts.filter((c) => Date.parse(c.opensAt) > now).sort((a, b) => Date.parse(a.opensAt) - Date.parse(b.opensAt))[0];
  const notify = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const credential = person.credentials?.[campaign.id]?.credential;
      const who = { name: person.name, birthDate: person.birthDate, phone: person.phone };
      const signup = await api.alerts.subscribe.mutate({ campaignId: campaign.id, person: who, ...(credential ? { credential } : {}) });
      await updateJourney(j.key, (x) => x && { ...x, alertSince: signup.since });
    } catch (err) {
      const r = refusalOf(err);
      setProblem(r ? reasonText(r.reason, lang) : C.notifyFailed[lang]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="card refusal sold-out">
      <h3 role="alert">{C.soldOutTitle[lang]}</h3>
      <p>{C.soldOutWhat[lang]}</p>
      {props.queued && <><p>{T.soldOutKept[lang]}</p><dl class="big"><dt>{T.position[lang]}</dt><dd>{(j.ticket?.position ?? 0).toLocaleString(lang)}</dd></dl></>}
      <p>{next ? fill(T.soldOutNext[lang], { label: lang === 'ko' ? next.label : next.labelEn, opensAt: formatSeoul(next.opensAt, lang) }) : T.soldOutNone[lang]}</p>
      {j.alertSince
        ? <p role="status" class="verified">✓ {fill(C.notifyDone[lang], { phone: person.phone })}</p>
        : <button type="button" class="primary wide" disabled={busy} onClick={() => void notify()}>{C.notify[lang]}</button>}
      {problem && <p role="alert" class="field-error">{problem}</p>}
      {/* Refused at the booking: a new try is offered only once the head says places are back, never to meet this screen again. */}
      {back && (
        <div role="status">
          <p><strong>{C.placesBack[lang]}</strong></p>
          <button type="button" class="primary wide" onClick={() => void book(j.key, { fresh: true })}>{C.bookAgain[lang]}</button>
        </div>
      )}
    </div>
  );
}

const CHECK_EVERY_MS = 30_000;
/** The head's cache (1 s) and stale time (1 s), with room to spare. */
const FRESH_MS = 5_000;

/** After a refusal: whether cancellations have brought places back, from the campaign's shared (cached) head, checked on showing and every 30 s. */
function usePlacesBack(campaignId: string, watching: boolean, refusedAt: number): boolean {
  const [back, setBack] = useState(false);
  useEffect(() => {
    if (!watching) return;
    const check = () => void api.queue.head.query({ campaignId }).then((h) => setBack(!h.soldOut), () => undefined);
    // At once too, for someone opening the app on the text that places are back; not just after the
    // refusal, when a head the browser cached a second before it could still count the last place.
    if (Date.now() - refusedAt > FRESH_MS) check();
    const timer = setInterval(check, CHECK_EVERY_MS);
    return () => clearInterval(timer);
  }, [campaignId, watching, refusedAt]);
  return back;
}
