/** Campaigns and cohorts read from SQLite into the shared schedule model, cached until they change (in this process, or in another: checked each second). */
import { asc, eq } from 'drizzle-orm';
import type { Campaign, Cohort } from '../../shared/schedule';
import { toSeoulIso } from '../../shared/time';
import type { Db } from '../db/open';
import { campaigns, cohorts, meta } from '../db/schema';
import { SCHEDULE_VERSION } from './write';

/** How stale another process's schedule change may be here. */
const CHECK_EVERY_MS = 1000;

export class ScheduleStore {
  #cache: Campaign[] | null = null;
  #version = 0;
  #checkedAt = 0;

  constructor(private readonly db: Db) {}

  all(): Campaign[] {
    const wall = Date.now();
    if (this.#cache && wall - this.#checkedAt >= CHECK_EVERY_MS) {
      this.#checkedAt = wall;
      if (this.#storedVersion() !== this.#version) this.#cache = null;
    }
    if (!this.#cache) {
      this.#version = this.#storedVersion();
      this.#checkedAt = wall;
      this.#cache = this.#load();
    }
    return this.#cache;
  }

  #storedVersion(): number {
    return this.db.select({ value: meta.value }).from(meta).where(eq(meta.key, SCHEDULE_VERSION)).get()?.value ?? 0;
  }

  get(campaignId: string): Campaign | undefined {
    return this.all().find((c) => c.id === campaignId);
  }

  /** Call after any change to campaigns or cohorts. */
  invalidate(): void {
    this.#cache = null;
  }

  #load(): Campaign[] {
    const rows = this.db.select().from(cohorts).orderBy(asc(cohorts.opensAt)).all();
    return this.db.select().from(campaigns).orderBy(asc(campaigns.id)).all().map((c) => ({
      id: c.id,
      name: c.name,
      nameEn: c.nameEn,
      doses: c.doses === 2 ? 2 : 1,
      intervalDays: c.intervalDays,
      identity: c.identity,
      cohorts: rows.filter((r) => r.campaignId === c.id).map((r): Cohort => ({
        id: r.id,
        label: r.label,
        labelEn: r.labelEn,
        birthFrom: r.birthFrom,
        birthTo: r.birthTo,
        birthDayDigits: r.birthDayDigits ? r.birthDayDigits.split(',').map(Number) : null,
        prequeueFrom: toSeoulIso(r.prequeueFrom),
        opensAt: toSeoulIso(r.opensAt),
        closesAt: toSeoulIso(r.closesAt),
      })),
    }));
  }
}
