/** The clinic day view and the operator dashboard in real Chromium at a desktop size: signed in, real data, working controls, nothing blocked by the CSP. */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Accounts, CLINIC_ACCOUNTS, OPERATOR_ACCOUNTS } from '../api/auth/accounts';
import { personNo } from '../api/bench/people';
import { desktopContext, launchChromium } from './browser';
import { AFTER_OPENING, loadFixture } from './fixture';
import { startServer, type TestServer } from './harness';
import { GENEROUS_MS } from './wait';

const WEB_DIR = fileURLToPath(new URL('../dist/web', import.meta.url));
const SHOTS = fileURLToPath(new URL('./artifacts', import.meta.url));
let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  browser = await launchChromium();
  server = await startServer({
    now: AFTER_OPENING,
    webDir: WEB_DIR,
    setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: ['09:00', '09:30', '10:00'], capacity: 2 }, { clinicId: 'K4', days: 1, times: ['09:00'], capacity: 4 }]),
  });
  await new Accounts(server.app.sqlite, CLINIC_ACCOUNTS).put({ scope: 'K1', username: 'jongno.staff', password: 'correct horse battery' }, AFTER_OPENING);
  await new Accounts(server.app.sqlite, OPERATOR_ACCOUNTS).put({ username: 'ops.kim', password: 'operator secret 1' }, AFTER_OPENING);
  await new Accounts(server.app.sqlite, OPERATOR_ACCOUNTS).put({ username: 'ops.lee', password: 'operator secret 2' }, AFTER_OPENING);
  const names = ['김철수', '이영희', '박민준', '최서연', 'Jane Kim'];
  for (const [i, name] of names.entries()) {
    const person = { ...personNo(i), name };
    await server.client.booking.submit.mutate({ admissionToken: server.mint(person), idempotencyKey: randomUUID(), person, preferences: [{ clinicId: 'K1' }] });
  }
  for (let i = 0; i < 40; i++) await server.client.queue.join.mutate({ campaignId: 'covid19-50s', person: personNo(100 + i) });
  await server.tick();
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function desktopPage(): Promise<{ page: Page; blocked: string[] }> {
  const context = await desktopContext(browser);
  const page = await context.newPage();
  const blocked: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) blocked.push(m.text()); });
  return { page, blocked };
}

async function signIn(page: Page, username: string, password: string) {
  await page.getByLabel('아이디').fill(username);
  await page.getByLabel('비밀번호').fill(password);
  await page.getByRole('button', { name: '로그인' }).click();
}

