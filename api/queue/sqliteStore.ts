/**
 * The waiting room in the data directory's SQLite database: the embedded default, for one API
 * process. Positions are handed out from memory inside group-committed writes (the ticket row is
 * the record of a position; the queue row catches up at the next tick), so a join costs one
 * insert and shares its fsync with its neighbours. Turns in flight are ticket rows with a hold
 * (tickets_held); the admission controller's state and its counters live in this process's
 * memory (after a restart it learns the drain again within seconds).
 */
import type Database from 'better-sqlite3';
import type { GroupCommitter } from '../db/groupCommit';
import type { ControlState } from './controller';
import { prepareQueueStatements, type QueueStatements } from './statements';
import type { Admit, Placement, PlaceResult, QueueFigures, QueueStore, ShuffleRecord, TickFigures, TicketRow } from './store';

/** Recent book times kept for the controller. */
const BOOK_SAMPLES = 200;

interface Counters {
  head: number;
  /** The next position to hand out. */
  next: number;
  /** next_position as last written to the queue row. */
  savedNext: number;
  prequeue: number;
  done: number;
  lapsed: number;
  /** Lapses are counted up to this time. */
  lapsedUpTo: number;
  bookSeconds: number[];
  claimSeconds: number[];
  control: ControlState | null;
  version: number;
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
      this.#queues.set(q.campaignId, { ...fresh(now), head: q.head, next, savedNext: -1, prequeue: prequeue.get(q.campaignId) ?? 0 });
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
    await this.committer.run(() => this.#sql.claim.run({ admissionId, now, expiresAt, id: ticketId, joinedAt }), true);
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

  async tickInputs(campaignId: string, now: number, pressure: boolean): Promise<TickFigures> {
    const q = this.#queue(campaignId, now);
    if (now > q.lapsedUpTo) {
      const n = this.#sql.lapsed.get({ campaign: campaignId, after: q.lapsedUpTo, upTo: now })!.n;
      q.done += n;
      q.lapsed += n;
      q.lapsedUpTo = now;
    }
    return {
      ...this.#figures(campaignId, q),
      inFlight: this.#sql.held.get({ campaign: campaignId, now })!.n,
      done: q.done,
      lapsed: q.lapsed,
      bookSeconds: q.bookSeconds,
      claimSeconds: q.claimSeconds,
      control: q.control,
      version: q.version,
      pressure,
    };
  }

  async admitNext(a: Admit): Promise<QueueFigures & { applied: boolean }> {
    const q = this.#queue(a.campaignId, a.now);
    if (a.version !== q.version) return { ...this.#figures(a.campaignId, q), applied: false };
    const admit = Math.max(0, Math.min(a.admit, q.next - 1 - q.head));
    if (admit === 0) this.#saveNext(a.campaignId, q);
    else {
      const head = q.head + admit;
      this.sqlite.transaction(() => {
        this.#sql.giveTurns.run({ campaign: a.campaignId, from: q.head, to: head, now: a.now, holdUntil: a.holdUntil });
        this.#sql.saveQueue.run(head, q.next, a.campaignId);
        this.#sql.markHead.run(a.campaignId, head, a.now);
      })();
      q.head = head;
      q.savedNext = q.next;
    }
    q.control = a.control;
    q.version++;
    return { ...this.#figures(a.campaignId, q), applied: true };
  }

  /** The booking's own transaction marked the ticket (tickets live beside bookings here); this counts it done. */
  async booked(campaignId: string, _personKey: string, admissionId: string, now: number): Promise<void> {
    this.#done(campaignId, this.#sql.turnOf.get(admissionId), now);
  }

  async release(campaignId: string, _personKey: string, admissionId: string, now: number): Promise<void> {
    const turn = this.#sql.turnOf.get(admissionId);
    if (!turn || turn.releasedAt !== null) return;
    const changed = await this.committer.run(() => this.#sql.release.run({ admissionId, now }).changes, true);
    if (changed > 0) this.#done(campaignId, turn, now);
  }

  /** A turn that was still held is done: one completion, and its times from turn and from claim to done. */
  #done(campaignId: string, turn: { turnAt: number | null; admittedAt: number | null; holdUntil: number | null } | undefined, now: number): void {
    // A hold that ran out was counted as a lapse already.
    if (!turn || turn.holdUntil === null || turn.holdUntil <= now) return;
    const q = this.#queue(campaignId, now);
    q.done++;
    sampleSince(q.bookSeconds, turn.turnAt, now);
    sampleSince(q.claimSeconds, turn.admittedAt, now);
  }

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
      q = fresh(now);
      this.#queues.set(campaignId, q);
    }
    return q;
  }

  #figures(campaignId: string, q: Counters): QueueFigures {
    return { campaignId, head: q.head, tail: q.next - 1, prequeue: q.prequeue };
  }
}

function fresh(now: number): Counters {
  return { head: 0, next: 1, savedNext: 1, prequeue: 0, done: 0, lapsed: 0, lapsedUpTo: now, bookSeconds: [], claimSeconds: [], control: null, version: 0 };
}

function sameTicket(row: TicketRow | undefined, expected: Placement['expected']): boolean {
  if (!row || !expected) return !row && !expected;
  return row.id === expected.id && row.joinedAt === expected.joinedAt && row.admissionId === expected.admissionId && row.bookedAt === expected.bookedAt;
}

/** Adds the seconds from `since` to `now` (when there is a since), keeping the newest BOOK_SAMPLES. */
function sampleSince(samples: number[], since: number | null, now: number): void {
  if (since === null) return;
  samples.push((now - since) / 1000);
  if (samples.length > BOOK_SAMPLES) samples.splice(0, samples.length - BOOK_SAMPLES);
}
