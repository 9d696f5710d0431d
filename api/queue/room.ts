/**
 * The waiting room. One queue per campaign; each cohort's pre-queue is shuffled once at its
 * opening and placed at the tail, and joins after that are first come, first served. A tick
 * (once a second) moves the head at the operator's rate, never past the tail and never while
 * too many claimed admissions are still unbooked; a turn nobody claims counts for nothing and
 * lapses after the claim window, so walking away stalls nobody. The head is stored before it is
 * published, so a restart never takes back a turn; positions are stored from the moment they are
 * handed out. Where they are stored is the QueueStore's business (SQLite or Redis).
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
import type { ScheduleStore } from '../schedule/store';
import type { Secrets } from '../secrets';
import type { Proof } from '../../shared/proof';
import { checkProof, issueChallenge, type Challenge } from './proof';
import { RateMeter } from './rateMeter';
import { newSeed, shuffled } from './shuffle';
import { prepareQueueStatements, type QueueStatements } from './statements';
import type { Advance, QueueFigures, QueueStore, TicketRow } from './store';

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

/** A join that keeps losing the race for one person's ticket (many devices at once) gives up after this many tries. */
const PLACE_TRIES = 5;

/** 122 random bits; randomUUID draws from a cached entropy pool, randomBytes per call cost more (profiled). */
function newTicketId(): string {
  return randomUUID().replace(/-/g, '');
}

/** Stores the admission rate where every process serving this data directory reads it at its next tick. */
export function setAdmitRate(sqlite: Database.Database, perSecond: number): void {
  if (!Number.isFinite(perSecond) || perSecond < 0) throw new RangeError('the admission rate is a number of people per second, 0 or more');
  prepareQueueStatements(sqlite).setRate.run(Math.round(perSecond * 1000));
}

/** This process's picture of one queue, as of its last tick. */
interface Queue extends QueueFigures {
  meter: RateMeter;
  view: HeadView;
}

