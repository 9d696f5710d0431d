/** Looking a booking up by its code and birth date, and cancelling it (online only); a booking kept on this device is updated too. */
import { useState } from 'preact/hooks';
import type { BookingView } from '../shared/booking';
import type { Clinic } from '../shared/catalog';
import { normalizeCode } from '../shared/code';
import type { Campaign } from '../shared/schedule';
import { CARE_TEXT, JOURNEY_TEXT as T, PEOPLE_TEXT, PLAN_TEXT, reasonText, type Lang } from '../shared/messages';
import { Confirmation } from './Confirmation';
import { refusalOf } from './journey/refused';
import { listJourneys, updateJourney } from './store/journeys';
import { api } from './trpc';

/** A cancellation seen here marks the same booking kept on this device. */
async function markCancelled(view: BookingView): Promise<void> {
  if (view.status !== 'cancelled') return;
  for (const j of await listJourneys()) {
    if (j.booking?.code === view.code) await updateJourney(j.key, (x) => x && { ...x, booking: { ...x.booking!, cancelled: true } });
  }
}

export function Lookup(props: { lang: Lang; online: boolean; campaigns?: Campaign[]; clinics?: Map<string, Clinic> }) {
  const { lang } = props;
  const [view, setView] = useState<BookingView | null>(null);
  const [asked, setAsked] = useState<{ code: string; birthDate: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [cancelled, setCancelled] = useState(false);

  const call = async (q: { code: string; birthDate: string }, run: () => Promise<BookingView>) => {
    try {
      const v = await run();
      setView(v);
      setAsked(q); // cancel acts on the booking shown, and only on it
      setProblem(null);
      await markCancelled(v);
    } catch (err) {
      const r = refusalOf(err);
      setProblem(r ? reasonText(r.reason, lang) : T.lookupOffline[lang]);
    }
  };
  const lookup = (e: Event) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const code = normalizeCode(String(data.get('code')));
    if (!code) return setProblem(T.badCode[lang]);
    const q = { code, birthDate: String(data.get('birthDate')) };
    setView(null);
    setAsked(null);
    setCancelled(false);
    setConfirming(false);
    void call(q, () => api.booking.lookup.mutate(q));
  };
  const cancel = () => {
    setConfirming(false);
    if (asked) void call(asked, () => api.booking.cancel.mutate(asked).then((v) => (setCancelled(true), v)));
  };

  return (
    <section aria-labelledby="lookup-title">
      <h2 id="lookup-title">{T.lookup[lang]}</h2>
      <form class="card" onSubmit={lookup} noValidate>
        <label>{T.code[lang]}
          <input name="code" autoComplete="off" autoCapitalize="characters" placeholder="ABCD-2345" required />
        </label>
        <label>{PEOPLE_TEXT.birthDate[lang]}
          <input name="birthDate" type="date" required />
        </label>
        {/* Said before the button is pressed: offline, it cannot work. */}
        {!props.online && <p class="warn" id="lookup-offline">{CARE_TEXT.lookupNeedsConnection[lang]}</p>}
        <button class="primary" type="submit" disabled={!props.online} aria-describedby={props.online ? undefined : 'lookup-offline'}>{T.lookupButton[lang]}</button>
        {problem && <p id="lookup-problem" role="alert" class="field-error">{problem}</p>}
      </form>
      {view && (
        <>
          <p class="card">{T.name[lang]}: {view.name} · {T.status[lang]}: <strong>{view.status === 'active' ? T.active[lang] : T.cancelled[lang]}</strong></p>
          <Confirmation booking={{ ...view, cancelled: view.status === 'cancelled' }} lang={lang} heading={T.foundBooking[lang]} campaigns={props.campaigns} clinics={props.clinics} />
          {view.status === 'active' && !confirming && <button type="button" class="danger wide" onClick={() => setConfirming(true)}>{T.cancel[lang]}</button>}
          {confirming && (
            <div class="card" role="alertdialog" aria-labelledby="cancel-sure">
              <p id="cancel-sure">{T.cancelSure[lang]}</p>
              <button type="button" class="danger" onClick={cancel}>{T.cancelYes[lang]}</button>
            </div>
          )}
          {cancelled && view.status === 'cancelled' && <p role="status">{T.cancelDone[lang]}</p>}
        </>
      )}
      <p><a class="button" href="#/">{PLAN_TEXT.back[lang]}</a></p>
    </section>
  );
}
