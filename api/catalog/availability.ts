/**
 * Free places per clinic, day and dose, read from slot_free (kept by triggers on slots) at most once
 * per second per campaign and shared by every caller; and the campaign's places left from them.
 * Days from today (Seoul) count whole: a slot earlier today that has begun still counts.
 */
import type Database from 'better-sqlite3';
import type { DayAvailability } from '../../shared/catalog';
import { seoulDate } from '../../shared/time';


export class AvailabilityCache {
  #entries = new Map<string, { at: number; rows: DayAvailability[] }>();
  #query: Database.Statement<[string, string], DayAvailability>;

  constructor(sqlite: Database.Database, private readonly ttlMs = 1000) {
    this.#query = sqlite.prepare(`
      SELECT clinic_id AS clinicId, date, dose, free FROM slot_free
      WHERE campaign_id = ? AND date >= ? ORDER BY clinic_id, date, dose`);
  }

  get(campaignId: string, now: number): DayAvailability[] {
    const hit = this.#entries.get(campaignId);
    if (hit && now - hit.at < this.ttlMs && now >= hit.at) return hit.rows;
    const rows = this.#query.all(campaignId, seoulDate(now));
    this.#entries.set(campaignId, { at: now, rows });
    return rows;
  }

  /**
   * Places a campaign can still book: with two doses, per clinic the smaller of its free first-
   * and second-dose places (a first dose with no second is no booking), summed. Counts per clinic,
   * not per pair of days, so it can say a place or two too many when a clinic's second doses sit
   * on other days than its first; never too few. Null when the campaign has no slot from now on.
   */
  placesLeft(campaignId: string, doses: 1 | 2, now: number): number | null {
    const rows = this.get(campaignId, now);
    // No slot at all (none loaded yet, or all past) is not "sold out": nothing is known of places.
    if (rows.length === 0) return null;
    const perClinic = new Map<string, [number, number]>();
    for (const r of rows) {
      const free = perClinic.get(r.clinicId) ?? [0, 0];
      free[r.dose === 1 ? 0 : 1] += Math.max(0, r.free);
      perClinic.set(r.clinicId, free);
    }
    let left = 0;
    for (const [first, second] of perClinic.values()) left += doses === 2 ? Math.min(first, second) : first;
    return left;
  }
}
