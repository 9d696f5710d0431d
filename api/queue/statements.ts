/** The waiting room's SQL, prepared once. */
import type Database from 'better-sqlite3';
import type { Stmt } from '../booking/statements';

export interface TicketRow {
  id: string;
  campaignId: string;
  cohortId: string;
  personKey: string;
  joinedAt: number;
  position: number | null;
  admissionId: string | null;
  admittedAt: number | null;
  admissionExpiresAt: number | null;
  bookedAt: number | null;
  turnAt: number | null;
  holdUntil: number | null;
  releasedAt: number | null;
}

const TICKET = `id, campaign_id AS campaignId, cohort_id AS cohortId, person_key AS personKey, joined_at AS joinedAt, position,
  admission_id AS admissionId, admitted_at AS admittedAt, admission_expires_at AS admissionExpiresAt, booked_at AS bookedAt,
  turn_at AS turnAt, hold_until AS holdUntil, released_at AS releasedAt`;

export function prepareQueueStatements(sqlite: Database.Database) {
  const prep = <P extends unknown[], R = unknown>(source: string): Stmt<P, R> => sqlite.prepare(source) as unknown as Stmt<P, R>;
  return {
    queues: prep<[], { campaignId: string; head: number; nextPosition: number }>(
      'SELECT campaign_id AS campaignId, head, next_position AS nextPosition FROM queues'),
    lastPosition: prep<[string], { last: number | null }>('SELECT max(position) AS last FROM tickets WHERE campaign_id = ?'),
    ensureQueue: prep<[string], never>('INSERT INTO queues (campaign_id) VALUES (?) ON CONFLICT DO NOTHING'),
    saveQueue: prep<[number, number, string], never>('UPDATE queues SET head = ?, next_position = ? WHERE campaign_id = ?'),
    markHead: prep<[string, number, number], never>('INSERT OR IGNORE INTO head_marks (campaign_id, head, at) VALUES (?, ?, ?)'),
    /** When the head first reached a position. */
    passedAt: prep<[string, number], { at: number }>('SELECT at FROM head_marks WHERE campaign_id = ? AND head >= ? ORDER BY head LIMIT 1'),
    ticket: prep<[string], TicketRow>(`SELECT ${TICKET} FROM tickets WHERE id = ?`),
    ticketOf: prep<[string, string], TicketRow>(`SELECT ${TICKET} FROM tickets WHERE campaign_id = ? AND person_key = ?`),
    insertTicket: prep<[{ id: string; campaign: string; cohort: string; personKey: string; now: number; position: number | null }], never>(`
      INSERT INTO tickets (id, campaign_id, cohort_id, person_key, joined_at, position)
      VALUES (:id, :campaign, :cohort, :personKey, :now, :position)`),
    /** A lapsed or cancelled place taken again: a new position (NULL in a pre-queue), perhaps in another cohort. */
    requeue: prep<[number | null, string, number, string], never>(`
      UPDATE tickets SET position = ?, cohort_id = ?, joined_at = ?, admission_id = NULL, admitted_at = NULL, admission_expires_at = NULL, booked_at = NULL,
        turn_at = NULL, hold_until = NULL, released_at = NULL
      WHERE id = ?`),
    /** A claim holds the turn in flight until the admission expires. */
    claim: prep<[{ admissionId: string; now: number; expiresAt: number; id: string; joinedAt: number }], never>(`
      UPDATE tickets SET admission_id = :admissionId, admitted_at = :now, admission_expires_at = :expiresAt, hold_until = :expiresAt
      WHERE id = :id AND joined_at = :joinedAt AND admission_id IS NULL`),
    /** The turns the head just passed: held in flight for the grace. */
    giveTurns: prep<[{ campaign: string; from: number; to: number; now: number; holdUntil: number }], never>(`
      UPDATE tickets SET turn_at = :now, hold_until = :holdUntil
      WHERE campaign_id = :campaign AND position > :from AND position <= :to AND admission_id IS NULL AND booked_at IS NULL`),
    /** Turns whose hold ran out in (after, upTo]: let in, and neither booked nor refused. */
    lapsed: prep<[{ campaign: string; after: number; upTo: number }], { n: number }>(`
      SELECT count(*) AS n FROM tickets
      WHERE campaign_id = :campaign AND hold_until > :after AND hold_until <= :upTo AND booked_at IS NULL AND released_at IS NULL`),
    held: prep<[{ campaign: string; now: number }], { n: number }>(`
      SELECT count(*) AS n FROM tickets
      WHERE campaign_id = :campaign AND hold_until > :now AND booked_at IS NULL AND released_at IS NULL`),
    /** The turn of an admission: when it came and until when it is held. */
    turnOf: prep<[string], { turnAt: number | null; admittedAt: number | null; holdUntil: number | null; releasedAt: number | null }>(
      'SELECT turn_at AS turnAt, admitted_at AS admittedAt, hold_until AS holdUntil, released_at AS releasedAt FROM tickets WHERE admission_id = ?'),
    release: prep<[{ admissionId: string; now: number }], never>(`
      UPDATE tickets SET released_at = :now WHERE admission_id = :admissionId AND booked_at IS NULL AND released_at IS NULL`),
    prequeueCounts: prep<[], { campaignId: string; n: number }>(
      'SELECT campaign_id AS campaignId, count(*) AS n FROM tickets WHERE position IS NULL GROUP BY campaign_id'),
    /** A cohort's pre-queue in join order: the input of its shuffle. */
    prequeue: prep<[string, string], { id: string }>(
      'SELECT id FROM tickets WHERE campaign_id = ? AND cohort_id = ? AND position IS NULL ORDER BY joined_at, id'),
    place: prep<[number, string], never>('UPDATE tickets SET position = ? WHERE id = ?'),
    shuffleRecord: prep<[string, string], { seed: string; tickets: number; firstPosition: number }>(
      'SELECT seed, tickets, first_position AS firstPosition FROM shuffles WHERE campaign_id = ? AND cohort_id = ?'),
    counts: prep<[{ now: number }], { campaignId: string; tickets: number; inFlight: number }>(`
      SELECT campaign_id AS campaignId, count(*) AS tickets,
        count(*) FILTER (WHERE hold_until > :now AND booked_at IS NULL AND released_at IS NULL) AS inFlight
      FROM tickets GROUP BY campaign_id`),
    shuffled: prep<[], { campaignId: string; cohortId: string }>('SELECT campaign_id AS campaignId, cohort_id AS cohortId FROM shuffles'),
    recordShuffle: prep<[string, string, string, number, number, number], never>(
      'INSERT INTO shuffles (campaign_id, cohort_id, seed, shuffled_at, tickets, first_position) VALUES (?, ?, ?, ?, ?, ?)'),
    /** The admission rate in thousandths of a person per second, shared with `yeyak admit-rate` through the database. */
    rate: prep<[], { value: number }>("SELECT value FROM meta WHERE key = 'admit_rate_milli'"),
    setRate: prep<[number], never>(
      "INSERT INTO meta (key, value) VALUES ('admit_rate_milli', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
    /** The active booking this admission made, if any. */
    admissionBooking: prep<[string], { id: number }>("SELECT id FROM bookings WHERE admission_id = ? AND status = 'active'"),
    activeBooking: prep<[string, string], { id: number }>(
      "SELECT id FROM bookings WHERE campaign_id = ? AND person_key = ? AND status = 'active'"),
  };
}

export type QueueStatements = ReturnType<typeof prepareQueueStatements>;
