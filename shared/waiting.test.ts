/** How often a waiting phone asks: closer means sooner, a shedding server stretches it, and never so far that a sell-out goes unnoticed for more than 10 s. */
import { describe, expect, it } from 'vitest';
import { MAX_POLL_MS, MIN_POLL_MS, pollAfterMs } from './waiting';

const middle = () => 0.5; // no jitter
const extremes = [() => 0, () => 0.999];

describe('pollAfterMs', () => {
  it('asks after a quarter of the earliest turn, between 2 s and 7 s', () => {
    expect(pollAfterMs(4, middle)).toBe(MIN_POLL_MS);
    expect(pollAfterMs(20, middle)).toBe(5_000);
    expect(pollAfterMs(600, middle)).toBe(MAX_POLL_MS);
  });

  it('stretches by the backoff while the server sheds, but never beyond 7 s (± 20 %) while people wait', () => {
    expect(pollAfterMs(4, middle, { backoff: 3 })).toBe(6_000);
    expect(pollAfterMs(20, middle, { backoff: 3 })).toBe(MAX_POLL_MS);
    expect(pollAfterMs(600, middle, { backoff: 3 })).toBe(MAX_POLL_MS);
    expect(pollAfterMs(null, middle, { backoff: 3 })).toBe(MAX_POLL_MS); // estimating: 3 s, stretched to 7 s at most
    for (const random of extremes) expect(pollAfterMs(600, random, { backoff: 3 })).toBeLessThanOrEqual(MAX_POLL_MS * 1.2);
  });

  it('keeps the paused interval, stretched or not', () => {
    expect(pollAfterMs(null, middle, { paused: true })).toBe(10_000);
    expect(pollAfterMs(null, middle, { paused: true, backoff: 3 })).toBe(10_000);
  });
});
