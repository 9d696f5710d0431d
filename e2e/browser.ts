/** Launches Debian's Chromium through playwright-core (nothing downloaded), headless, with a phone or desktop context whose waits are generous. */
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { GENEROUS_MS } from './wait';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    timeout: GENEROUS_MS,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
  });
}

/** Every wait for an element or a page waits as long as a slow, shared machine may need (Playwright's own default is 30 s). */
async function generous(context: Promise<BrowserContext>): Promise<BrowserContext> {
  const c = await context;
  c.setDefaultTimeout(GENEROUS_MS);
  c.setDefaultNavigationTimeout(GENEROUS_MS);
  return c;
}

/** `extra` for a test's needs: bypassCSP to inject axe-core, serviceWorkers 'block' to route the page's requests. */
export function phoneContext(browser: Browser, extra: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  return generous(browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'ko-KR', timezoneId: 'America/New_York', ...extra }));
}

export function desktopContext(browser: Browser): Promise<BrowserContext> {
  return generous(browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'ko-KR', timezoneId: 'Asia/Seoul' }));
}
