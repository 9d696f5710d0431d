/** Clinic accounts and the CSV export: cookie flags, slowed wrong passwords, one clinic per session whatever the request says, a CSV that parses back to the database. */
import { parse } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Accounts, CLINIC_ACCOUNTS } from '../api/auth/accounts';
import { AFTER_OPENING, loadFixture } from './fixture';
import { refusalOf, startServer, type TestServer } from './harness';
import { personNo } from '../api/bench/people';
import { runCli } from './processes';

let server: TestServer;
afterEach(async () => server?.close());

const DAY = '2021-08-17';

async function setup(): Promise<TestServer> {
  const s = await startServer({
    now: AFTER_OPENING,
    setup: (app) => loadFixture(app, [
      { clinicId: 'K1', days: 1, times: ['10:00', '11:00'], capacity: 3 },
      { clinicId: 'K2', days: 1, times: ['10:00'], capacity: 3 },
    ]),
  });
  const accounts = new Accounts(s.app.sqlite, CLINIC_ACCOUNTS);
  await accounts.put({ scope: 'K1', username: 'jongno.staff', password: 'correct horse battery' }, AFTER_OPENING);
  await accounts.put({ scope: 'K2', username: 'yonsei.staff', password: 'another long secret' }, AFTER_OPENING);
  for (const [i, clinicId] of [[1, 'K1'], [2, 'K1'], [3, 'K1'], [4, 'K2']] as const) {
    const person = { ...personNo(i), name: ['김철수', '이영희', 'Jane Kim', '박민수'][i - 1]! };
    await s.client.booking.submit.mutate({ admissionToken: s.mint(person), idempotencyKey: randomUUID(), person, preferences: [{ clinicId }] });
  }
  return s;
}

async function login(s: TestServer, username: string, password: string, headers: Record<string, string> = {}) {
  return fetch(`${s.url}/trpc/clinic.login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) });
}

const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!;

describe('clinic accounts', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie (Secure behind HTTPS), and logs out', async () => {
    server = await setup();
    const res = await login(server, 'jongno.staff', 'correct horse battery');
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^yeyak_clinic=[A-Za-z0-9_-]{40,}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    expect((await login(server, 'jongno.staff', 'correct horse battery', { 'x-forwarded-proto': 'https' })).headers.get('set-cookie')).not.toMatch(/Secure/); // no trusted proxy
    server.app.trustProxyHops = 1;
    expect((await login(server, 'jongno.staff', 'correct horse battery', { 'x-forwarded-proto': 'https' })).headers.get('set-cookie')).toMatch(/; Secure$/);
    server.app.trustProxyHops = 0;
    const me = await fetch(`${server.url}/trpc/clinic.me`, { headers: { cookie: cookieOf(res) } });
    expect(((await me.json()) as any).result.data).toEqual({ clinicId: 'K1' });
    const out = await fetch(`${server.url}/trpc/clinic.logout`, { method: 'POST', headers: { cookie: cookieOf(res), 'content-type': 'application/json' } });
    expect(out.headers.get('set-cookie')).toMatch(/^yeyak_clinic=; .*Max-Age=0/);
    expect((await fetch(`${server.url}/trpc/clinic.me`, { headers: { cookie: cookieOf(res) } })).status).toBe(401);
  });

  it('refuses wrong passwords, then slows them down even for the right one', async () => {
    server = await setup();
    for (let i = 0; i < 6; i++) expect((await login(server, 'yonsei.staff', 'another long secret')).status).toBe(200); // right ones do not count
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await login(server, 'jongno.staff', `wrong password ${i}`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    const right = await login(server, 'jongno.staff', 'correct horse battery');
    expect(right.status).toBe(429);
    expect(((await right.json()) as any).error.data.reason).toBe('RATE_LIMITED');
    const unknown = await login(server, 'nobody.here', 'correct horse battery');
    expect([unknown.status, ((await unknown.json()) as any).error.data.reason]).toEqual([401, 'FORBIDDEN']);
  });

  it("never shows another clinic's day or export, whatever the request names; no session is 401", async () => {
    server = await setup();
    const cookie = cookieOf(await login(server, 'jongno.staff', 'correct horse battery'));
    const day = (input: object, headers: Record<string, string> = { cookie }) =>
      fetch(`${server.url}/trpc/clinic.day?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });
    for (const input of [{ date: DAY }, { date: DAY, clinicId: 'K2' }, { date: DAY, clinic: 'K2', clinicID: 'K2' }]) {
      const data = ((await (await day(input)).json()) as any).result.data;
      expect(data.clinicId).toBe('K1');
      expect(data.slots.flatMap((s: any) => s.bookings.map((b: any) => b.name))).not.toContain('박민수');
    }
    for (const query of [`date=${DAY}&clinic=K2`, `date=${DAY}&clinicId=K2`, `clinic=K2&date=${DAY}`]) {
      const csv = await (await fetch(`${server.url}/clinic/export.csv?${query}`, { headers: { cookie } })).text();
      expect(csv).toContain('김철수');
      expect(csv).not.toContain('박민수');
    }
    const none = await day({ date: DAY }, {});
    expect([none.status, ((await none.json()) as any).error.data.reason]).toEqual([401, 'FORBIDDEN']);
    expect((await fetch(`${server.url}/clinic/export.csv?date=${DAY}`)).status).toBe(401);
    expect((await fetch(`${server.url}/clinic/export.csv?date=${DAY}`, { headers: { cookie: 'yeyak_clinic=forged' } })).status).toBe(401);
    expect((await fetch(`${server.url}/clinic/export.csv?date=17-08-2021`, { headers: { cookie } })).status).toBe(400);
  });
});

