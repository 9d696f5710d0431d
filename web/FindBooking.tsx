/** A person booked from another device: their booking found by who they are (and their phone check, where the campaign needs one), then kept on this device like one made here. */
import { useState } from 'preact/hooks';
import { CARE_TEXT as C, JOURNEY_TEXT as T, reasonText, type Lang } from '../shared/messages';
import { refusalOf } from './journey/refused';
import type { Journey, StoredPerson } from './store/db';
import { updateJourney } from './store/journeys';
import { api } from './trpc';

export function FindBooking(props: { person: StoredPerson; journey: Journey; heading: string; lang: Lang }) {
  const { person, journey: j, lang } = props;
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const find = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const credential = person.credentials?.[j.campaignId]?.credential;
      const who = { name: person.name, birthDate: person.birthDate, phone: person.phone };
      const view = await api.booking.lookup.mutate({ campaignId: j.campaignId, person: who, ...(credential ? { credential } : {}) });
      const booking = { code: view.code, campaignId: view.campaignId, appointments: view.appointments, cancelled: view.status === 'cancelled' };
      await updateJourney(j.key, (x) => x && { ...x, refusal: undefined, retrying: false, booking });
    } catch (err) {
      const r = refusalOf(err);
      setProblem(r?.reason === 'NOT_FOUND' ? C.notFoundByPerson[lang] : r ? reasonText(r.reason, lang) : T.lookupOffline[lang]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="card refusal">
      <h3 role="alert">{props.heading}</h3>
      <p>{C.bookedElsewhere[lang]}</p>
      <button type="button" class="primary wide" disabled={busy} onClick={() => void find()}>{C.findBooking[lang]}</button>
      {problem && <p role="alert" class="field-error">{problem}</p>}
      <p><a class="button" href="#/lookup">{T.lookupInstead[lang]}</a></p>
    </div>
  );
}
