/** Which campaigns are fully booked, for the start screen: from each open campaign's waiting-room head when online (read once a minute, and again whenever a journey here meets sold out), else from the journeys on this device. */
import { useEffect, useState } from 'preact/hooks';
import type { Campaign } from '../shared/schedule';
import type { Journey } from './store/db';
import { api } from './trpc';

const EVERY_MS = 60_000;
const AGAIN_MS = 3_000;

/** What this device's own journeys last saw. */
function seenHere(journeys: Map<string, Journey>): Set<string> {
  const out = new Set<string>();
  for (const j of journeys.values()) {
    if (j.booking) continue;
    if (j.ticket?.state === 'soldOut' || j.head?.soldOut || j.refusal?.details?.soldOut === true) out.add(j.campaignId);
  }
  return out;
}

/** `reading`: only the start screen reads heads (a journey's own tab polls its head already; other tabs must not add requests). */
export function useSoldOut(campaigns: Campaign[], journeys: Map<string, Journey>, online: boolean, now: number, reading: boolean): Set<string> {
  const [heads, setHeads] = useState<Set<string> | null>(null);
  const here = seenHere(journeys);
  // Campaigns with a cohort open now: the only ones whose places can be gone tonight.
  const live = campaigns.filter((c) => c.cohorts.some((k) => now >= Date.parse(k.opensAt) && now < Date.parse(k.closesAt))).map((c) => c.id).join(',');
  const seen = [...here].sort().join(',');
  useEffect(() => {
    if (!online || !live || !reading) return;
    let stopped = false;
    // Until the heads answer, what the journeys saw stands.
    setHeads(null);
    const read = () => void Promise.all(live.split(',').map((id) => api.queue.head.query({ campaignId: id }).then((h) => (h.soldOut ? id : null), () => null)))
      .then((ids) => stopped || setHeads(new Set(ids.filter((x): x is string => x !== null))));
    read();
    // Once more when an answer the browser may have cached (max-age 1 s, stale 1 s more) has surely gone.
    const again = setTimeout(read, AGAIN_MS);
    const timer = setInterval(read, EVERY_MS);
    return () => {
      stopped = true;
      clearTimeout(again);
      clearInterval(timer);
    };
  }, [online, live, seen, reading]);
  // Online, the heads say it as it is now (places come back with cancellations); offline, the last the journeys saw.
  return online && heads ? heads : here;
}
