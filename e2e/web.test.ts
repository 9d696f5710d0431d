/** The built web app served at / in real Chromium: the schedule in Korean, times in Seoul whatever the phone's zone, an English switch. */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { openApp } from '../api/app';
import { createYeyakServer } from '../api/http/server';
import { loadFixture } from './fixture';
import { tempDataDir } from './harness';
import { launchChromium, phoneContext } from './browser';
import type { AddressInfo } from 'node:net';

const WEB_DIR = fileURLToPath(new URL('../dist/web', import.meta.url));
const SHOTS = fileURLToPath(new URL('./artifacts', import.meta.url));
let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => browser?.close());

describe('web app at /', () => {
  it('shows each cohort with its opening time in Seoul, in Korean first and English on request', async () => {
    const app = openApp({ dataDir: tempDataDir() });
    loadFixture(app, []);
    app.schedule.invalidate();
    const server = createYeyakServer(app, { webDir: WEB_DIR });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const context = await phoneContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(url);
      await page.getByRole('heading', { name: '53~54세' }).waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('ko');
      // The phone is in New York; the opening is shown as 20:00 in Seoul (오후 8:00).
      const card = page.locator('article', { hasText: '53~54세' });
      expect(await card.textContent()).toContain('오후 8:00');
      expect(await card.textContent()).toContain('마감되었습니다'); // the fixture's cohorts closed in 2021
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: `${SHOTS}/schedule-ko.png`, fullPage: true });
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Ages 53–54' }).waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.locator('article', { hasText: 'Ages 53–54' }).textContent()).toContain('20:00');
      await page.reload(); // the choice is kept on the device
      await page.getByRole('heading', { name: 'Ages 53–54' }).waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      // A deep link falls back to the app shell.
      expect((await page.goto(`${url}bookings/ABCD2345`))!.status()).toBe(200);
    } finally {
      await context.close();
      server.closeAllConnections();
      server.close();
      app.close();
    }
  });
});
