/**
 * Drives each journey from joining to a booking, in exactly one tab: a Web Lock per journey elects
 * the tab that talks to the server; the others wait for the lock and meanwhile show what it writes
 * to IndexedDB. Each step is one request; the waits between them are the server's (pollAfterMs),
 * and a network failure is retried with backoff, the booking always with its kept idempotency key.
 */
import type { Preference } from '../../shared/inputs';
import type { Person } from '../../shared/person';
import { etaFromHead, pollAfterMs } from '../../shared/waiting';
import type { Journey, StoredPerson } from '../store/db';
import { database } from '../store/db';
import { attemptFor, dropJourney, getJourney, startJourney, updateJourney } from '../store/journeys';
import { getPlan, preferencesOf } from '../store/plans';
import { api } from '../trpc';
import { refusalOf, type Refused } from './refused';

const running = new Map<string, AbortController>();
/** Journeys tapped while their driver was finishing: started again when it has. */
const kicked = new Set<string>();
const MAX_BACKOFF_MS = 30_000;

/** Runs the journey's driver in this tab once it holds the journey's lock; calling again while it runs or waits does nothing. */
export function ensureDriver(key: string): void {
  if (running.has(key)) return;
  const stop = new AbortController();
  running.set(key, stop);
  const run = () => drive(key, stop.signal);
  const done = navigator.locks ? navigator.locks.request(`yeyak-journey:${key}`, { signal: stop.signal }, run) : run();
  void done.catch(() => undefined).finally(() => {
    running.delete(key);
    if (kicked.delete(key)) ensureDriver(key);
  });
}

/**
 * The user's tap on "book": keeps the attempt, then lets the lock holder send it. `preferences`
 * (a chosen alternative) or `fresh` (clinics chosen again after a refusal) start a new attempt.
 */
export async function book(key: string, opts: { preferences?: Preference[]; fresh?: boolean } = {}): Promise<void> {
  const j = await getJourney(key);
  if (!j) return;
  await attemptFor(key, opts.preferences ?? preferencesOf(await getPlan(j.personId)), Boolean(opts.preferences || opts.fresh));
  if (running.has(key)) kicked.add(key);
  ensureDriver(key);
}

