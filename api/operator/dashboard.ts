/** The operator's live view, computed at most once a second: queues, bookings per second, free places by 시·도, refusals by reason. */
import type Database from 'better-sqlite3';
import type { Dashboard } from '../../shared/operator';
import type { HeadView } from '../../shared/waiting';
import { seoulDate, toSeoulIso } from '../../shared/time';

export class DashboardSource {
  #cached: { at: number; value: Dashboard } | null = null;
  readonly #recent: Database.Statement;
  readonly #free: Database.Statement;

  constructor(sqlite: Database.Database, private readonly heads: () => HeadView[], private readonly refusals: () => Promise<Array<{ reason: string; count: number }>>) {
    this.#recent = sqlite.prepare('SELECT count(*) AS n FROM bookings WHERE created_at > ?');
    this.#free = sqlite.prepare(`SELECT c.region, sum(f.free) AS free FROM slot_free f JOIN clinics c ON c.id = f.clinic_id
      WHERE f.dose = 1 AND f.date >= ? GROUP BY c.region ORDER BY c.region`);
  }

  async get(now: number): Promise<Dashboard> {
    if (this.#cached && now - this.#cached.at < 1000 && now >= this.#cached.at) return this.#cached.value;
    const value: Dashboard = {
      at: toSeoulIso(now),
      queues: this.heads(),
      bookingsPerSecond: (this.#recent.get(now - 10_000) as { n: number }).n / 10,
      freeByRegion: this.#free.all(seoulDate(now)) as Dashboard['freeByRegion'],
      refusals: await this.refusals(),
    };
    this.#cached = { at: now, value };
    return value;
  }
}
