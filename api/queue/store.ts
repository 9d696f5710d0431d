/**
 * Where the waiting room keeps its shared state: tickets, positions, heads, shuffles, admissions.
 * Two implementations: SQLite (the embedded default, one process) and Redis (any number of API
 * processes on one or many machines). Each method is one atomic step; the room's rules live above.
 */
import type { ControlState } from './controller';
import type { TicketRow } from './statements';

export type { TicketRow } from './statements';

/** A queue's counters: the last position let in, the last position handed out, the pre-queue's size. */
export interface QueueFigures {
  campaignId: string;
  head: number;
  tail: number;
  prequeue: number;
}

/** What a tick decides from, as the store has it now (shared by every process with Redis). */
export interface TickFigures extends QueueFigures {
  /** Turns let in and still held: neither booked nor refused, and their hold not run out. */
  inFlight: number;
  /** Completions so far (booked, refused, lapsed) and, of those, lapses: counters that only grow. */
  done: number;
  lapsed: number;
  /** Seconds from turn to booking of recent bookings. */
  bookSeconds: number[];
  /** Seconds from claiming the turn (queue.admit) to done, of the same bookings and refusals: the booking path end to end. */
  claimSeconds: number[];
  /** The controller's state as the last tick of any process left it (null before the first), and its version. */
  control: ControlState | null;
  version: number;
  /** Some process reported the booking path saturated within the last couple of seconds. */
  pressure: boolean;
}

/** What one tick lets in. */
export interface Admit {
  campaignId: string;
  now: number;
  /** People to let in (the head moves by this much). */
  admit: number;
  /** Until when their turns count as in flight unclaimed. */
  holdUntil: number;
  control: ControlState;
  /** The version read; if another process ticked since, nothing is written. */
  version: number;
}

/** What identifies one version of a ticket: a re-queue changes joinedAt, a claim the admission, a booking bookedAt. */
export interface Expected {
  id: string;
  joinedAt: number;
  admissionId: string | null;
  bookedAt: number | null;
}

export interface Placement {
  campaignId: string;
  cohortId: string;
  personKey: string;
  /** The ticket the person held when the decision was made (null: none); if any of these changed since, nothing is written. */
  expected: Expected | null;
  /** The ticket's id: the held one's when re-queueing, a new one otherwise. */
  id: string;
  /** Into the cohort's pre-queue (unless it has been shuffled meanwhile: then the tail). */
  prequeue: boolean;
  now: number;
}

export type PlaceResult = { placed: true; ticket: TicketRow } | { placed: false; held: TicketRow | undefined };

export interface ShuffleRecord {
  seed: string;
  tickets: number;
  firstPosition: number;
}

export interface QueueStore {
  readonly kind: 'sqlite' | 'redis';
  /**
   * Whether a join should try to place first and read only if the person turns out to hold a
   * ticket (Redis: a read is a round trip and a script of its own), rather than read first (SQLite:
   * a read is a cheap SELECT, and keeps refreshes out of the write batch).
   */
  readonly placeFirst: boolean;
  /** Every queue's figures and the cohorts already shuffled ("campaign/cohort"), at start. */
  load(): Promise<{ queues: QueueFigures[]; shuffled: string[] }>;
  ticket(id: string): Promise<TicketRow | undefined>;
  ticketOf(campaignId: string, personKey: string): Promise<TicketRow | undefined>;
  /** Gives a place (or the held ticket a new one); when the person's ticket is not `expected`, writes nothing and returns the one they hold. */
  place(p: Placement): Promise<PlaceResult>;
  /** Records the first claim of a turn (if the ticket was not re-queued since `joinedAt`); later claims change nothing. Returns the ticket as stored. */
  claim(ticketId: string, joinedAt: number, admissionId: string, now: number, expiresAt: number): Promise<TicketRow>;
  /** When the head first reached `position` (0: never recorded). */
  passedAt(campaignId: string, position: number): Promise<number>;
  /** A cohort's pre-queue in join order: the input of its shuffle. */
  prequeue(campaignId: string, cohortId: string): Promise<string[]>;
  /** Puts a shuffled pre-queue at the tail, once. 'changed': it grew since it was read; read it again. */
  applyShuffle(s: { campaignId: string; cohortId: string; seed: string; now: number; order: string[] }): Promise<'done' | 'already' | 'changed'>;
  shuffleRecord(campaignId: string, cohortId: string): Promise<ShuffleRecord | undefined>;
  /** The queue's head as stored now (another process may have moved it since this one's last tick). */
  head(campaignId: string): Promise<number>;
  /**
   * Counts out turns whose hold ran out since the last call (lapses are completions too), records
   * this process's report of pressure, and reads what a tick decides from.
   */
  tickInputs(campaignId: string, now: number, pressure: boolean): Promise<TickFigures>;
  /** Moves the head by `admit`, holding each new turn until `holdUntil`, and stores the controller's state; not if another process ticked since `version`. */
  admitNext(a: Admit): Promise<QueueFigures & { applied: boolean }>;
  /** A booking made with this admission has committed: the ticket is used and no longer in flight. */
  booked(campaignId: string, personKey: string, admissionId: string, now: number): Promise<void>;
  /** A booking with this admission was refused: its turn stops counting as in flight (the token stays valid until it expires). */
  release(campaignId: string, personKey: string, admissionId: string, now: number): Promise<void>;
  /** Per campaign: tickets handed out, and turns in flight (for /metrics). */
  counts(now: number): Promise<Array<{ campaignId: string; tickets: number; inFlight: number }>>;
  /** After a failed commit: drop in-memory state the failed writes touched. */
  reload(): void;
  close(): Promise<void>;
}
