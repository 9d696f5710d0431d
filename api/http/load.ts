/**
 * This process under load, and what it sheds. Every 250 ms it reads the event loop's delay (p99
 * over the quarter second) and the requests in flight:
 * - saturated (shed): the delay above ENTER_LAG_MS, or more requests in flight than MAX_IN_FLIGHT;
 *   it stays so until the delay has been under EXIT_LAG_MS, and the requests under half the cap,
 *   for a whole second (hysteresis, so it does not flap). While saturated, new queue.join calls get
 *   503 + Retry-After and status polls are told to come back later; booking.submit and
 *   queue.admit are never shed.
 * - pressure (the admission controller's signal): booking.submit answered slowly over the last
 *   second (p90 above SLOW_BOOKING_MS), or the loop so far behind that every answer is late.
 * The decisions are pure (`nextLoad`), so tests give them samples; the class only wires timers.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export const SAMPLE_MS = 250;
export const ENTER_LAG_MS = 50;
export const EXIT_LAG_MS = 20;
export const CALM_MS = 1000;
export const MAX_IN_FLIGHT = 2_000;
export const SLOW_BOOKING_MS = 250;
/** A loop this far behind makes every answer late, bookings included. */
export const PRESSURE_LAG_MS = 200;
/** Poll intervals are stretched this much while saturated. */
export const SHED_BACKOFF = 3;

export interface LoadState {
  saturated: boolean;
  /** When the figures were last all calm while saturated (null: not calm). */
  calmSince: number | null;
  lagMs: number;
}

export interface LoadLimits {
  /** Event-loop delay (ms) above which new joins are shed. */
  enterLagMs: number;
  /** Requests in flight above which new joins are shed. */
  maxInFlight: number;
}

export const DEFAULT_LOAD_LIMITS: LoadLimits = { enterLagMs: ENTER_LAG_MS, maxInFlight: MAX_IN_FLIGHT };

export function nextLoad(s: LoadState, sample: { now: number; lagMs: number; inFlight: number }, limits: LoadLimits = DEFAULT_LOAD_LIMITS): LoadState {
  const busy = sample.lagMs > limits.enterLagMs || sample.inFlight > limits.maxInFlight;
  if (!s.saturated) return { saturated: busy, calmSince: null, lagMs: sample.lagMs };
  const calm = sample.lagMs < Math.min(EXIT_LAG_MS, limits.enterLagMs) && sample.inFlight < limits.maxInFlight / 2;
  if (!calm) return { saturated: true, calmSince: null, lagMs: sample.lagMs };
  const since = s.calmSince ?? sample.now;
  return { saturated: sample.now - since < CALM_MS, calmSince: since, lagMs: sample.lagMs };
}

/** The 90th percentile of a second's booking latencies, in ms (0 when there were none). */
export function p90Ms(seconds: number[]): number {
  if (seconds.length === 0) return 0;
  const sorted = seconds.slice().sort((a, b) => a - b);
  return 1000 * sorted[Math.min(sorted.length - 1, Math.floor(0.9 * sorted.length))]!;
}

export class LoadMonitor {
  #state: LoadState = { saturated: false, calmSince: null, lagMs: 0 };
  #histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
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
    const lagMs = this.#histogram.count > 0 ? this.#histogram.percentile(99) / 1e6 : 0;
    this.#histogram.reset();
    this.#state = nextLoad(this.#state, { now: Date.now(), lagMs, inFlight: this.inFlight }, this.limits);
    if (++this.#samples % Math.round(1000 / SAMPLE_MS) === 0) {
      this.#slowBookingsMs = p90Ms(this.#bookings);
      this.#bookings = [];
    }
  }

  /** A booking.submit answered after `seconds`. */
  booking(seconds: number): void {
    if (this.#bookings.length < 10_000) this.#bookings.push(seconds);
  }

  get saturated(): boolean {
    return this.#state.saturated;
  }

  /** The event loop's delay (p99 of the last quarter second), ms. */
  get lagMs(): number {
    return this.#state.lagMs;
  }

  /** The booking path is saturated: the admission controller slows down. */
  pressure(): boolean {
    return this.#slowBookingsMs > SLOW_BOOKING_MS || this.#state.lagMs > PRESSURE_LAG_MS;
  }

  backoff(): number {
    return this.#state.saturated ? SHED_BACKOFF : 1;
  }

  /** Counts a shed call; says when to come back (2 to 6 s, spread so the retries do not arrive together). */
  shedOne(procedure: string): number {
    this.shed.set(procedure, (this.shed.get(procedure) ?? 0) + 1);
    return 2 + Math.round(Math.random() * 4);
  }
}
