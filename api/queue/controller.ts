/**
 * Closed-loop admission: how many people a tick lets in. Pure and deterministic (the caller gives
 * the clock and the measurements), so every process and every test decides the same way.
 *
 * The booking path drains admitted people: they book, are refused (and release their turn) or
 * lapse. The controller measures that drain (completions per second, smoothed over a few seconds)
 * and the time people take from their turn to done (p90 of recent bookings), and:
 * - paces admission at a rate that follows the drain: it grows while the booking path has room
 *   (fast at the opening and back up to what the path has lately shown it serves, three per cent
 *   a second beyond) and is cut below the drain when the path reports pressure (bookings answered
 *   slowly), so it finds the machine's capacity without anyone tuning a rate, and a drain that
 *   halves pulls it down within seconds;
 * - caps the people admitted-but-not-done at a window that follows from that drain and the time
 *   people take (Little's law: drain × median time to book, with headroom, plus room for those
 *   walking away): whenever someone finishes, someone else may come in, and when nobody finishes
 *   (the path is stuck) admission stops at the window;
 * - counts people who walk away as done once their turn lapses, so the dead hold nothing;
 * - lets nobody in for places that are gone or held by people let in before them (each counted as
 *   the share of people lately let in who took a place, so the last places go quickly when most are refused).
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
  /** Seconds from claiming a turn (queue.admit) to done, of recent bookings and refusals: the booking path end to end, as the citizen waits for it. */
  claimSeconds?: number[];
  /** The booking path is saturated now (its answers are slow). */
  pressure: boolean;
  /** Free places of the campaign; null when not known. */
  placesLeft: number | null;
}

/** One tick: seconds covered, people let in, whether admission was free to run (the ETA model reads these), people served by the booking path (done, not lapsed), the median time to book then. */
export type TickRecord = [seconds: number, admitted: number, flowing: 0 | 1, served: number, medianBook: number];

export interface ControlState {
  /** Epoch ms of the last decision; 0 before the first. */
  at: number;
  /** The completions and lapses counters at that decision. */
  done: number;
  lapsed: number;
  /** Completions per second, smoothed; and of them, lapses. */
  drain: number;
  lapseRate: number;
  /** The pace of admission, people per second (before the ceiling). */
  rate: number;
  /** Admissions earned at that pace and not yet used (at most a second's worth). */
  credit: number;
  /** Growing fast until the booking path first says it is saturated. */
  startup: boolean;
  /** The booking path's capacity as last measured under pressure (served per second); 0 before. */
  capacity: number;
  /** Epoch ms of the last tick under pressure, and of the last cut; 0 never. */
  pressureAt: number;
  cutAt: number;
  /** The window at the last decision (for metrics and the operator). */
  window: number;
  /** The last ticks, oldest first. */
  ticks: TickRecord[];
  /** Places left at the last decision (null: not known). */
  places?: number | null;
  /** Of the people served lately, the share who booked a place (smoothed); 1 until measured. */
  bookShare?: number;
}

/** Seconds over which the drain is smoothed. */
export const DRAIN_TAU_S = 3;
/** Time to book assumed before any booking has been measured. */
export const PRIOR_BOOK_SECONDS = 10;
/** The pace at the opening, people per second: small for any server, and doubled every ~2 s. */
export const START_RATE = 200;
/**
 * Pressure never cuts the pace below this (the operator's ceiling can), nor below FLOOR_OF_BEST of the
 * best second the path served in the last minute. Pressure on a machine shared by the crowd's joins
 * is often not caused by the people let in, and cutting then feeds on itself (less let in, less
 * served, a lower measure, a lower cut): with two workers and Redis on two cores the replay sat at
 * a floor of 50/s for minutes, 20,000 booked in 300 s, after serving 900 a second.
 */
export const MIN_PACE = 50;
export const FLOOR_OF_BEST = 0.25;
/** A held window still lets this many a second through (within maxInFlight), so a wait never stands still. */
export const TRICKLE = 50;
/** Growth per second at the opening, until the first pressure. */
export const STARTUP_GROWTH = 1.5;
/** Growth per second right after pressure, while the pace binds and the booking path has room; it grows half again every CALM_DOUBLING_S of calm. */
export const PROBE_GROWTH = 0.03;
export const CALM_DOUBLING_S = 10;
/** The pace after a tick under pressure, as a share of what the path served over the last PEAK_SECONDS: saturated, that is its capacity. */
export const PRESSURE_CUT = 0.9;
export const PEAK_SECONDS = 5;
/**
 * One cut keeps at least this share of the pace. What was served over the last seconds understates
 * the path when the pressure came from elsewhere (a join flood, a slow client): seen in the replay,
 * a cut straight to it dropped the pace from ~700/s to 86/s for forty seconds while the server idled.
 * Halving per cut (AIMD's decrease) still gets to any capacity within a few cuts.
 */
