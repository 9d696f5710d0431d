/**
 * Issue 19, walked as a 70-year-old and their child would, in real Chromium at phone size: each test
 * asserts against what failed before — a sold-out cohort that looped (1), "connection lost" that
 * stayed (2), joining with no clinic (5), a "not eligible" that read as "not yet" (6), people deleted
 * in one tap, never edited, a booked person offered booking again, a booking made elsewhere a dead
 * end (8), and an offline home page that said nothing (10). axe-core checks each new screen.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PersonInput } from '../shared/person';
import { delivered } from './outbox';
import { launchChromium, phoneContext } from './browser';
import { addPerson, check, SHOTS } from './screens';
import { AFTER_OPENING, fixtureCampaign, loadFixture, type SlotPlan } from './fixture';
import { startServer, tickUntil, type TestServer } from './harness';
import { until } from './wait';

const WEB_DIR = fileURLToPath(new URL('../dist/web', import.meta.url));
const CAMPAIGN = fixtureCampaign.id;
const MOTHER: PersonInput = { name: '김엄마', birthDate: '1967-05-05', phone: '010-1234-5678' };
let browser: Browser;
let server: TestServer | undefined;
let context: BrowserContext | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async (t) => {
  // A failed test leaves its last screen behind, for whoever reads the CI log.
  if (t.task.result?.state === 'fail') for (const [i, p] of (context?.pages() ?? []).entries()) await p.screenshot({ path: `${SHOTS}/failed-${t.task.name.slice(0, 2).replace(/\W/g, '')}-${i}.png`, fullPage: true }).catch(() => undefined);
  await context?.close();
  context = undefined;
  await server?.close();
  server = undefined;
});

/** The cohort 53–54 is open; a paused room (admitRate 0) keeps people waiting until a test lets them in. */
async function start(slots: SlotPlan[], admitRate = 10): Promise<TestServer> {
  return server = await startServer({ now: AFTER_OPENING, webDir: WEB_DIR, room: { admitRate }, setup: (app) => loadFixture(app, slots) });
}

async function phone(s: TestServer, extra: Parameters<typeof phoneContext>[1] = {}): Promise<Page> {
  context = await phoneContext(browser, { bypassCSP: true, ...extra });
  const page = await context.newPage();
  await page.goto(`${s.url}/`);
  await page.getByRole('heading', { name: '예약할 사람' }).waitFor();
  return page;
}

async function chooseClinic(page: Page, who: string, clinic: string): Promise<void> {
  await page.getByRole('link', { name: `의료기관·날짜 선택 ${who}` }).click();
  await page.getByText('의료기관 목록 4곳').waitFor();
  await page.getByLabel('이름 또는 주소').fill(clinic);
  await page.getByRole('button', { name: `추가 ${clinic}` }).click();
  await page.locator('.choices li', { hasText: clinic }).waitFor();
  await page.getByRole('link', { name: '처음 화면으로' }).click();
  await page.locator('article.person', { hasText: who }).getByText(`1. ${clinic}`).waitFor();
}

/** Books a person through the API, as another phone would: joins, waits for the turn, books. */
async function bookElsewhere(s: TestServer, person: PersonInput): Promise<string> {
  const { ticketId } = await s.client.queue.join.mutate({ campaignId: CAMPAIGN, person });
  await until('the other phone is let in', async () => {
    await s.tick();
    return (await s.client.queue.status.query({ ticketId })).state === 'admitted';
  });
  const { admissionToken } = await s.client.queue.admit.mutate({ ticketId });
  const booking = await s.client.booking.submit.mutate({ admissionToken, campaignId: CAMPAIGN, idempotencyKey: `elsewhere-${person.phone.replace(/\D/g, '')}`, person, preferences: [{ clinicId: 'K1' }] });
  return booking.code;
}