/** After a refusal that needs no new attempt (a lapsed admission, a pause): clears it, and joins again if the place was lost. */
export async function retry(key: string): Promise<void> {
  await updateJourney(key, (j) => {
    if (!j) return j;
    // The place is gone (lapsed), or the server no longer knows the ticket: join afresh.
    const lost = j.refusal?.reason === 'ADMISSION_EXPIRED' || j.refusal?.reason === 'NOT_FOUND';
    return { key: j.key, personId: j.personId, campaignId: j.campaignId, updatedAt: j.updatedAt, ...(lost ? {} : { ticket: j.ticket, admission: j.admission, firstAhead: j.firstAhead }) };
  });
  ensureDriver(key);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener('online', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    // Back online: try at once rather than at the end of a long backoff.
    window.addEventListener('online', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

async function drive(key: string, signal: AbortSignal): Promise<void> {
  let failures = 0;
  while (!signal.aborted) {
    const j = await getJourney(key);
    if (!j || j.booking || j.refusal) return;
    const stored = await (await database()).get('people', j.personId);
    if (!stored) return;
    try {
      const wait = await step(j, stored);
      // Any answer ends "connection lost", whichever step it came to (and whichever tab or reload set it).
      if (failures > 0 || j.retrying) await updateJourney(key, (x) => x && { ...x, retrying: false });
      failures = 0;
      if (wait === null) return;
      await sleep(wait, signal);
    } catch (err) {
      const refused = refusalOf(err);
      if (refused && (failures > 0 || j.retrying)) {
        // A refusal is an answer too: the connection is back.
        failures = 0;
        await updateJourney(key, (x) => x && { ...x, retrying: false });
      }
      if (refused?.reason === 'RATE_LIMITED') {
        // Busy or limited: come back when told, spread out so that phones do not return together.
        await sleep(Number(refused.details?.retryAfterSeconds ?? 10) * 1000 * (1 + 0.5 * Math.random()), signal);
      } else if (refused?.reason === 'NOT_OPEN_YET' && !j.ticket) {
        // Joined a moment early by the phone's clock: the waiting room opens in seconds, try again then.
        await sleep(3_000 + Math.random() * 4_000, signal);
      } else if (refused) {
        await refuse(key, refused);
      } else {
        failures++;
        await updateJourney(key, (x) => x && { ...x, retrying: true });
        await sleep(Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - 1)) * (0.8 + 0.4 * Math.random()), signal);
      }
    }
  }
}

/** One request for the journey as it stands; returns how long to wait before the next, or null when done for now. */
async function step(j: Journey, stored: StoredPerson): Promise<number | null> {
  // The schema (and zod) load when the first request goes, not with the first screen: the first load stays small.
  const { personSchema } = await import('../../shared/person');
  const person = personSchema.parse(stored);
  const { key, campaignId } = j;
  if (!j.ticket) {
    const ticket = await join(campaignId, person, credentialOf(stored, campaignId));
    await updateJourney(key, (x) => x && { ...x, ticket, firstAhead: x.firstAhead ?? ticket.ahead ?? undefined });
    return ticket.pollAfterMs ?? 0;
  }
  const t = j.ticket;
  switch (t.state) {
    case 'prequeue': {
      const ticket = await api.queue.status.query({ ticketId: t.ticketId });
      await updateJourney(key, (x) => x && { ...x, ticket, firstAhead: x.firstAhead ?? ticket.ahead ?? undefined });
      return ticket.state === 'prequeue' ? ticket.pollAfterMs ?? 5_000 : 0;
    }
    case 'waiting':
    case 'soldOut': {
      // The shared, cacheable head tells whether our turn has come; our own status only once it has.
      const head = await api.queue.head.query({ campaignId });
      if (head.admittedUpTo >= (t.position ?? Infinity)) {
        const ticket = await api.queue.status.query({ ticketId: t.ticketId });
        await updateJourney(key, (x) => x && { ...x, head, ticket });
        return ticket.state === 'waiting' || ticket.state === 'soldOut' ? 1_000 : 0;
      }
      const ahead = Math.max(0, (t.position ?? 0) - head.admittedUpTo - 1);
      const eta = etaFromHead(ahead, head);
      // Sold out is the head's to say: when places come back, the same place is waiting again.
      const state = head.soldOut ? 'soldOut' as const : 'waiting' as const;
      await updateJourney(key, (x) => x && { ...x, head, ticket: { ...t, state, ahead, ...eta } });
      return pollAfterMs(eta.etaRange?.[0] ?? null, Math.random, { paused: head.targetRate === 0 || head.soldOut, backoff: head.backoff });
    }
    case 'admitted': {
      if (!j.admission) {
        const admission = await api.queue.admit.mutate({ ticketId: t.ticketId });
        await updateJourney(key, (x) => x && { ...x, admission });
        const plan = await getPlan(j.personId);
        if (plan.autoBook && plan.clinicIds.length) await attemptFor(key, preferencesOf(plan));
        return 0;
      }
      if (!j.attempt) {
        // Booking by itself may have been chosen after the admission, or this tab took over before it was set.
        const plan = await getPlan(j.personId);
        if (!plan.autoBook || plan.clinicIds.length === 0) return null; // waiting for the tap
        await attemptFor(key, preferencesOf(plan));
        return 0;
      }
      const booking = await api.booking.submit.mutate({
        admissionToken: j.admission.admissionToken,
        campaignId,
        idempotencyKey: j.attempt.idempotencyKey,
        person,
        credential: credentialOf(stored, campaignId),
        preferences: j.attempt.preferences,
      });
      await updateJourney(key, (x) => x && { ...x, booking, retrying: false });
      return null;
    }
    case 'expired':
      await refuse(key, { reason: 'ADMISSION_EXPIRED' });
      return null;
    case 'booked':
      // Booked from another device or app: the booking is found by its code (lookup).
      await refuse(key, { reason: 'ADMISSION_USED' });
      return null;
  }
}

/** The credential of the person's phone check for this campaign, if they have one (a declared campaign needs none). */
function credentialOf(stored: StoredPerson, campaignId: string): string | undefined {
  return stored.credentials?.[campaignId]?.credential;
}

/** Joins, doing the proof of work only if the server asks for it. */
async function join(campaignId: string, person: Person, credential: string | undefined) {
  try {
    return await api.queue.join.mutate({ campaignId, person, ...(credential ? { credential } : {}) });
  } catch (err) {
    const refused = refusalOf(err);
    if (refused?.reason !== 'RATE_LIMITED' || !refused.details?.proof) throw err;
    const c = await api.queue.challenge.query({ campaignId });
    const { solveProof } = await import('./proof');
    return api.queue.join.mutate({ campaignId, person, proof: await solveProof(c.challenge, c.bits, person), ...(credential ? { credential } : {}) });
  }
}

/** An admission that lapsed before anyone tapped: shown as such (the screen calls this when its countdown ends). */
export async function expire(key: string): Promise<void> {
  await updateJourney(key, (j) => (j && !j.attempt && !j.booking && !j.refusal ? { ...j, refusal: { reason: 'ADMISSION_EXPIRED' }, admission: undefined } : j));
}

/** Forgets a finished journey (a cancelled booking) and joins again. */
export async function startOver(key: string): Promise<void> {
  const j = await getJourney(key);
  if (!j) return;
  await dropJourney(key);
  const fresh = await startJourney(j.personId, j.campaignId);
  if (fresh) ensureDriver(fresh.key);
}

/** Keeps a refusal for its screen; ALREADY_BOOKED also keeps the booking it names, so it shows offline. */
async function refuse(key: string, refused: Refused): Promise<void> {
  const existing = refused.reason === 'ALREADY_BOOKED' ? (refused.details?.booking as Journey['booking']) : undefined;
  await updateJourney(key, (x) => x && {
    ...x,
    refusal: refused,
    retrying: false,
    ...(existing ? { booking: existing } : {}),
    ...(refused.reason === 'ADMISSION_EXPIRED' ? { admission: undefined } : {}),
  });
}
