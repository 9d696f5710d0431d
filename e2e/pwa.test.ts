/** The citizen app as a PWA in real Chromium at a phone size: controlled by its service worker, installable, usable offline, updated only when the user says, small. */
import { cpSync, readFileSync, appendFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium, phoneContext } from './browser';
import { AFTER_OPENING, loadFixture } from './fixture';
import { startServer, tempDataDir, type TestServer } from './harness';

const BUILT = fileURLToPath(new URL('../dist/web', import.meta.url));
let browser: Browser;
let server: TestServer;
let webDir: string;

beforeAll(async () => {
  browser = await launchChromium();
  // A copy of the build, so the update test can publish a new service worker.
  webDir = tempDataDir();
  cpSync(BUILT, webDir, { recursive: true });
  server = await startServer({ now: AFTER_OPENING, webDir, setup: (app) => loadFixture(app, []) });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(webDir, { recursive: true, force: true });
});

async function controlledPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await phoneContext(browser);
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.getByRole('heading', { name: '53~54세' }).waitFor();
  await page.evaluate('navigator.serviceWorker.ready');
  await page.reload();
  await page.getByRole('heading', { name: '53~54세' }).waitFor();
  return { context, page };
}

describe('the citizen app as a PWA', () => {
  it('is controlled by its service worker after the first reload, and meets Chrome’s installability criteria', async () => {
    const { context, page } = await controlledPage();
    expect(await page.evaluate('navigator.serviceWorker.controller !== null')).toBe(true);
    await context.close();
    // Installability is not judged in an incognito profile (Playwright's contexts are): use a real one.
    const profile = tempDataDir();
    const persistent = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 390, height: 844 },
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const installPage = persistent.pages()[0] ?? await persistent.newPage();
    await installPage.goto(`${server.url}/`);
    await installPage.evaluate('navigator.serviceWorker.ready');
    const cdp = await persistent.newCDPSession(installPage);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    await persistent.close();
    rmSync(profile, { recursive: true, force: true });
    const manifest = JSON.parse(readFileSync(`${BUILT}/manifest.webmanifest`, 'utf8'));
    expect(manifest).toMatchObject({ id: '/', start_url: '/', display: 'standalone', short_name: '예약' });
    expect(manifest.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`)).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
  });

  it('reloads offline with the schedule it saw, and never answers the API or the staff pages with the app', async () => {
    const { context, page } = await controlledPage();
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: '53~54세' }).waitFor();
    expect(await page.locator('article', { hasText: '53~54세' }).textContent()).toContain('오후 8:00');
    const apiOffline = await page.evaluate(`fetch('/trpc/queue.head?input=%7B%22campaignId%22%3A%22covid19-50s%22%7D', { cache: 'no-store' }).then(() => 'answered', () => 'failed')`);
    expect(apiOffline).toBe('failed'); // past the HTTP cache (the start screen reads the head online): the worker itself never answers
    await expect(page.goto(`${server.url}/clinic/`)).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
    await context.setOffline(false);
    await context.close();
  });

  it('offers a new version and switches only when asked', async () => {
    const { context, page } = await controlledPage();
    await page.evaluate('window.beforeUpdate = true');
    appendFileSync(`${webDir}/sw.js`, '\n// a new release\n');
    await page.evaluate('navigator.serviceWorker.getRegistration().then((r) => r.update())');
    const prompt = page.getByRole('status').filter({ hasText: '새 버전이 있습니다.' });
    await prompt.waitFor();
    await page.waitForTimeout(500);
    expect(await page.evaluate('window.beforeUpdate')).toBe(true); // nothing reloaded by itself
    await Promise.all([page.waitForEvent('load'), prompt.getByRole('button', { name: '새로고침' }).click()]);
    expect(await page.evaluate('window.beforeUpdate')).toBeUndefined();
    await page.getByRole('heading', { name: '53~54세' }).waitFor();
    await context.close();
  });

  it('needs at most 60 KB of gzipped JavaScript at first load', () => {
    const html = readFileSync(`${BUILT}/index.html`, 'utf8');
    const scripts = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    const gzipped = scripts.reduce((sum, src) => sum + gzipSync(readFileSync(`${BUILT}${src}`)).length, 0);
    expect(gzipped).toBeLessThanOrEqual(60 * 1024);
  });
});
