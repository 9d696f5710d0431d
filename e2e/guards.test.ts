/**
 * Requests refused before any handler reads them: a POST that is not JSON (415) on every path,
 * fast or not, and a browser's request from another site that would change something or carry a
 * staff session (403). Clients that send no Origin (curl, the CLI, Node) are untouched.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Accounts, CLINIC_ACCOUNTS } from '../api/auth/accounts';
import { personNo } from '../api/bench/people';
import { launchChromium } from './browser';
import { AFTER_OPENING, loadFixture } from './fixture';
import { snapshot, startServer, type TestServer } from './harness';
import { memoryLog } from './logs';
import { until } from './wait';

let server: TestServer;
afterEach(async () => server?.close());

const join = JSON.stringify({ campaignId: 'covid19-50s', person: personNo(1) });
const tickets = (s: TestServer) => s.app.sqlite.prepare('SELECT count(*) FROM tickets').pluck().get();

describe('every POST is JSON', () => {
  it('answers 415 to text/plain, forms, multipart and no type at all, on the fast path, the adapter and every other path', async () => {
    server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: ['10:00'], capacity: 5 }]) });
    const s = server;
    const before = snapshot(s.app);
    const post = (path: string, type: string | null, body = join) =>
      fetch(`${s.url}${path}`, { method: 'POST', headers: type === null ? {} : { 'content-type': type }, body: type === null ? Buffer.from(body) : body });
    for (const path of ['/trpc/queue.join', '/trpc/booking.cancel', '/trpc/clinic.login', '/operator/import', '/', '/nowhere']) {
      for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', null]) {
        const res = await post(path, type);
        const body = (await res.json()) as any;
        expect([res.status, body.error.data.reason, body.error.data.code], `${path} ${type}`).toEqual([415, 'INVALID_INPUT', 'UNSUPPORTED_MEDIA_TYPE']);
      }
    }
    expect(tickets(s)).toBe(0);
    expect(snapshot(s.app)).toBe(before);
    // JSON, with or without a charset, is served.
    expect((await post('/trpc/queue.join', 'application/json; charset=utf-8')).status).toBe(200);
    expect((await post('/trpc/queue.join', 'Application/JSON')).status).toBe(200);
  });
});

describe('cross-site requests', () => {
  it("refuse a change or a session from another site's page, and serve the same request from this site or from no browser", async () => {
    const log = memoryLog();
    server = await startServer({ now: AFTER_OPENING, logger: log.logger, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: ['10:00'], capacity: 5 }]) });
    const s = server;
    await new Accounts(s.app.sqlite, CLINIC_ACCOUNTS).put({ scope: 'K1', username: 'jongno.staff', password: 'correct horse battery' }, AFTER_OPENING);
    const own = new URL(s.url).host;
    const post = (path: string, headers: Record<string, string>, body = join) =>
      fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    for (const headers of <Array<Record<string, string>>>[
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: `http://${own}`, 'sec-fetch-site': 'cross-site' }, // the browser's word beats a forged-looking Origin
      { 'sec-fetch-site': 'same-site' }, // a sibling subdomain would carry SameSite cookies
      { origin: `http://${own}.evil.example` },
    ]) {
      const res = await post('/trpc/queue.join', headers);
      expect([res.status, ((await res.json()) as any).error.data.reason], JSON.stringify(headers)).toEqual([403, 'FORBIDDEN']);
    }
    expect(tickets(s)).toBe(0);
    expect((await post('/trpc/queue.join', { origin: `http://${own}` })).status).toBe(200);
    expect((await post('/trpc/queue.join', { 'sec-fetch-site': 'same-origin', origin: 'https://yeyak.example.kr' })).status).toBe(200); // behind a proxy that rewrote Host
    expect((await post('/trpc/queue.join', {})).status).toBe(200); // no browser at all
    expect(tickets(s)).toBe(1);

    // A staff session from another site is refused even for reading; without the cookie (or from this site) it is not.
    const login = await post('/trpc/clinic.login', {}, JSON.stringify({ username: 'jongno.staff', password: 'correct horse battery' }));
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const day = `/trpc/clinic.day?input=${encodeURIComponent(JSON.stringify({ date: '2021-08-17' }))}`;
    expect((await fetch(`${s.url}${day}`, { headers: { cookie, 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await fetch(`${s.url}/clinic/export.csv?date=2021-08-17`, { headers: { cookie, origin: 'https://evil.example' } })).status).toBe(403);
    expect((await fetch(`${s.url}${day}`, { headers: { cookie, 'sec-fetch-site': 'same-origin' } })).status).toBe(200);
    expect((await fetch(`${s.url}${day}`, { headers: { cookie } })).status).toBe(200);
    // The shared, cacheable head carries no session: any site (or CDN) may read it.
    const head = `/trpc/queue.head?input=${encodeURIComponent(JSON.stringify({ campaignId: 'covid19-50s' }))}`;
    expect((await fetch(`${s.url}${head}`, { headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } })).status).toBe(200);
    // Each refusal is in the log with its address and origin.
    expect(log.lines().filter((l) => l.event === 'cross_site_refused').length).toBe(7);
    expect(log.lines().find((l) => l.event === 'cross_site_refused')).toMatchObject({ address: '127.0.0.1', path: '/trpc/queue.join', origin: 'https://evil.example' });
  });

  it("cannot make a visitor's Chromium join blind from another site's page", async () => {
    const log = memoryLog();
    server = await startServer({ now: AFTER_OPENING, logger: log.logger, setup: (app) => loadFixture(app, []) });
    const target = `${server.url}/trpc/queue.join`;
    // The attacker's page, on another origin: a form that posts text/plain, and a no-cors fetch (which cannot send JSON's type).
    const page = `<!doctype html><form method="post" enctype="text/plain" action="${target}"><input name='{"campaignId":"covid19-50s","person":{"name":"김민수","birthDate":"1967-01-01","phone":"010-1234-5678"},"x":"' value='"}'></form>
      <script>fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(join)} }).finally(() => document.forms[0].submit());</script>`;
    const hostile = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      await tab.goto(`http://127.0.0.1:${(hostile.address() as AddressInfo).port}/`);
      const refused = () => log.lines().filter((l) => l.msg === 'request' && l.path === '/trpc/queue.join');
      await until('both blind joins to arrive', () => refused().length === 2);
      expect(refused().map((l) => l.status)).toEqual([415, 415]);
      expect(tickets(server)).toBe(0);
    } finally {
      await browser.close();
      hostile.close();
    }
  });
});
