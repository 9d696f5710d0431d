/**
 * Issue 19, items 3, 4 and 7, in real Chromium at phone size against the real server, and over the
 * real tRPC client: a cancelled booking cannot pass for a valid one; a chosen time of day books that
 * time of day (in the order chosen) in one atomic booking, with free places shown per clinic and
 * day; the confirmation names the weekday, vaccine and clinic phone and downloads a correct .ics;
 * second doses stay off public holidays (demo data, slot import over HTTP and the CLI). axe-core checks each new screen.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Accounts, OPERATOR_ACCOUNTS } from '../api/auth/accounts';
import { personNo } from '../api/bench/people';
import { openStorage } from '../api/db/open';
import { demoCampaign, demoClinics, demoSlots } from '../api/demo/load';
import { verifyStorage } from '../api/verify';
import { holidayOn } from '../shared/holidays';
import { addDays, seoulDate, seoulInstant, seoulTime } from '../shared/time';
import { launchChromium, phoneContext } from './browser';
import { addPerson, check, fitsAt200, SHOTS } from './screens';
import { AFTER_OPENING, fixtureCampaign, loadFixture } from './fixture';
import { refusalOf, snapshot, startServer, tempDataDir, tickUntil, type TestServer } from './harness';
import { runCli } from './processes';

const WEB_DIR = fileURLToPath(new URL('../dist/web', import.meta.url));
const CAMPAIGN = fixtureCampaign.id;
/** Morning and afternoon first-dose places on two days; nothing in the evening. */
const TIMES = ['09:00', '10:00', '14:00', '15:00'];
let browser: Browser | undefined;
let server: TestServer | undefined;

beforeAll(() => mkdirSync(SHOTS, { recursive: true }));
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function chromium(): Promise<Browser> {
  browser ??= await launchChromium();
  return browser;
}

const submit = (s: TestServer, person: ReturnType<typeof personNo>, preferences: unknown) =>
  s.client.booking.submit.mutate({ admissionToken: s.mint(person), idempotencyKey: randomUUID(), person, preferences: preferences as never });

const freeAt = (s: TestServer, time: string, date = '2021-08-17') =>
  (s.app.sqlite.prepare("SELECT capacity - booked AS free FROM slots WHERE clinic_id = 'K1' AND dose = 1 AND starts_at = ?").get(seoulInstant(date, time)) as { free: number }).free;