export const MAX_CUT = 0.5;
/** At most one cut in this many seconds (or one time to book, if longer). */
export const CUT_EVERY_S = 3;
/** Ticks in a row with nobody let in (while people wait, places remain, not paused) before a trickle goes through. */
export const STILL_TICKS = 2;
/** The pace never runs further ahead of the best recent drain than this (but may always go START_RATE). */
export const DRAIN_LEAD = 2;
/** Under pressure, the people in flight are held to capacity × unhurried time to book × this. */
export const PRESSURE_HEADROOM = 2;
/** The window as a multiple of drain × time to book. */
export const WINDOW_HEADROOM = 2;
/**
 * Seconds a median time to book may exceed twice its unhurried value before it counts as a queue.
 * Phones notice their turn on their next poll (every 2–7 s, 3 s while estimating), so the time
 * from turn to booking moves by seconds with no queue anywhere; a real queue grows without bound.
 */
export const QUEUE_SLACK_S = 5;
/**
 * People let in are counted against the places left at no less than this share each. Near the end
 * most people let in are refused (their clinics are full), and a place held for each of them let one
 * person try every few seconds: 28,000 people waited minutes for the last five places.
 */
export const MIN_BOOK_SHARE = 0.05;
/** Seconds over which the share who book is smoothed. */
const SHARE_TAU_S = 5;
/** The median time from claiming a turn to done above which the booking path is saturated: a queue is forming where people wait for their booking (the goal is p99 under a second). */
export const SLOW_CLAIM_S = 0.5;
/** Fewer recent claims than this say nothing. */
export const MIN_CLAIM_SAMPLES = 10;
/** Ticks kept for the ETA (and the unhurried time to book). */
export const HISTORY_TICKS = 60;
/** A tick never covers more than this (a process that stalled must not admit a backlog at once). */
const MAX_TICK_SECONDS = 5;

export function initialState(s: ControlSettings): ControlState {
  return { at: 0, done: 0, lapsed: 0, drain: 0, lapseRate: 0, rate: START_RATE, credit: 0, startup: true, capacity: 0, pressureAt: 0, cutAt: 0, window: s.minInFlight, ticks: [] };
}

