/**
 * Journeys (one person through one campaign) on the device, shared by every open tab: each change
 * is one IndexedDB transaction, then announced on a BroadcastChannel so other tabs re-read it.
 */
import type { Preference } from '../../shared/inputs';
import { database, type Journey } from './db';

const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('yeyak-journeys') : null;
const listeners = new Set<(key: string) => void>();
channel?.addEventListener('message', (e) => {
  for (const l of listeners) l(String((e as MessageEvent).data));
});

export function journeyKey(personId: string, campaignId: string): string {
  return `${personId}|${campaignId}`;
}

/** Called with the key of every journey changed, in this tab or another. */
export function onJourneyChange(listener: (key: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function listJourneys(): Promise<Journey[]> {
  return (await database()).getAll('journeys');
}

export async function getJourney(key: string): Promise<Journey | undefined> {
  return (await database()).get('journeys', key);
}

/** Reads, changes and writes one journey atomically (tabs cannot interleave), then tells every tab. */
export async function updateJourney(key: string, change: (j: Journey | undefined) => Journey | undefined): Promise<Journey | undefined> {
  const db = await database();
  const tx = db.transaction('journeys', 'readwrite');
  const next = change(await tx.store.get(key));
  if (next) await tx.store.put({ ...next, updatedAt: Date.now() });
  await tx.done;
  for (const l of listeners) l(key);
  channel?.postMessage(key);
  return next;
}

/** Starts a journey (the request to join); an existing one is left as it is. */
export function startJourney(personId: string, campaignId: string): Promise<Journey | undefined> {
  const key = journeyKey(personId, campaignId);
  return updateJourney(key, (j) => j ?? { key, personId, campaignId, updatedAt: Date.now() });
}

/**
 * The booking attempt to send: the kept one if there is one (a retry, or a second tab tapping too,
 * carries the same idempotency key), else a new one for these preferences.
 */
export async function attemptFor(key: string, preferences: Preference[], fresh = false): Promise<Journey | undefined> {
  return updateJourney(key, (j) => j && {
    ...j,
    refusal: undefined,
    // A new key only replaces one that was refused: a double tap (or a second tab) must not orphan a key already sent.
    attempt: j.attempt && !(fresh && j.refusal) ? j.attempt : { idempotencyKey: crypto.randomUUID().replace(/-/g, ''), preferences },
  });
}

/** Forgets a journey (after an expired admission, to join again; or to start over). */
export async function dropJourney(key: string): Promise<void> {
  const db = await database();
  await db.delete('journeys', key);
  for (const l of listeners) l(key);
  channel?.postMessage(key);
}
