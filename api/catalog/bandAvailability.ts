/** Free first-dose places per clinic, day and time of day (오전/오후/저녁) for up to three clinics, and one clinic's free start times on one day, from slots that have not begun: what a person choosing a time needs to see. */
import type Database from 'better-sqlite3';
import { BAND_BOUNDS } from '../../shared/bands';
import type { BandAvailability, FreeTime } from '../../shared/catalog';
import { SEOUL_OFFSET_MS, DAY_MS, seoulTime } from '../../shared/time';

/** The Seoul time of day of starts_at (ms after midnight), as SQL. */
const TIME_OF_DAY = `((starts_at + ${SEOUL_OFFSET_MS}) % ${DAY_MS})`;

export function prepareBandAvailability(sqlite: Database.Database): (campaignId: string, clinicIds: string[], now: number) => BandAvailability[] {
  // The bounds come from shared/bands.ts, the same ones the booking writer filters with.
  const statement = sqlite.prepare<[string, string, number], BandAvailability>(`
    SELECT clinic_id AS clinicId, date,
      CASE WHEN ${TIME_OF_DAY} < ${BAND_BOUNDS.morning[1]} THEN 'morning'
           WHEN ${TIME_OF_DAY} < ${BAND_BOUNDS.afternoon[1]} THEN 'afternoon'
           ELSE 'evening' END AS band,
      SUM(capacity - booked) AS free
    FROM slots
    WHERE campaign_id = ? AND clinic_id IN (SELECT value FROM json_each(?)) AND dose = 1 AND starts_at >= ?
    GROUP BY clinic_id, date, band
    ORDER BY clinic_id, date, min(starts_at)`);
  return (campaignId, clinicIds, now) => statement.all(campaignId, JSON.stringify(clinicIds), now);
}

export function prepareFreeTimes(sqlite: Database.Database): (campaignId: string, clinicId: string, date: string, now: number) => FreeTime[] {
  const statement = sqlite.prepare<[string, string, string, number], { startsAt: number; free: number }>(`
    SELECT starts_at AS startsAt, capacity - booked AS free FROM slots
    WHERE clinic_id = ? AND dose = 1 AND date = ? AND campaign_id = ? AND starts_at >= ? AND booked < capacity
    ORDER BY starts_at`);
  return (campaignId, clinicId, date, now) => statement.all(clinicId, date, campaignId, now).map((r) => ({ time: seoulTime(r.startsAt), free: r.free }));
}
