/** Checks every storage invariant of a data directory; `yeyak verify` exits non-zero when any fails. */
import type Database from 'better-sqlite3';

export interface Check {
  name: string;
  ok: boolean;
  /** Up to ten offending rows, when not ok. */
  detail?: unknown[];
}

const CHECKS: Array<{ name: string; sql: string }> = [
  {
    name: 'no slot is booked beyond its capacity (or below zero)',
    sql: 'SELECT id, booked, capacity FROM slots WHERE booked > capacity OR booked < 0',
  },
  {
    name: "every slot's booked count equals its active appointments",
    sql: `SELECT s.id, s.booked, count(b.id) AS active FROM slots s
          LEFT JOIN appointments a ON a.slot_id = s.id
          LEFT JOIN bookings b ON b.id = a.booking_id AND b.status = 'active'
          GROUP BY s.id HAVING s.booked <> count(b.id)`,
  },
  {
    name: "the free places the waiting room reads (slot_free) equal every day's slots",
    sql: `SELECT campaign_id, clinic_id, dose, date, a.free AS slots, f.free AS kept
          FROM (SELECT campaign_id, clinic_id, dose, date, SUM(capacity - booked) AS free FROM slots GROUP BY 1, 2, 3, 4) a
          FULL OUTER JOIN slot_free f USING (campaign_id, clinic_id, dose, date)
          WHERE coalesce(a.free, 0) <> coalesce(f.free, 0)`,
  },
  {
    name: 'at most one active booking per person per campaign',
    sql: `SELECT campaign_id, count(*) AS n FROM bookings WHERE status = 'active'
          GROUP BY campaign_id, person_key HAVING count(*) > 1`,
  },
  {
    name: 'every booking has one appointment per dose of its campaign',
    sql: `SELECT b.id, c.doses, count(a.dose) AS appointments FROM bookings b
          JOIN campaigns c ON c.id = b.campaign_id LEFT JOIN appointments a ON a.booking_id = b.id
          GROUP BY b.id HAVING count(a.dose) <> c.doses`,
  },
  {
    name: "every appointment's slot is of its dose and its booking's campaign",
    sql: `SELECT a.booking_id, a.dose, s.id AS slot FROM appointments a
          JOIN slots s ON s.id = a.slot_id JOIN bookings b ON b.id = a.booking_id
          WHERE s.dose <> a.dose OR s.campaign_id <> b.campaign_id`,
  },
  {
    name: "second doses are at the same clinic, the campaign's interval after the first",
    sql: `SELECT b.id FROM bookings b JOIN campaigns c ON c.id = b.campaign_id
          JOIN appointments a1 ON a1.booking_id = b.id AND a1.dose = 1 JOIN slots s1 ON s1.id = a1.slot_id
          JOIN appointments a2 ON a2.booking_id = b.id AND a2.dose = 2 JOIN slots s2 ON s2.id = a2.slot_id
          WHERE s2.clinic_id <> s1.clinic_id OR s2.date <> date(s1.date, '+' || c.interval_days || ' days')`,
  },
  {
    name: 'every idempotency record answers with its own booking',
    sql: `SELECT r.key FROM idempotency_records r LEFT JOIN bookings b ON b.id = r.booking_id
          WHERE b.id IS NULL OR json_extract(r.response, '$.code') <> b.code OR r.person_key <> b.person_key`,
  },
  {
    name: 'every queue head is within the positions handed out, and every position belongs to a queue',
    sql: `SELECT q.campaign_id FROM queues q
          WHERE q.head > (SELECT coalesce(max(position), 0) FROM tickets t WHERE t.campaign_id = q.campaign_id)
          UNION ALL
          SELECT t.id FROM tickets t LEFT JOIN queues q ON q.campaign_id = t.campaign_id
          WHERE t.position IS NOT NULL AND (q.campaign_id IS NULL OR t.position < 1)`,
  },
  {
    name: 'every ticket marked booked was booked with its own admission',
    sql: `SELECT t.id FROM tickets t LEFT JOIN bookings b ON b.admission_id = t.admission_id
          WHERE t.booked_at IS NOT NULL AND (b.id IS NULL OR b.person_key <> t.person_key)`,
  },
  {
    name: 'no two bookings share a code or an admission token',
    sql: `SELECT code FROM bookings GROUP BY code HAVING count(*) > 1
          UNION ALL SELECT admission_id FROM bookings GROUP BY admission_id HAVING count(*) > 1`,
  },
];

/** The data directory's own invariant: nobody but its owner may read, write or enter anything in it. */
export function verifyFiles(shared: Array<{ path: string; mode: string }>): Check {
  const name = 'the data directory is 0700 and every file in it 0600 (no group or other permissions)';
  return shared.length === 0 ? { name, ok: true } : { name, ok: false, detail: shared.slice(0, 10).map((f) => `${f.mode} ${f.path}`) };
}

export function verifyStorage(sqlite: Database.Database): Check[] {
  const checks: Check[] = [];
  const integrity = sqlite.prepare('PRAGMA integrity_check').pluck().all() as string[];
  checks.push(integrity.length === 1 && integrity[0] === 'ok'
    ? { name: 'SQLite integrity check', ok: true }
    : { name: 'SQLite integrity check', ok: false, detail: integrity.slice(0, 10) });
  const fk = sqlite.prepare('PRAGMA foreign_key_check').all();
  checks.push(fk.length === 0 ? { name: 'foreign keys hold', ok: true } : { name: 'foreign keys hold', ok: false, detail: fk.slice(0, 10) });
  for (const c of CHECKS) {
    const bad = sqlite.prepare(c.sql).all();
    checks.push(bad.length === 0 ? { name: c.name, ok: true } : { name: c.name, ok: false, detail: bad.slice(0, 10) });
  }
  return checks;
}
