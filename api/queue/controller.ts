/**
 * Closed-loop admission: how many people a tick lets in. Pure and deterministic (the caller gives
 * the clock and the measurements), so every process and every test decides the same way.
 *
 * The booking path drains admitted people: they book, are refused (and release their turn) or
 * lapse. The controller measures that drain (completions per second, smoothed over a few seconds)
 * and the time people take from their turn to done (p90 of recent bookings), and:
 * - paces admission at a rate that follows the drain: it grows while the booking path has room
 *   (fast at the opening, three per cent a second afterwards) and is cut below the drain when
 *   the path reports pressure (bookings answered slowly), so it finds the machine's capacity
 *   without anyone tuning a rate, and a drain that halves pulls it down within seconds;
 * - caps the people admitted-but-not-done at a window that follows from that drain and the time
 *   people take (Little's law, with headroom): whenever someone finishes, someone else may come
 *   in, and when nobody finishes (the path is stuck) admission stops at the window;
 * - counts people who walk away as done once their turn lapses, so the dead hold nothing;
 * - lets nobody in for places that are gone or held by people let in before them.
 * The operator's rate is a ceiling (0 pauses); minInFlight/maxInFlight bound the window.
 * docs/WAITING.md has the model with its numbers.
 */

export interface ControlSettings {
  /** People per second at most (the operator's rate); 0 = paused. */
  ceiling: number;
  /** Seconds an unclaimed turn is held (counted in flight) before it lapses. */
  graceSeconds: number;
  /** The window never shrinks below this: admission keeps moving while the drain is being learnt. */
  minInFlight: number;
  /** Nor grows above this. */
  maxInFlight: number;
}

/** What a tick decides from: shared figures as the store has them now. */
export interface ControlInputs {
  now: number;
  /** People with a position, not yet let in. */
  waiting: number;
  /** People let in and not yet done (their turn or admission still held). */
  inFlight: number;
  /** Completions so far (booked, released after a refusal, lapsed): a counter that only grows. */
  done: number;
  /** Of those, turns that lapsed (nobody booked with them): people who never reached the booking path. */
  lapsed: number;
  /** Seconds from turn to booking of recent bookings (any order). */
  bookSeconds: number[];
  /** The booking path is saturated now (its answers are slow). */
  pressure: boolean;
  /** Free places of the campaign; null when not known. */
  placesLeft: number | null;
}

/** One tick: seconds covered, people let in, whether admission was free to run (the ETA model reads these), people served by the booking path (done, not lapsed). */
export type TickRecord = [seconds: number, admitted: number, flowing: 0 | 1, served: number];

export interface ControlState {
  /** Epoch ms of the last decision; 0 before the first. */
  at: number;
  /** The completions and lapses counters at that decision. */
  done: number;
  lapsed: number;
  /** Completions per second, smoothed. */
  drain: number;
  /** The pace of admission, people per second (before the ceiling). */
  rate: number;
  /** Admissions earned at that pace and not yet used (at most a second's worth). */
  credit: number;
  /** Growing fast until the booking path first says it is saturated. */
  startup: boolean;
  /** The window at the last decision (for metrics and the operator). */
  window: number;
  /** The last ticks, oldest first. */
  ticks: TickRecord[];
}

/** Seconds over which the drain is smoothed. */
export const DRAIN_TAU_S = 3;
/** Time to book assumed before any booking has been measured. */
export const PRIOR_BOOK_SECONDS = 10;
/** The pace at the opening, people per second: small for any server, and doubled every ~2 s. */
export const START_RATE = 200;
/** Growth per second at the opening, until the first pressure. */
export const STARTUP_GROWTH = 1.5;
/** Growth per second afterwards, while the pace binds and the booking path has room. */
export const PROBE_GROWTH = 0.03;
/** The pace after a tick under pressure, as a share of the best drain of the last PEAK_SECONDS: saturated, that is the path's capacity. */
export const PRESSURE_CUT = 0.9;
export const PEAK_SECONDS = 5;
/** The pace never runs further ahead of the best recent drain than this (but may always go START_RATE). */
export const DRAIN_LEAD = 2;
/** The window as a multiple of drain × time to book. */
export const WINDOW_HEADROOM = 2;
/** Ticks kept for the ETA. */
export const HISTORY_TICKS = 60;
/** A tick never covers more than this (a process that stalled must not admit a backlog at once). */
const MAX_TICK_SECONDS = 5;

