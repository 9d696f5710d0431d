/** What a process under load sheds, from samples of its event-loop delay and requests in flight. */
import { describe, expect, it } from 'vitest';
import { MIN_ACCEPT, nextLoad, retryAfterSeconds, type LoadState } from './load';

const run = (s: LoadState, samples: Array<{ lagMs: number; inFlight: number }>) => samples.reduce((st, x) => nextLoad(st, x), s);
const idle = { accept: 1, lagMs: 0 };

describe('shedding joins', () => {
  it('sheds a growing share while the loop is late, never all of it, and takes them back once calm', () => {
    const busy = run(idle, Array(20).fill({ lagMs: 220, inFlight: 100 }));
    expect(busy.accept).toBe(MIN_ACCEPT); // the queue still fills
    expect(run(idle, [{ lagMs: 220, inFlight: 100 }]).accept).toBeLessThan(1);
    // Between the thresholds it holds; calm, it recovers within a few seconds.
    expect(run(busy, Array(8).fill({ lagMs: 60, inFlight: 100 })).accept).toBe(MIN_ACCEPT);
    expect(run(busy, Array(16).fill({ lagMs: 5, inFlight: 100 })).accept).toBe(1);
  });

  it('sheds when too many requests are in flight, however prompt the loop', () => {
    expect(run(idle, [{ lagMs: 0, inFlight: 5_000 }]).accept).toBeLessThan(1);
  });

  it('asks shed clients to come back later the more it sheds', () => {
    expect(retryAfterSeconds(1, 0.5)).toBe(2);
    expect(retryAfterSeconds(0.4, 0.5)).toBe(5);
    expect(retryAfterSeconds(MIN_ACCEPT, 0.5)).toBe(10);
    expect(retryAfterSeconds(0.2, 0)).toBeLessThan(retryAfterSeconds(0.2, 1)); // spread
  });
});
