/**
 * Staff accounts from a shell and from the consoles: no password in argv (from standard input, or
 * made into a 0600 file whose path is printed), named operators that can be disabled and reset,
 * sessions listed and ended, one's own password changed from the console; every change logged.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Accounts, CLINIC_ACCOUNTS } from '../api/auth/accounts';
import { AFTER_OPENING, loadFixture } from './fixture';
import { startServer, type TestServer } from './harness';
import { memoryLog } from './logs';
import { runCli } from './processes';
import { fetchFrom } from './sockets';

let server: TestServer;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await server?.close();
});

async function setup(log = memoryLog(), now = AFTER_OPENING): Promise<TestServer> {
  return startServer({ now, logger: log.logger, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: ['10:00'], capacity: 1 }]) });
}

/** Calls a procedure from one loopback address, with a cookie jar of one session. */
function device(s: TestServer, address: string) {
  const from = fetchFrom(address);
  closers.push(from.close);
  let cookie = '';
  return async (procedure: string, input?: unknown, method: 'GET' | 'POST' = 'POST') => {
    const url = `${s.url}/trpc/${procedure}${method === 'GET' && input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ''}`;
    const res = await from.fetch(url, { method, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, ...(method === 'POST' ? { body: JSON.stringify(input ?? {}) } : {}) });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    const body = (await res.json()) as any;
    return { status: res.status, reason: body.error?.data?.reason as string | undefined };
  };
}

const passwordIn = (file: string) => /^password: (\S+)$/m.exec(readFileSync(file, 'utf8'))![1]!;

describe('accounts from a shell', () => {
  it('refuses a password in argv, reads one from standard input, or makes one into a 0600 file and says where', async () => {
    server = await setup();
    const dir = server.dataDir;
    const inArgv = await runCli(['clinic-user', 'add', '--clinic', 'K1', '--username', 'argv.staff', '--password', 'visible to ps'], dir);
    expect(inArgv.code).toBe(2);
    expect(inArgv.stderr).toContain('--password-stdin');
    expect(new Accounts(server.app.sqlite, CLINIC_ACCOUNTS).list(AFTER_OPENING).map((a) => a.username)).not.toContain('argv.staff');

    const piped = await runCli(['clinic-user', 'add', '--clinic', 'K1', '--username', 'piped.staff', '--password-stdin'], dir, {}, 'from standard input\n');
    expect(piped.code, piped.stderr).toBe(0);
    expect((await device(server, '127.0.0.2')('clinic.login', { username: 'piped.staff', password: 'from standard input' })).status).toBe(200);

    const made = await runCli(['clinic-user', 'add', '--clinic', 'K1', '--username', 'made.staff'], dir);
    expect(made.code, made.stderr).toBe(0);
    const file = /password is in (\S+) \(0600\)/.exec(made.stdout)![1]!;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
    const password = passwordIn(file);
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(made.stdout + made.stderr).not.toContain(password);
    expect((await device(server, '127.0.0.2')('clinic.login', { username: 'made.staff', password })).status).toBe(200);
    // The change is a security event on standard error, with who made it, and no password.
    const event = made.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).find((l) => l.event === 'account_added');
    expect(event).toMatchObject({ kind: 'clinic', account: 'made.staff', address: 'cli', scope: 'K1' });
    expect(typeof event.by).toBe('string');
    expect(piped.stderr).not.toContain('from standard input');
  });

  it('adds named operators, disables, enables and resets them, and lists and ends sessions', async () => {
    server = await setup(memoryLog(), Date.now()); // the CLI lists sessions open by the real clock
    const dir = server.dataDir;
    for (const username of ['ops.kim', 'ops.lee']) expect((await runCli(['operator', 'add', '--username', username], dir)).code).toBe(0);
    const kimPassword = passwordIn(`${dir}/credentials/operator-ops.kim.txt`);
    const leePassword = passwordIn(`${dir}/credentials/operator-ops.lee.txt`);
    const kimAtOffice = device(server, '127.0.0.2');
    const kimAtHome = device(server, '127.0.0.3');
    const lee = device(server, '127.0.0.4');
    for (const [d, username, password] of [[kimAtOffice, 'ops.kim', kimPassword], [kimAtHome, 'ops.kim', kimPassword], [lee, 'ops.lee', leePassword]] as const) {
      expect((await d('operator.login', { username, password })).status).toBe(200);
    }
    const listed = await runCli(['sessions', 'list'], dir);
    const rows = listed.stdout.trim().split('\n').map((l) => l.split('\t'));
    expect(rows.map((r) => [r[0], r[2], r[4]])).toEqual([['operator', 'ops.kim', '127.0.0.2'], ['operator', 'ops.kim', '127.0.0.3'], ['operator', 'ops.lee', '127.0.0.4']]);
    // The session at home is not one Kim knows: end it alone.
    const ended = await runCli(['sessions', 'revoke', '--kind', 'operator', '--id', rows[1]![1]!], dir);
    expect(ended.stdout).toContain('1 session ended');
    expect((await kimAtHome('operator.dashboard', undefined, 'GET')).status).toBe(401);
    expect((await kimAtOffice('operator.dashboard', undefined, 'GET')).status).toBe(200);

    // Lee leaves: disabled, Lee's session ends at once and the right password no longer opens one.
    expect((await runCli(['operator', 'disable', '--username', 'ops.lee'], dir)).code).toBe(0);
    expect((await lee('operator.dashboard', undefined, 'GET')).status).toBe(401);
    expect(await lee('operator.login', { username: 'ops.lee', password: leePassword })).toEqual({ status: 401, reason: 'FORBIDDEN' });
    const list = await runCli(['operator', 'list'], dir);
    expect(list.stdout).toMatch(/^ops\.lee\tdisabled\t0 sessions/m);
    expect(list.stdout).toMatch(/^ops\.kim\tactive\t1 sessions/m);
    expect((await runCli(['operator', 'enable', '--username', 'ops.lee'], dir)).code).toBe(0);
    expect((await lee('operator.login', { username: 'ops.lee', password: leePassword })).status).toBe(200);

    // A reset (from standard input) ends the account's sessions; the new password opens one.
    expect((await runCli(['operator', 'reset', '--username', 'ops.kim', '--password-stdin'], dir, {}, 'a new secret for kim\n')).code).toBe(0);
    expect((await kimAtOffice('operator.dashboard', undefined, 'GET')).status).toBe(401);
    expect((await kimAtOffice('operator.login', { username: 'ops.kim', password: 'a new secret for kim' })).status).toBe(200);
    expect((await runCli(['sessions', 'revoke', '--kind', 'operator', '--username', 'ops.kim'], dir)).stdout).toContain('1 session ended');
    expect((await runCli(['operator', 'add', '--username', 'ops.kim'], dir)).stderr).toContain('exists');
  });
});