describe('choosing a time of day (booking.submit bands)', () => {
  it('books the first band in the order given, falls through to the next, refuses when none fits, and keeps capacity', async () => {
    const s = server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: TIMES, capacity: 1 }]) });
    // What a person choosing a band is shown: free first-dose places per day and time of day.
    const bands = () => s.client.catalog.bandAvailability.query({ campaignId: CAMPAIGN, clinicIds: ['K1', 'K3'] });
    expect(await bands()).toEqual([
      { clinicId: 'K1', date: '2021-08-17', band: 'morning', free: 2 },
      { clinicId: 'K1', date: '2021-08-17', band: 'afternoon', free: 2 },
    ]);
    expect((await refusalOf(s.client.catalog.bandAvailability.query({ campaignId: CAMPAIGN, clinicIds: [] }))).reason).toBe('INVALID_INPUT');
    expect((await refusalOf(s.client.catalog.bandAvailability.query({ campaignId: 'nope', clinicIds: ['K1'] }))).reason).toBe('NOT_FOUND');
    // Before: no band means the earliest time, as it always did.
    const earliest = await submit(s, personNo(1), [{ clinicId: 'K1' }]);
    expect(seoulTime(Date.parse(earliest.appointments[0]!.startsAt))).toBe('09:00');
    // Afternoon first: 14:00 although 10:00 is free; the second dose follows at the same time of day.
    const afternoon = await submit(s, personNo(2), [{ clinicId: 'K1', bands: ['afternoon', 'morning'] }]);
    expect(afternoon.appointments.map((a) => a.startsAt.slice(0, 16))).toEqual(['2021-08-17T14:00', '2021-09-14T14:00']);
    expect(freeAt(s, '10:00')).toBe(1);
    // Evening (none at all) then morning: the order falls through to the morning.
    const evening = await submit(s, personNo(3), [{ clinicId: 'K1', bands: ['evening', 'morning'] }]);
    expect(evening.appointments[0]!.startsAt.slice(11, 16)).toBe('10:00');
    expect(await submit(s, personNo(4), [{ clinicId: 'K1', bands: ['afternoon'] }]).then((b) => b.appointments[0]!.startsAt.slice(11, 16))).toBe('15:00');
    // Afternoon only, and the afternoon is full: refused, nothing booked, though nothing else is asked for.
    const before = snapshot(s.app);
    const full = await refusalOf(submit(s, personNo(5), [{ clinicId: 'K1', bands: ['afternoon'] }]));
    expect(full.reason).toBe('SLOTS_FULL');
    expect(snapshot(s.app)).toBe(before);
    expect(verifyStorage(s.app.sqlite).filter((c) => !c.ok)).toEqual([]);
    expect((await bands()).map((r) => r.free)).toEqual([0, 0]);
  });

  it('books exact times first, in their order, then the bands; with no band only those times; lists free times per clinic and day', async () => {
    const s = server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: TIMES, capacity: 1 }]) });
    const at = (b: { appointments: Array<{ startsAt: string }> }) => b.appointments[0]!.startsAt.slice(11, 16);
    const freeTimes = () => s.client.catalog.freeTimes.query({ campaignId: CAMPAIGN, clinicId: 'K1', date: '2021-08-17' });
    expect(await freeTimes()).toEqual(TIMES.map((time) => ({ time, free: 1 })));
    expect(at(await submit(s, personNo(1), [{ clinicId: 'K1', times: ['15:00', '10:00'] }]))).toBe('15:00');
    expect(at(await submit(s, personNo(2), [{ clinicId: 'K1', times: ['15:00', '10:00'] }]))).toBe('10:00');
    expect(at(await submit(s, personNo(3), [{ clinicId: 'K1', times: ['15:00'], bands: ['afternoon', 'morning'] }]))).toBe('14:00');
    expect(await freeTimes()).toEqual([{ time: '09:00', free: 1 }]);
    const before = snapshot(s.app);
    expect((await refusalOf(submit(s, personNo(4), [{ clinicId: 'K1', times: ['10:00', '15:00'] }]))).reason).toBe('SLOTS_FULL'); // 09:00 is free, but not asked for
    expect(snapshot(s.app)).toBe(before);
    for (const times of [['25:00'], ['9:00'], ['10:00', '10:00'], []]) {
      expect((await refusalOf(submit(s, personNo(5), [{ clinicId: 'K1', times }]))).reason, JSON.stringify(times)).toBe('INVALID_INPUT');
    }
    expect((await refusalOf(s.client.catalog.freeTimes.query({ campaignId: CAMPAIGN, clinicId: 'K1', date: '2021-02-30' }))).reason).toBe('INVALID_INPUT');
    expect(snapshot(s.app)).toBe(before);
  });

  it('refuses bad bands as INVALID_INPUT and changes nothing', async () => {
    const s = server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: TIMES, capacity: 1 }]) });
    const before = snapshot(s.app);
    for (const bands of [['night'], ['morning', 'morning'], [], ['morning', 'afternoon', 'evening', 'morning'], 'morning']) {
      const r = await refusalOf(submit(s, personNo(9), [{ clinicId: 'K1', bands }]));
      expect([r.reason, r.httpStatus], JSON.stringify(bands)).toEqual(['INVALID_INPUT', 400]);
    }
    expect(snapshot(s.app)).toBe(before);
  });
});

