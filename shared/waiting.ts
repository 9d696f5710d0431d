/** The waiting room on the wire, and the pure rules both sides use: ETA from people ahead and the measured rate, and how long to wait before polling again. */

export type TicketState = 'prequeue' | 'waiting' | 'admitted' | 'expired' | 'booked';

export interface TicketStatus {
  ticketId: string;
  campaignId: string;
  state: TicketState;
  /** The ticket's number in the queue (null in the pre-queue, until the shuffle at opening). */
  position: number | null;
  /** People still in front, not yet admitted. */
  ahead: number | null;
  /** Null when unknown: in the pre-queue, or while admission is paused or stalled. */
  etaSeconds: number | null;
  /** When to ask again; grows with the distance from the head, with jitter. Null when there is nothing to wait for. */
  pollAfterMs: number | null;
  /** When the pre-queue is shuffled and admission starts (pre-queue only). */
  opensAt: string | null;
  /** Until when an admitted person may claim or use their admission. */
  admitUntil: string | null;
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
  /** People let in per second, measured over the recent past while people were waiting; null when paused or stalled. */
  admitRate: number | null;
  /** The operator's setting; 0 = paused. */
  targetRate: number;
  /** The tick this answer belongs to. */
  at: string;
}

export const MIN_POLL_MS = 2_000;
export const MAX_POLL_MS = 60_000;
/** Poll again after this share of the remaining wait: a few polls per halving of the distance. */
export const POLL_SHARE_OF_WAIT = 0.25;
const STALLED_POLL_MS = 30_000;

/** Seconds until a ticket with `ahead` people in front is let in at `rate` per second; null if the rate is unknown or zero. */
export function etaSeconds(ahead: number, rate: number | null): number | null {
  if (rate === null || !(rate > 0)) return null;
  return Math.round((ahead + 1) / rate);
}

/** ±20% jitter so that phones at the same distance do not poll in step. */
export function jitter(ms: number, random: () => number): number {
  return Math.round(ms * (0.8 + 0.4 * random()));
}

export function pollAfterMs(eta: number | null, random: () => number): number {
  if (eta === null) return jitter(STALLED_POLL_MS, random);
  return jitter(Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, eta * 1000 * POLL_SHARE_OF_WAIT)), random);
}

/** In the pre-queue nothing changes until the opening: ask just after it, spread over five seconds. */
export function prequeuePollAfterMs(msUntilOpening: number, random: () => number): number {
  return Math.min(5 * 60_000, Math.max(0, msUntilOpening)) + 500 + Math.round(random() * 5_000);
}