export function initialState(s: ControlSettings): ControlState {
  return { at: 0, done: 0, lapsed: 0, drain: 0, rate: START_RATE, credit: 0, startup: true, window: s.minInFlight, ticks: [] };
}

export function percentile(xs: number[], p: number): number | null {
  if (xs.length === 0) return null;
  const sorted = xs.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** The best served-per-second of the last PEAK_SECONDS, this tick's included: saturated, the booking path's capacity. */
function peakServed(ticks: TickRecord[], now: number): number {
  let best = now;
  let covered = 0;
  for (let i = ticks.length - 1; i >= 0 && covered < PEAK_SECONDS; i--) {
    const [dt, , , served] = ticks[i]!;
    covered += dt;
    best = Math.max(best, served / dt);
  }
  return best;
}

export function decide(prev: ControlState | null, x: ControlInputs, s: ControlSettings): { admit: number; state: ControlState } {
  const st = prev ?? initialState(s);
  // The first decision covers one second, as if the previous had just been made.
  const elapsed = st.at === 0 ? 1 : (x.now - st.at) / 1000;
  if (elapsed <= 0) return { admit: 0, state: st }; // another process decided just now
  const dt = Math.min(elapsed, MAX_TICK_SECONDS);

  const completions = st.at === 0 ? 0 : Math.max(0, x.done - st.done);
  const lapses = st.at === 0 ? 0 : Math.min(completions, Math.max(0, x.lapsed - st.lapsed));
  const served = completions - lapses;
  const drain = st.drain + (1 - Math.exp(-dt / DRAIN_TAU_S)) * (completions / dt - st.drain);
  const bookTime = clamp(percentile(x.bookSeconds, 0.9) ?? PRIOR_BOOK_SECONDS, 1, 600);
  const paused = s.ceiling <= 0;
  // The pace binds when more people wait than it lets in: only then is growing it informative.
  const binds = x.waiting > st.rate * dt;

  let rate = st.rate;
  let startup = st.startup;
  let window: number;
  if (x.pressure) {
    // Saturated: the best recent rate the path served is its capacity. Pace below it, and let nobody
    // else in until the people in flight are down to what the path holds unhurried (capacity × the
    // median time to book), plus those who will walk away.
    startup = false;
    const capacity = peakServed(st.ticks, served / dt);
    rate = Math.min(rate, capacity * PRESSURE_CUT);
    // Those who will walk away hold their turn for the grace whatever the path does: room for them too.
    window = capacity * (percentile(x.bookSeconds, 0.5) ?? PRIOR_BOOK_SECONDS) + (lapses / dt) * s.graceSeconds;
  } else {
    if (!paused && binds) rate *= startup ? STARTUP_GROWTH ** dt : 1 + PROBE_GROWTH * dt;
    // Growth is earned by completions: people who do not finish (walked away, slow) do not speed it up.
    rate = Math.min(rate, Math.max(START_RATE, DRAIN_LEAD * peakServed(st.ticks, served / dt)));
    window = Math.max(drain, rate) * bookTime * WINDOW_HEADROOM;
  }
  rate = clamp(rate, 1, Math.max(1, s.ceiling));
  window = clamp(window, Math.min(s.minInFlight, s.maxInFlight), s.maxInFlight);

  let credit = paused || x.waiting <= 0 ? 0 : Math.min(st.credit + rate * dt, Math.max(1, rate));
  const room = Math.max(0, Math.floor(window - x.inFlight));
  // Nobody is let in for a place that is gone, or held by someone let in before them.
  const places = x.placesLeft === null ? Infinity : Math.max(0, x.placesLeft - x.inFlight);
  const admit = Math.max(0, Math.min(Math.floor(credit), x.waiting, room, places));
  credit -= admit;
  const flowing: 0 | 1 = x.waiting > 0 && !paused && places > 0 ? 1 : 0;
  const ticks = [...st.ticks, [dt, admit, flowing, served] as TickRecord].slice(-HISTORY_TICKS);
  return { admit, state: { at: x.now, done: x.done, lapsed: x.lapsed, drain, rate, credit, startup, window, ticks } };
}