describe('one\'s own password from the console', () => {
  it('needs the current one (throttled like a sign-in), ends every other session and is logged without either password', async () => {
    const log = memoryLog();
    server = await setup(log);
    await new Accounts(server.app.sqlite, CLINIC_ACCOUNTS).put({ scope: 'K1', username: 'jongno.staff', password: 'correct horse battery' }, AFTER_OPENING);
    const desk = device(server, '127.0.0.2');
    const phone = device(server, '127.0.0.3');
    for (const d of [desk, phone]) expect((await d('clinic.login', { username: 'jongno.staff', password: 'correct horse battery' })).status).toBe(200);
    expect((await device(server, '127.0.0.5')('clinic.changePassword', { currentPassword: 'correct horse battery', newPassword: 'no session at all' })).reason).toBe('FORBIDDEN');
    expect(await desk('clinic.changePassword', { currentPassword: 'correct horse battery', newPassword: 'short' })).toEqual({ status: 400, reason: 'INVALID_INPUT' });
    expect(await desk('clinic.changePassword', { currentPassword: 'a wrong guess!', newPassword: 'staple battery horse' })).toEqual({ status: 401, reason: 'FORBIDDEN' });
    expect((await desk('clinic.changePassword', { currentPassword: 'correct horse battery', newPassword: 'staple battery horse' })).status).toBe(200);
    expect((await desk('clinic.me', undefined, 'GET')).status).toBe(200); // this session stays
    expect((await phone('clinic.me', undefined, 'GET')).status).toBe(401); // the other one ended
    expect((await phone('clinic.login', { username: 'jongno.staff', password: 'correct horse battery' })).status).toBe(401);
    expect((await phone('clinic.login', { username: 'jongno.staff', password: 'staple battery horse' })).status).toBe(200);
    // A stolen session cannot guess the current password faster than a sign-in could.
    const thief = device(server, '127.0.0.6');
    expect((await thief('clinic.login', { username: 'jongno.staff', password: 'staple battery horse' })).status).toBe(200);
    const guesses = [];
    for (let i = 0; i < 7; i++) guesses.push((await thief('clinic.changePassword', { currentPassword: `guess ${i} of many`, newPassword: 'taken over for good' })).status);
    expect(guesses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const changed = log.lines().filter((l) => l.event === 'password_changed');
    expect(changed).toEqual([expect.objectContaining({ kind: 'clinic', account: 'jongno.staff', address: '127.0.0.2' })]);
    for (const secret of ['correct horse battery', 'staple battery horse', 'taken over for good']) expect(log.text()).not.toContain(secret);
  });
});
