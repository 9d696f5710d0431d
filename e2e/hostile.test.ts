/** Hostile requests never get a 5xx nor take the server down; every answer carries the security headers. */
import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { AFTER_OPENING, loadFixture } from './fixture';
import { snapshot, startServer, type TestServer } from './harness';
import { personNo } from '../api/bench/people';

let server: TestServer;
afterEach(async () => server?.close());

const post = (s: TestServer, path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('hostile input', () => {
  it('answers garbage with a 4xx and a reason, changes nothing, and stays up', async () => {
    server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: ['10:00'], capacity: 5 }]) });
    const s = server;
    // Prototype-pollution keys: JSON.parse makes them plain own keys and the schemas drop unknown
    // keys, so this is an ordinary join with junk in it. It must pollute nothing.
    const polluting = await post(s, '/trpc/queue.join', '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"campaignId":"covid19-50s","person":{"__proto__":{"admin":true},"name":"김민수","birthDate":"1967-01-01","phone":"010-1234-5678","constructor":{"prototype":{"polluted":true}}}}');
    expect(polluting.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    const before = snapshot(s.app);
    const person = personNo(1);
    const attempts: Array<[string, () => Promise<Response>]> = [
      ['malformed JSON (lean path)', () => post(s, '/trpc/booking.submit', '{"person": {"name": "김')],
      ['malformed JSON (adapter)', () => post(s, '/trpc/booking.cancel', '{"code": ')],
      ['JSON that is not an object', () => post(s, '/trpc/queue.join', '[[[[["deep"]]]]]')],
      ['8 MB body', () => post(s, '/trpc/queue.join', Buffer.alloc(8 * 1024 * 1024, 'a'))],
      ['8 MB body to the adapter', () => post(s, '/trpc/booking.cancel', Buffer.alloc(8 * 1024 * 1024, 'a'))],
      ['500-call batch', () => fetch(`${s.url}/trpc/${Array(500).fill('schedule.get').join(',')}?batch=1&input=${encodeURIComponent('{}')}`)],
      ['SQL in a name', () => post(s, '/trpc/queue.join', JSON.stringify({ campaignId: 'covid19-50s', person: { ...person, name: "Robert'); DROP TABLE bookings;--" } }))],
      ['SQL in a campaign id', () => post(s, '/trpc/queue.join', JSON.stringify({ campaignId: "x' OR '1'='1", person }))],
      ['SQL in a booking code', () => post(s, '/trpc/booking.lookup', JSON.stringify({ code: "' OR 1=1 --", birthDate: '1967-01-01' }))],
      ['a lookup by GET (the birth date would be in the URL)', () => fetch(`${s.url}/trpc/booking.lookup?input=${encodeURIComponent(JSON.stringify({ code: 'ZZZZ-ZZZZ', birthDate: '1967-01-01' }))}`)],
      ['letters in a phone code', () => post(s, '/trpc/identity.confirm', JSON.stringify({ challengeId: 'AAAAAAAAAAAAAAAAAAAAAA', code: '12a456' }))],
      ['SQL in a ticket id', () => fetch(`${s.url}/trpc/queue.status?input=${encodeURIComponent(JSON.stringify({ ticketId: "x' UNION SELECT * FROM bookings --" }))}`)],
      ['numbers where strings go', () => post(s, '/trpc/booking.submit', JSON.stringify({ idempotencyKey: 1e308, person: { name: 1, birthDate: -1, phone: null }, preferences: 'K1' }))],
      ['an unknown procedure', () => post(s, '/trpc/admin.dropEverything', '{}')],
      ['a query sent as POST', () => post(s, '/trpc/queue.head', '{"campaignId":"covid19-50s"}')],
      ['a huge array of preferences', () => post(s, '/trpc/booking.submit', JSON.stringify({ idempotencyKey: 'abcdefgh', person, preferences: Array(100_000).fill({ clinicId: 'K1' }) }))],
    ];
    for (const [what, attempt] of attempts) {
      const res = await attempt();
      expect(res.status, what).toBeGreaterThanOrEqual(400);
      expect(res.status, what).toBeLessThan(500);
      const body = (await res.json()) as any;
      const reason = Array.isArray(body) ? body[0]?.error?.data?.reason : body.error?.data?.reason;
      expect(reason, what).toMatch(/^(INVALID_INPUT|NOT_FOUND|RATE_LIMITED)$/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(snapshot(s.app)).toBe(before);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });

  it('sends the security headers on pages, and nosniff on API answers and the cached queue.head', async () => {
    server = await startServer({ now: AFTER_OPENING, webDir: fileURLToPath(new URL('../dist/web', import.meta.url)), setup: (app) => loadFixture(app, []) });
    const head = `/trpc/queue.head?input=${encodeURIComponent(JSON.stringify({ campaignId: 'covid19-50s' }))}`;
    for (const path of ['/trpc/schedule.get', head, head]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
    }
    for (const path of ['/', '/clinic/', '/operator/', '/healthz']) {
      const res = await fetch(`${server.url}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('strict-transport-security'), path).toBeNull(); // plain HTTP here
    }
    // Nobody is a trusted proxy by default: the header alone earns no HSTS.
    const claimed = await fetch(`${server.url}/`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(claimed.headers.get('strict-transport-security')).toBeNull();
  });

  it('behind a trusted proxy, reads the caller from X-Forwarded-For and HTTPS from X-Forwarded-Proto', async () => {
    server = await startServer({ now: AFTER_OPENING, trustProxyHops: 1, lookupsPerMinute: 2, setup: (app) => loadFixture(app, []) });
    const lookup = (forwardedFor: string) => fetch(`${server.url}/trpc/booking.lookup`, {
      method: 'POST', headers: { 'x-forwarded-for': forwardedFor, 'content-type': 'application/json' }, body: JSON.stringify({ code: 'ZZZZ-ZZZZ', birthDate: '1967-01-01' }),
    });
    // Two lookups a minute per caller: the third from one phone is limited, another phone is not.
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await lookup('spoofed, 203.0.113.7')).status);
    expect(statuses).toEqual([404, 404, 429]);
    expect((await lookup('203.0.113.8')).status).toBe(404);
    const proxied = await fetch(`${server.url}/`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(proxied.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });
});
