/** People prefilled on the phone: validated, shown with their cohort's Seoul times and a countdown on the server's clock, and still there after an offline reload. */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, phoneContext } from './browser';
import { loadFixture, OPENS_AT } from './fixture';
import { startServer, type TestServer } from './harness';

const WEB_DIR = fileURLToPath(new URL('../dist/web', import.meta.url));
const SHOTS = fileURLToPath(new URL('./artifacts', import.meta.url));
let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  browser = await launchChromium();
  // Two hours before the opening. The phone's own clock says 2026: the page must use the server's.
  server = await startServer({ now: OPENS_AT - 2 * 60 * 60 * 1000, webDir: WEB_DIR, setup: (app) => loadFixture(app, []) });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('people on the device', () => {
  it('keeps people with their cohort and opening time, offline too', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: '예약할 사람' }).waitFor();
    const form = page.locator('form', { hasText: '사람 추가' });
    const add = async (name: string, birthDate: string, phone: string) => {
      await form.getByLabel('이름').fill(name);
      await form.getByLabel('생년월일').fill(birthDate);
      await form.getByLabel('휴대전화').fill(phone);
      await form.getByRole('button', { name: '저장' }).click();
    };
    await add('김엄마', '1967-05-05', '02-123-4567');
    await form.getByText('휴대전화 번호는 010-1234-5678 형식입니다.').waitFor();
    expect(await form.getByLabel('휴대전화').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('휴대전화').fill('01012345678');
    await form.getByRole('button', { name: '저장' }).click();
    await page.locator('article.person', { hasText: '김엄마' }).waitFor();
    await add('Kim Junior', '1990-01-01', '010-9999-0000');
    await page.locator('article.person', { hasText: 'Kim Junior' }).waitFor();

    const mother = page.locator('article.person', { hasText: '김엄마' });
    expect(await mother.textContent()).toContain('010-1234-5678'); // normalized as the server would
    expect(await mother.textContent()).toContain('53~54세');
    expect(await mother.textContent()).toContain('오후 8:00');
    // About two hours to go by the server's clock (2021), not the phone's.
    expect(await mother.locator('[role=timer]').textContent()).toMatch(/0[12]:[0-5]\d:\d\d$/);
    // Outside every group: said as such (not "not in the booking period"), with who can book (issue 19).
    expect(await page.locator('article.person', { hasText: 'Kim Junior' }).textContent()).toContain('Kim Junior님은 이번 코로나19 50대 예약 대상이 아닙니다');

    await page.evaluate('navigator.serviceWorker.ready');
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('status').filter({ hasText: '오프라인입니다' }).waitFor();
    expect(await page.locator('article.person').count()).toBe(2);
    expect(await page.locator('article.person', { hasText: '김엄마' }).textContent()).toContain('오후 8:00');
    await page.screenshot({ path: `${SHOTS}/people-offline.png`, fullPage: true });
    await context.close();
  });
});
