/**
 * Removes the personal data of a finished campaign: names, birth dates and phone numbers of
 * bookings whose every appointment (or, if cancelled, whose booking) was before a date, and the
 * identity hashes that could link them; idempotency records of those bookings go, and so do the
 * campaign's place-back sign-ups and phone checks and the outbox's finished messages from before the date. Codes,
 * appointments and counts stay, so the campaign's figures and the invariants still hold.
 * secure_delete and a truncated WAL make sure the old bytes are gone from the files too.
 */
import type Database from 'better-sqlite3';
import { seoulDate, seoulInstant } from '../shared/time';
import { truncateWal } from './db/checkpointer';

export interface PurgeResult {
  bookings: number;
  tickets: number;
}

export function purgeCampaign(sqlite: Database.Database, campaignId: string, before: string, now: number): PurgeResult {
  if (before > seoulDate(now)) throw new Error(`--before ${before} is in the future: only what has happened can be purged`);
  if (!sqlite.prepare('SELECT 1 FROM campaigns WHERE id = ?').get(campaignId)) throw new Error(`no campaign ${campaignId}`);
  sqlite.pragma('secure_delete = ON');
  const result = sqlite.transaction((): PurgeResult => {
    sqlite.prepare(`CREATE TEMP TABLE purged AS
      SELECT b.id, b.admission_id FROM bookings b
      WHERE b.campaign_id = :campaign AND b.name <> ''
        AND CASE WHEN b.status = 'cancelled' THEN date(b.created_at / 1000, 'unixepoch', '+9 hours') < :before
                 ELSE NOT EXISTS (SELECT 1 FROM appointments a JOIN slots s ON s.id = a.slot_id WHERE a.booking_id = b.id AND s.date >= :before) END`)
      .run({ campaign: campaignId, before });
    sqlite.prepare('DELETE FROM idempotency_records WHERE booking_id IN (SELECT id FROM purged)').run();
    const bookings = sqlite.prepare(`UPDATE bookings SET name = '', birth_date = '', phone = '', person_key = 'purged-' || admission_id
      WHERE id IN (SELECT id FROM purged)`).run().changes;
    // The tickets of purged bookings, and every ticket that never led to a booking.
    const tickets = sqlite.prepare(`UPDATE tickets SET person_key = 'purged-' || coalesce(admission_id, id)
      WHERE campaign_id = ? AND person_key NOT LIKE 'purged-%'
        AND (admission_id IN (SELECT admission_id FROM purged) OR booked_at IS NULL)`).run(campaignId).changes;
    // Phone numbers kept beside the bookings: sign-ups for a text when places come back, phone checks,
    // and messages already delivered or given up (the outbox names no campaign: a purge takes every
    // finished message from before the date; one still to be sent stays, it is not yet done).
    const until = seoulInstant(before);
    sqlite.prepare('DELETE FROM place_alerts WHERE campaign_id = ? AND created_at < ?').run(campaignId, until);
    sqlite.prepare('DELETE FROM identity_challenges WHERE campaign_id = ? AND created_at < ?').run(campaignId, until);
    sqlite.prepare('DELETE FROM outbox WHERE (sent_at IS NOT NULL OR failed_at IS NOT NULL) AND created_at < ?').run(until);
    sqlite.prepare('DROP TABLE purged').run();
    return { bookings, tickets };
  })();
  // The old bytes leave the WAL only if no reader holds it: a running server does, so say so.
  if (!truncateWal(sqlite, 1_000)) {
    throw new Error('purged, but the write-ahead log is still in use (is the server running?): stop it and run purge again so the old data leaves the files');
  }
  return result;
}
