/**
 * The operator console walked at phone size (issue 19, item 9), in real Chromium: a refused rate is
 * said next to its field and keeps the session; pausing asks first and resuming is one button; a bad
 * import or schedule change is said in Korean by line and label, without the API's English or ids;
 * the chart's legend names what each line measures. Each against the state before the fix.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Accounts, OPERATOR_ACCOUNTS } from '../api/auth/accounts';
import { personNo } from '../api/bench/people';
import { DEFAULT_ADMIT_RATE } from '../api/queue/room';
import { seriousViolations } from './axe';
import { launchChromium, phoneContext } from './browser';
import { AFTER_OPENING, loadFixture } from './fixture';
import { snapshot, startServer, type TestServer } from './harness';
import { GENEROUS_MS } from './wait';

const WEB_DIR = fileURLToPath(new URL('../dist/web', import.meta.url));
const SHOTS = fileURLToPath(new URL('./artifacts', import.meta.url));
const WAITING = 40;
let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  browser = await launchChromium();
  server = await startServer({
    now: AFTER_OPENING,
    webDir: WEB_DIR,
    // K1 is full at once, so the queue stays long: people are waiting when the operator pauses.
    setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: ['09:00'], capacity: 1 }]),
  });
  await new Accounts(server.app.sqlite, OPERATOR_ACCOUNTS).put({ username: 'ops.kim', password: 'operator secret 1' }, AFTER_OPENING);
  const first = personNo(0);
  await server.client.booking.submit.mutate({ admissionToken: server.mint(first), idempotencyKey: randomUUID(), person: first, preferences: [{ clinicId: 'K1' }] });
  for (let i = 0; i < WAITING; i++) await server.client.queue.join.mutate({ campaignId: 'covid19-50s', person: personNo(100 + i) });
  await server.tick();
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signedInPhone(): Promise<{ context: BrowserContext; page: Page; blocked: string[] }> {
  const context = await phoneContext(browser, { bypassCSP: true }); // axe-core is injected as a script
  const page = await context.newPage();
  const blocked: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) blocked.push(m.text()); });
  await page.goto(`${server.url}/operator/`);
  await page.getByLabel('아이디').fill('ops.kim');
  await page.getByLabel('비밀번호').fill('operator secret 1');
  await page.getByRole('button', { name: '로그인' }).click();
  await page.locator('[data-figure="waiting"]').waitFor();
  return { context, page, blocked };
}

/** The operator session's cookie still opens the dashboard. */
async function sessionWorks(context: BrowserContext): Promise<boolean> {
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  return (await fetch(`${server.url}/trpc/operator.dashboard`, { headers: { cookie } })).status === 200;
}

