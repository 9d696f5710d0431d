/** The schedule: fetched with the server's clock when online, kept on the device for when it is not. */
import { clockSkewMs } from '../../shared/countdown';
import type { Campaign } from '../../shared/schedule';
import { api } from '../trpc';
import { database, type CachedSchedule } from './db';

/** The fresh schedule if the server answers, else the one kept; null if there has never been one. */
export async function loadSchedule(): Promise<CachedSchedule & { offline: boolean } | null> {
  const db = await database();
  try {
    const sentAt = Date.now();
    const s = await api.schedule.get.query();
    const fresh: CachedSchedule = { campaigns: s.campaigns as Campaign[], skewMs: clockSkewMs(s.serverTime, sentAt, Date.now()), fetchedAt: Date.now() };
    await db.put('cache', fresh, 'schedule');
    return { ...fresh, offline: false };
  } catch {
    const kept = (await db.get('cache', 'schedule')) as CachedSchedule | undefined;
    return kept ? { ...kept, offline: true } : null;
  }
}