describe('clinic and operator pages', () => {
  it('shows a clinic its day by time, with counts against places, printable', async () => {
    const { page, blocked } = await desktopPage();
    await page.goto(`${server.url}/clinic/?date=2021-08-17`);
    await signIn(page, 'jongno.staff', 'wrong password!');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toBe('아이디 또는 비밀번호가 맞지 않습니다.');
    await signIn(page, 'jongno.staff', 'correct horse battery');
    await page.getByRole('table').waitFor();
    const text = await page.getByRole('table').textContent();
    for (const name of ['김철수', '이영희', '박민준', '최서연', 'Jane Kim']) expect(text).toContain(name);
    expect(await page.locator('caption').textContent()).toBe('종로구보건소 · 2021-08-17 · 합계 5/6');
    expect(await page.locator('tr.slot td.full').count()).toBe(2); // 09:00 and 09:30 are full
    expect(await page.getByRole('link', { name: 'CSV 내려받기' }).getAttribute('href')).toBe('/clinic/export.csv?date=2021-08-17');
    await page.screenshot({ path: `${SHOTS}/clinic-day.png`, fullPage: true });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.toolbar').isVisible()).toBe(false);
    expect(blocked).toEqual([]);
    await page.context().close();
  });

  it('shows the operator the night live and pauses admission from the page', async () => {
    const { page, blocked } = await desktopPage();
    await page.goto(`${server.url}/operator/`);
    await signIn(page, 'ops.kim', 'operator secret 1');
    await page.locator('[data-figure="admitted"]').waitFor();
    // Five places are left (K1 one, K4 four): five of the forty are let in, nobody for places that are gone.
    expect(await page.locator('[data-figure="admitted"]').textContent()).toBe('5');
    expect(await page.getByRole('img', { name: '시·도별 남은 1차 자리' }).textContent()).toContain('부산광역시');
    expect(await page.locator('section', { hasText: '거절 사유' }).textContent()).not.toContain('FORBIDDEN'); // staff sign-ins are not the night's refusals
    await page.waitForFunction('document.querySelectorAll("polyline").length === 2');
    await page.getByRole('button', { name: '입장 일시정지' }).click();
    // It asks first (e2e/console-journey.test.ts walks the confirmation and the resume).
    await page.getByRole('alertdialog').getByRole('button', { name: '네, 일시정지합니다' }).click();
    await expect.poll(() => server.app.queue.targetRate, { timeout: GENEROUS_MS }).toBe(0);
    await server.tick(); // the server's timer does this every second
    // The page's next poll shows it.
    await page.locator('.card', { hasText: '입장 속도' }).filter({ hasText: '일시정지됨' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/operator-dashboard.png`, fullPage: true });
    expect(blocked).toEqual([]);
    await page.context().close();
  });

  it('imports a CSV from the console, naming the lines to fix, and edits an opening time with validation', async () => {
    const { page, blocked } = await desktopPage();
    await page.goto(`${server.url}/operator/`);
    await signIn(page, 'ops.kim', 'operator secret 1');
    const file = (body: string) => ({ name: 'clinics.csv', mimeType: 'text/csv', buffer: Buffer.from(body) });
    await page.setInputFiles('input[type=file]', file('기관코드,기관명,시도,시군구,주소,전화번호\r\nP1,새봄의원,서울시,중구,서울 중구 1,02-555-0001\r\n'));
    await page.getByRole('button', { name: '불러오기' }).click();
    await page.getByRole('alert').filter({ hasText: '고칠 줄' }).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: '고칠 줄' }).textContent()).toContain('2번째 줄: 시도 "서울시"은(는) 17개 시·도 이름이 아닙니다 (예: 서울특별시).');
    await page.setInputFiles('input[type=file]', file('기관코드,기관명,시도,시군구,주소,전화번호\r\nP1,새봄의원,서울특별시,중구,서울 중구 1,02-555-0001\r\n'));
    await page.getByRole('button', { name: '불러오기' }).click();
    await page.getByRole('status').filter({ hasText: '읽은 줄 1, 바뀐 항목 1' }).waitFor();

    const opens = page.locator('input[data-cohort="age-50-52"][data-field="opensAt"]');
    expect(await opens.inputValue()).toBe('2021-08-17T20:00');
    await opens.fill('2021-08-17T18:00'); // before its own pre-queue: refused
    await page.getByRole('button', { name: '저장' }).click();
    await page.getByRole('alert').filter({ hasText: '저장하지 않았습니다' }).waitFor();
    await opens.fill('2021-08-18T20:00');
    await page.locator('input[data-cohort="age-50-52"][data-field="prequeueFrom"]').fill('2021-08-18T19:00');
    await page.getByRole('button', { name: '저장' }).click();
    await page.getByRole('status').filter({ hasText: '저장했습니다' }).waitFor();
    const schedule = await server.client.schedule.get.query();
    expect(schedule.campaigns[0]!.cohorts.find((c) => c.id === 'age-50-52')!.opensAt).toBe('2021-08-18T20:00:00.000+09:00');
    await page.screenshot({ path: `${SHOTS}/operator-console.png`, fullPage: true });
    expect(blocked).toEqual([]);
    await page.context().close();
  });

  it("changes the operator's own password from the console, checking the two new ones agree", async () => {
    const { page, blocked } = await desktopPage();
    await page.goto(`${server.url}/operator/`);
    await signIn(page, 'ops.lee', 'operator secret 2');
    await page.getByText('비밀번호 변경').click();
    const fill = async (current: string, next: string, again: string) => {
      await page.getByLabel('현재 비밀번호').fill(current);
      await page.getByLabel('새 비밀번호 (10자 이상)').fill(next);
      await page.getByLabel('새 비밀번호 확인').fill(again);
      await page.getByRole('button', { name: '변경' }).click();
    };
    await fill('operator secret 2', 'a longer new one', 'a longer new on');
    await page.getByRole('alert').filter({ hasText: '서로 다릅니다' }).waitFor();
    await fill('not the current one', 'a longer new one', 'a longer new one');
    await page.getByRole('alert').filter({ hasText: '현재 비밀번호가 맞지 않습니다' }).waitFor();
    await fill('operator secret 2', 'a longer new one', 'a longer new one');
    await page.getByRole('status').filter({ hasText: '비밀번호를 바꿨습니다' }).waitFor();
    const login = (password: string) => fetch(`${server.url}/trpc/operator.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ops.lee', password }) });
    expect((await login('operator secret 2')).status).toBe(401);
    expect((await login('a longer new one')).status).toBe(200);
    expect(blocked).toEqual([]);
    await page.context().close();
  });
});