describe('the citizen journey, issue 19', () => {
  it('1: says plainly when every place is gone, never loops, offers a text, and the home page agrees', async () => {
    const s = await start([{ clinicId: 'K1', days: 1, times: ['09:00'], capacity: 1 }]);
    const page = await phone(s);
    const pid = await addPerson(page, MOTHER);
    await chooseClinic(page, MOTHER.name, '종로구보건소');
    await page.goto(`${s.url}/#/go/${pid}/${CAMPAIGN}`); // joined by itself once a clinic was chosen (the plan's default)
    await tickUntil(s, page.getByRole('button', { name: '예약하기' }).waitFor());
    // While she reads the screen, another phone takes the one place.
    const other = { name: '박다른', birthDate: '1968-02-02', phone: '010-2000-1000' };
    const { code } = await s.client.booking.submit.mutate({ admissionToken: s.mint(other), campaignId: CAMPAIGN, idempotencyKey: 'other-phone-1', person: other, preferences: [{ clinicId: 'K1' }] });
    await s.tick(); // the room's own second passes: its head knows the places are gone
    await page.getByRole('button', { name: '예약하기' }).click();

    // Before: "선택한 의료기관에 남은 자리가 없습니다" with "다시 시도" and "의료기관 다시 고르기", both back to the same screen.
    await page.getByRole('alert').filter({ hasText: '이번 예약의 자리가 모두 찼습니다' }).waitFor();
    await page.getByText('다시 시도해도 같은 결과입니다').waitFor();
    expect(await page.getByRole('button', { name: '다시 시도' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: '의료기관 다시 고르기' }).count()).toBe(0);
    await page.getByText('다음 예약: 50~52세').waitFor(); // what happens next
    await page.getByRole('button', { name: '자리가 생기면 문자로 알려 주세요' }).click();
    await page.getByRole('status').filter({ hasText: '010-1234-5678(으)로 알려 드리겠습니다' }).waitFor();
    await until('the sign-up text in the outbox', () => delivered(s.dataDir).some((m) => m.kind === 'place_alert_signup' && m.to === MOTHER.phone));
    await check(page, 'citizen-sold-out');

    // Before: the home page still said "지금 예약할 수 있습니다".
    await page.getByRole('link', { name: '처음 화면으로' }).click();
    const card = page.locator('article.person', { hasText: MOTHER.name });
    await card.getByText('자리가 모두 찼습니다').first().waitFor();
    await until('the start screen agrees (its head read catches up within seconds)', async () => !(await page.locator('main').textContent())!.includes('지금 예약할 수 있습니다'));

    // Someone joining now waits in a room that says the same, with the same offer, and keeps their place.
    const late = { name: '최늦게', birthDate: '1967-09-09', phone: '010-6000-7000' };
    const lateId = await addPerson(page, late);
    await chooseClinic(page, late.name, '종로구보건소');
    await page.goto(`${s.url}/#/go/${lateId}/${CAMPAIGN}`);
    await tickUntil(s, page.getByText('대기 순서는 그대로 유지됩니다').waitFor());
    await page.getByRole('alert').filter({ hasText: '이번 예약의 자리가 모두 찼습니다' }).waitFor();
    await page.getByRole('button', { name: '자리가 생기면 문자로 알려 주세요' }).waitFor();
    await check(page, 'citizen-sold-out-waiting');

    // A cancellation frees the place: the one who asked is texted, once.
    await s.client.booking.cancel.mutate({ code, birthDate: other.birthDate });
    await until('the place-back text in the outbox', () => delivered(s.dataDir).some((m) => m.kind === 'place_alert' && m.to === MOTHER.phone));
    await s.client.booking.cancel.mutate({ code, birthDate: other.birthDate }); // cancelling twice frees nothing twice
    expect(delivered(s.dataDir).filter((m) => m.kind === 'place_alert')).toHaveLength(1);
    // Her screen offers a new try only now that the head says places are back (checked on showing and every 30 s).
    await page.goto(`${s.url}/#/go/${pid}/${CAMPAIGN}`);
    await tickUntil(s, page.getByText('취소로 자리가 다시 생겼습니다.').waitFor({ timeout: 120_000 }));
    await page.getByRole('button', { name: '다시 예약하기' }).click();
    await page.getByText('예약번호').first().waitFor();
    expect(s.app.sqlite.prepare("SELECT count(*) AS n FROM bookings WHERE status = 'active'").get()).toEqual({ n: 1 });
  });

  it('2: "connection lost" goes once the connection is back, through a reload and in the waiting room', async () => {
    const s = await start([{ clinicId: 'K1', days: 1, times: ['09:00'], capacity: 5 }], 0);
    // No service worker: the page's own requests are the ones routed here.
    const page = await phone(s, { serviceWorkers: 'block' });
    const pid = await addPerson(page, MOTHER);
    await chooseClinic(page, MOTHER.name, '종로구보건소');
    await page.goto(`${s.url}/#/go/${pid}/${CAMPAIGN}`); // joined by itself once a clinic was chosen
    await page.getByText('대기 중입니다').waitFor();

    await page.route('**/trpc/**', (r) => r.abort('internetdisconnected'));
    const lost = page.getByRole('status').filter({ hasText: '연결이 끊겼습니다' });
    await lost.waitFor();
    await page.unroute('**/trpc/**');
    // Before: the flag was cleared only by a booking, so it stayed here and after every reload.
    await lost.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByText('대기 중입니다').waitFor();
    await page.route('**/trpc/**', (r) => r.abort('internetdisconnected'));
    await lost.waitFor();
    await page.unroute('**/trpc/**');
    await page.reload(); // reloaded while it still says so: the first answer ends it
    await page.getByText('대기 중입니다').waitFor();
    await lost.waitFor({ state: 'detached' });
  });

  it('5 and 6: no joining before a clinic is chosen; someone outside every group is told who can book and where else to go', async () => {
    const s = await start([{ clinicId: 'K1', days: 1, times: ['09:00'], capacity: 5 }]);
    const page = await phone(s);
    const pid = await addPerson(page, MOTHER);
    const mother = page.locator('article.person', { hasText: MOTHER.name });
    // Before: "대기열 들어가기" with no clinic, and the person searched while the admission ran out.
    await mother.getByText('대기열에 들어가기 전에 접종받을 의료기관을 1곳 이상 고르세요').waitFor();
    expect(await mother.getByRole('button', { name: /대기열 들어가기/ }).count()).toBe(0);
    await page.goto(`${s.url}/#/go/${pid}/${CAMPAIGN}`);
    await page.getByText('대기열에 들어가기 전에').waitFor();
    expect(await page.getByRole('button', { name: '대기열 들어가기' }).count()).toBe(0);
    await page.getByRole('link', { name: '의료기관·날짜 선택' }).click();
    await page.getByText('의료기관 목록 4곳').waitFor();

    await page.goto(`${s.url}/#/`);
    const sonId = await addPerson(page, { name: '김아들', birthDate: '1990-03-03', phone: '010-5555-6666' });
    const son = page.locator('article.person', { hasText: '김아들' });
    // Before: "현재 예약 대상 기간이 아닙니다" (read as "not your turn yet"), beside a clinic picker.
    await son.getByText('김아들님은 이번 코로나19 50대 예약 대상이 아닙니다').waitFor();
    const text = (await son.textContent())!;
    expect(text).toContain('53~54세 (1967-01-01~1968-12-31 출생)');
    expect(text).toContain('50~52세 (1969-01-01~1971-12-31 출생)');
    expect(text).toContain('1339');
    expect(text).not.toContain('현재 예약 대상 기간이 아닙니다');
    expect(await son.getByRole('link', { name: /의료기관·날짜 선택/ }).count()).toBe(0);
    await check(page, 'citizen-not-eligible');
    // English second, from the same table.
    await page.getByRole('button', { name: 'English' }).click();
    await son.getByText('김아들 is not in a group that can book COVID-19 50s (by birth date).').waitFor();
    expect(await son.textContent()).toContain('Ages 53–54 (born 1967-01-01 to 1968-12-31)');
    await page.getByRole('button', { name: '한국어' }).click();
    await son.getByText('김아들님은 이번 코로나19 50대 예약 대상이 아닙니다').waitFor();
    await page.goto(`${s.url}/#/go/${sonId}/${CAMPAIGN}`);
    await page.getByText('김아들님은 이번 코로나19 50대 예약 대상이 아닙니다').waitFor();
    expect(await page.getByRole('link', { name: /의료기관·날짜 선택/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '대기열 들어가기' }).count()).toBe(0);

    // A later group: told when, not "not eligible".
    await page.goto(`${s.url}/#/`);
    const youngerId = await addPerson(page, { name: '이이모', birthDate: '1970-07-07', phone: '010-7777-8888' });
    await page.goto(`${s.url}/#/go/${youngerId}/${CAMPAIGN}`);
    await page.getByText('이이모님의 대기열은').waitFor();
  });

  it('8: people are corrected, removed only after asking (with an undo), a booked person is not offered booking, and a booking made elsewhere is found', async () => {
    const s = await start([{ clinicId: 'K1', days: 1, times: ['09:00'], capacity: 5 }]);
    const page = await phone(s);
    await addPerson(page, MOTHER);
    await chooseClinic(page, MOTHER.name, '종로구보건소');
    const card = page.locator('article.person', { hasText: MOTHER.name });

    // Edit (before: none).
    await card.getByRole('button', { name: `수정 ${MOTHER.name}` }).click();
    const form = page.getByRole('form', { name: `${MOTHER.name}님 정보 수정` });
    await form.getByLabel('휴대전화').fill('010-9999-8888');
    await form.getByRole('button', { name: '저장' }).click();
    await card.getByText('1967-05-05 · 010-9999-8888').waitFor();
    await card.getByText('1. 종로구보건소').waitFor(); // the clinic choice stays with the person

    // Remove (before: gone in one tap): asks, "no" keeps; "yes" removes, with an undo.
    await card.getByRole('button', { name: `삭제 ${MOTHER.name}` }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText('김엄마님을 이 기기에서 지울까요?').waitFor();
    await check(page, 'citizen-remove-confirm');
    await dialog.getByRole('button', { name: '아니요' }).click();
    await card.getByRole('button', { name: `삭제 ${MOTHER.name}` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: '네, 지웁니다' }).click();
    await card.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: '김엄마님을 지웠습니다.' }).waitFor();
    await page.getByRole('button', { name: '되돌리기 김엄마' }).click();
    await card.getByText('1. 종로구보건소').waitFor();

    // Booked here: the card says so, with no picker and no "지금 예약할 수 있습니다".
    await card.getByRole('link', { name: /대기열·예약 화면/ }).click(); // joined by itself once a clinic was chosen
    await tickUntil(s, page.getByRole('button', { name: '예약하기' }).waitFor());
    await page.getByRole('button', { name: '예약하기' }).click();
    await page.getByRole('heading', { name: '예약이 완료되었습니다' }).waitFor();
    await page.getByRole('link', { name: '처음 화면으로' }).click();
    await card.getByText('예약 완료', { exact: true }).waitFor();
    expect(await card.textContent()).not.toContain('지금 예약할 수 있습니다');
    expect(await card.getByRole('link', { name: /의료기관·날짜 선택/ }).count()).toBe(0);
    await check(page, 'citizen-home-booked');

    // Booked from another phone: before, "This admission has already been used" and no way on.
    const father = { name: '김아빠', birthDate: '1968-08-08', phone: '010-3333-4444' };
    const code = await bookElsewhere(s, father);
    const fatherId = await addPerson(page, father);
    await chooseClinic(page, father.name, '종로구보건소');
    await page.goto(`${s.url}/#/go/${fatherId}/${CAMPAIGN}`);
    await page.getByText('이 사람은 다른 기기나 창에서 이미 예약했습니다').waitFor();
    await check(page, 'citizen-booked-elsewhere');
    await page.getByRole('button', { name: '내 예약 찾기' }).click();
    await page.getByRole('heading', { name: '예약이 완료되었습니다' }).waitFor();
    expect((await page.locator('.code').textContent())!.replace('-', '')).toBe(code);
  });

  it('10: the home page says when it is offline, and lookup says it needs a connection before it is pressed', async () => {
    const s = await start([{ clinicId: 'K1', days: 1, times: ['09:00'], capacity: 5 }]);
    const page = await phone(s);
    await page.evaluate('navigator.serviceWorker.ready');
    const banner = page.getByRole('status').filter({ hasText: '인터넷에 연결되어 있지 않습니다' });
    expect(await banner.count()).toBe(0);
    await context!.setOffline(true);
    await banner.waitFor(); // before: nothing on the home page
    await check(page, 'citizen-home-offline');
    await page.getByRole('link', { name: '예약 조회·취소' }).click();
    await page.getByText('예약 조회와 취소는 인터넷에 연결되어야 할 수 있습니다').waitFor();
    expect(await page.getByRole('button', { name: '조회' }).isDisabled()).toBe(true); // before: it said so only after the tap
    await context!.setOffline(false);
    await banner.waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: '조회' }).isDisabled()).toBe(false);
  });
});
