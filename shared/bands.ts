/** Times of day a person may prefer (오전/오후/저녁, or exact start times), as Seoul wall-clock ranges: the booking and the app read the same bounds. */
import { SEOUL_OFFSET_MS, DAY_MS } from './time';

export const TIME_BANDS = ['morning', 'afternoon', 'evening'] as const;
export type TimeBand = (typeof TIME_BANDS)[number];

/** [from, to) in ms after Seoul midnight: morning before 12:00, afternoon 12:00–18:00, evening from 18:00. */
export const BAND_BOUNDS: Record<TimeBand, readonly [number, number]> = {
  morning: [0, 12 * 3_600_000],
  afternoon: [12 * 3_600_000, 18 * 3_600_000],
  evening: [18 * 3_600_000, DAY_MS],
};

/** The band of an instant, by its Seoul time of day. */
export function bandOf(ms: number): TimeBand {
  const t = (((ms + SEOUL_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  return TIME_BANDS.find((b) => t >= BAND_BOUNDS[b][0] && t < BAND_BOUNDS[b][1])!;
}

/** An exact start time (HH:MM, Seoul) as the one-minute range [from, to) after midnight that holds it. */
export function timeRange(hhmm: string): readonly [number, number] {
  const from = Number(hhmm.slice(0, 2)) * 3_600_000 + Number(hhmm.slice(3, 5)) * 60_000;
  return [from, from + 60_000];
}
