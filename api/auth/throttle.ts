/**
 * Who may try a password now. Each try is reserved before the password hash is computed, and
 * the reservation itself counts as a failure until it is settled: a burst of thirty tries at once
 * from one address is checked no more often than one try at a time would be.
 *
 * - Per account and address: `free` wrong passwords, then each further try waits twice as long
 *   as the one before (30 s, 1 min, 2 min … at most 15 min). A right password clears the record.
 * - Per account, across addresses: a bucket of failures that refills slowly. One address cannot
 *   empty it (its own backoff spends less than the refill), so the owner elsewhere is never kept
 *   out by one attacker. Only when many addresses together empty it are tries delayed, and then
 *   only from addresses that have never signed in to the account: the owner's usual ones still pass.
 * - Per address, across accounts: so many tries a minute, against guessing one password on many names.
 *
 * State lives in memory, per process (a restart forgets it, as it forgets the other rate limits).
 */
import { RateLimiter } from '../rateLimit';

export interface ThrottleOptions {
  /** Wrong passwords per account and address before any wait. */
  free: number;
  /** The wait after the first failure past `free`; each further failure doubles it. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** An account and address's failures are forgotten this long after the last. */
  forgetAfterMs: number;
  /** Failures per account across addresses: the bucket's size, and how long it takes to refill. */
  accountBudget: number;
  accountRefillMs: number;
  /** Addresses that signed in to an account are remembered this long, and at most this many per account. */
  knownForMs: number;
  knownPerAccount: number;
  /** Tries per address across every account, per minute. */
  addressPerMinute: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  free: 5,
  firstDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
  accountBudget: 20,
  accountRefillMs: 15 * 60_000,
  knownForMs: 30 * 24 * 60 * 60_000,
  knownPerAccount: 20,
  addressPerMinute: 30,
};

/** A try under way: settle it with the outcome once the password has been checked. */
export interface Attempt {
  settle(ok: boolean): void;
}

export type Verdict =
  | { ok: true; attempt: Attempt }
  /** `first`: the first refusal since tries were last allowed (a lockout begins: worth one log line, not one per try). */
  | { ok: false; retryAfterSeconds: number; limit: 'account and address' | 'account' | 'address'; first: boolean };

interface Pair {
  failures: number;
  pending: number;
  lastFailureAt: number;
  refusing: boolean;
}

interface Account {
  tokens: number;
  at: number;
  /** Address → when it last signed in. */
  known: Map<string, number>;
  refusing: boolean;
}

const MAX_PAIRS = 100_000;

export class LoginThrottle {
  readonly #pairs = new Map<string, Pair>();
  readonly #accounts = new Map<string, Account>();
  readonly #addresses: RateLimiter;

  constructor(private readonly o: ThrottleOptions = DEFAULT_THROTTLE) {
    this.#addresses = new RateLimiter(o.addressPerMinute);
  }

  /** Synchronous: call before any await, so concurrent tries see each other's reservations. */
  reserve(account: string, address: string, now: number): Verdict {
    const key = `${account}\u0000${address}`;
    let pair = this.#pairs.get(key);
    if (pair && pair.pending === 0 && now - pair.lastFailureAt > this.o.forgetAfterMs) {
      this.#pairs.delete(key);
      pair = undefined;
    }
    const waitMs = pair ? this.#pairWait(pair, now) : 0;
    if (pair && waitMs > 0) return this.#refuse(pair, waitMs, 'account and address');

    const acc = this.#account(account, now);
    const knownAt = acc.known.get(address);
    const known = knownAt !== undefined && now - knownAt <= this.o.knownForMs;
    if (acc.tokens < 1 && !known) {
      const refillPerMs = this.o.accountBudget / this.o.accountRefillMs;
      return this.#refuse(acc, (1 - acc.tokens) / refillPerMs, 'account');
    }
    if (!this.#addresses.take(address, now)) return { ok: false, retryAfterSeconds: 60 / this.o.addressPerMinute, limit: 'address', first: false };

    if (!pair) {
      pair = { failures: 0, pending: 0, lastFailureAt: 0, refusing: false };
      this.#pairs.set(key, pair);
      if (this.#pairs.size > MAX_PAIRS) this.#sweep(now);
    }
    pair.pending++;
    pair.refusing = false;
    acc.refusing = false;
    // Spent now, given back if the password is right: a burst cannot spend what it has not got.
    const spent = acc.tokens >= 1;
    if (spent) acc.tokens -= 1;
    let settled = false;
    return {
      ok: true,
      attempt: {
        settle: (ok) => {
          if (settled) return;
          settled = true;
          pair.pending--;
          if (ok) {
            this.#pairs.delete(key);
            if (spent) acc.tokens = Math.min(this.o.accountBudget, acc.tokens + 1);
            this.#remember(acc, address, now);
          } else {
            pair.failures++;
            pair.lastFailureAt = now;
            if (!this.#pairs.has(key)) this.#pairs.set(key, pair);
          }
        },
      },
    };
  }

  /** How long this account and address must wait before the next try (0: it may try now). */
  #pairWait(pair: Pair, now: number): number {
    const counted = pair.failures + pair.pending;
    if (counted < this.o.free) return 0;
    // Past the free tries, one at a time: a try in flight is a failure until it is settled.
    if (pair.pending > 0) return this.o.firstDelayMs;
    const delay = Math.min(this.o.maxDelayMs, this.o.firstDelayMs * 2 ** (pair.failures - this.o.free));
    return Math.max(0, pair.lastFailureAt + delay - now);
  }

  #refuse(state: { refusing: boolean }, waitMs: number, limit: 'account and address' | 'account'): Verdict {
    const first = !state.refusing;
    state.refusing = true;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)), limit, first };
  }

  #account(account: string, now: number): Account {
    let acc = this.#accounts.get(account);
    if (!acc) {
      acc = { tokens: this.o.accountBudget, at: now, known: new Map(), refusing: false };
      this.#accounts.set(account, acc);
      if (this.#accounts.size > MAX_PAIRS) this.#sweep(now);
    }
    acc.tokens = Math.min(this.o.accountBudget, acc.tokens + Math.max(0, now - acc.at) * (this.o.accountBudget / this.o.accountRefillMs));
    acc.at = now;
    return acc;
  }

  #remember(acc: Account, address: string, now: number): void {
    acc.known.delete(address); // re-inserted last: the Map's order is the order of last sign-in
    acc.known.set(address, now);
    while (acc.known.size > this.o.knownPerAccount) acc.known.delete(acc.known.keys().next().value!);
  }

  /** Forgets records that no longer hold anyone back. */
  #sweep(now: number): void {
    for (const [k, p] of this.#pairs) if (p.pending === 0 && now - p.lastFailureAt > this.o.forgetAfterMs) this.#pairs.delete(k);
    for (const [k, a] of this.#accounts) if (a.known.size === 0 && a.tokens + (now - a.at) * (this.o.accountBudget / this.o.accountRefillMs) >= this.o.accountBudget) this.#accounts.delete(k);
  }
}
