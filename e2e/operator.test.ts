/** The operator's side: CSV import (all-or-nothing, errors by line, idempotent), campaign edits with validation, the dashboard and rate control, the first login. */
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Accounts, OPERATOR_ACCOUNTS } from '../api/auth/accounts';
import { catalogVersion } from '../api/catalog/clinics';
import { DEFAULT_ADMIT_RATE } from '../api/queue/room';
import { AFTER_OPENING, fixtureCampaign, loadFixture } from './fixture';
import { refusalOf, startServer, tempDataDir, type TestServer } from './harness';
import { personNo } from '../api/bench/people';
import { killHard, runCli, spawnServer, type ServerProcess } from './processes';

let server: TestServer;
afterEach(async () => server?.close());

async function signedIn(): Promise<{ s: TestServer; cookie: string }> {
  const s = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: ['10:00'], capacity: 1 }]) });
  await new Accounts(s.app.sqlite, OPERATOR_ACCOUNTS).put({ username: 'ops.kim', password: 'operator secret 1' }, AFTER_OPENING);
  const res = await fetch(`${s.url}/trpc/operator.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ops.kim', password: 'operator secret 1' }) });
  expect(res.status).toBe(200);
  return { s, cookie: res.headers.get('set-cookie')!.split(';')[0]! };
}

const CLINICS_OK = '\uFEFF기관코드,기관명,시도,시군구,주소,전화번호\r\nN1,새봄내과의원,서울특별시,강남구,"서울특별시 강남구 테헤란로 1, 2층",02-555-0101\r\nN2,바른가정의학과의원,부산광역시,해운대구,부산광역시 해운대구 중동 1,051-555-0102\r\n';
const CLINICS_BAD = '기관코드,기관명,시도,시군구,주소,전화번호\r\nN3,좋은의원,서울특별시,중구,서울 중구 1,02-555-0103\r\nN4,나쁜의원,서울시,중구,서울 중구 2,02-555-0104\r\nN5,,서울특별시,중구,서울 중구 3,02-555-0105\r\nN6,전화없는의원,서울특별시,중구,서울 중구 4,010\r\n';

describe('operator console', () => {
  it('imports clinics and slots all-or-nothing, names each bad line, and changes nothing on a second import', async () => {
    const { s, cookie } = await signedIn();
    server = s;
    // The file travels as JSON (every POST is JSON since issue 18; it was the raw text/csv body).
    const post = (kind: string, csv: string, headers: Record<string, string> = { cookie }) =>
      fetch(`${s.url}/operator/import`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ kind, csv }) });
    const raw = await fetch(`${s.url}/operator/import?kind=clinics`, { method: 'POST', headers: { 'content-type': 'text/csv', cookie }, body: CLINICS_OK });
    expect([raw.status, ((await raw.json()) as any).error.data.reason]).toEqual([415, 'INVALID_INPUT']);
    expect((await post('nonsense', CLINICS_OK)).status).toBe(400);
    const before = catalogVersion(s.app.db);
    const bad = await post('clinics', CLINICS_BAD);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.data.details.errors.map((e: any) => e.line)).toEqual([3, 4, 5]);
    expect(s.app.sqlite.prepare("SELECT count(*) AS n FROM clinics WHERE id LIKE 'N%'").get()).toEqual({ n: 0 });
    const ok = await post('clinics', CLINICS_OK);
    expect(await ok.json()).toEqual({ ok: true, rows: 2, changed: 2 });
    expect(s.app.sqlite.prepare("SELECT address FROM clinics WHERE id = 'N1'").pluck().get()).toBe('서울특별시 강남구 테헤란로 1, 2층');
    const version = catalogVersion(s.app.db);
    expect(version).toBe(before + 1);
    expect(await (await post('clinics', CLINICS_OK)).json()).toEqual({ ok: true, rows: 2, changed: 0 });
    expect(catalogVersion(s.app.db)).toBe(version);

    // Book K1's only place, then try to shrink it below the booking, among other mistakes.
    const person = personNo(1);
    await s.client.booking.submit.mutate({ admissionToken: s.mint(person), idempotencyKey: randomUUID(), person, preferences: [{ clinicId: 'K1' }] });
    const SLOTS_OK = '캠페인,기관코드,차수,날짜,시간,정원\r\ncovid19-50s,N1,1,2021-08-20,09:00,5\r\ncovid19-50s,N1,2차,2021-09-17,09:00,5\r\n';
    const slotsBad = await post('slots', '캠페인,기관코드,차수,날짜,시간,정원\r\ncovid19-50s,K1,1,2021-08-17,10:00,0\r\nnope,N1,1,2021-08-20,09:00,5\r\ncovid19-50s,N1,3,2021-08-20,25:00,-1\r\n');
    const errors = ((await slotsBad.json()) as any).error.data.details.errors;
    expect(errors.map((e: any) => e.line)).toEqual([2, 3, 4, 4, 4]);
    expect(errors[0].message).toContain('below the 1 already booked');
    expect(errors[0]).toMatchObject({ problem: 'below_booked', column: '정원', params: { value: 0, booked: 1 } });
    expect(errors.slice(1).map((e: any) => e.problem)).toEqual(['unknown_campaign', 'dose', 'time_format', 'capacity_range']);
    const sloppy = await post('slots', '캠페인,기관코드,차수,날짜,시간,정원\r\ncovid19-50s,N1,1,2021-08-20,09:00,\r\ncovid19-50s,N1,1,2021-08-20,09:30,1e1\r\ncovid19-50s,N1,0x1,2021-08-20,10:00,5\r\n');
    expect(((await sloppy.json()) as any).error.data.details.errors.map((e: any) => e.line)).toEqual([2, 3, 4]); // an empty 정원 is not 0, 1e1 is not 10
    expect(await (await post('slots', SLOTS_OK)).json()).toEqual({ ok: true, rows: 2, changed: 2 });
    expect(await (await post('slots', SLOTS_OK)).json()).toEqual({ ok: true, rows: 2, changed: 0 });
    expect((await post('slots', SLOTS_OK, {})).status).toBe(401);

    // The same from the CLI, with file:line errors.
    const file = join(s.dataDir, 'bad.csv');
    writeFileSync(file, CLINICS_BAD);
    const cli = await runCli(['import', '--clinics', file], s.dataDir);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(`${file}:3: 시도 "서울시" is not one of the 17 시·도`);
  });

  it('loads a campaign\'s roster from the console, all or nothing, the bad line named, and keeps only keyed hashes', async () => {
    const { s, cookie } = await signedIn();
    server = s;
    const post = (body: unknown, headers: Record<string, string> = { cookie }) =>
      fetch(`${s.url}/operator/import`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const roster = () => s.app.sqlite.prepare('SELECT count(*) FROM roster').pluck().get();
    const csv = '\uFEFFname,birth_date,phone\r\n김민수,1967-01-02,010-1234-5678\r\n이영희,1968-03-04,010-2222-3333\r\n';
    expect((await post({ kind: 'roster', campaignId: 'covid19-50s', csv }, {})).status).toBe(401); // no session
    const bad = await post({ kind: 'roster', campaignId: 'covid19-50s', csv: `${csv}박철수,1969-02-30,010-5555-6666\r\n` });
    expect(bad.status).toBe(400);
    // The English message as before; the code and column (added for the console to translate) beside it.
    expect(((await bad.json()) as any).error.data.details.errors).toEqual([{ line: 4, message: expect.stringContaining('birthDate'), problem: 'birth_date_format', column: 'birth_date' }]);
    expect((await post({ kind: 'roster', campaignId: 'nope', csv })).status).toBe(400);
    expect((await post({ kind: 'roster', csv })).status).toBe(400);
    expect(roster()).toBe(0);
    expect(await (await post({ kind: 'roster', campaignId: 'covid19-50s', csv })).json()).toEqual({ ok: true, rows: 2, changed: 2 });
    expect(roster()).toBe(2);
    expect(JSON.stringify(s.app.sqlite.prepare('SELECT * FROM roster').all())).not.toMatch(/김민수|1234/);
  });

  it('edits opening times with validation, and citizens see the change in schedule.get', async () => {
    const { s, cookie } = await signedIn();
    server = s;
    const put = (campaign: unknown) => fetch(`${s.url}/trpc/operator.putCampaign`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(campaign) });
    const [c1, c2] = fixtureCampaign.cohorts as [typeof fixtureCampaign.cohorts[0], typeof fixtureCampaign.cohorts[0]];
    const overlapping = { ...fixtureCampaign, cohorts: [c1, { ...c2, birthFrom: '1968-06-01', opensAt: c1.opensAt, prequeueFrom: c1.prequeueFrom }] };
    const refused = (await (await put(overlapping)).json()) as any;
    expect(refused.error.data.reason).toBe('INVALID_INPUT');
    expect(refused.error.data.details.problems).toEqual(['age-53-54 and age-50-52 are open at the same time for some of the same birth dates']);
    expect(refused.error.data.details.checks).toEqual([{ problem: 'overlap', cohorts: ['age-53-54', 'age-50-52'], message: refused.error.data.details.problems[0] }]);
    const backwards = (await (await put({ ...fixtureCampaign, cohorts: [{ ...c1, prequeueFrom: '2021-08-16T21:00:00+09:00' }, c2] })).json()) as any;
    expect(backwards.error.data.details.problems[0]).toContain('pre-queue must start no later than the opening');
    const later = { ...fixtureCampaign, cohorts: [c1, { ...c2, prequeueFrom: '2021-08-18T19:00:00+09:00', opensAt: '2021-08-18T20:00:00+09:00' }] };
    expect((await put(later)).status).toBe(200);
    const schedule = await s.client.schedule.get.query();
    expect(schedule.campaigns[0]!.cohorts[1]!.opensAt).toBe('2021-08-18T20:00:00.000+09:00');
    expect((await refusalOf(s.client.operator.putCampaign.mutate(later as never))).reason).toBe('FORBIDDEN'); // no session

    // What the stored data forbids: once booked, queued and shuffled.
    const person = personNo(9);
    await s.client.booking.submit.mutate({ admissionToken: s.mint(person), idempotencyKey: randomUUID(), person, preferences: [{ clinicId: 'K1' }] });
    await s.client.queue.join.mutate({ campaignId: 'covid19-50s', person: personNo(10) });
    await s.tick(); // the 53–54 pre-queue is shuffled
    const problems = async (campaign: unknown) => ((await (await put(campaign)).json()) as any).error.data.details.problems as string[];
    expect(await problems({ ...later, intervalDays: 42 })).toContain('doses and the interval cannot change once people have booked');
    expect(await problems({ ...later, cohorts: [later.cohorts[1]] })).toContain('age-53-54 cannot be removed: people are queued in it');
    expect(await problems({ ...later, cohorts: [{ ...c1, opensAt: '2021-08-16T20:30:00+09:00' }, later.cohorts[1]] }))
      .toContain('age-53-54: its pre-queue has been shuffled, so its pre-queue and opening times are fixed');
    expect(await problems({ ...later, id: 'another', cohorts: [later.cohorts[1]] })).toContain('cohort id age-50-52 belongs to campaign covid19-50s');
  });

  it('shows the night live and steers the admission rate', async () => {
    const { s, cookie } = await signedIn();
    server = s;
    const get = async (path: string) => ((await (await fetch(`${s.url}/trpc/${path}`, { headers: { cookie } })).json()) as any).result.data;
    for (let i = 0; i < 3; i++) await s.client.queue.join.mutate({ campaignId: 'covid19-50s', person: personNo(10 + i) });
    const [a, b] = [personNo(20), personNo(21)];
    await s.client.booking.submit.mutate({ admissionToken: s.mint(a), idempotencyKey: randomUUID(), person: a, preferences: [{ clinicId: 'K1' }] });
    await refusalOf(s.client.booking.submit.mutate({ admissionToken: s.mint(b), idempotencyKey: randomUUID(), person: b, preferences: [{ clinicId: 'K1' }] }));
    await s.tick();
    const d = await get('operator.dashboard');
    // K1's one place is booked: the campaign is sold out, so nobody is let in and the dashboard says so.
    expect(d.queues[0]).toMatchObject({ campaignId: 'covid19-50s', admittedUpTo: 0, queueLength: 3, targetRate: DEFAULT_ADMIT_RATE, placesLeft: 0, soldOut: true });
    expect(d.bookingsPerSecond).toBe(0.1);
    expect(d.freeByRegion).toEqual([{ region: '서울특별시', free: 0 }]);
    expect(d.refusals).toEqual([{ reason: 'SLOTS_FULL', count: 1 }]);
    const set = await fetch(`${s.url}/trpc/operator.setAdmitRate`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ perSecond: 0 }) });
    expect(set.status).toBe(200);
    await s.tick(2000);
    expect((await s.client.queue.head.query({ campaignId: 'covid19-50s' })).targetRate).toBe(0);
    expect((await fetch(`${s.url}/trpc/operator.dashboard`)).status).toBe(401);
  });
});

describe('the first operator login', () => {
  it('is written to a 0600 file at first start, whose path (not the password) is printed, or taken from YEYAK_ADMIN_PASSWORD', async () => {
    const dir = tempDataDir();
    const fromEnv = tempDataDir();
    const started: ServerProcess[] = [];
    const spawn = async (...args: Parameters<typeof spawnServer>) => {
      const p = await spawnServer(...args);
      started.push(p);
      return p;
    };
    try {
      const first = await spawn(dir);
      const m = /operator login \(page: \/operator\/\): admin, password in (\S+)/.exec(first.output());
      expect(m, first.output()).not.toBeNull();
      expect(m![1]).toBe(join(dir, 'credentials', 'operator-admin.txt'));
      expect(statSync(m![1]!).mode & 0o777).toBe(0o600);
      const password = /^password: (\S+)$/m.exec(readFileSync(m![1]!, 'utf8'))![1]!;
      expect(first.output()).not.toContain(password);
      const login = await fetch(`${first.url}/trpc/operator.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
      expect(login.status).toBe(200);
      await killHard(first.child);
      const again = await spawn(dir);
      expect(again.output()).not.toContain('operator login');
      await killHard(again.child);

      const server = await spawn(fromEnv, [], [], true, { YEYAK_ADMIN_PASSWORD: 'set by the environment' });
      expect(server.output()).toContain('operator login (page: /operator/): admin, password from YEYAK_ADMIN_PASSWORD');
      expect(server.output()).not.toContain('set by the environment');
      const fromEnvLogin = await fetch(`${server.url}/trpc/operator.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'set by the environment' }) });
      expect(fromEnvLogin.status).toBe(200);
    } finally {
      for (const p of started) await killHard(p.child);
      for (const d of [dir, fromEnv]) rmSync(d, { recursive: true, force: true });
    }
  });
});
