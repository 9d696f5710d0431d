/**
 * The waiting room. One queue per campaign; each cohort's pre-queue is shuffled once at its
 * opening and placed at the tail, and joins after that are first come, first served. A tick
 * (once a second) moves the head at the operator's rate, never past the tail and never while
 * too many claimed admissions are still unbooked; a turn nobody claims counts for nothing and
 * lapses after the claim window, so walking away stalls nobody. The head is committed before it
 * is published, so a restart never takes back a turn; positions live in SQLite from the moment
 * they are handed out.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Person } from '../../shared/person';
import { eligibilityAt, type Cohort } from '../../shared/schedule';
import { refusalFor } from '../schedule/refusals';
import { toSeoulIso } from '../../shared/time';
import { etaSeconds, pollAfterMs, prequeuePollAfterMs, type HeadView, type TicketState, type TicketStatus } from '../../shared/waiting';
import { DEFAULT_ADMISSION_TTL_MS, mintAdmissionToken } from '../admission/token';
import { personKey } from '../identity';
import { Refusal } from '../refusal';
import type { GroupCommitter } from '../db/groupCommit';
import type { ScheduleStore } from '../schedule/store';
import type { Secrets } from '../secrets';
import type { Proof } from '../../shared/proof';
import { checkProof, issueChallenge, type Challenge } from './proof';
import { RateMeter } from './rateMeter';
import { newSeed, shuffled } from './shuffle';
import { prepareQueueStatements, type QueueStatements, type TicketRow } from './statements';

export interface WaitingRoomOptions {
  /** People let in per second; 0 = paused. Given: stored for every process on this data directory; absent: the stored value. */
  admitRate?: number;
  /** Claimed admissions not yet booked, at most: past this the head waits for the booking side. */
  maxInFlight: number;
  /** How long a turn waits to be claimed before it lapses. */
  claimWindowMs: number;
  /** How long a claimed admission may be used to book. */
  admissionTtlMs: number;
  /** Proof-of-work bits a join must carry; 0 = none. */
  powBits: number;
}

export const DEFAULT_ADMIT_RATE = 100;

export const DEFAULT_ROOM_OPTIONS: Required<Omit<WaitingRoomOptions, 'admitRate'>> = {
  maxInFlight: 2_000,
  claimWindowMs: 10 * 60 * 1000,
  admissionTtlMs: DEFAULT_ADMISSION_TTL_MS,
  powBits: 0,
};

export interface Admission {
  admissionToken: string;
  expiresAt: string;
}

/** 122 random bits; randomUUID draws from a cached entropy pool, randomBytes per call cost more (profiled). */
function newTicketId(): string {
  return randomUUID().replace(/-/g, '');
}

/** Stores the admission rate where every process serving this data directory reads it at its next tick. */
export function setAdmitRate(sqlite: Database.Database, perSecond: number): void {
  if (!Number.isFinite(perSecond) || perSecond < 0) throw new RangeError('the admission rate is a number of people per second, 0 or more');
  prepareQueueStatements(sqlite).setRate.run(Math.round(perSecond * 1000));
}

interface Queue {
  campaignId: string;
  head: number;
  nextPosition: number;
  /** next_position as last written to the queue row. */
  savedNext: number;
  prequeue: number;
  /** Admissions owed by the rate but not yet given (fractions of a person, or held back by in-flight room). */
  credit: number;
  lastTick: number;
  meter: RateMeter;
  view: HeadView;
}

