/**
 * Waiting for a state, never for a time: a test asks again until what it needs holds, with a
 * deadline generous enough for a shared, slow CI machine. The deadline only ends a test that would
 * fail anyway; a fast machine never waits for it.
 */
import { openStorage } from '../api/db/open';
import { putCampaign } from '../api/schedule/write';
import { ScheduleStore } from '../api/schedule/store';
import { toSeoulIso } from '../shared/time';

export const GENEROUS_MS = 60_000;

/** Resolves once `check` holds; throws, naming `what`, if it has not after `timeoutMs`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = GENEROUS_MS, everyMs = 100): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A running server re-reads the schedule after another process changes it within this long (api/schedule/store.ts). */
export const SCHEDULE_STALE_MS = 1000;

/**
 * Opens a cohort now, as an operator's schedule change would, through the same write the console
 * uses; a serving process sees it within SCHEDULE_STALE_MS. Tests fill a pre-queue first, as slowly
 * as the machine likes, and only then open it.
 */
/**
 * `loadDemo`'s opensInSeconds for a pre-queue already open and an opening about an hour away. The
 * pre-queue opens an hour before the opening, which is rounded up to a whole second: with exactly
 * 3600 it opened up to a second after the demo was loaded, and a fast first join was refused
 * NOT_OPEN_YET (seen once in CI, in queue-crash.test.ts).
 */
export const PREQUEUE_OPEN = 3_590;

export function openCohortNow(dataDir: string, campaignId: string, cohortId: string, now = Date.now()): void {
  const storage = openStorage(dataDir);
  try {
    const campaign = new ScheduleStore(storage.db).get(campaignId)!;
    const opensAt = toSeoulIso(Math.ceil(now / 1000) * 1000);
    putCampaign(storage.db, { ...campaign, cohorts: campaign.cohorts.map((c) => (c.id === cohortId ? { ...c, opensAt } : c)) });
  } finally {
    storage.sqlite.close();
  }
}
