/**
 * How far a tick moves the head: the rate earns credit over the elapsed seconds (at most two
 * seconds' worth banked), never more than the people waiting or the room left for unbooked
 * admissions. Nothing is banked while nobody waits or admission is paused. The Redis store's
 * Lua tick is a line-for-line copy of this; keep them together.
 */
export interface Step {
  credit: number;
  advance: number;
}

export function admitStep(p: { credit: number; seconds: number; rate: number; waiting: number; room: number }): Step {
  if (p.waiting <= 0 || p.rate <= 0) return { credit: 0, advance: 0 };
  const credit = Math.min(p.credit + p.rate * p.seconds, Math.max(1, 2 * p.rate));
  const advance = Math.max(0, Math.min(Math.floor(credit), p.waiting, p.room));
  return { credit: credit - advance, advance };
}
