/** Launches Debian's Chromium through playwright-core (nothing downloaded), headless, with a phone viewport by default. */
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
  });
}

/** `extra` for a test's needs: bypassCSP to inject axe-core, serviceWorkers 'block' to route the page's requests. */
export function phoneContext(browser: Browser, extra: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'ko-KR', timezoneId: 'America/New_York', ...extra });
}
