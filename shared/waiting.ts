/** The waiting room on the wire, and the pure rules both sides use: the ETA (a middle and an honest range) from people ahead and the forecast rate, and how long to wait before polling again. */

export type TicketState = 'prequeue' | 'waiting' | 'admitted' | 'expired' | 'booked' | 'soldOut';

/** A cohort of the same campaign that opens later: where people go when this opening is fully booked. */
export interface NextOpening {
  cohortId: string;
  label: string;
  labelEn: string;
  opensAt: string;
}

export interface TicketStatus {
  ticketId: string;
  campaignId: string;
  state: TicketState;
  /** The ticket's number in the queue (null in the pre-queue, until the shuffle at opening). */
  position: number | null;
  /** People still in front, not yet admitted. */
  ahead: number | null;
  /** The middle of the estimate; null when unknown: in the pre-queue, while estimating, paused or sold out. */
  etaSeconds: number | null;
  /** The estimate as a range [earliest, latest] in seconds; null whenever etaSeconds is. */
  etaRange: [number, number] | null;
  /** When to ask again; grows with the distance from the head, with jitter. Null when there is nothing to wait for. */
  pollAfterMs: number | null;
  /** When the pre-queue is shuffled and admission starts (pre-queue only). */
  opensAt: string | null;
  /** Until when an admitted person may claim or use their admission. */
  admitUntil: string | null;
  /** soldOut only: the campaign's next opening, if any. Places freed by cancellations go to the queue in order. */
  nextOpening?: NextOpening | null;
}

/** The one shared answer of queue.head: the same for everyone, computed once per tick, cacheable. */
export interface HeadView {
  campaignId: string;
  /** Every position up to this one has been let in. */
  admittedUpTo: number;
  /** Positions handed out and not yet let in. */
  queueLength: number;
  /** Tickets in the pre-queue, waiting for the shuffle. */
  prequeueLength: number;
  /** The forecast admission rate (people per second, the middle); null while estimating, paused or sold out. */
  admitRate: number | null;
  /** The forecast as a range [slowest, fastest] people per second; null whenever admitRate is. */
  admitRange: [number, number] | null;
  /** The operator's ceiling on the rate; 0 = paused. */
  targetRate: number;
  /** People let in and not yet done (booked, refused or lapsed). */
  inFlight: number;
  /** Free places left in the campaign (null: not known). */
  placesLeft: number | null;
  /** No place is left: everyone waiting is told so, and admission resumes in order if places come back. */
  soldOut: boolean;
  /** Poll intervals are multiplied by this while the server sheds load (1 normally). */
  backoff: number;
  /** The tick this answer belongs to. */
  at: string;
}

export const MIN_POLL_MS = 2_000;
/**
 * Far back, still often enough that a sold-out is learnt within 10 s (7 s +20% jitter + the head's
 * one-second tick). The head is one cacheable object, so the cost lands on the cache, not the origin.
 */
export const MAX_POLL_MS = 7_000;
/** Poll again after this share of the earliest the turn may come: a few polls per halving of the distance. */
export const POLL_SHARE_OF_WAIT = 0.25;
/** While the rate is being estimated nobody knows how soon a turn comes: assume it could be fast. */
const UNKNOWN_POLL_MS = 3_000;
const PAUSED_POLL_MS = 10_000;

/** Seconds until a ticket with `ahead` people in front is let in at `rate` per second; null if the rate is unknown or zero. */
export function etaSeconds(ahead: number, rate: number | null): number | null {
  if (rate === null || !(rate > 0)) return null;
  return Math.round((ahead + 1) / rate);
}

/** [earliest, latest] seconds for `ahead` people in front at a rate between range[0] and range[1] per second. */
export function etaRange(ahead: number, range: [number, number] | null): [number, number] | null {
  if (range === null || !(range[0] > 0) || !(range[1] > 0)) return null;
  return [Math.floor((ahead + 1) / range[1]), Math.ceil((ahead + 1) / range[0])];
}

/** The ETA of a waiting place as the head publishes it. */
export function etaFromHead(ahead: number, head: Pick<HeadView, 'admitRate' | 'admitRange' | 'soldOut'>): { etaSeconds: number | null; etaRange: [number, number] | null } {
  if (head.soldOut) return { etaSeconds: null, etaRange: null };
  const range = etaRange(ahead, head.admitRange);
  const middle = etaSeconds(ahead, head.admitRate);
  return range && middle !== null ? { etaSeconds: middle, etaRange: range } : { etaSeconds: null, etaRange: null };
}

/** ±20% jitter so that phones at the same distance do not poll in step. */
export function jitter(ms: number, random: () => number): number {
  return Math.round(ms * (0.8 + 0.4 * random()));
}

/**
 * When a waiting phone asks again: a quarter of the earliest its turn may come (between 2 s and
 * 7 s), every few seconds while the rate is still being estimated, less often while paused;
 * stretched by the server's backoff while it sheds load, but never beyond MAX_POLL_MS (or the
 * paused interval): stretched to 21 s, people waiting when the last place went learnt it 25.7 s
 * later in the 1/10 replay, and the head costs the origin one request a second per cache however
 * often phones read it.
 */
export function pollAfterMs(earliestSeconds: number | null, random: () => number, opts: { paused?: boolean; backoff?: number } = {}): number {
  const base = earliestSeconds === null
    ? (opts.paused ? PAUSED_POLL_MS : UNKNOWN_POLL_MS)
    : Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, earliestSeconds * 1000 * POLL_SHARE_OF_WAIT));
  return jitter(Math.min(base * Math.max(1, opts.backoff ?? 1), Math.max(base, MAX_POLL_MS)), random);
}

/** In the pre-queue nothing changes until the opening: ask just after it, spread over five seconds. */
export function prequeuePollAfterMs(msUntilOpening: number, random: () => number): number {
  return Math.min(5 * 60_000, Math.max(0, msUntilOpening)) + 500 + Math.round(random() * 5_000);
}
