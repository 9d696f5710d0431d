/**
 * Staff sign-in under attack, over real HTTP from several loopback addresses: a burst is checked
 * no more often than the limit allows, the owner elsewhere signs in during the attack, many
 * addresses together only delay strangers, and every event is logged with account and address
 * but never a password.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Accounts, OPERATOR_ACCOUNTS } from '../api/auth/accounts';
import { DEFAULT_THROTTLE } from '../api/auth/throttle';
import { AFTER_OPENING, loadFixture } from './fixture';
import { startServer, type TestServer } from './harness';
import { memoryLog, type MemoryLog } from './logs';
import { fetchFrom } from './sockets';

let server: TestServer;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await server?.close();
});

const PASSWORD = 'the operator secret';

async function setup(log: MemoryLog): Promise<TestServer> {
  const s = await startServer({ now: AFTER_OPENING, logger: log.logger, setup: (app) => loadFixture(app, []) });
  const accounts = new Accounts(s.app.sqlite, OPERATOR_ACCOUNTS);
  for (const username of ['ops.kim', 'ops.park']) await accounts.put({ username, password: PASSWORD }, AFTER_OPENING);
  return s;
}

/** A sign-in from one loopback address: the status and the refusal's reason and details. */
function signer(s: TestServer, address: string) {
  const from = fetchFrom(address);
  closers.push(from.close);
  return async (username: string, password: string) => {
    const res = await from.fetch(`${s.url}/trpc/operator.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    const body = (await res.json()) as any;
    return { status: res.status, reason: body.error?.data?.reason as string | undefined, retryAfter: body.error?.data?.details?.retryAfterSeconds as number | undefined };
  };
}

const events = (log: MemoryLog, event: string, address?: string) =>
  log.lines().filter((l) => l.msg === 'security' && l.event === event && (address === undefined || l.address === address));

describe('staff sign-in under attack', () => {
  it('checks at most the limit of a 30-try burst (a right password in it too), while the owner signs in from another address', async () => {
    const log = memoryLog();
    server = await setup(log);
    const attacker = signer(server, '127.0.0.2');
    const owner = signer(server, '127.0.0.3');
    // Thirty wrong passwords at once, and the right one in the same burst.
    const burst = await Promise.all([...Array.from({ length: 30 }, (_, i) => attacker('ops.kim', `guess number ${i}`)), attacker('ops.kim', PASSWORD)]);
    const checked = burst.filter((r) => r.status !== 429);
    expect(checked.length).toBeLessThanOrEqual(DEFAULT_THROTTLE.free);
    expect(burst.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(31 - DEFAULT_THROTTLE.free);
    expect(burst.filter((r) => r.status === 429).every((r) => r.reason === 'RATE_LIMITED' && r.retryAfter! > 0)).toBe(true);
    // The log agrees: only that many passwords were compared, and one lockout was logged, not 26.
    expect(events(log, 'login_failed', '127.0.0.2').length + events(log, 'login_ok', '127.0.0.2').length).toBe(checked.length);
    expect(events(log, 'login_limited', '127.0.0.2')).toHaveLength(1);
    expect(events(log, 'login_limited', '127.0.0.2')[0]).toMatchObject({ kind: 'operator', account: 'ops.kim', limit: 'account and address' });

    // The attack goes on; the owner, from another address, signs in in the middle of it.
    let attacking = true;
    const hammer = (async () => {
      let tries = 0;
      while (attacking) {
        expect((await attacker('ops.kim', `more guessing ${tries++}`)).status).toBe(429);
      }
      return tries;
    })();
    try {
      const signedIn = await owner('ops.kim', PASSWORD);
      expect(signedIn.status).toBe(200);
    } finally {
      attacking = false;
    }
    expect(await hammer).toBeGreaterThan(0);
    // The right password from the attacker's address is still held back, until its wait is over.
    expect((await attacker('ops.kim', PASSWORD)).status).toBe(429);
    server.clock.now += DEFAULT_THROTTLE.firstDelayMs;
    expect((await attacker('ops.kim', PASSWORD)).status).toBe(200);
  });

  it('delays strangers, never the owner\'s known address, once many addresses together spend the account\'s budget', async () => {
    const log = memoryLog();
    server = await setup(log);
    expect((await signer(server, '127.0.0.3')('ops.park', PASSWORD)).status).toBe(200); // the owner's usual address
    for (let i = 0; i < DEFAULT_THROTTLE.accountBudget; i++) {
      expect((await signer(server, `127.0.1.${10 + i}`)('ops.park', 'a wrong guess')).status).toBe(401);
    }
    const stranger = signer(server, '127.0.2.1');
    const delayed = await stranger('ops.park', PASSWORD);
    expect([delayed.status, delayed.reason]).toEqual([429, 'RATE_LIMITED']);
    expect(delayed.retryAfter).toBe(DEFAULT_THROTTLE.accountRefillMs / DEFAULT_THROTTLE.accountBudget / 1000);
    expect(events(log, 'login_limited', '127.0.2.1')[0]).toMatchObject({ account: 'ops.park', limit: 'account' });
    expect((await signer(server, '127.0.0.3')('ops.park', PASSWORD)).status).toBe(200);
    // Delayed, not locked out: after the wait the stranger (the owner on a new laptop) gets in.
    server.clock.now += delayed.retryAfter! * 1000;
    expect((await stranger('ops.park', PASSWORD)).status).toBe(200);
    // Other accounts were never affected.
    expect((await signer(server, '127.0.2.2')('ops.kim', PASSWORD)).status).toBe(200);
  });

  it('logs every sign-in, failure and lockout with account and address, never a password', async () => {
    const log = memoryLog();
    server = await setup(log);
    const from = signer(server, '127.0.0.4');
    await from('ops.kim', PASSWORD);
    await from('ops.kim', 'not the password 1');
    await from('nobody', 'not the password 2');
    const lines = log.lines().filter((l) => l.msg === 'security');
    expect(lines.map((l) => [l.event, l.account, l.address])).toEqual([
      ['login_ok', 'ops.kim', '127.0.0.4'],
      ['login_failed', 'ops.kim', '127.0.0.4'],
      ['login_failed', 'nobody', '127.0.0.4'],
    ]);
    for (const secret of [PASSWORD, 'not the password']) expect(log.text()).not.toContain(secret);
  });
});