describe('the operator console at phone size', () => {
  it('says a refused rate next to its field, in Korean, changes nothing and keeps the session; only an ended session asks for a login', async () => {
    const { context, page, blocked } = await signedInPhone();
    const before = server.app.queue.targetRate;
    const field = page.getByLabel('입장 속도 (초당)');
    await field.fill('-3');
    await page.getByRole('button', { name: '속도 적용' }).click();
    // Before: "입장 속도를 바꾸지 못했습니다. 다시 로그인해 주세요." for a value the server refused.
    const error = page.locator('#rate-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('입장 속도는 0부터 100,000까지의 숫자로 입력하세요. 속도는 바뀌지 않았습니다.');
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.getAttribute('aria-describedby')).toBe('rate-error');
    expect(await page.locator('main').textContent()).not.toContain('다시 로그인');
    expect(server.app.queue.targetRate).toBe(before);
    expect(await sessionWorks(context)).toBe(true);
    expect(await page.getByLabel('아이디').count()).toBe(0); // no login form
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/operator-invalid-rate.png`, fullPage: true });
    // An emptied field is not a rate of 0 (which would pause without asking).
    await field.fill('');
    await page.getByRole('button', { name: '속도 적용' }).click();
    await error.waitFor();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    expect(server.app.queue.targetRate).toBe(before);
    // English second, from the same table.
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('#rate-error', { hasText: 'Enter a rate from 0 to 100,000 people per second' }).waitFor();
    await page.getByRole('button', { name: '한국어' }).click();

    // A dropped connection is not an ended session: the last figures stay, with a notice, and no login form.
    await page.route('**/trpc/operator.dashboard**', (route) => route.abort('internetdisconnected'));
    await page.getByRole('alert').filter({ hasText: '서버에 연결할 수 없습니다. 마지막으로 받은 값을 보여 줍니다.' }).waitFor();
    expect(await page.getByLabel('아이디').count()).toBe(0);
    expect(await page.locator('[data-figure="waiting"]').textContent()).toBe(String(WAITING));
    // A session that has really ended is the one case that asks for a login (the polls stay cut, so the rate call finds it).
    await context.clearCookies();
    await field.fill('5');
    await page.getByRole('button', { name: '속도 적용' }).click();
    await page.getByRole('alert').filter({ hasText: '로그인이 만료되었습니다. 다시 로그인해 주세요.' }).waitFor();
    await page.getByLabel('아이디').waitFor();
    expect(server.app.queue.targetRate).toBe(before);
    expect(blocked).toEqual([]);
    await context.close();
  });

  it('asks before pausing, saying what it does to people waiting; cancelling leaves admission running; a paused console offers resume', async () => {
    const { context, page, blocked } = await signedInPhone();
    const before = server.app.queue.targetRate;
    expect(before).toBe(DEFAULT_ADMIT_RATE);
    const pause = page.getByRole('button', { name: '입장 일시정지' });
    await pause.click();
    // Before: one tap paused admission for everyone.
    const dialog = page.getByRole('alertdialog', { name: '입장을 일시정지할까요?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`대기 중인 ${WAITING}명은 순서를 그대로 지키지만, 다시 시작할 때까지 아무도 입장하지 못합니다.`);
    expect(server.app.queue.targetRate).toBe(before);
    await page.waitForFunction('document.activeElement?.textContent === "취소 (입장 계속)"'); // the safe choice takes the focus
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/operator-pause-confirm.png`, fullPage: true });
    await dialog.getByRole('button', { name: '취소 (입장 계속)' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(server.app.queue.targetRate).toBe(before);
    await page.waitForFunction('document.activeElement?.textContent === "입장 일시정지"'); // back where it was
    // Escape cancels too; and a rate of 0 typed in is a pause, so it asks as well.
    await pause.click();
    await dialog.waitFor();
    await page.waitForFunction('document.activeElement?.textContent === "취소 (입장 계속)"');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.getByLabel('입장 속도 (초당)').fill('0');
    await page.getByRole('button', { name: '속도 적용' }).click();
    await dialog.waitFor();
    expect(server.app.queue.targetRate).toBe(before);

    await dialog.getByRole('button', { name: '네, 일시정지합니다' }).click();
    await expect.poll(() => server.app.queue.targetRate, { timeout: GENEROUS_MS }).toBe(0);
    await server.tick(); // the server's timer does this every second: the dashboard's figure follows
    await page.locator('.card', { hasText: '입장 속도' }).filter({ hasText: '일시정지됨' }).waitFor();
    const banner = page.getByRole('status').filter({ hasText: '입장이 일시정지되어 있습니다.' });
    await banner.waitFor();
    expect(await pause.count()).toBe(0); // while paused, the way out is the one button offered
    await page.waitForFunction(`document.activeElement?.textContent === '입장 다시 시작 (초당 ${before.toLocaleString('ko-KR')}명)'`); // the way back takes the focus
    await page.screenshot({ path: `${SHOTS}/operator-paused.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await banner.getByRole('button', { name: `입장 다시 시작 (초당 ${before.toLocaleString('ko-KR')}명)` }).click();
    await expect.poll(() => server.app.queue.targetRate, { timeout: GENEROUS_MS }).toBe(before);
    await server.tick();
    await banner.waitFor({ state: 'detached' });
    await pause.waitFor();
    expect(blocked).toEqual([]);
    await context.close();
  });

  it('says a bad import and a refused schedule change in Korean, by line and by cohort label, without ids or the API\'s English, and changes nothing', async () => {
    const { context, page, blocked } = await signedInPhone();
    const before = snapshot(server.app);
    const file = (name: string, body: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(body) });
    await page.getByLabel('CSV 불러오기').selectOption('slots');
    await page.setInputFiles('input[type=file]', file('slots.csv', '캠페인,기관코드,차수,날짜,시간,정원\r\ncovid19-50s,K1,1,2021-08-20,09:00,5\r\ncovid19-50s,K1,1,2021/08/20,09:30,5\r\n'));
    await page.getByRole('button', { name: '불러오기' }).click();
    const alert = page.getByRole('alert').filter({ hasText: '고칠 줄' });
    await alert.waitFor();
    const said = (await alert.textContent())!;
    // Before: '줄 3: 날짜 "2021/08/20" must be YYYY-MM-DD'.
    expect(said).toContain('3번째 줄: 날짜 형식이 잘못되었습니다: "2021/08/20" (예: 2021-08-20).');
    expect(said).not.toMatch(/[A-Za-z]{3,}/); // no English, no campaign id
    expect(said).not.toContain('covid19-50s');
    // The API still answers with its codes and English for scripts (the public contract).
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const raw = await (await fetch(`${server.url}/operator/import`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ kind: 'slots', csv: '캠페인,기관코드,차수,날짜,시간,정원\r\ncovid19-50s,K1,1,2021/08/20,09:30,5\r\n' }) })).json() as any;
    expect(raw.error.data).toMatchObject({ reason: 'INVALID_INPUT', details: { errors: [{ line: 2, message: '날짜 "2021/08/20" must be YYYY-MM-DD', problem: 'date_format', column: '날짜', params: { value: '2021/08/20' } }] } });

    // A slot on a public holiday (refused since issue 19 item 7) is said the same way.
    await page.setInputFiles('input[type=file]', file('slots.csv', '캠페인,기관코드,차수,날짜,시간,정원\r\ncovid19-50s,K1,2,2027-01-01,09:00,5\r\n'));
    await page.getByRole('button', { name: '불러오기' }).click();
    await alert.filter({ hasText: '2번째 줄: 날짜 2027-01-01은(는) 공휴일(신정)입니다.' }).waitFor();

    // A roster line, and a problem with the file's first line.
    await page.getByLabel('CSV 불러오기').selectOption('roster');
    await page.getByLabel('명단의 캠페인').locator('option').first().waitFor({ state: 'attached' }); // the campaigns have loaded
    await page.setInputFiles('input[type=file]', file('roster.csv', 'name,birth_date,phone\r\n김민수,1967-01-02,010-1234-5678\r\n박철수,1969-02-30,010-5555-6666\r\n'));
    await page.getByRole('button', { name: '불러오기' }).click();
    await alert.filter({ hasText: '3번째 줄: 생년월일(birth_date)이 올바른 날짜가 아닙니다' }).waitFor();
    // The roster's campaign is chosen by name (before: typed as its id, 'covid19-50s').
    expect(await page.getByLabel('명단의 캠페인').locator('option').allTextContents()).toEqual(['코로나19 50대']);
    await page.setInputFiles('input[type=file]', file('roster.csv', 'name,birthdate,phone\r\n김민수,1967-01-02,010-1234-5678\r\n'));
    await page.getByRole('button', { name: '불러오기' }).click();
    await alert.filter({ hasText: '1번째 줄: 첫 줄(제목 줄)은 name,birth_date,phone 이어야 합니다.' }).waitFor();

    // A schedule change refused: the cohort by its label, under its campaign's form, its fields marked.
    const opens = page.locator('input[data-cohort="age-50-52"][data-field="opensAt"]');
    await opens.fill('2021-08-17T18:00'); // before its own pre-queue
    await page.getByRole('button', { name: '저장' }).click();
    const refused = page.getByRole('alert').filter({ hasText: '저장하지 않았습니다' });
    await refused.waitFor();
    // Before: 'age-50-52: the pre-queue must start no later than the opening, and the opening come before the close'.
    expect(await refused.textContent()).toContain('50~52세: 대기열 입장은 예약 시작보다 늦을 수 없고, 예약 시작은 예약 마감보다 빨라야 합니다.');
    expect(await refused.textContent()).not.toMatch(/age-|[A-Za-z]{3,}/);
    expect(await opens.getAttribute('aria-invalid')).toBe('true');
    expect(snapshot(server.app)).toBe(before); // nothing was loaded or saved
    expect(server.app.sqlite.prepare('SELECT count(*) FROM roster').pluck().get()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/operator-import-error.png`, fullPage: true });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('alert').filter({ hasText: 'Ages 50–52: the pre-queue cannot start after the opening' }).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'Nothing was loaded' }).textContent()).toContain('Line 1: The first line must be name,birth_date,phone.');
    expect(blocked).toEqual([]);
    await context.close();
  });

  it('names each line of the chart with what it measures and its unit, tells them apart without colour, and gives the figures as text', async () => {
    const { context, page, blocked } = await signedInPhone();
    await page.waitForFunction('document.querySelectorAll("figure.chart polyline").length === 2');
    // More people join: the next polls draw the line rising, and the table's "now" follows.
    for (let i = 0; i < 20; i++) await server.client.queue.join.mutate({ campaignId: 'covid19-50s', person: personNo(200 + i) });
    await server.tick();
    await page.locator('td[data-series-value="left"]', { hasText: String(WAITING + 20) }).waitFor();
    const legend = page.locator('figure.chart figcaption');
    const items = (await legend.locator('li').allTextContents()).map((t) => t.trim());
    // Before: the heading said "대기 인원(빨강), 초당 예약 ×10(초록)", colours only, two units on one scale.
    expect(items).toEqual(['대기 인원, 사전 대기 포함 (명) (실선·동그라미, 왼쪽 눈금)', '초당 예약 (건/초) (점선·네모, 오른쪽 눈금)']);
    expect(await page.locator('main').textContent()).not.toMatch(/빨강|초록|×10/);
    const dashes = await page.locator('figure.chart > svg polyline').evaluateAll((lines) => lines.map((l) => l.getAttribute('stroke-dasharray')));
    expect(dashes).toEqual([null, '7 5']);
    expect(await page.locator('figure.chart > svg circle').count()).toBeGreaterThan(0);
    expect(await page.locator('figure.chart > svg rect').count()).toBeGreaterThan(0);
    // The text alternative: a table of the latest figures, its rows named by the series.
    const table = page.getByRole('table', { name: '최근 5분 (2초 간격)' });
    expect(await table.getByRole('rowheader').allTextContents()).toEqual(['대기 인원, 사전 대기 포함 (명)', '초당 예약 (건/초)']);
    // Each scale's top says its unit; the time axis runs from five minutes ago to now.
    expect(await page.locator('figure.chart > svg text').allTextContents()).toEqual(['60 명', '1.0 건/초', '5분 전', '지금']);
    expect(await table.locator('td[data-series-value="left"]').textContent()).toBe(String(WAITING + 20));
    expect(await table.locator('tr', { hasText: '대기 인원' }).locator('td').allTextContents()).toEqual(['60', '60', String(WAITING)]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('figure.chart').screenshot({ path: `${SHOTS}/operator-chart.png` });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('table', { name: 'Last 5 minutes (every 2 s)' }).waitFor();
    expect(await page.locator('figure.chart figcaption li').first().textContent()).toContain('People waiting, pre-queue included (people)');
    expect(blocked).toEqual([]);
    await context.close();
  });
});
