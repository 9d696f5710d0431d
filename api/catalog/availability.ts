/** Free places per clinic, day and dose: one GROUP BY, computed at most once per second per campaign and shared by every caller. */
import type Database from 'better-sqlite3';
import type { DayAvailability } from '../../shared/catalog';


export class AvailabilityCache {
  #entries = new Map<string, { at: number; rows: DayAvailability[] }>();
  #query: Database.Statement<[string, number], DayAvailability>;

  constructor(sqlite: Database.Database, private readonly ttlMs = 1000) {
    this.#query = sqlite.prepare(`
      SELECT clinic_id AS clinicId, date, dose, SUM(capacity - booked) AS free
      FROM slots WHERE campaign_id = ? AND starts_at >= ?
      GROUP BY clinic_id, date, dose ORDER BY clinic_id, date, dose`);
  }

  get(campaignId: string, now: number): DayAvailability[] {
    const hit = this.#entries.get(campaignId);
    if (hit && now - hit.at < this.ttlMs && now >= hit.at) return hit.rows;
    const rows = this.#query.all(campaignId, now);
    this.#entries.set(campaignId, { at: now, rows });
    return rows;
  }
}
