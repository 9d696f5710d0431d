/**
 * This process under load, and what it sheds. Every 250 ms it reads the event loop's delay (the
 * mean over the quarter second: a loop that is behind is late on every turn, while one garbage
 * collection or one long tick is late once and says nothing of load) and the requests in flight,
 * and moves the share of new joins it
 * accepts (client throttling with a feedback loop, as in the SRE book's "Handling Overload"):
 * - busy (the mean delay above ENTER_LAG_MS, bookings answered slowly, or more requests in flight than MAX_IN_FLIGHT): the share
 *   is cut by a third; calm (under EXIT_LAG_MS and half the cap): it grows back by a quarter;
 *   in between it holds. It never falls below MIN_ACCEPT, so the queue always fills: shedding
 *   every join would leave the waiting room empty while the crowd retries.
 * - A shed join gets 503 + Retry-After, longer the smaller the share (fewer retries when busier);
 *   status polls are told to come back later (SHED_BACKOFF) while any is shed; booking.submit and
 *   queue.admit are never shed.
 * - pressure (the admission controller's signal): booking.submit answered slowly over the last
 *   second (p90 above SLOW_BOOKING_MS, the commit's wait included). A late loop alone is not
 *   pressure on bookings: its answer is shedding joins (and bookings commit ahead of joins).
 * The decisions are pure (`nextLoad`), so tests give them samples; the class only wires timers.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export const SAMPLE_MS = 250;
const RESOLUTION_MS = 10;
export const ENTER_LAG_MS = 100;
export const EXIT_LAG_MS = 40;
export const MAX_IN_FLIGHT = 2_000;
export const MIN_ACCEPT = 0.05;
export const SLOW_BOOKING_MS = 250;
/** Poll intervals are stretched this much while joins are shed. */
export const SHED_BACKOFF = 3;

export interface LoadState {
  /** The share of new joins accepted: 1 when nothing is shed. */
  accept: number;
  lagMs: number;
}

export interface LoadLimits {
  /** Event-loop delay (ms) above which new joins are shed. */
  enterLagMs: number;
  /** Requests in flight above which new joins are shed. */
  maxInFlight: number;
}

export const DEFAULT_LOAD_LIMITS: LoadLimits = { enterLagMs: ENTER_LAG_MS, maxInFlight: MAX_IN_FLIGHT };

export function nextLoad(s: LoadState, sample: { lagMs: number; inFlight: number }, limits: LoadLimits = DEFAULT_LOAD_LIMITS): LoadState {
  const busy = sample.lagMs > limits.enterLagMs || sample.inFlight > limits.maxInFlight;
  const calm = sample.lagMs < Math.min(EXIT_LAG_MS, limits.enterLagMs) && sample.inFlight < limits.maxInFlight / 2;
  const accept = busy ? Math.max(MIN_ACCEPT, s.accept * 0.67) : calm ? Math.min(1, s.accept * 1.25 + 0.02) : s.accept;
  return { accept, lagMs: sample.lagMs };
}

/** Seconds a shed join is told to wait: 2 s when little is shed, up to 10 s when nearly all is. */
export function retryAfterSeconds(accept: number, random: number): number {
  return Math.round(Math.min(10, Math.max(2, 2 / accept)) * (0.75 + 0.5 * random));
}

/** The 90th percentile of a second's booking latencies, in ms (0 when there were none). */
export function p90Ms(seconds: number[]): number {
  if (seconds.length === 0) return 0;
  const sorted = seconds.slice().sort((a, b) => a - b);
  return 1000 * sorted[Math.min(sorted.length - 1, Math.floor(0.9 * sorted.length))]!;
}

export class LoadMonitor {
  #state: LoadState = { accept: 1, lagMs: 0 };
  #histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  #timer: NodeJS.Timeout | null = null;
  #samples = 0;
  #bookings: number[] = [];
  #slowBookingsMs = 0;
  /** HTTP requests accepted and not yet answered. */
  inFlight = 0;
  /** Calls refused to shed load, by procedure. */
  readonly shed = new Map<string, number>();

  constructor(private readonly limits: LoadLimits = DEFAULT_LOAD_LIMITS) {}

  start(): this {
    this.#histogram.enable();
    this.#timer = setInterval(() => this.#sample(), SAMPLE_MS);
    this.#timer.unref();
    return this;
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#histogram.disable();
  }

  #sample(): void {
    // Slow bookings count as busy too: bookings come first, so joins make room for them.
    // The histogram records whole intervals between its checks: the delay is what exceeds the resolution.
    const lagMs = this.#histogram.count > 0 ? Math.max(0, this.#histogram.mean / 1e6 - RESOLUTION_MS) : 0;
    this.#histogram.reset();
    this.#state = nextLoad(this.#state, { lagMs: Math.max(lagMs, this.#slowBookingsMs > SLOW_BOOKING_MS ? this.limits.enterLagMs + 1 : 0), inFlight: this.inFlight }, this.limits);
    if (++this.#samples % Math.round(1000 / SAMPLE_MS) === 0) {
      this.#slowBookingsMs = p90Ms(this.#bookings);
      this.#bookings = [];
    }
  }

  /** A booking.submit answered after `seconds`. */
  booking(seconds: number): void {
    if (this.#bookings.length < 10_000) this.#bookings.push(seconds);
  }

  /** Some joins are being shed. */
  get saturated(): boolean {
    return this.#state.accept < 1;
  }

  /** The share of new joins accepted now. */
  get accept(): number {
    return this.#state.accept;
  }

  /** Whether to shed this join: each is accepted with the current share. */
  shedJoin(): boolean {
    return this.#state.accept < 1 && Math.random() >= this.#state.accept;
  }

  /** The event loop's delay (mean over the last quarter second), ms. */
  get lagMs(): number {
    return this.#state.lagMs;
  }

  /** The booking path is saturated: the admission controller slows down. */
  pressure(): boolean {
    return this.#slowBookingsMs > SLOW_BOOKING_MS;
  }

  backoff(): number {
    return this.saturated ? SHED_BACKOFF : 1;
  }

  /** Counts a shed call; says when to come back (spread, so the retries do not arrive together). */
  shedOne(procedure: string): number {
    this.shed.set(procedure, (this.shed.get(procedure) ?? 0) + 1);
    return retryAfterSeconds(this.#state.accept, Math.random());
  }
}