describe('CSV export', () => {
  it('parses back to the bookings in the database: BOM, CRLF, Korean headers, Hangul intact', async () => {
    server = await setup();
    const cookie = cookieOf(await login(server, 'jongno.staff', 'correct horse battery'));
    const res = await fetch(`${server.url}/clinic/export.csv?date=${DAY}`, { headers: { cookie } });
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="clinic-K1-${DAY}.csv"; filename*=UTF-8''${encodeURIComponent(`종로구보건소-${DAY}.csv`)}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.split('\r\n').length).toBeGreaterThan(2);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const rows = parse(bytes, { bom: true, record_delimiter: '\r\n' }) as string[][];
    expect(rows[0]).toEqual(['날짜', '시간', '차수', '예약번호', '이름', '생년월일', '전화번호']);
    const inDb = server.app.sqlite.prepare(`SELECT b.code, b.name, b.birth_date AS birthDate, b.phone, s.dose FROM bookings b
      JOIN appointments a ON a.booking_id = b.id JOIN slots s ON s.id = a.slot_id
      WHERE s.clinic_id = 'K1' AND s.date = ? AND b.status = 'active' ORDER BY b.code`).all(DAY) as any[];
    const fromCsv = rows.slice(1).map((r) => ({ code: r[3]!.replace('-', ''), name: r[4], birthDate: r[5], phone: r[6], dose: Number(r[2]!.replace('차', '')) }))
      .sort((a, b) => a.code.localeCompare(b.code));
    expect(fromCsv).toEqual(inDb);
    expect(rows.slice(1).every((r) => r[0] === DAY && /^\d\d:\d\d$/.test(r[1]!))).toBe(true);
    // The CLI writes the same file.
    const cli = await runCli(['export', '--clinic', 'K1', '--date', DAY], server.dataDir);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toBe(text);
  });

  it('exports cells that begin with = + - @ as text, never formulas', async () => {
    server = await setup();
    // Data that did not come through today's validation (an old import, say): written directly.
    const hostile = ['=HYPERLINK("http://x","y")', '+82', '-1+1', '@SUM(A1:A9)'];
    server.app.sqlite.transaction(() => {
      const slot = server.app.sqlite.prepare("SELECT id FROM slots WHERE clinic_id = 'K1' AND dose = 1 ORDER BY starts_at LIMIT 1").get() as { id: number };
      hostile.forEach((name, i) => {
        const { lastInsertRowid } = server.app.sqlite.prepare(`INSERT INTO bookings (code, campaign_id, person_key, name, birth_date, phone, status, admission_id, created_at)
          VALUES (?, 'covid19-50s', ?, ?, '1967-01-01', ?, 'active', ?, 0)`).run(`ZZZZZZZ${i + 2}`, `k${i}`, name, i === 0 ? '=1+1' : '010-1111-2222', `adm-${i}`);
        server.app.sqlite.prepare('INSERT INTO appointments (booking_id, dose, slot_id) VALUES (?, 1, ?)').run(lastInsertRowid, slot.id);
      });
    })();
    const cookie = cookieOf(await login(server, 'jongno.staff', 'correct horse battery'));
    const rows = parse(Buffer.from(await (await fetch(`${server.url}/clinic/export.csv?date=${DAY}`, { headers: { cookie } })).arrayBuffer()), { bom: true }) as string[][];
    const names = rows.map((r) => r[4]!);
    for (const name of hostile) expect(names).toContain(`'${name}`);
    expect(rows.map((r) => r[6])).toContain("'=1+1");
    expect(rows.slice(1).every((r) => !/^[=+\-@\t\r]/.test(r.join('')))).toBe(true);
    expect(rows.map((r) => r[6])).toContain('010-1111-2222'); // a real phone number stays as it is
  });

  it('adds accounts and resets passwords from the CLI; a reset ends the sessions', async () => {
    server = await setup();
    const cookie = cookieOf(await login(server, 'jongno.staff', 'correct horse battery'));
    // Passwords come on standard input since issue 18 (they were an argv value, which ps shows).
    const add = (username: string, password: string) => runCli(['clinic-user', 'add', '--clinic', 'K3', '--username', username, '--password-stdin'], server.dataDir, {}, `${password}\n`);
    expect((await add('mapo.staff', 'long enough pw')).code).toBe(0);
    expect((await add('mapo.staff', 'long enough pw')).stderr).toContain('exists');
    expect((await add('short.pw', 'short')).code).toBe(1);
    expect((await runCli(['clinic-user', 'reset', '--username', 'jongno.staff', '--password-stdin'], server.dataDir, {}, 'a brand new secret\n')).code).toBe(0);
    expect((await fetch(`${server.url}/trpc/clinic.me`, { headers: { cookie } })).status).toBe(401);
    expect((await login(server, 'jongno.staff', 'a brand new secret')).status).toBe(200);
    expect((await login(server, 'mapo.staff', 'long enough pw')).status).toBe(200);
    expect((await refusalOf(server.client.clinic.me.query())).reason).toBe('FORBIDDEN');
  });
});
