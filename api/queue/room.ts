/**
 * The waiting room. One queue per campaign; each cohort's pre-queue is shuffled once at its
 * opening and placed at the tail, and joins after that are first come, first served. A tick
 * (once a second) moves the head by what the admission controller (controller.ts) decides from
 * the booking path's drain, never past the tail, never for places that are gone; the head view
 * carries the ETA model's forecast (eta.ts). A turn is held in flight for a short grace unless
 * claimed, then for its admission, and ends when booked or refused; an unclaimed turn may still be
 * claimed within the claim window. The head is stored before it is published, so a restart never
 * takes back a turn; positions are stored from the moment they are handed out. Where they are
 * stored is the QueueStore's business (SQLite or Redis).
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Person } from '../../shared/person';
import { eligibilityAt, type Cohort } from '../../shared/schedule';
import { refusalFor } from '../schedule/refusals';
import { toSeoulIso } from '../../shared/time';
import { etaFromHead, pollAfterMs, prequeuePollAfterMs, type HeadView, type NextOpening, type TicketState, type TicketStatus } from '../../shared/waiting';
import { DEFAULT_ADMISSION_TTL_MS, mintAdmissionToken } from '../admission/token';
import { personKey } from '../identity';
import { Refusal } from '../refusal';
import type { IdentityGate } from '../phone/gate';
import type { ScheduleStore } from '../schedule/store';
import type { Secrets } from '../secrets';
import type { Proof } from '../../shared/proof';
import { checkProof, issueChallenge, type Challenge } from './proof';
import { decide, type ControlState } from './controller';
import { forecast } from './eta';
import { newSeed, shuffled } from './shuffle';
import { prepareQueueStatements, type QueueStatements } from './statements';
import type { QueueFigures, QueueStore, TicketRow } from './store';
import { MAX_ADMIT_RATE } from '../../shared/admitRate';

export interface WaitingRoomOptions {
  /** People let in per second at most (the ceiling); 0 = paused. Given: stored for every process on this data directory; absent: the stored value. */
  admitRate?: number;
  /** People in flight (let in, not yet done) at least: the controller's window never shrinks below it. */
  minInFlight: number;
  /** People in flight at most. */
  maxInFlight: number;
  /** How long a turn may still be claimed. */
  claimWindowMs: number;
  /** How long an unclaimed turn counts as in flight: a phone polling near the front notices its turn well within it. */
  graceMs: number;
  /** How long a claimed admission may be used to book. */
  admissionTtlMs: number;
  /** Proof-of-work bits a join must carry; 0 = none. */
  powBits: number;
}

/** The default ceiling: above what one machine books (measured 4-9 thousand a second), so the controller, not a guess, sets the pace. */
export const DEFAULT_ADMIT_RATE = 10_000;
/** Anything above these is a typo, not a setting (the rate's bound is shared: the console states it). */
export { MAX_ADMIT_RATE };
export const MAX_IN_FLIGHT_BOUND = 1_000_000;

export const DEFAULT_ROOM_OPTIONS: Required<Omit<WaitingRoomOptions, 'admitRate'>> = {
  minInFlight: 500,
  maxInFlight: 50_000,
  claimWindowMs: 10 * 60 * 1000,
  graceMs: 15_000,
  admissionTtlMs: DEFAULT_ADMISSION_TTL_MS,
  powBits: 0,
};

/** What the room reads from the rest of the process each tick. */
export interface RoomProbes {
  /** The booking path is saturated (its answers are slow). */
  pressure(): boolean;
  /** Poll intervals are stretched by this while the server sheds load (1 normally). */
  backoff(): number;
  /** Free places of a campaign now (null: not known). */
  placesLeft(campaignId: string, now: number): number | null;
}

const NO_PROBES: RoomProbes = { pressure: () => false, backoff: () => 1, placesLeft: () => null };

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
  if (!Number.isFinite(perSecond) || perSecond < 0 || perSecond > MAX_ADMIT_RATE) throw new RangeError(`the admission rate is a number of people per second, from 0 to ${MAX_ADMIT_RATE}`);
  prepareQueueStatements(sqlite).setRate.run(Math.round(perSecond * 1000));
}

