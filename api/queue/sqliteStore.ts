/**
 * The waiting room in the data directory's SQLite database: the embedded default, for one API
 * process. Positions are handed out from memory inside group-committed writes (the ticket row is
 * the record of a position; the queue row catches up at the next tick), so a join costs one
 * insert and shares its fsync with its neighbours.
 */
import type Database from 'better-sqlite3';
import type { GroupCommitter } from '../db/groupCommit';
import { admitStep } from './credit';
import { prepareQueueStatements, type QueueStatements } from './statements';
import type { Advance, Placement, PlaceResult, QueueFigures, QueueStore, ShuffleRecord, TicketRow } from './store';

interface Counters {
  head: number;
  /** The next position to hand out. */
  next: number;
  /** next_position as last written to the queue row. */
  savedNext: number;
  prequeue: number;
  credit: number;
  lastTick: number;
}

export class SqliteQueueStore implements QueueStore {
  readonly kind = 'sqlite';
  readonly placeFirst = false;
  readonly #sql: QueueStatements;
  readonly #queues = new Map<string, Counters>();
  readonly #shuffled = new Set<string>();

  constructor(private readonly sqlite: Database.Database, private readonly committer: GroupCommitter, now: number) {
    this.#sql = prepareQueueStatements(sqlite);
    const prequeue = new Map(this.#sql.prequeueCounts.all().map((r) => [r.campaignId, r.n]));
    for (const q of this.#sql.queues.all()) {
      const next = Math.max(q.nextPosition, (this.#sql.lastPosition.get(q.campaignId)?.last ?? 0) + 1);
      this.#queues.set(q.campaignId, { head: q.head, next, savedNext: -1, prequeue: prequeue.get(q.campaignId) ?? 0, credit: 0, lastTick: now });
    }
    for (const s of this.#sql.shuffled.all()) this.#shuffled.add(`${s.campaignId}/${s.cohortId}`);
  }

  async load(): Promise<{ queues: QueueFigures[]; shuffled: string[] }> {
    return { queues: [...this.#queues.keys()].map((id) => this.#figures(id, this.#queues.get(id)!)), shuffled: [...this.#shuffled] };
  }

  async ticket(id: string): Promise<TicketRow | undefined> {
    return this.#sql.ticket.get(id);
  }

  async ticketOf(campaignId: string, personKey: string): Promise<TicketRow | undefined> {
    return this.#sql.ticketOf.get(campaignId, personKey);
  }

  // Memory (positions, pre-queue count) moves inside the write so later writes of the batch see it;
  // if the batch's commit fails, reload() puts it back from SQLite.
  async place(p: Placement): Promise<PlaceResult> {
    const q = this.#queue(p.campaignId, p.now);
    const outcome = await this.committer.run((): { held: TicketRow | undefined } | string => {
      const existing = this.#sql.ticketOf.get(p.campaignId, p.personKey);
      if (!sameTicket(existing, p.expected)) return { held: existing };
      // Shuffled already means a tick ran between the decision and this write: the tail, below.
      if (p.prequeue && !this.#shuffled.has(`${p.campaignId}/${p.cohortId}`)) {
        if (existing) this.#sql.requeue.run(null, p.cohortId, p.now, p.id);
        else this.#sql.insertTicket.run({ id: p.id, campaign: p.campaignId, cohort: p.cohortId, personKey: p.personKey, now: p.now, position: null });
        q.prequeue++;
        return p.id;
      }
      const position = q.next;
      if (existing) this.#sql.requeue.run(position, p.cohortId, p.now, p.id);
      else this.#sql.insertTicket.run({ id: p.id, campaign: p.campaignId, cohort: p.cohortId, personKey: p.personKey, now: p.now, position });
      q.next = position + 1;
      return p.id;
    });
    return typeof outcome === 'string' ? { placed: true, ticket: this.#sql.ticket.get(outcome)! } : { placed: false, held: outcome.held };
  }

  async claim(ticketId: string, joinedAt: number, admissionId: string, now: number, expiresAt: number): Promise<TicketRow> {
    // Only the first claim writes (WHERE admission_id IS NULL); every claimant then reads the stored one.
    await this.committer.run(() => this.#sql.claim.run(admissionId, now, expiresAt, ticketId, joinedAt));
    return this.#sql.ticket.get(ticketId)!;
  }

  async passedAt(campaignId: string, position: number): Promise<number> {
    return this.#sql.passedAt.get(campaignId, position)?.at ?? 0;
  }

  async prequeue(campaignId: string, cohortId: string): Promise<string[]> {
    return this.#sql.prequeue.all(campaignId, cohortId).map((r) => r.id);
  }

  async applyShuffle(s: { campaignId: string; cohortId: string; seed: string; now: number; order: string[] }): Promise<'done' | 'already' | 'changed'> {
    const key = `${s.campaignId}/${s.cohortId}`;
    if (this.#shuffled.has(key)) return 'already';
    const q = this.#queue(s.campaignId, s.now);
    if (this.#sql.prequeue.all(s.campaignId, s.cohortId).length !== s.order.length) return 'changed';
    const first = q.next;
    this.sqlite.transaction(() => {
      s.order.forEach((id, i) => this.#sql.place.run(first + i, id));
      this.#sql.recordShuffle.run(s.campaignId, s.cohortId, s.seed, s.now, s.order.length, first);
      this.#sql.saveQueue.run(q.head, first + s.order.length, s.campaignId);
    }).immediate();
    q.next = first + s.order.length;
    q.savedNext = q.next;
    q.prequeue -= s.order.length;
    this.#shuffled.add(key);
    return 'done';
  }

  async shuffleRecord(campaignId: string, cohortId: string): Promise<ShuffleRecord | undefined> {
    return this.#sql.shuffleRecord.get(campaignId, cohortId);
  }

  async head(campaignId: string): Promise<number> {
    return this.#queues.get(campaignId)?.head ?? 0;
  }

  async advance(campaignId: string, now: number, rate: number, maxInFlight: number): Promise<Advance> {
    const q = this.#queue(campaignId, now);
    const seconds = (now - q.lastTick) / 1000;
    if (seconds <= 0) return { ...this.#figures(campaignId, q), seconds: 0, advanced: 0 };
    q.lastTick = now;
    const waiting = q.next - 1 - q.head;
    const room = waiting > 0 && rate > 0 ? Math.max(0, maxInFlight - this.#sql.inFlight.get(campaignId, now)!.n) : 0;
    const step = admitStep({ credit: q.credit, seconds, rate, waiting, room });
    q.credit = step.credit;
    if (step.advance === 0) this.#saveNext(campaignId, q);
    else {
      const head = q.head + step.advance;
      this.sqlite.transaction(() => {
        this.#sql.saveQueue.run(head, q.next, campaignId);
        this.#sql.markHead.run(campaignId, head, now);
      })();
      q.head = head;
      q.savedNext = q.next;
    }
    return { ...this.#figures(campaignId, q), seconds, advanced: step.advance };
  }

  /** The booking's own transaction marked the ticket (tickets live beside bookings here). */
  async booked(): Promise<void> {}

  async counts(now: number): Promise<Array<{ campaignId: string; tickets: number; inFlight: number }>> {
    return this.#sql.counts.all({ now });
  }


  /** After a failed commit: positions handed out and pre-queue counts, as SQLite has them. */
  reload(): void {
    const prequeue = new Map(this.#sql.prequeueCounts.all().map((r) => [r.campaignId, r.n]));
    for (const [campaignId, q] of this.#queues) {
      q.next = Math.max(q.head, this.#sql.lastPosition.get(campaignId)?.last ?? 0) + 1;
      q.prequeue = prequeue.get(campaignId) ?? 0;
    }
  }

  async close(): Promise<void> {}

  /** Joins do not write the queue row (the ticket is the record); the tick catches it up when it changed. */
  #saveNext(campaignId: string, q: Counters): void {
    if (q.savedNext === q.next) return;
    this.#sql.saveQueue.run(q.head, q.next, campaignId);
    q.savedNext = q.next;
  }

  #queue(campaignId: string, now: number): Counters {
    let q = this.#queues.get(campaignId);
    if (!q) {
      this.#sql.ensureQueue.run(campaignId);
      q = { head: 0, next: 1, savedNext: 1, prequeue: 0, credit: 0, lastTick: now };
      this.#queues.set(campaignId, q);
    }
    return q;
  }

  #figures(campaignId: string, q: Counters): QueueFigures {
    return { campaignId, head: q.head, tail: q.next - 1, prequeue: q.prequeue };
  }
}

function sameTicket(row: TicketRow | undefined, expected: Placement['expected']): boolean {
  if (!row || !expected) return !row && !expected;
  return row.id === expected.id && row.joinedAt === expected.joinedAt && row.admissionId === expected.admissionId && row.bookedAt === expected.bookedAt;
}
