/** The outbox table's statements: a message is written with the change that causes it, then claimed, marked sent, retried or failed by a sender. */
import type Database from 'better-sqlite3';

export interface OutboxMessage {
  id: number;
  kind: string;
  to: string;
  text: string;
  attempts: number;
}

export interface OutboxStatements {
  /** Call inside the transaction of the change that causes the message. */
  enqueue(kind: string, to: string, text: string, now: number): void;
  /** Takes up to `limit` due messages for one try each: none is tried by two senders at once (several processes may send). */
  claimDue(now: number, leaseMs: number, limit: number): OutboxMessage[];
  sent(id: number, now: number): void;
  retryAt(id: number, at: number, error: string): void;
  failed(id: number, now: number, error: string): void;
  /** Messages not yet sent nor given up. */
  unsent(): number;
}

export function prepareOutbox(sqlite: Database.Database): OutboxStatements {
  const insert = sqlite.prepare('INSERT INTO outbox (kind, "to", text, created_at, next_at) VALUES (?, ?, ?, ?, ?)');
  const due = sqlite.prepare<[number, number], OutboxMessage>(
    'SELECT id, kind, "to" AS "to", text, attempts FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_at <= ? ORDER BY next_at LIMIT ?',
  );
  // Read first without a write lock: most rounds find nothing due, and must not take the lock to say so.
  const anyDue = sqlite.prepare<[number], number>('SELECT 1 FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_at <= ? LIMIT 1').pluck();
  const lease = sqlite.prepare('UPDATE outbox SET next_at = ?, attempts = attempts + 1 WHERE id = ?');
  const sent = sqlite.prepare('UPDATE outbox SET sent_at = ?, last_error = NULL WHERE id = ?');
  const retry = sqlite.prepare('UPDATE outbox SET next_at = ?, last_error = ? WHERE id = ? AND sent_at IS NULL');
  const failed = sqlite.prepare('UPDATE outbox SET failed_at = ?, last_error = ? WHERE id = ? AND sent_at IS NULL');
  const unsent = sqlite.prepare('SELECT count(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL').pluck();
  const claim = sqlite.transaction((now: number, leaseMs: number, limit: number) => {
    const rows = due.all(now, limit);
    for (const r of rows) lease.run(now + leaseMs, r.id);
    return rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
  });
  return {
    enqueue: (kind, to, text, now) => void insert.run(kind, to, text, now, now),
    claimDue: (now, leaseMs, limit) => (anyDue.get(now) === undefined ? [] : claim.immediate(now, leaseMs, limit)),
    sent: (id, now) => void sent.run(now, id),
    retryAt: (id, at, error) => void retry.run(at, error, id),
    failed: (id, now, error) => void failed.run(now, error, id),
    unsent: () => unsent.get() as number,
  };
}
