/** Campaigns and cohorts read from SQLite into the shared schedule model, cached until they change. */
import { asc } from 'drizzle-orm';
import type { Campaign, Cohort } from '../../shared/schedule';
import { toSeoulIso } from '../../shared/time';
import type { Db } from '../db/open';
import { campaigns, cohorts } from '../db/schema';

export class ScheduleStore {
  #cache: Campaign[] | null = null;

  constructor(private readonly db: Db) {}

  all(): Campaign[] {
    this.#cache ??= this.#load();
    return this.#cache;
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