export class WaitingRoom {
  readonly #sql: QueueStatements;
  readonly #queues = new Map<string, Queue>();
  /** "campaign/cohort" keys of cohorts whose pre-queue has been shuffled. */
  readonly #shuffled = new Set<string>();
  readonly #opts: Required<Omit<WaitingRoomOptions, 'admitRate'>>;
  #rate: number;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly secrets: Secrets,
    private readonly schedule: ScheduleStore,
    private readonly committer: GroupCommitter,
    opts: Partial<WaitingRoomOptions>,
    now: number,
  ) {
    const { admitRate, ...rest } = opts;
    this.#opts = { ...DEFAULT_ROOM_OPTIONS, ...rest };
    this.#sql = prepareQueueStatements(sqlite);
    if (admitRate !== undefined) this.setRate(admitRate);
    this.#rate = this.#storedRate();
    const prequeue = new Map(this.#sql.prequeueCounts.all().map((r) => [r.campaignId, r.n]));
    for (const q of this.#sql.queues.all()) {
      const next = Math.max(q.nextPosition, (this.#sql.lastPosition.get(q.campaignId)?.last ?? 0) + 1);
      this.#addQueue(q.campaignId, q.head, next, prequeue.get(q.campaignId) ?? 0, now);
    }
    for (const s of this.#sql.shuffled.all()) this.#shuffled.add(`${s.campaignId}/${s.cohortId}`);
  }

  get targetRate(): number {
    return this.#rate;
  }

  /** Changes the admission rate (0 pauses) for every process on this data directory, from the next tick. */
  setRate(perSecond: number): void {
    setAdmitRate(this.sqlite, perSecond);
    this.#rate = perSecond;
  }

  #storedRate(): number {
    const stored = this.#sql.rate.get();
    return stored ? stored.value / 1000 : DEFAULT_ADMIT_RATE;
  }

  /** A proof-of-work challenge for joining (bits 0: none needed). */
  challenge(campaignId: string, now: number): Challenge {
    if (!this.schedule.get(campaignId)) throw new Refusal('NOT_FOUND', { campaignId });
    return issueChallenge(this.secrets.admissionKey, campaignId, this.#opts.powBits, now);
  }

  /** Takes a place for a person, or gives back the one they hold (from any tab or device). */
  async join(campaignId: string, person: Person, now: number, proof?: Proof): Promise<TicketStatus> {
    const campaign = this.schedule.get(campaignId);
    if (!campaign) throw new Refusal('NOT_FOUND', { campaignId });
    checkProof(this.secrets.admissionKey, proof, person, campaignId, this.#opts.powBits, now);
    this.#settleShuffles(now);
    const key = personKey(this.secrets.identityKey, person);
    const queue = this.#queue(campaignId, now);
    // A refresh or a second device: answered at once, no write.
    const held = this.#sql.ticketOf.get(campaignId, key);
    if (held && !this.#mayRequeue(held, now)) return this.#statusOf(held, now);
    // Memory (positions, pre-queue count) moves inside the write so later writes of the batch see
    // it; if the batch's commit fails, reload() puts it back from SQLite.
    const ticketId = await this.committer.run(() => {
      const existing = this.#sql.ticketOf.get(campaignId, key);
      if (existing && !this.#mayRequeue(existing, now)) return existing.id;
      const e = eligibilityAt(campaign, person.birthDate, now);
      if (e.kind !== 'open' && e.kind !== 'prequeue') throw refusalFor(e)!;
      const id = existing?.id ?? newTicketId();
      // In a cohort's pre-queue everyone waits for its shuffle, newcomers and returning people alike.
      // (Shuffled already means a tick ran between this request and its commit: the tail, below.)
      if (e.kind === 'prequeue' && !this.#shuffled.has(`${campaignId}/${e.cohort.id}`)) {
        if (existing) this.#sql.requeue.run(null, e.cohort.id, now, id);
        else this.#sql.insertTicket.run({ id, campaign: campaignId, cohort: e.cohort.id, personKey: key, now, position: null });
        queue.prequeue++;
        return id;
      }
      // Open: the back of the queue, now. The ticket row is the record of the position; the queue
      // row's next_position is brought up to date by the tick.
      const position = queue.nextPosition;
      if (existing) this.#sql.requeue.run(position, e.cohort.id, now, id);
      else this.#sql.insertTicket.run({ id, campaign: campaignId, cohort: e.cohort.id, personKey: key, now, position });
      queue.nextPosition = position + 1;
      return id;
    });
    return this.status(ticketId, now);
  }

  status(ticketId: string, now: number): TicketStatus {
    const t = this.#sql.ticket.get(ticketId);
    if (!t) throw new Refusal('NOT_FOUND');
    return this.#statusOf(t, now);
  }

  /** The admission token of a ticket whose turn has come; asking again gives the same token. */
  async admit(ticketId: string, now: number): Promise<Admission> {
    let t = this.#sql.ticket.get(ticketId);
    if (!t) throw new Refusal('NOT_FOUND');
    const status = this.#statusOf(t, now);
    switch (status.state) {
      case 'prequeue':
        throw new Refusal('NOT_OPEN_YET', { opensAt: status.opensAt });
      case 'waiting':
        throw new Refusal('NOT_OPEN_YET', { position: status.position, ahead: status.ahead, etaSeconds: status.etaSeconds });
      case 'expired':
        throw new Refusal('ADMISSION_EXPIRED');
      case 'booked':
        throw new Refusal('ADMISSION_USED');
      case 'admitted':
        break;
    }
    if (t.admissionId === null) {
      const [id, expiresAt] = [randomUUID(), now + this.#opts.admissionTtlMs];
      // Only the first claim writes (WHERE admission_id IS NULL); every claimant then reads the stored one.
      await this.committer.run(() => this.#sql.claim.run(id, now, expiresAt, ticketId));
      t = this.#sql.ticket.get(ticketId)!;
    }
    const [id, expiresAt] = [t.admissionId!, t.admissionExpiresAt!];
    return {
      admissionToken: mintAdmissionToken(this.secrets.admissionKey, { id, campaignId: t.campaignId, personKey: t.personKey, expiresAt }),
      expiresAt: toSeoulIso(expiresAt),
    };
  }

  /** The shared head figure of the last tick: the same object for every caller until the next one. */
  head(campaignId: string, now: number): HeadView {
    if (!this.schedule.get(campaignId)) throw new Refusal('NOT_FOUND', { campaignId });
    return this.#queue(campaignId, now).view;
  }

  /** After a failed commit: positions handed out and pre-queue counts, as SQLite has them. */
  reload(): void {
    const prequeue = new Map(this.#sql.prequeueCounts.all().map((r) => [r.campaignId, r.n]));
    for (const q of this.#queues.values()) {
      q.nextPosition = Math.max(q.head, this.#sql.lastPosition.get(q.campaignId)?.last ?? 0) + 1;
      q.prequeue = prequeue.get(q.campaignId) ?? 0;
    }
  }

  /** Every campaign's current head view (for /metrics). */
  heads(): HeadView[] {
    return [...this.#queues.values()].map((q) => q.view);
  }

  /** Once a second: shuffle pre-queues that have opened, then move each head. */
  tick(now: number): void {
    this.#rate = this.#storedRate();
    this.#settleShuffles(now);
    for (const q of this.#queues.values()) {
      const seconds = (now - q.lastTick) / 1000;
      if (seconds <= 0) continue;
      q.lastTick = now;
      const waiting = q.nextPosition - 1 - q.head;
      const rate = this.#rate;
      if (waiting === 0 || rate === 0) {
        q.credit = 0; // no banking of turns while nobody waits or admission is paused
        this.#saveNextPosition(q);
      } else {
        q.credit = Math.min(q.credit + rate * seconds, Math.max(1, 2 * rate));
        const room = Math.max(0, this.#opts.maxInFlight - this.#sql.inFlight.get(q.campaignId, now)!.n);
        const advance = Math.min(Math.floor(q.credit), waiting, room);
        if (advance === 0) this.#saveNextPosition(q);
        else {
          const head = q.head + advance;
          this.sqlite.transaction(() => {
            this.#sql.saveQueue.run(head, q.nextPosition, q.campaignId);
            this.#sql.markHead.run(q.campaignId, head, now);
          })();
          q.head = head;
          q.savedNext = q.nextPosition;
          q.credit -= advance;
        }
        q.meter.record(seconds, advance);
      }
      q.view = this.#view(q, now);
    }
  }

  /** Joins do not write the queue row (the ticket is the record); the tick catches it up when it changed. */
  #saveNextPosition(q: Queue): void {
    if (q.savedNext === q.nextPosition) return;
    this.#sql.saveQueue.run(q.head, q.nextPosition, q.campaignId);
    q.savedNext = q.nextPosition;
  }

  #statusOf(t: TicketRow, now: number): TicketStatus {
    const q = this.#queue(t.campaignId, now);
    const state = this.#stateOf(t, q, now);
    const base = { ticketId: t.id, campaignId: t.campaignId, state, position: t.position, opensAt: null, admitUntil: null };
    switch (state) {
      case 'prequeue': {
        const opensAt = this.#cohort(t)?.opensAt ?? null;
        const wait = opensAt ? Date.parse(opensAt) - now : 0;
        return { ...base, ahead: null, etaSeconds: null, pollAfterMs: prequeuePollAfterMs(wait, Math.random), opensAt };
      }
      case 'waiting': {
        const ahead = t.position! - q.head - 1;
        const eta = etaSeconds(ahead, q.view.admitRate);
        return { ...base, ahead, etaSeconds: eta, pollAfterMs: pollAfterMs(eta, Math.random) };
      }
      case 'admitted': {
        const until = t.admissionExpiresAt ?? this.#passedAt(t) + this.#opts.claimWindowMs;
        return { ...base, ahead: 0, etaSeconds: 0, pollAfterMs: null, admitUntil: toSeoulIso(until) };
      }
      default:
        return { ...base, ahead: state === 'booked' ? 0 : null, etaSeconds: null, pollAfterMs: null };
    }
  }

  #stateOf(t: TicketRow, q: Queue, now: number): TicketState {
    if (t.bookedAt !== null) return 'booked';
    if (t.position === null) return 'prequeue';
    if (t.admissionExpiresAt !== null) return t.admissionExpiresAt > now ? 'admitted' : 'expired';
    if (t.position > q.head) return 'waiting';
    return this.#passedAt(t) + this.#opts.claimWindowMs > now ? 'admitted' : 'expired';
  }

  /** A lapsed place, or a booking since cancelled, may queue again at the back; anything else keeps its ticket. */
  #mayRequeue(t: TicketRow, now: number): boolean {
    const state = this.#stateOf(t, this.#queue(t.campaignId, now), now);
    if (state === 'expired') return true;
    return state === 'booked' && !this.#sql.activeBooking.get(t.campaignId, t.personKey);
  }

  #passedAt(t: TicketRow): number {
    return this.#sql.passedAt.get(t.campaignId, t.position!)?.at ?? 0;
  }

  #cohort(t: TicketRow): Cohort | undefined {
    return this.schedule.get(t.campaignId)?.cohorts.find((c) => c.id === t.cohortId);
  }

  /** Shuffles, once, every cohort's pre-queue whose opening has come, and puts it at the tail in that order. */
  #settleShuffles(now: number): void {
    for (const campaign of this.schedule.all()) {
      for (const cohort of campaign.cohorts) {
        const key = `${campaign.id}/${cohort.id}`;
        if (this.#shuffled.has(key) || Date.parse(cohort.opensAt) > now) continue;
        const q = this.#queue(campaign.id, now);
        const seed = newSeed();
        const first = q.nextPosition;
        const order = shuffled(this.#sql.prequeue.all(campaign.id, cohort.id).map((r) => r.id), seed);
        this.sqlite.transaction(() => {
          order.forEach((id, i) => this.#sql.place.run(first + i, id));
          this.#sql.recordShuffle.run(campaign.id, cohort.id, seed, now, order.length, first);
          this.#sql.saveQueue.run(q.head, first + order.length, campaign.id);
        }).immediate();
        q.nextPosition = first + order.length;
        q.prequeue -= order.length;
        this.#shuffled.add(key);
      }
    }
  }

  #queue(campaignId: string, now: number): Queue {
    const existing = this.#queues.get(campaignId);
    if (existing) return existing;
    this.#sql.ensureQueue.run(campaignId);
    return this.#addQueue(campaignId, 0, 1, 0, now);
  }

  #addQueue(campaignId: string, head: number, nextPosition: number, prequeue: number, now: number): Queue {
    const q: Queue = { campaignId, head, nextPosition, savedNext: -1, prequeue, credit: 0, lastTick: now, meter: new RateMeter(), view: undefined! };
    q.view = this.#view(q, now);
    this.#queues.set(campaignId, q);
    return q;
  }

  #view(q: Queue, now: number): HeadView {
    const rate = q.meter.rate(this.#rate);
    return {
      campaignId: q.campaignId,
      admittedUpTo: q.head,
      queueLength: q.nextPosition - 1 - q.head,
      prequeueLength: q.prequeue,
      admitRate: rate === null ? null : Math.round(rate * 10) / 10,
      targetRate: this.#rate,
      at: toSeoulIso(now),
    };
  }
}
