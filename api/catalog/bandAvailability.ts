/** Free first-dose places per clinic, day and time of day (오전/오후/저녁) for up to three clinics, from slots that have not begun: what a person choosing a time band needs to see. */
import type Database from 'better-sqlite3';
import { BAND_BOUNDS } from '../../shared/bands';
import type { BandAvailability } from '../../shared/catalog';
import { SEOUL_OFFSET_MS, DAY_MS } from '../../shared/time';

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
