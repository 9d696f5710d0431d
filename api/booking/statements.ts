/** The booking path's SQL, prepared once: the hot path runs these and nothing else. */
import type Database from 'better-sqlite3';

export interface SlotPair {
  firstId: number;
  firstAt: number;
  secondId: number | null;
}

export interface ClinicRow {
  id: string;
  name: string;
  address: string;
  region: string;
  district: string;
}

export interface BookingRow {
  id: number;
  code: string;
  campaignId: string;
  name: string;
  birthDate: string;
  status: 'active' | 'cancelled';
  createdAt: number;
  cancelledAt: number | null;
}

export interface AppointmentRow {
  dose: number;
  slotId: number;
  startsAt: number;
  clinicId: string;
  clinicName: string;
  address: string;
}

interface FindArgs {
  campaign: string;
  clinic: string;
  from: number;
  dates: string | null;
  interval: number;
  /** The first dose's Seoul time of day, [bandFrom, bandTo) in ms after midnight (0 and a whole day: any time). */
  bandFrom: number;
  bandTo: number;
}

/** The part of a prepared statement used here, named so that declarations can refer to it. */
export interface Stmt<P extends unknown[], R> {
  get(...params: P): R | undefined;
  all(...params: P): R[];
  run(...params: P): Database.RunResult;
}

export function prepareBookingStatements(sqlite: Database.Database) {
  const prep = <P extends unknown[], R = unknown>(source: string): Stmt<P, R> => sqlite.prepare(source) as unknown as Stmt<P, R>;
  return {
    idempotency: prep<[string], { personKey: string; response: string }>(
      'SELECT person_key AS personKey, response FROM idempotency_records WHERE key = ?'),
    admissionUsed: prep<[string], { id: number }>('SELECT id FROM bookings WHERE admission_id = ?'),
    activeBooking: prep<[string, string], BookingRow>(`
      SELECT id, code, campaign_id AS campaignId, name, birth_date AS birthDate, status, created_at AS createdAt, cancelled_at AS cancelledAt
      FROM bookings WHERE campaign_id = ? AND person_key = ? AND status = 'active'`),
    bookingByCode: prep<[string], BookingRow>(`
      SELECT id, code, campaign_id AS campaignId, name, birth_date AS birthDate, status, created_at AS createdAt, cancelled_at AS cancelledAt
      FROM bookings WHERE code = ?`),
    codeTaken: prep<[string], { id: number }>('SELECT id FROM bookings WHERE code = ?'),
    clinic: prep<[string], ClinicRow>(
      'SELECT id, name, address, region, district FROM clinics WHERE id = ? AND active = 1'),
    clinicsNear: prep<[string, string, string], ClinicRow>(`
      SELECT id, name, address, region, district FROM clinics
      WHERE region = ? AND active = 1 AND id <> ?
      ORDER BY (district = ?) DESC, id LIMIT 40`),
    /** First free first-dose slot at a clinic within a time band, for a one-dose campaign. */
    findSingle: prep<[FindArgs], SlotPair>(`
      SELECT id AS firstId, starts_at AS firstAt, NULL AS secondId
      FROM slots
      WHERE campaign_id = :campaign AND clinic_id = :clinic AND dose = 1 AND starts_at >= :from
        AND booked < capacity AND (:dates IS NULL OR date IN (SELECT value FROM json_each(:dates)))
        AND (starts_at + 32400000) % 86400000 >= :bandFrom AND (starts_at + 32400000) % 86400000 < :bandTo
      ORDER BY starts_at LIMIT 1`),
    /**
     * First free first-dose slot (within a time band) whose clinic has a free second-dose slot exactly `interval` days
     * later (the nearest in time of day). Walks first-dose slots in index order and looks up each
     * one's partner, stopping at the first hit: a join of all pairs, sorted, cost 4× more (profiled).
     */
    findPair: prep<[FindArgs], SlotPair>(`
      SELECT firstId, firstAt, secondId FROM (
        SELECT s1.id AS firstId, s1.starts_at AS firstAt,
          (SELECT s2.id FROM slots s2
            WHERE s2.clinic_id = s1.clinic_id AND s2.dose = 2 AND s2.date = date(s1.date, '+' || :interval || ' days')
              AND s2.campaign_id = s1.campaign_id AND s2.booked < s2.capacity
            ORDER BY abs(s2.starts_at - s1.starts_at - :interval * 86400000) LIMIT 1) AS secondId
        FROM slots s1
        WHERE s1.campaign_id = :campaign AND s1.clinic_id = :clinic AND s1.dose = 1 AND s1.starts_at >= :from
          AND s1.booked < s1.capacity AND (:dates IS NULL OR s1.date IN (SELECT value FROM json_each(:dates)))
          AND (s1.starts_at + 32400000) % 86400000 >= :bandFrom AND (s1.starts_at + 32400000) % 86400000 < :bandTo
        ORDER BY s1.starts_at)
      WHERE secondId IS NOT NULL LIMIT 1`),
    /** Any free first-dose slot at the clinic, pair or not: tells "first dose full" from "second dose full". */
    anyFirstFree: prep<[FindArgs], { id: number }>(`
      SELECT id FROM slots
      WHERE campaign_id = :campaign AND clinic_id = :clinic AND dose = 1 AND starts_at >= :from AND booked < capacity
        AND (:dates IS NULL OR date IN (SELECT value FROM json_each(:dates)))
        AND (starts_at + 32400000) % 86400000 >= :bandFrom AND (starts_at + 32400000) % 86400000 < :bandTo
      LIMIT 1`),
    /** Takes one place if there is one, and says when the slot starts (no row: it was full). */
    takePlace: prep<[number], { startsAt: number }>('UPDATE slots SET booked = booked + 1 WHERE id = ? AND booked < capacity RETURNING starts_at AS startsAt'),
    freePlace: prep<[number], never>('UPDATE slots SET booked = booked - 1 WHERE id = ? AND booked > 0'),
    insertBooking: prep<[{
      code: string; campaign: string; personKey: string; name: string; birthDate: string; phone: string; admissionId: string; now: number;
    }], never>(`
      INSERT INTO bookings (code, campaign_id, person_key, name, birth_date, phone, status, admission_id, created_at)
      VALUES (:code, :campaign, :personKey, :name, :birthDate, :phone, 'active', :admissionId, :now)`),
    insertAppointment: prep<[number, number, number], never>(
      'INSERT INTO appointments (booking_id, dose, slot_id) VALUES (?, ?, ?)'),
    insertIdempotency: prep<[string, string, number, string, number], never>(
      'INSERT INTO idempotency_records (key, person_key, booking_id, response, created_at) VALUES (?, ?, ?, ?, ?)'),
    appointments: prep<[number], AppointmentRow>(`
      SELECT a.dose, a.slot_id AS slotId, s.starts_at AS startsAt, c.id AS clinicId, c.name AS clinicName, c.address
      FROM appointments a JOIN slots s ON s.id = a.slot_id JOIN clinics c ON c.id = s.clinic_id
      WHERE a.booking_id = ? ORDER BY a.dose`),
    /** The waiting-room ticket whose admission made this booking. */
    markTicketBooked: prep<[number, string], never>('UPDATE tickets SET booked_at = ? WHERE admission_id = ?'),
    cancel: prep<[number, number], never>(
      "UPDATE bookings SET status = 'cancelled', cancelled_at = ? WHERE id = ? AND status = 'active'"),
  };
}

export type BookingStatements = ReturnType<typeof prepareBookingStatements>;