export class WaitingRoom {
  /** Settings and bookings: always the data directory's SQLite. */
  readonly #sql: QueueStatements;
  readonly #queues = new Map<string, Queue>();
  /** "campaign/cohort" keys of cohorts whose pre-queue has been shuffled. */
  readonly #shuffled = new Set<string>();
  /** Shuffles under way in this process, by the same keys. */
  readonly #shuffling = new Map<string, Promise<void>>();
  readonly #opts: Required<Omit<WaitingRoomOptions, 'admitRate'>>;
  #rate: number;
  /** Resolves once the store's queues are read; every store call waits for it. */
  readonly ready: Promise<void>;
  #ticking: Promise<void> | null = null;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly secrets: Secrets,
    private readonly schedule: ScheduleStore,
    readonly store: QueueStore,
    opts: Partial<WaitingRoomOptions>,
    now: number,
  ) {
    const { admitRate, ...rest } = opts;
    this.#opts = { ...DEFAULT_ROOM_OPTIONS, ...rest };
    this.#sql = prepareQueueStatements(sqlite);
    if (admitRate !== undefined) this.setRate(admitRate);
    this.#rate = this.#storedRate();
    this.ready = store.load().then(({ queues, shuffled: done }) => {
      for (const q of queues) this.#addQueue(q, now);
      for (const key of done) this.#shuffled.add(key);
    });
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

  /** Takes a place for a person, or gives back the one they hold (from any tab, device or process). */
  async join(campaignId: string, person: Person, now: number, proof?: Proof): Promise<TicketStatus> {
    const campaign = this.schedule.get(campaignId);
    if (!campaign) throw new Refusal('NOT_FOUND', { campaignId });
    checkProof(this.secrets.admissionKey, proof, person, campaignId, this.#opts.powBits, now);
    await this.ready;
    await this.#settleShuffles(now);
    const key = personKey(this.secrets.identityKey, person);
    this.#queue(campaignId, now);
    const e = eligibilityAt(campaign, person.birthDate, now);
    const eligible = e.kind === 'open' || e.kind === 'prequeue';
    // The person's ticket: read first (SQLite), or learnt from a first try at placing them (Redis); null = not read yet.
    let held: TicketRow | undefined | null = eligible && this.store.placeFirst ? null : await this.store.ticketOf(campaignId, key);
    for (let tries = 0; tries < PLACE_TRIES; tries++) {
      // A refresh or a second device: answered with the place they hold, no write.
      if (held && !(await this.#mayRequeue(held, now))) return this.#statusOf(held, now);
      if (!eligible) throw refusalFor(e)!;
      // In a cohort's pre-queue everyone waits for its shuffle, newcomers and returning people alike.
      const result = await this.store.place({
        campaignId,
        cohortId: e.cohort.id,
        personKey: key,
        expected: held ? { id: held.id, joinedAt: held.joinedAt, admissionId: held.admissionId, bookedAt: held.bookedAt } : null,
        id: held?.id ?? newTicketId(),
        prequeue: e.kind === 'prequeue' && !this.#shuffled.has(`${campaignId}/${e.cohort.id}`),
        now,
      });
      if (result.placed) return this.#statusOf(result.ticket, now);
      // They hold a ticket after all (another request placed them first, or they joined before): decide again.
      held = result.held;
    }
    throw new Refusal('RATE_LIMITED', { problem: 'too many joins for one person at once' });
  }

  async status(ticketId: string, now: number): Promise<TicketStatus> {
    await this.ready;
    const t = await this.store.ticket(ticketId);
    if (!t) throw new Refusal('NOT_FOUND');
    return this.#statusOf(t, now);
  }

  /** The admission token of a ticket whose turn has come; asking again gives the same token. */
  async admit(ticketId: string, now: number, again = false): Promise<Admission> {
    await this.ready;
    let t = await this.store.ticket(ticketId);
    if (!t) throw new Refusal('NOT_FOUND');
    const status = await this.#statusOf(t, now);
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
      t = await this.store.claim(ticketId, t.joinedAt, randomUUID(), now, now + this.#opts.admissionTtlMs);
      // Re-queued from another device between the read and the claim: answer as the ticket is now.
      if (t.admissionId === null && !again) return this.admit(ticketId, now, true);
      if (t.admissionId === null) throw new Refusal('NOT_OPEN_YET');
    }
    const [id, expiresAt] = [t.admissionId!, t.admissionExpiresAt!];
    return {
      admissionToken: mintAdmissionToken(this.secrets.admissionKey, { id, campaignId: t.campaignId, personKey: t.personKey, expiresAt }),
      expiresAt: toSeoulIso(expiresAt),
    };
  }

  /** A booking made with this admission has committed. */
  booked(campaignId: string, personKey: string, admissionId: string, now: number): Promise<void> {
    return this.store.booked(campaignId, personKey, admissionId, now);
  }

  /** The shared head figure of the last tick: the same object for every caller until the next one. */
  head(campaignId: string, now: number): HeadView {
    if (!this.schedule.get(campaignId)) throw new Refusal('NOT_FOUND', { campaignId });
    return this.#queue(campaignId, now).view;
  }

  /** After a failed commit: drop what the store holds in memory for the failed writes. */
  reload(): void {
    this.store.reload();
  }

  /** Every campaign's current head view (for /metrics). */
  heads(): HeadView[] {
    return [...this.#queues.values()].map((q) => q.view);
  }

  /** Once a second: shuffle pre-queues that have opened, then move each head. A tick still running is not started again. */
  tick(now: number): Promise<void> {
    this.#ticking ??= this.#tick(now).finally(() => {
      this.#ticking = null;
    });
    return this.#ticking;
  }

  async #tick(now: number): Promise<void> {
    await this.ready;
    this.#rate = this.#storedRate();
    await this.#settleShuffles(now);
    for (const q of [...this.#queues.values()]) {
      const a = await this.store.advance(q.campaignId, now, this.#rate, this.#opts.maxInFlight);
      this.#apply(q, a, now);
    }
  }

  #apply(q: Queue, a: Advance, now: number): void {
    // Ticks with people waiting and admission on feed the measured rate; idle time does not dilute it.
    if (a.seconds > 0 && this.#rate > 0 && a.tail - (a.head - a.advanced) > 0) q.meter.record(a.seconds, a.advanced);
    q.head = a.head;
    q.tail = a.tail;
    q.prequeue = a.prequeue;
    q.view = this.#view(q, now);
  }

  async #statusOf(t: TicketRow, now: number): Promise<TicketStatus> {
    const q = this.#queue(t.campaignId, now);
    // Near the front, this process's head (from its own last tick) may trail another's by up to a
    // second: read the stored one, so no process says "waiting" to someone another already let in.
    if (t.position !== null && t.admissionExpiresAt === null && t.position > q.head && t.position - q.head <= Math.max(1, 2 * this.#rate)) {
      q.head = Math.max(q.head, await this.store.head(t.campaignId));
    }
    const state = await this.#stateOf(t, q, now);
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
        const until = t.admissionExpiresAt ?? (await this.store.passedAt(t.campaignId, t.position!)) + this.#opts.claimWindowMs;
        return { ...base, ahead: 0, etaSeconds: 0, pollAfterMs: null, admitUntil: toSeoulIso(until) };
      }
      default:
        return { ...base, ahead: state === 'booked' ? 0 : null, etaSeconds: null, pollAfterMs: null };
    }
  }

  async #stateOf(t: TicketRow, q: Queue, now: number): Promise<TicketState> {
    if (t.bookedAt !== null) return 'booked';
    if (t.position === null) return 'prequeue';
    if (t.admissionExpiresAt !== null) return t.admissionExpiresAt > now ? 'admitted' : this.#lapsed(t);
    if (t.position > q.head) return 'waiting';
    return (await this.store.passedAt(t.campaignId, t.position)) + this.#opts.claimWindowMs > now ? 'admitted' : this.#lapsed(t);
  }

  /** A turn that ran out, unless its admission made a booking the ticket was not told of (Redis: a failed second step). */
  #lapsed(t: TicketRow): TicketState {
    return t.admissionId !== null && this.#sql.admissionBooking.get(t.admissionId) ? 'booked' : 'expired';
  }

  /**
   * A lapsed place, or a booking since cancelled, may queue again at the back; anything else keeps
   * its ticket. A ticket whose own admission made an active booking reads as booked even if the
   * ticket was not told (with Redis that mark is a second step after the commit, and can fail).
   */
  async #mayRequeue(t: TicketRow, now: number): Promise<boolean> {
    const state = await this.#stateOf(t, this.#queue(t.campaignId, now), now);
    if (state === 'expired') return true;
    return state === 'booked' && !this.#sql.activeBooking.get(t.campaignId, t.personKey);
  }

  #cohort(t: TicketRow): Cohort | undefined {
    return this.schedule.get(t.campaignId)?.cohorts.find((c) => c.id === t.cohortId);
  }

  /** Shuffles, once, every cohort's pre-queue whose opening has come, and puts it at the tail in that order. */
  async #settleShuffles(now: number): Promise<void> {
    for (const campaign of this.schedule.all()) {
      for (const cohort of campaign.cohorts) {
        const key = `${campaign.id}/${cohort.id}`;
        if (this.#shuffled.has(key) || Date.parse(cohort.opensAt) > now) continue;
        // Every join at the opening waits for one shuffle in this process, not one each.
        let running = this.#shuffling.get(key);
        if (!running) {
          running = this.#shuffle(campaign.id, cohort.id, now).finally(() => this.#shuffling.delete(key));
          this.#shuffling.set(key, running);
        }
        await running;
      }
    }
  }

  async #shuffle(campaignId: string, cohortId: string, now: number): Promise<void> {
    this.#queue(campaignId, now);
    // Another process may have done it: one small read instead of reading the whole pre-queue.
    while (!(await this.store.shuffleRecord(campaignId, cohortId))) {
      const seed = newSeed();
      const order = shuffled(await this.store.prequeue(campaignId, cohortId), seed);
      const outcome = await this.store.applyShuffle({ campaignId, cohortId, seed, now, order });
      if (outcome !== 'changed') break; // 'already': another process shuffled it meanwhile
    }
    this.#shuffled.add(`${campaignId}/${cohortId}`);
  }

  #queue(campaignId: string, now: number): Queue {
    return this.#queues.get(campaignId) ?? this.#addQueue({ campaignId, head: 0, tail: 0, prequeue: 0 }, now);
  }

  #addQueue(figures: QueueFigures, now: number): Queue {
    const q: Queue = { ...figures, meter: new RateMeter(), view: undefined! };
    q.view = this.#view(q, now);
    this.#queues.set(figures.campaignId, q);
    return q;
  }

  #view(q: Queue, now: number): HeadView {
    const rate = q.meter.rate(this.#rate);
    return {
      campaignId: q.campaignId,
      admittedUpTo: q.head,
      queueLength: q.tail - q.head,
      prequeueLength: q.prequeue,
      admitRate: rate === null ? null : Math.round(rate * 10) / 10,
      targetRate: this.#rate,
      at: toSeoulIso(now),
    };
  }
}
