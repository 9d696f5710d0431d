/** The login throttle on its own clock: reservations before the hash, backoff per account and address, an account budget one address cannot empty. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_THROTTLE, LoginThrottle, type Verdict } from './throttle';

const T0 = 1_000_000_000;
const fail = (v: Verdict) => {
  if (v.ok) v.attempt.settle(false);
  return v.ok;
};

describe('LoginThrottle', () => {
  it('lets a burst reserve only the free tries, however many arrive before any is checked', () => {
    const t = new LoginThrottle();
    const burst = Array.from({ length: 30 }, () => t.reserve('admin', '127.0.0.2', T0));
    expect(burst.filter((v) => v.ok)).toHaveLength(DEFAULT_THROTTLE.free);
    const refused = burst.filter((v) => !v.ok);
    expect(refused.filter((v) => !v.ok && v.first)).toHaveLength(1); // one lockout, not 25
    for (const v of burst) if (v.ok) v.attempt.settle(false);
    expect(t.reserve('admin', '127.0.0.2', T0).ok).toBe(false);
    // Another address is not held back by this one.
    expect(t.reserve('admin', '127.0.0.3', T0).ok).toBe(true);
  });

  it('doubles the wait after each failure past the free ones, and a right password clears it', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 5; i++) expect(fail(t.reserve('kim', 'a', T0))).toBe(true);
    const refused = t.reserve('kim', 'a', T0);
    expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 30, limit: 'account and address' });
    expect(t.reserve('kim', 'a', T0 + 29_999).ok).toBe(false);
    expect(fail(t.reserve('kim', 'a', T0 + 30_000))).toBe(true);
    expect(t.reserve('kim', 'a', T0 + 30_000 + 59_999).ok).toBe(false);
    const fine = t.reserve('kim', 'a', T0 + 90_000);
    expect(fine.ok).toBe(true);
    if (fine.ok) fine.attempt.settle(true);
    for (let i = 0; i < 5; i++) expect(fail(t.reserve('kim', 'a', T0 + 90_000))).toBe(true); // a fresh start
  });

  it('never lets one address empty the account budget, however long it hammers', () => {
    const t = new LoginThrottle();
    let checked = 0;
    for (let s = 0; s < 4 * 3600; s++) if (fail(t.reserve('admin', 'attacker', T0 + s * 1000))) checked++;
    expect(checked).toBeLessThan(25); // 5 free, then a wait that doubles to 15 minutes
    expect(t.reserve('admin', 'owner-at-a-cafe', T0 + 4 * 3600_000).ok).toBe(true);
  });

  it('delays unknown addresses once many together empty the account budget, but not the owner\'s known one', () => {
    const t = new LoginThrottle();
    const owner = t.reserve('admin', 'office', T0);
    if (owner.ok) owner.attempt.settle(true);
    for (let i = 0; i < DEFAULT_THROTTLE.accountBudget; i++) expect(fail(t.reserve('admin', `bot-${i}`, T0))).toBe(true);
    const stranger = t.reserve('admin', 'new-laptop', T0);
    expect(stranger).toMatchObject({ ok: false, limit: 'account', first: true });
    expect(!stranger.ok && stranger.retryAfterSeconds).toBe(45); // one failure's worth of refill: 15 min / 20
    expect(t.reserve('admin', 'office', T0).ok).toBe(true);
    expect(t.reserve('admin', 'new-laptop', T0 + 45_000).ok).toBe(true);
  });

  it('limits tries per address across accounts (one password guessed on many names)', () => {
    const t = new LoginThrottle();
    const results = Array.from({ length: 31 }, (_, i) => fail(t.reserve(`user-${i}`, 'sprayer', T0)));
    expect(results.filter(Boolean)).toHaveLength(DEFAULT_THROTTLE.addressPerMinute);
    expect(t.reserve('user-0', 'elsewhere', T0).ok).toBe(true);
  });
});
