/**
 * The ETA model: the admission rate the controller will keep up, as a middle and an honest range.
 * It reads the controller's own record of recent ticks (seconds, people let in, whether admission
 * was free to run), so the wait people are told comes from the same loop that moves the head.
 *
 * - Only ticks in which admission was free to run count (people waiting, not paused, places left).
 * - The middle is the rate over the last fifteen seconds: with admission paced by the drain, the
 *   recent rate is the best guess of the next minutes, and fifteen seconds average over the
 *   controller's own probing.
 * - The range widens with how much the rate has been moving (the spread of recent ticks, and the
 *   gap between the short and the long average) and never below ±MIN_SPREAD; it narrows as the
 *   rate holds steady and as the person comes closer (fewer seconds for it to drift).
 * - Unknown ("estimating") until a few seconds of flow have been seen or while the rate swings too
 *   much to say; unknown while paused or sold out (the head says which).
 */
import type { ControlState, TickRecord } from './controller';

export interface Forecast {
  /** People per second, the middle. */
  rate: number;
  /** [slowest, fastest] people per second. */
  range: [number, number];
}

/** Seconds of flow before anything is promised. */
export const MIN_FLOW_SECONDS = 3;
export const SHORT_SECONDS = 5;
export const MIDDLE_SECONDS = 15;
export const LONG_SECONDS = 30;
export const MIN_SPREAD = 0.12;
export const MAX_SPREAD = 0.6;

/** Rate over the newest flowing ticks covering at least `seconds` (or all there are); with the seconds covered. */
function rateOver(ticks: TickRecord[], seconds: number): { rate: number; seconds: number; perTick: number[] } {
  let covered = 0;
  let admitted = 0;
  const perTick: number[] = [];
  for (let i = ticks.length - 1; i >= 0 && covered < seconds; i--) {
    const [dt, n, flowing] = ticks[i]!;
    if (!flowing) continue;
    covered += dt;
    admitted += n;
    perTick.push(n / dt);
  }
  return { rate: covered > 0 ? admitted / covered : 0, seconds: covered, perTick };
}

export function forecast(state: ControlState | null, now: { paused: boolean; soldOut: boolean }): Forecast | null {
  if (!state || now.paused || now.soldOut) return null;
  const short = rateOver(state.ticks, SHORT_SECONDS);
  if (short.seconds < MIN_FLOW_SECONDS || !(short.rate > 0)) return null;
  const long = rateOver(state.ticks, LONG_SECONDS);
  const mean = long.perTick.reduce((a, b) => a + b, 0) / long.perTick.length;
  const sd = Math.sqrt(long.perTick.reduce((a, r) => a + (r - mean) ** 2, 0) / long.perTick.length);
  const cv = mean > 0 ? sd / mean : 1;
  const drift = Math.abs(short.rate - long.rate) / short.rate;
  const spread = MIN_SPREAD + 0.5 * cv + drift;
  if (spread > MAX_SPREAD) return null; // swinging too much to promise anything
  // The middle averages over the controller's probing (a few per cent up, a cut when the path is full).
  const rate = rateOver(state.ticks, MIDDLE_SECONDS).rate;
  return { rate, range: [rate * (1 - spread), rate * (1 + spread)] };
}
