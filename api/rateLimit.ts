/** Per-address token buckets: a burst allowance refilled at a steady rate, forgotten once full again. */

export class RateLimiter {
  #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly perMinute: number, private readonly burst = perMinute) {}

  /** True when `key` could take a token now (nothing is taken). */
  allows(key: string, now: number): boolean {
    const b = this.#buckets.get(key);
    return !b || Math.min(this.burst, b.tokens + Math.max(0, now - b.at) * (this.perMinute / 60_000)) >= 1;
  }

  /** Takes one token for `key`; false when the bucket is empty. */
  take(key: string, now: number): boolean {
    const refill = this.perMinute / 60_000;
    const b = this.#buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + Math.max(0, now - b.at) * refill);
    b.at = now;
    if (b.tokens < 1) {
      this.#buckets.set(key, b);
      return false;
    }
    b.tokens -= 1;
    this.#buckets.set(key, b);
    if (this.#buckets.size > 100_000) this.#sweep(now);
    return true;
  }

  /** Drops buckets that have refilled completely: they carry no state. */
  #sweep(now: number): void {
    const refill = this.perMinute / 60_000;
    for (const [k, b] of this.#buckets) if (b.tokens + (now - b.at) * refill >= this.burst) this.#buckets.delete(k);
  }
}