/** This process's picture of one queue, as of its last tick. */
interface Queue extends QueueFigures {
  control: ControlState | null;
  inFlight: number;
  placesLeft: number | null;
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
    private readonly probes: RoomProbes = NO_PROBES,
    /** Who may join a verified campaign; without one, identities are taken as declared. */
    private readonly gate?: IdentityGate,
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
  async join(campaignId: string, person: Person, now: number, proof?: Proof, credential?: string): Promise<TicketStatus> {
    const campaign = this.schedule.get(campaignId);
    if (!campaign) throw new Refusal('NOT_FOUND', { campaignId });
    checkProof(this.secrets.admissionKey, proof, person, campaignId, this.#opts.powBits, now);
    const key = personKey(this.secrets.identityKey, person);
    // Before any store is asked: SQLite and Redis rooms refuse the same people.
    this.gate?.check(campaign, key, credential, now);
    await this.ready;
    await this.#settleShuffles(now);
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

  /** Every campaign with a queue has no place left: a join's answer is "sold out", and it is not shed. */
  allSoldOut(): boolean {
    if (this.#queues.size === 0) return false;
    for (const q of this.#queues.values()) if (!q.view.soldOut) return false;
    return true;
  }

  /** Every campaign's admission controller as of this process's last tick (for /metrics). */
  controls(): Array<{ campaignId: string; pace: number; drain: number; window: number }> {
    return [...this.#queues.values()].filter((q) => q.control).map((q) => ({ campaignId: q.campaignId, pace: q.control!.rate, drain: q.control!.drain, window: q.control!.window }));
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
    const pressure = this.probes.pressure();
    for (const q of [...this.#queues.values()]) {
      const x = await this.store.tickInputs(q.campaignId, now, pressure);
      const placesLeft = this.probes.placesLeft(q.campaignId, now);
      const settings = { ceiling: this.#rate, graceSeconds: this.#opts.graceMs / 1000, minInFlight: this.#opts.minInFlight, maxInFlight: this.#opts.maxInFlight };
      const d = decide(x.control, { now, waiting: x.tail - x.head, inFlight: x.inFlight, done: x.done, lapsed: x.lapsed, bookSeconds: x.bookSeconds, claimSeconds: x.claimSeconds, pressure: x.pressure, placesLeft }, settings);
      const after = await this.store.admitNext({ campaignId: q.campaignId, now, admit: d.admit, holdUntil: now + this.#opts.graceMs, control: d.state, version: x.version });
      // Another process ticked meanwhile: its decision stands, and this one's view keeps the state it read.
      Object.assign(q, { head: after.head, tail: after.tail, prequeue: after.prequeue, inFlight: x.inFlight + (after.applied ? d.admit : 0), placesLeft });
      q.control = after.applied ? d.state : x.control;
      q.view = this.#view(q, now);
    }
  }

  /** A booking with this admission was refused: the turn stops holding a place in flight at once. */
  release(campaignId: string, personKey: string, admissionId: string, now: number): Promise<void> {
    return this.store.release(campaignId, personKey, admissionId, now);
  }

  async #statusOf(t: TicketRow, now: number): Promise<TicketStatus> {
    const q = this.#queue(t.campaignId, now);
    // Near the front, this process's head (from its own last tick) may trail another's by up to a
    // second: read the stored one, so no process says "waiting" to someone another already let in.
    if (t.position !== null && t.admissionExpiresAt === null && t.position > q.head && t.position - q.head <= Math.max(1, 2 * (q.view.admitRate ?? this.#rate))) {
      q.head = Math.max(q.head, await this.store.head(t.campaignId));
    }
    const state = await this.#stateOf(t, q, now);
    const base = { ticketId: t.id, campaignId: t.campaignId, state, position: t.position, opensAt: null, admitUntil: null, etaRange: null };
    switch (state) {
      case 'prequeue': {
        const opensAt = this.#cohort(t)?.opensAt ?? null;
        const wait = opensAt ? Date.parse(opensAt) - now : 0;
        return { ...base, ahead: null, etaSeconds: null, pollAfterMs: prequeuePollAfterMs(wait, Math.random), opensAt };
      }
      case 'waiting': {
        const ahead = t.position! - q.head - 1;
        const eta = etaFromHead(ahead, q.view);
        const poll = pollAfterMs(eta.etaRange?.[0] ?? null, Math.random, { paused: this.#rate <= 0, backoff: q.view.backoff });
        return { ...base, ahead, ...eta, pollAfterMs: poll };
      }
      case 'soldOut': {
        const ahead = t.position! - q.head - 1;
        return { ...base, ahead, etaSeconds: null, pollAfterMs: pollAfterMs(null, Math.random, { paused: true, backoff: q.view.backoff }), nextOpening: this.#nextOpening(t.campaignId, now) };
      }
      case 'admitted': {
        const until = t.admissionExpiresAt ?? (await this.store.passedAt(t.campaignId, t.position!)) + this.#opts.claimWindowMs;
        return { ...base, ahead: 0, etaSeconds: 0, pollAfterMs: null, admitUntil: toSeoulIso(until) };
      }
      default:
        return { ...base, ahead: state === 'booked' ? 0 : null, etaSeconds: null, pollAfterMs: null };
    }
  }

  /** The campaign's next cohort to open after now, if any: where to go when this opening is fully booked. */
  #nextOpening(campaignId: string, now: number): NextOpening | null {
    const next = this.schedule.get(campaignId)?.cohorts.filter((c) => Date.parse(c.opensAt) > now)
      .sort((a, b) => Date.parse(a.opensAt) - Date.parse(b.opensAt))[0];
    return next ? { cohortId: next.id, label: next.label, labelEn: next.labelEn, opensAt: next.opensAt } : null;
  }

  async #stateOf(t: TicketRow, q: Queue, now: number): Promise<TicketState> {
    if (t.bookedAt !== null) return 'booked';
    if (t.position === null) return 'prequeue';
    if (t.admissionExpiresAt !== null) return t.admissionExpiresAt > now ? 'admitted' : this.#lapsed(t);
    if (t.position > q.head) return q.view.soldOut ? 'soldOut' : 'waiting';
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
    const q: Queue = { ...figures, control: null, inFlight: 0, placesLeft: null, view: undefined! };
    q.view = this.#view(q, now);
    this.#queues.set(figures.campaignId, q);
    return q;
  }

  #view(q: Queue, now: number): HeadView {
    const soldOut = q.placesLeft === 0;
    const f = forecast(q.control, { paused: this.#rate <= 0, soldOut });
    const round = (r: number) => Math.round(r * 10) / 10;
    return {
      campaignId: q.campaignId,
      admittedUpTo: q.head,
      queueLength: q.tail - q.head,
      prequeueLength: q.prequeue,
      admitRate: f ? round(f.rate) : null,
      admitRange: f ? [round(f.range[0]), round(f.range[1])] : null,
      targetRate: this.#rate,
      inFlight: q.inFlight,
      placesLeft: q.placesLeft,
      soldOut,
      backoff: this.probes.backoff(),
      at: toSeoulIso(now),
    };
  }
}
