/**
 * The phone check in real Chromium: a person prefilled offline, verified once online (the code read
 * from the outbox file, as a developer would), the app offline again with the credential kept in
 * IndexedDB, and at the opening the join and the one-tap booking carry it: no identity step that night.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Campaign } from '../shared/schedule';
import { importRoster } from '../api/roster/import';
import { delivered } from './outbox';
import { seriousViolations } from './axe';
import { launchChromium, phoneContext } from './browser';
import { fixtureCampaign, loadFixture, OPENS_AT } from './fixture';
import { startServer, tickUntil, type TestServer } from './harness';
import { until } from './wait';

const WEB_DIR = fileURLToPath(new URL('../dist/web', import.meta.url));
const SHOTS = fileURLToPath(new URL('./artifacts', import.meta.url));
const verified: Campaign = { ...fixtureCampaign, identity: 'verified' };
const CAMPAIGN = verified.id;
let browser: Browser;
let server: TestServer | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the phone check in the citizen app', () => {
  it('prefills offline, verifies online, and books at the opening with the stored credential', async () => {
    const s = server = await startServer({
      now: OPENS_AT - 2 * 60 * 60 * 1000,
      webDir: WEB_DIR,
      room: { admitRate: 10 },
      setup: (app) => {
        loadFixture(app, [{ clinicId: 'K1', days: 2, times: ['09:00', '10:00'], capacity: 5 }], [verified]);
        const file = join(app.dataDir, 'roster.csv');
        writeFileSync(file, 'name,birth_date,phone\n김엄마,1967-05-05,010-1234-5678\n');
        importRoster(app.sqlite, app.secrets.identityKey, CAMPAIGN, file);
      },
    });
    const context = await phoneContext(browser, { bypassCSP: true });
    const page = await context.newPage();
    const sent: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path === '/trpc/queue.join' || path === '/trpc/booking.submit') sent.push(`${path} ${r.postData() ?? ''}`);
    });
    await page.goto(`${s.url}/`);
    await page.getByRole('heading', { name: '53~54세' }).waitFor(); // the schedule and catalog are on the phone
    await page.evaluate('navigator.serviceWorker.ready');
    const clinicsKept = () => page.evaluate(`new Promise((resolve) => {
      const open = indexedDB.open('yeyak');
      open.onsuccess = () => { const count = open.result.objectStoreNames.contains('clinics') ? open.result.transaction('clinics').objectStore('clinics').count() : null; if (!count) return resolve(0); count.onsuccess = () => resolve(count.result); };
    })`) as Promise<number>;
    await until('the clinic catalog on the phone', async () => (await clinicsKept()) === 4);

    // Days ahead, offline: the person and her clinic are entered on the phone.
    await context.setOffline(true);
    await page.reload();
    const form = page.locator('form', { hasText: '사람 추가' });
    await form.getByLabel('이름').fill('김엄마');
    await form.getByLabel('생년월일').fill('1967-05-05');
    await form.getByLabel('휴대전화').fill('010-1234-5678');
    await form.getByRole('button', { name: '저장' }).click();
    const card = page.locator('article.person', { hasText: '김엄마' });
    await card.getByText('본인 확인 전').waitFor();
    await page.getByRole('link', { name: '의료기관·날짜 선택 김엄마' }).click();
    await page.getByLabel('이름 또는 주소').fill('종로구보건소');
    await page.getByRole('button', { name: '추가 종로구보건소' }).click();
    await page.getByRole('link', { name: '처음 화면으로' }).click();
    // Asking for a code offline says so, and changes nothing.
    await card.getByRole('button', { name: '인증번호 받기 김엄마' }).click();
    await card.getByRole('alert').filter({ hasText: '인터넷에 연결되면' }).waitFor();

    // Online: the code goes to her phone (the outbox file here), she types it back.
    await context.setOffline(false);
    await card.getByRole('button', { name: '인증번호 받기 김엄마' }).click();
    await card.getByText('010-1234-5678(으)로 인증번호를 보냈습니다').waitFor();
    await until('the code in the outbox', () => delivered(s.dataDir).length === 1);
    const message = delivered(s.dataDir)[0]!;
    expect(message.to).toBe('010-1234-5678');
    const code = /(\d{6})/.exec(message.text)![1]!;
    await card.getByLabel('인증번호 6자리 김엄마').fill(code);
    await card.getByRole('button', { name: '확인 김엄마' }).click();
    await card.getByText('본인 확인 완료').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/citizen-verified.png`, fullPage: true });

    // Offline again: the credential is on the phone with her.
    await context.setOffline(true);
    await page.reload();
    await card.getByText('본인 확인 완료').waitFor();
    const kept = await page.evaluate(`new Promise((resolve) => {
      const open = indexedDB.open('yeyak');
      open.onsuccess = () => { const get = open.result.transaction('people').objectStore('people').getAll(); get.onsuccess = () => resolve(get.result); };
    })`) as Array<{ credentials?: Record<string, { credential: string }> }>;
    expect(kept[0]!.credentials?.[CAMPAIGN]?.credential).toMatch(/^c1\./);
    await context.setOffline(false);

    // The night: the pre-queue, the opening, her turn, one tap. No identity step.
    await s.tick(OPENS_AT - 3000 - s.clock.now);
    await page.goto(`${s.url}/#/go/${(await page.getByRole('link', { name: '의료기관·날짜 선택 김엄마' }).getAttribute('href'))!.replace('#/plan/', '')}/${CAMPAIGN}`);
    await page.reload(); // a fresh schedule: the server's clock moved
    await page.getByText('사전 대기 중입니다').waitFor();
    await tickUntil(s, page.getByRole('button', { name: '예약하기' }).waitFor());
    await page.getByRole('button', { name: '예약하기' }).click();
    await page.getByRole('heading', { name: '예약이 완료되었습니다' }).waitFor();
    expect(sent.length).toBeGreaterThanOrEqual(2);
    for (const request of sent) expect(request).toMatch(/"credential":"c1\./);
    expect(s.app.sqlite.prepare("SELECT count(*) AS n FROM bookings WHERE status = 'active'").get()).toEqual({ n: 1 });
    await context.close();
  });
});