describe('the citizen app at phone size', () => {
  it('chooses the afternoon, books it with morning places free, shows weekday, vaccine and phone, downloads the .ics, and then shows the cancelled booking as void', async () => {
    const s = server = await startServer({
      now: AFTER_OPENING,
      webDir: WEB_DIR,
      room: { admitRate: 50 },
      setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 2, times: TIMES, capacity: 5 }, { clinicId: 'K3', days: 1, times: ['09:00'], capacity: 5 }]),
    });
    const context = await phoneContext(await chromium(), { bypassCSP: true, serviceWorkers: 'block', acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${s.url}/`);
    const pid = await addPerson(page, { name: '김엄마', birthDate: '1967-05-05', phone: '010-1234-5678' });

    // The plan: a clinic, then the afternoon first and the evening second; free places per day, online.
    await page.getByRole('link', { name: '의료기관·날짜 선택 김엄마' }).click();
    await page.getByLabel('이름 또는 주소').fill('종로구보건소');
    await page.getByRole('button', { name: '추가 종로구보건소' }).click();
    await page.getByText('아무 시간이나').waitFor(); // before: no time chosen
    await page.getByRole('button', { name: '추가: 오후 (12시~18시)' }).click();
    await page.getByRole('button', { name: '추가: 저녁 (18시 이후)' }).click();
    await page.getByRole('button', { name: '위로 저녁 (18시 이후)' }).click();
    await page.getByRole('button', { name: '위로 오후 (12시~18시)' }).click();
    expect(await page.locator('ol.bands li strong').allTextContents()).toEqual(['오후 (12시~18시)', '저녁 (18시 이후)']);
    const free = page.locator('.free-places');
    await free.getByRole('heading', { name: '종로구보건소' }).waitFor();
    expect(await free.locator('li').allTextContents()).toEqual([
      expect.stringMatching(/^8월 17일 \(화\)오전 10자리 · 오후 10자리/), expect.stringMatching(/^8월 18일 \(수\)오전 10자리 · 오후 10자리/),
    ]);
    await free.getByRole('button', { name: /^이날로 고르기 종로구보건소 8월 17일/ }).click();
    await page.locator('.days li', { hasText: '2021-08-17' }).waitFor();
    // Exact times where free: shown on asking, one picked (listed before the bands), then put back.
    await free.getByRole('button', { name: /^시각 보기 종로구보건소 8월 18일/ }).click();
    const times = free.getByRole('group', { name: /^시각 고르기 종로구보건소 8월 18일/ }).getByRole('button');
    await times.first().waitFor(); // the free times arrive from the server
    expect(await times.allTextContents()).toEqual([
      expect.stringMatching(/^09:00 · 5자리/), expect.stringMatching(/^10:00 · 5자리/), expect.stringMatching(/^14:00 · 5자리/), expect.stringMatching(/^15:00 · 5자리/),
    ]);
    await times.filter({ hasText: '15:00' }).click();
    await page.locator('ol.times li', { hasText: '15:00' }).waitFor();
    await check(page, 'citizen-times');
    await fitsAt200(page);
    await page.getByRole('button', { name: '빼기 15:00' }).click();
    await page.locator('ol.times').waitFor({ state: 'detached' });

    // Let in (joined by itself), the admitted screen says what goes; one tap books the afternoon.
    await page.goto(`${s.url}/#/go/${pid}/${CAMPAIGN}`);
    await tickUntil(s, page.getByRole('button', { name: '예약하기' }).waitFor());
    await page.getByText('시간대: 오후 (12시~18시) → 저녁 (18시 이후)').waitFor();
    await page.getByRole('button', { name: '예약하기' }).click();
    await page.getByRole('heading', { name: '예약이 완료되었습니다' }).waitFor();
    const code = (await page.locator('.code').textContent())!;
    const booked = await s.client.booking.lookup.mutate({ code, birthDate: '1967-05-05' });
    expect(booked.appointments.map((a) => a.startsAt.slice(0, 16))).toEqual(['2021-08-17T14:00', '2021-09-14T14:00']);
    expect([freeAt(s, '09:00'), freeAt(s, '10:00'), freeAt(s, '14:00')]).toEqual([5, 5, 4]); // mornings were free

    // The confirmation: weekday, vaccine and the clinic's phone (none of which it had), and a calendar file.
    const confirmation = page.locator('.confirmation');
    const text = (await confirmation.textContent())!;
    expect(text).toContain('2021년 8월 17일 화요일');
    expect(text).toContain('2021년 9월 14일 화요일');
    expect(text).toContain('코로나19 50대');
    expect(await confirmation.getByRole('link', { name: /종로구보건소에 전화하기/ }).first().getAttribute('href')).toBe('tel:02-2148-3520');
    await page.locator('svg.qr').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '캘린더에 추가 (.ics)' }).click()]);
    expect(download.suggestedFilename()).toBe(`yeyak-${code.replace('-', '')}.ics`);
    const ics = readFileSync((await download.path())!, 'utf8');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/\n/); // CRLF only
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded.match(/^DTSTART:.*$/gm)).toEqual(['DTSTART:20210817T050000Z', 'DTSTART:20210914T050000Z']); // 14:00 in Seoul
    expect(unfolded).toContain('SUMMARY:코로나19 50대 1차 접종\r\n');
    expect(unfolded).toContain('LOCATION:종로구보건소\\, 서울특별시 종로구 자하문로19길 36\\, 02-2148-3520\r\n');
    expect(unfolded).toContain(`예약번호 ${code}.`);
    await check(page, 'citizen-confirmation-full');
    await fitsAt200(page);

    // Cancelled from the lookup screen: the same booking is now shown as void, there and on the journey.
    await page.goto(`${s.url}/#/lookup`);
    await page.getByLabel('예약번호').fill(code);
    await page.getByLabel('생년월일').fill('1967-05-05');
    await page.getByRole('button', { name: '조회' }).click();
    await page.locator('svg.qr').waitFor(); // before cancelling, the QR is there
    await page.getByRole('button', { name: '예약 취소' }).click();
    await page.getByRole('button', { name: '네, 취소합니다' }).click();
    await page.getByText('예약을 취소했습니다.').waitFor();
    const assertVoid = async () => {
      await page.getByRole('heading', { name: '예약이 취소되었습니다' }).waitFor();
      await page.getByText('이 예약은 취소되어 접종 기관에서 사용할 수 없습니다').waitFor();
      expect(await page.locator('svg.qr').count()).toBe(0);
      expect(await page.getByText('QR 코드를 보여 주세요').count()).toBe(0);
      expect(await page.getByRole('heading', { name: '예약이 완료되었습니다' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: '캘린더에 추가 (.ics)' }).count()).toBe(0);
      expect(await page.locator('.confirmation.cancelled .code del').textContent()).toBe(code);
    };
    await assertVoid();
    await page.goto(`${s.url}/#/go/${pid}/${CAMPAIGN}`);
    await assertVoid();
    await page.getByRole('button', { name: '대기열 다시 들어가기' }).waitFor();
    await check(page, 'citizen-cancelled');
    await fitsAt200(page);
    // And in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Booking cancelled' }).waitFor();
    expect(await page.getByText(/Show the code or the QR code/).count()).toBe(0);
    await context.close();
  });
});