export function percentile(xs: number[], p: number): number | null {
  if (xs.length === 0) return null;
  const sorted = xs.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Served per second over the last PEAK_SECONDS, this tick's included: saturated, the booking path's capacity. */
function recentServed(ticks: TickRecord[], dt: number, served: number): { mean: number; peak: number } {
  let [covered, total, peak] = [dt, served, served / dt];
  for (let i = ticks.length - 1; i >= 0 && covered < PEAK_SECONDS; i--) {
    const [seconds, , , n] = ticks[i]!;
    covered += seconds;
    total += n;
    peak = Math.max(peak, n / seconds);
  }
  return { mean: total / covered, peak };
}

/** The shortest median time to book of the last minute: what booking takes without a queue in the path. */
function unhurriedBook(ticks: TickRecord[], now: number): number {
  let best = now;
  for (const t of ticks) if (t[4] > 0) best = Math.min(best, t[4]);
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
  const smooth = 1 - Math.exp(-dt / DRAIN_TAU_S);
  const drain = st.drain + smooth * (completions / dt - st.drain);
  const lapseRate = (st.lapseRate ?? 0) + smooth * (lapses / dt - (st.lapseRate ?? 0));
  const medianBook = clamp(percentile(x.bookSeconds, 0.5) ?? PRIOR_BOOK_SECONDS, 1, 600);
  // Those who will walk away hold their turn for the grace whatever the path does: room for them too.
  const walkingAway = lapseRate * s.graceSeconds;
  const paused = s.ceiling <= 0;
  // The pace binds when more people wait than it lets in: only then is growing it informative.
  const binds = x.waiting > st.rate * dt;

  let rate = st.rate;
  let startup = st.startup;
  let capacity = st.capacity ?? 0;
  let pressureAt = st.pressureAt ?? 0;
  let cutAt = st.cutAt ?? 0;
  let window: number;
  const normalWindow = () => Math.max(drain, rate) * medianBook * WINDOW_HEADROOM + walkingAway;
  // Nothing served lately measures nothing: keep the last measure then.
  const { mean, peak } = recentServed(st.ticks, dt, served);
  const unhurried = (mean > 0 ? mean : capacity) * unhurriedBook(st.ticks, medianBook) * PRESSURE_HEADROOM + walkingAway;
  // Pressure is the server's (bookings answered slowly) or seen end to end: people take twice as
  // long from their turn to their booking as they did unhurried, so a queue has formed somewhere on
  // the way (a proxy, the phones' connections, the server's socket buffers) where no server timer sees it.
  const queued = x.bookSeconds.length > 0 && medianBook > 2 * unhurriedBook(st.ticks, medianBook) + QUEUE_SLACK_S;
  // Or by the citizen's own wait: from claiming the turn to the booking's answer. The server's
  // timers see a booking only once its request is read; this sees the queue before that too (the
  // phones' connections, socket buffers, a proxy), within a second of forming, and it holds no
  // phone's polling (where the time from turn to booking does).
  const claims = x.claimSeconds ?? [];
  const slowClaims = claims.length >= MIN_CLAIM_SAMPLES && percentile(claims, 0.5)! > SLOW_CLAIM_S;
  const pressure = x.pressure || queued || slowClaims;
  if (pressure) pressureAt = x.now;
  if (pressure && x.inFlight > unhurried) {
    // Saturated by the people let in: what the path served lately is its capacity. Pace below it,
    // and let nobody else in until the people in flight are down to what the path holds unhurried
    // (capacity × the shortest recent median time to book, with headroom), plus those walking away.
    startup = false;
    capacity = mean > 0 ? mean : capacity;
    // Once per time to book: a cut needs that long to show, and cutting every tick would spiral
    // down (less let in, less served, a lower cut) when the slowness is not the people let in.
    if (x.now - (st.cutAt ?? 0) >= Math.max(CUT_EVERY_S, medianBook) * 1000) {
      const best = st.ticks.reduce((m, t) => Math.max(m, t[3] / t[0]), 0);
      rate = Math.max(MIN_PACE, FLOOR_OF_BEST * best, rate * MAX_CUT, Math.min(rate, capacity * PRESSURE_CUT));
      cutAt = x.now;
    }
    window = unhurried;
  } else if (pressure) {
    // Slow, but not because of the people let in (they are few): cutting would not help, and would
    // feed on itself (less let in, less served, a lower cut). Hold the pace; the load is shed elsewhere.
    window = normalWindow();
  } else {
    // Fast at the opening; after pressure, a few per cent a second at first and faster the longer
    // the path stays easy (a low measure of capacity must not hold the pace down for minutes).
    const calmFor = st.pressureAt === 0 ? Infinity : (x.now - st.pressureAt) / 1000;
    const growth = startup ? STARTUP_GROWTH - 1 : Math.min(STARTUP_GROWTH - 1, PROBE_GROWTH * 1.5 ** (calmFor / CALM_DOUBLING_S));
    if (!paused && binds) rate *= (1 + growth) ** dt;
    // Growth is earned by completions: people who do not finish (walked away, slow) do not speed it up.
    rate = Math.min(rate, Math.max(START_RATE, DRAIN_LEAD * peak));
    // The median time, not the p90: a queue in the booking path lengthens every time, and the window must not grow with it.
    window = normalWindow();
  }
  rate = clamp(rate, 1, Math.max(1, s.ceiling));
  window = clamp(window, Math.min(s.minInFlight, s.maxInFlight), s.maxInFlight);

  let credit = paused || x.waiting <= 0 ? 0 : Math.min(st.credit + rate * dt, Math.max(1, rate));
  const room = Math.max(0, Math.floor(window - x.inFlight));
  // Of those served since the last decision, the share who took a place (places left went down by
  // one for each; a cancellation that gives one back only makes the measure cautious).
  let bookShare = st.bookShare ?? 1;
  if (served > 0 && x.placesLeft !== null && st.places !== null && st.places !== undefined) {
    const took = clamp((st.places - x.placesLeft) / served, 0, 1);
    bookShare += (1 - Math.exp(-dt / SHARE_TAU_S)) * (took - bookShare);
  }
  // Nobody is let in for a place that is gone, or held by someone let in before them, counting each
  // of those as the share of a place they lately took.
  const places = x.placesLeft === null ? Infinity : Math.max(0, Math.floor(x.placesLeft / Math.max(MIN_BOOK_SHARE, bookShare) - x.inFlight));
  let admit = Math.max(0, Math.min(Math.floor(credit), x.waiting, room, places));
  // Never more than STILL_TICKS ticks in a row with nobody let in while people wait and places
  // remain: a held window lets a trickle through (within the operator's bound), so a wait never stands still.
  const still = st.ticks.slice(-STILL_TICKS);
  if (admit === 0 && !paused && x.waiting > 0 && places > 0 && x.inFlight < s.maxInFlight && still.length === STILL_TICKS && still.every((t) => t[1] === 0 && t[2] === 1)) {
    admit = Math.min(x.waiting, places, Math.max(1, Math.floor(TRICKLE * dt)));
  }
  credit -= admit;
  const flowing: 0 | 1 = x.waiting > 0 && !paused && places > 0 ? 1 : 0;
  const ticks = [...st.ticks, [dt, admit, flowing, served, x.bookSeconds.length ? medianBook : 0] as TickRecord].slice(-HISTORY_TICKS);
  return { admit, state: { at: x.now, done: x.done, lapsed: x.lapsed, drain, lapseRate, rate, credit, startup, capacity, pressureAt, cutAt, window, ticks, places: x.placesLeft, bookShare } };
}
