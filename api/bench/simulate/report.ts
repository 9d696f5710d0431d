/** The replay's figures, from what each person was told and when they were answered, and the head sampled once a second. */
import type { Outcome } from './crowd';

/** The head as the CDN saw it, once a second. */
export interface Sample {
  t: number;
  admitted: number;
  queue: number;
  prequeue: number;
  booked: number;
  soldOut: boolean;
  paused: boolean;
  /** The head's forecast rate (null while estimating), people in flight and poll backoff. */
  rate: number | null;
  inFlight: number;
  backoff: number;
}

export const percentile = (xs: number[], p: number) => (xs.length === 0 ? NaN : xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!);

export interface Figures {
  booked: number;
  answers: Map<string, number>;
  /** Relative error of the ETA's middle, for waits of 10 s or more. */
  etaErrors: number[];
  /** People let in inside the range first shown (within the head's one-second sampling), of those shown one. */
  insideRange: number;
  shownRange: number;
  neverShown: number;
  /** Seconds without anyone let in while people waited, places remained and admission was not paused. */
  longestStall: number;
  stallAt: number | null;
  submitMs: number[];
  lastArrival: number;
  lastBooking: number;
  /** When the head first said sold out, and the last answer of anyone who was waiting then. */
  soldOutAt: number | null;
  lastAnswerAfterSoldOut: number | null;
  /** People with no final answer when the replay ended. */
  unanswered: number;
}

export function figures(outcomes: Outcome[], samples: Sample[]): Figures {
  const present = outcomes.filter((o): o is Outcome => Boolean(o));
  const admittedAt = (position: number) => samples.find((s) => s.admitted >= position)?.t;
  const etaErrors: number[] = [];
  let [insideRange, shownRange, neverShown] = [0, 0, 0];
  for (const o of present) {
    if (o.position === null) continue;
    const at = admittedAt(o.position);
    if (at === undefined) continue;
    if (!o.rangeShown || o.shownAt === null) {
      neverShown++;
      continue;
    }
    const waited = Math.max(0, (at - o.shownAt) / 1000);
    shownRange++;
    // The head is sampled once a second: let in up to a second after the range's end counts as inside.
    if (waited >= o.rangeShown[0] - 1 && waited <= o.rangeShown[1] + 1) insideRange++;
    if (waited >= 10 && o.etaShown !== null) etaErrors.push(Math.abs(o.etaShown - waited) / waited);
  }
  let longestStall = 0;
  let stallAt: number | null = null;
  let still: Sample | null = null;
  for (const s of samples) {
    const waiting = s.queue > 0 && !s.soldOut && !s.paused;
    if (!still || !waiting || s.admitted !== still.admitted) {
      still = waiting ? s : null;
      continue;
    }
    const stalled = (s.t - still.t) / 1000;
    if (stalled > longestStall) [longestStall, stallAt] = [stalled, still.t];
  }
  const answers = new Map<string, number>();
  for (const o of present) answers.set(o.answer ?? 'none', (answers.get(o.answer ?? 'none') ?? 0) + 1);
  const booked = present.filter((o) => o.answer === 'booked');
  const soldOutAt = samples.find((s) => s.soldOut)?.t ?? null;
  const waitingAtSoldOut = soldOutAt === null ? [] : present.filter((o) => o.arrivedAt <= soldOutAt && o.answer !== 'booked' && (o.answeredAt ?? Infinity) >= soldOutAt);
  return {
    booked: booked.length,
    answers,
    etaErrors,
    insideRange,
    shownRange,
    neverShown,
    longestStall,
    stallAt,
    submitMs: present.flatMap((o) => o.submitMs),
    lastArrival: present.reduce((m, o) => Math.max(m, o.arrivedAt), 0),
    lastBooking: booked.reduce((m, o) => Math.max(m, o.answeredAt!), 0),
    soldOutAt,
    lastAnswerAfterSoldOut: waitingAtSoldOut.length ? waitingAtSoldOut.reduce((m, o) => Math.max(m, o.answeredAt ?? Infinity), 0) : null,
    unanswered: present.filter((o) => o.answer === null).length,
  };
}