describe('public holidays', () => {
  it('keeps the demo\'s doses off holidays: opening on 3 December 2026 used to put second doses on 1 January', () => {
    const now = Date.parse('2026-12-03T01:00:00Z');
    const campaign = demoCampaign(now, 180, 'declared');
    const slots = [...demoSlots(campaign, demoClinics(2), 14, 1)];
    const days = new Set(slots.map((s) => seoulDate(s.startsAt)));
    // Before: first doses from 4 December for 14 days, second doses 28 days later, so 1 January 2027 had slots.
    expect(addDays('2026-12-04', 28)).toBe('2027-01-01');
    expect(days.has('2027-01-01')).toBe(false);
    expect([...days].filter((d) => holidayOn(d) !== null)).toEqual([]);
    expect([...days].filter((d) => d < '2027-01-01')).toHaveLength(14); // still 14 days of first doses
    expect(slots.filter((s) => s.dose === 2).every((s) => holidayOn(seoulDate(s.startsAt)) === null)).toBe(true);
  });

  it('refuses an operator\'s slot import with a slot on a holiday, as a typed line error, and loads nothing', async () => {
    const s = server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, []) });
    await new Accounts(s.app.sqlite, OPERATOR_ACCOUNTS).put({ username: 'ops.kim', password: 'operator secret 1' }, AFTER_OPENING);
    const login = await fetch(`${s.url}/trpc/operator.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ops.kim', password: 'operator secret 1' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const post = (csv: string) => fetch(`${s.url}/operator/import`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ kind: 'slots', csv }) });
    const count = () => s.app.sqlite.prepare('SELECT count(*) FROM slots').pluck().get();
    const before = count();
    const res = await post('캠페인,기관코드,차수,날짜,시간,정원\r\ncovid19-50s,K1,1,2026-12-04,09:00,5\r\ncovid19-50s,K1,2,2027-01-01,09:00,5\r\ncovid19-50s,K1,2,2026-10-05,09:00,5\r\n');
    expect(res.status).toBe(400);
    const errors = ((await res.json()) as any).error.data.details.errors;
    expect(errors).toEqual([
      // With the console's fields beside them (problem, column, params: issue 19 item 9).
      { line: 3, code: 'HOLIDAY', message: expect.stringContaining('2027-01-01 is a public holiday (신정)'), problem: 'holiday', column: '날짜', params: { value: '2027-01-01', name: '신정' } },
      { line: 4, code: 'HOLIDAY', message: expect.stringContaining('2026-10-05 is a public holiday (대체공휴일(개천절))'), problem: 'holiday', column: '날짜', params: { value: '2026-10-05', name: '대체공휴일(개천절)' } },
    ]);
    expect(count()).toBe(before);
    const ok = await post('캠페인,기관코드,차수,날짜,시간,정원\r\ncovid19-50s,K1,1,2026-12-04,09:00,5\r\ncovid19-50s,K1,2,2027-01-04,09:00,5\r\n');
    expect(await ok.json()).toEqual({ ok: true, rows: 2, changed: 2 });
  });

  it('lets the CLI load a holiday slot only when told to (--allow-holidays)', async () => {
    const dataDir = tempDataDir();
    try {
      const storage = openStorage(dataDir);
      loadFixture(storage, []);
      storage.sqlite.close();
      const file = join(dataDir, 'slots.csv');
      writeFileSync(file, '캠페인,기관코드,차수,날짜,시간,정원\r\ncovid19-50s,K1,2,2027-01-01,09:00,5\r\n');
      const refused = await runCli(['import', '--slots', file], dataDir);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`${file}:2: 2027-01-01 is a public holiday (신정)`);
      const allowed = await runCli(['import', '--slots', file, '--allow-holidays'], dataDir);
      expect([allowed.code, allowed.stdout.trim()]).toEqual([0, 'slots: 1 rows read, 1 changed']);
    } finally {
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
    }
  });
});
