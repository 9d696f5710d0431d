/**
 * The citizen's whole night in real Chromium at a phone viewport, against the real server: people
 * and clinics prefilled, the server gone and the app reloaded offline, the cohort opening, the
 * waiting room (two tabs, one poller), the one-tap booking, the confirmation offline, lookup and
 * cancel; then the refusals (SLOTS_FULL with alternatives, ALREADY_BOOKED) and a dropped
 * connection retried with the same idempotency key. axe-core checks every screen.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, phoneContext } from './browser';
import { addPerson, check, fitsAt200, SHOTS } from './screens';
import { AFTER_OPENING, fixtureCampaign, loadFixture, OPENS_AT } from './fixture';
import { startServer, tickUntil, type TestServer } from './harness';

const WEB_DIR = fileURLToPath(new URL('../dist/web', import.meta.url));
const CAMPAIGN = fixtureCampaign.id;
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

describe('the citizen app, end to end', () => {
  it('prefills, survives offline, waits with one poller across tabs, books in one tap, and shows the confirmation offline', async () => {
    const s = server = await startServer({
      now: OPENS_AT - 2 * 60 * 60 * 1000,
      webDir: WEB_DIR,
      room: { admitRate: 0 },
      setup: (app) => loadFixture(app, [
        { clinicId: 'K1', days: 2, times: ['09:00', '10:00'], capacity: 5 },
        { clinicId: 'K3', days: 2, times: ['09:00'], capacity: 5 },
      ]),
    });
    const context = await phoneContext(browser, { bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${s.url}/`);
    const pid = await addPerson(page, { name: '김엄마', birthDate: '1967-05-05', phone: '010-1234-5678' });

    // Clinics: by 시·도 and district, then by name; reordered; a preferred day.
    await page.getByRole('link', { name: '의료기관·날짜 선택 김엄마' }).click();
    await page.getByRole('heading', { name: /의료기관과 날짜 선택/ }).waitFor();
    await page.getByText('의료기관 목록 4곳').waitFor();
    await page.getByLabel('시·도').selectOption('서울특별시');
    await page.getByLabel('시·군·구').selectOption('마포구');
    expect(await page.locator('.results li').count()).toBe(1);
    await page.getByRole('button', { name: '추가 밝은가정의학과의원' }).click();
    await page.getByLabel('시·군·구').selectOption('');
    await page.getByLabel('이름 또는 주소').fill('보건소');
    expect(await page.locator('.results li').allTextContents()).toEqual([expect.stringContaining('종로구보건소')]); // 해운대 is in 부산
    await page.getByRole('button', { name: '추가 종로구보건소' }).click();
    await page.getByRole('button', { name: '위로 종로구보건소' }).click();
    expect(await page.locator('.choices li strong').allTextContents()).toEqual(['종로구보건소', '밝은가정의학과의원']);
    await page.getByLabel('날짜', { exact: true }).fill('2021-08-17');
    await page.getByRole('button', { name: '날짜 추가' }).click();
    await page.locator('.days li', { hasText: '2021-08-17' }).waitFor();
    await check(page, 'citizen-plan');
    await fitsAt200(page);

    await page.getByRole('link', { name: '처음 화면으로' }).click();
    const card = page.locator('article.person', { hasText: '김엄마' });
    await card.getByText('1. 종로구보건소  2. 밝은가정의학과의원').waitFor();
    await check(page, 'citizen-home');
    await fitsAt200(page);

    // The server is gone: the app still starts, with the person, the choices and the catalog.
    await page.evaluate('navigator.serviceWorker.ready');
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('status').filter({ hasText: '오프라인입니다' }).waitFor();
    await card.getByText('1. 종로구보건소  2. 밝은가정의학과의원').waitFor();
    expect(await page.evaluate('!!navigator.serviceWorker.controller')).toBe(true);
    await page.getByRole('link', { name: '의료기관·날짜 선택 김엄마' }).click();
    await page.getByText('오프라인: 이 기기에 저장된 목록으로 찾습니다.').waitFor();
    await page.getByLabel('시·도').selectOption('부산광역시');
    await page.getByRole('button', { name: '추가 해운대보건소' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/citizen-offline.png`, fullPage: true });
    await context.setOffline(false);

    // Three seconds before the opening, with twenty others already in the pre-queue.
    await s.tick(OPENS_AT - 3000 - s.clock.now);
    for (let i = 0; i < 20; i++) {
      await s.client.queue.join.mutate({ campaignId: CAMPAIGN, person: { name: `Other ${String.fromCharCode(65 + i)}`, birthDate: '1968-02-02', phone: `010-2000-${String(1000 + i)}` } });
    }
    const journeyUrl = `${s.url}/#/go/${pid}/${CAMPAIGN}`;
    const queueCalls = new Map<Page, number>();
    const count = (p: Page) => {
      queueCalls.set(p, 0);
      p.on('request', (r) => {
        if (new URL(r.url()).pathname.startsWith('/trpc/queue.')) queueCalls.set(p, queueCalls.get(p)! + 1);
      });
    };
    count(page);
    await page.goto(journeyUrl);
    await page.reload(); // a fresh schedule: the server's clock moved
    await page.getByText('사전 대기 중입니다').waitFor(); // joined by itself: the plan says so
    const second = await context.newPage();
    count(second);
    await second.goto(journeyUrl);
    await second.getByText('사전 대기 중입니다').waitFor();
    await check(page, 'citizen-prequeue');

    await s.tick(4000); // the opening: the pre-queue is shuffled
    await page.getByText('대기 중입니다').waitFor();
    await second.getByText('대기 중입니다').waitFor();
    const place = async (p: Page) => p.locator('dl.big dd').first().textContent();
    expect(await place(second)).toBe(await place(page));
    await page.getByText('입장이 잠시 멈췄거나 지연되고 있어').waitFor(); // paused: no ETA is better than a wrong one
    await check(page, 'citizen-waiting');

    s.app.queue.setRate(5);
    await tickUntil(s, Promise.all([page.getByText('입장했습니다').waitFor(), second.getByText('입장했습니다').waitFor()]));
    // One ticket, one poller: every queue request came from one tab.
    const calls = [queueCalls.get(page)!, queueCalls.get(second)!];
    expect(calls.filter((n) => n > 0)).toHaveLength(1);
    expect(await s.app.sqlite.prepare("SELECT count(*) AS n FROM tickets WHERE campaign_id = ?").get(CAMPAIGN)).toEqual({ n: 21 });
    expect(await second.title()).toMatch(/^입장했습니다/); // seen from another tab or app
    await check(page, 'citizen-admitted');

    // One tap.
    await page.getByRole('button', { name: '예약하기' }).click();
    await page.getByRole('heading', { name: '예약이 완료되었습니다' }).waitFor();
    const code = (await page.locator('.code').textContent())!;
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(await page.locator('.confirmation').textContent()).toContain('종로구보건소');
    await page.locator('svg.qr').waitFor();
    await second.getByRole('heading', { name: '예약이 완료되었습니다' }).waitFor(); // the other tab saw it through IndexedDB
    const booked = await s.client.booking.lookup.mutate({ code, birthDate: '1967-05-05' });
    expect(booked.status).toBe('active');
    expect(booked.appointments.map((a) => [a.dose, a.clinicId, a.startsAt.slice(0, 10)])).toEqual([[1, 'K1', '2021-08-17'], [2, 'K1', '2021-09-14']]);
    await check(page, 'citizen-confirmation');
    await fitsAt200(page);

    // Afterwards, offline: the confirmation and its QR code are on the device.
    await second.close();
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: '예약이 완료되었습니다' }).waitFor();
    expect(await page.locator('.code').textContent()).toBe(code);
    await page.locator('svg.qr').waitFor();
    await page.screenshot({ path: `${SHOTS}/citizen-confirmation-offline.png`, fullPage: true });
    await context.setOffline(false);

    // Online: look it up and cancel it; the kept confirmation says so too.
    await page.goto(`${s.url}/#/lookup`);
    await page.getByLabel('예약번호').fill(code.toLowerCase());
    await page.getByLabel('생년월일').fill('1967-05-05');
    await page.getByRole('button', { name: '조회' }).click();
    await page.getByText('김*마').waitFor();
    await check(page, 'citizen-lookup');
    await page.getByRole('button', { name: '예약 취소' }).click();
    await page.getByRole('button', { name: '네, 취소합니다' }).click();
    await page.getByText('예약을 취소했습니다.').waitFor();
    expect((await s.client.booking.lookup.mutate({ code, birthDate: '1967-05-05' })).status).toBe('cancelled');
    await page.goto(journeyUrl);
    await page.getByRole('heading', { name: '예약이 취소되었습니다' }).waitFor(); // the kept confirmation: void, no QR (issue 19)
    // Cancelled, she may queue again (at the back).
    await page.getByRole('button', { name: '대기열 다시 들어가기' }).click();
    await page.getByText('대기 중입니다').waitFor();
    await context.close();
  });

  it('shows each refusal with its next step, and retries a dropped booking with the same idempotency key', async () => {
    const s = server = await startServer({
      now: AFTER_OPENING,
      webDir: WEB_DIR,
      room: { admitRate: 50 },
      setup: (app) => loadFixture(app, [
        { clinicId: 'K1', days: 1, times: ['09:00'], capacity: 1 },
        { clinicId: 'K3', days: 2, times: ['09:00', '10:00'], capacity: 5 },
      ]),
    });
    // K1's only place goes to someone else; 박이미 has booked already, from another phone.
    const taken = await s.client.booking.submit.mutate({
      admissionToken: s.mint({ name: '홍길동', birthDate: '1967-01-01', phone: '010-5555-0000' }), idempotencyKey: 'other-device-1',
      person: { name: '홍길동', birthDate: '1967-01-01', phone: '010-5555-0000' }, preferences: [{ clinicId: 'K1' }],
    });
    expect(taken.appointments[0]!.clinicId).toBe('K1');
    const earlier = await s.client.booking.submit.mutate({
      admissionToken: s.mint({ name: '박이미', birthDate: '1968-07-07', phone: '010-7777-0000' }), idempotencyKey: 'other-device-2',
      person: { name: '박이미', birthDate: '1968-07-07', phone: '010-7777-0000' }, preferences: [{ clinicId: 'K3' }],
    });

    // No service worker here, so that the test can cut the page's own requests.
    const context = await phoneContext(browser, { bypassCSP: true, serviceWorkers: 'block' });
    const page = await context.newPage();
    const submitted: string[] = [];
    await page.route('**/trpc/booking.submit**', async (route) => {
      submitted.push(/"idempotencyKey":"([^"]+)"/.exec(route.request().postData() ?? '')?.[1] ?? '?');
      if (submitted.length === 1) await route.abort('connectionreset'); // the first try never arrives
      else await route.continue();
    });
    await page.goto(`${s.url}/`);
    const lee = await addPerson(page, { name: '이순자', birthDate: '1968-03-03', phone: '010-3333-4444' });
    await page.getByRole('link', { name: '의료기관·날짜 선택 이순자' }).click();
    await page.getByLabel('이름 또는 주소').fill('종로구보건소');
    await page.getByRole('button', { name: '추가 종로구보건소' }).click();
    await page.getByLabel('입장하면 바로 자동 예약하기').check();
    await page.getByRole('link', { name: '처음 화면으로' }).click();
    const park = await addPerson(page, { name: '박이미', birthDate: '1968-07-07', phone: '010-7777-0000' });
    await page.getByRole('link', { name: '의료기관·날짜 선택 박이미' }).click();
    await page.getByLabel('이름 또는 주소').fill('밝은');
    await page.getByRole('button', { name: '추가 밝은가정의학과의원' }).click();
    await page.getByRole('link', { name: '처음 화면으로' }).click();

    // Both joined by themselves; 이순자 is booked by herself on admission: the first try is lost,
    // the retry carries the same key, and the answer is SLOTS_FULL with places free now.
    await page.goto(`${s.url}/#/go/${lee}/${CAMPAIGN}`);
    await tickUntil(s, page.getByRole('alert').filter({ hasText: '선택한 의료기관에 남은 자리가 없습니다' }).waitFor());
    expect(submitted).toHaveLength(2);
    expect(submitted[1]).toBe(submitted[0]);
    await page.getByText('지금 예약할 수 있는 다른 곳').waitFor();
    await check(page, 'citizen-slots-full');
    await page.getByRole('button', { name: /^이곳으로 예약 밝은가정의학과의원/ }).first().click();
    await page.getByRole('heading', { name: '예약이 완료되었습니다' }).waitFor();
    expect(await page.locator('.confirmation').textContent()).toContain('밝은가정의학과의원');
    expect(submitted).toHaveLength(3);
    expect(submitted[2]).not.toBe(submitted[0]); // a new choice is a new request

    // 박이미 was let in but looked away for eleven minutes: her admission lapsed, the screen says so
    // by itself, and she joins again at the back.
    await page.goto(`${s.url}/#/go/${park}/${CAMPAIGN}`);
    await page.getByRole('button', { name: '예약하기' }).waitFor();
    await s.tick(11 * 60 * 1000);
    await page.reload(); // the phone's clock correction, measured again
    await page.getByRole('alert').filter({ hasText: '입장 시간이 지났습니다' }).waitFor();
    await check(page, 'citizen-expired');
    await page.getByRole('button', { name: '대기열 다시 들어가기' }).click();
    // Let in again, she taps to book, and is shown the booking she already has.
    await tickUntil(s, page.getByRole('button', { name: '예약하기' }).waitFor());
    await page.getByRole('button', { name: '예약하기' }).click();
    await page.getByRole('alert').filter({ hasText: '이미 예약되어 있습니다.' }).waitFor();
    const codes = await page.locator('.code').allTextContents();
    expect(codes.map((c) => c.replace('-', ''))).toEqual([earlier.code]);
    await check(page, 'citizen-already-booked');
    expect(s.app.sqlite.prepare("SELECT count(*) AS n FROM bookings WHERE status = 'active'").get()).toEqual({ n: 3 });
    await context.close();
  });

  it('becomes usable under Chromium\'s Slow 3G throttling, first visit and repeat visit', async () => {
    const s = server = await startServer({ now: OPENS_AT - 60 * 60 * 1000, webDir: WEB_DIR, setup: (app) => loadFixture(app, []) });
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    // DevTools' "Slow 3G" preset: 2 s round trips, 400 kbit/s (50,000 bytes/s) each way.
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000 });
    /** From navigation to a form that takes typing, in ms. */
    const interactive = async (go: () => Promise<unknown>) => {
      const started = Date.now();
      await go();
      const name = page.locator('form', { hasText: '사람 추가' }).getByLabel('이름');
      await name.fill('김');
      const ms = Date.now() - started;
      await name.fill('');
      return ms;
    };
    const first = await interactive(() => page.goto(`${s.url}/`, { waitUntil: 'commit', timeout: 60_000 }));
    await page.evaluate('navigator.serviceWorker.ready');
    const repeat = await interactive(() => page.reload({ waitUntil: 'commit', timeout: 60_000 }));
    expect(await page.evaluate('!!navigator.serviceWorker.controller')).toBe(true);
    // A figure for the record, not a timed test: the machine's load changes it.
    writeFileSync(`${SHOTS}/slow-3g.json`, `${JSON.stringify({ firstVisitMs: first, repeatVisitMs: repeat }, null, 2)}\n`);
    console.log(`slow 3G: usable after ${first} ms on a first visit, ${repeat} ms on a repeat visit`);
    expect(repeat).toBeLessThan(first); // the shell came from the service worker, not the network
    await context.close();
  });
});
