/** The lean path for hot procedures writes exactly what tRPC's adapter writes: compared call by call with the adapter's batch form. */
import { afterEach, describe, expect, it } from 'vitest';
import { AFTER_OPENING, loadFixture } from './fixture';
import { startServer, type TestServer } from './harness';
import { personNo } from '../api/bench/people';

let server: TestServer;
afterEach(async () => server?.close());
/** Every POST says it is JSON (others are refused with 415 before any path reads them: e2e/guards.test.ts). */
const JSON_BODY = { 'content-type': 'application/json' };

async function both(s: TestServer, proc: string, input: unknown, method: 'GET' | 'POST', rawBody?: string) {
  const enc = (v: unknown) => encodeURIComponent(JSON.stringify(v));
  const direct = method === 'GET'
    ? await fetch(`${s.url}/trpc/${proc}${input === undefined ? '' : `?input=${enc(input)}`}`)
    : await fetch(`${s.url}/trpc/${proc}`, { method, headers: { 'content-type': 'application/json' }, body: rawBody ?? JSON.stringify(input) });
  const batched = method === 'GET'
    ? await fetch(`${s.url}/trpc/${proc}?batch=1&input=${enc({ 0: input })}`)
    : await fetch(`${s.url}/trpc/${proc}?batch=1`, { method, headers: { 'content-type': 'application/json' }, body: rawBody ?? JSON.stringify({ 0: input }) });
  const d = { status: direct.status, body: await direct.json(), cache: direct.headers.get('cache-control') };
  const b = { status: batched.status, body: ((await batched.json()) as unknown[])[0], cache: batched.headers.get('cache-control') };
  return { d, b };
}

describe('wire format of the lean path', () => {
  it('matches the adapter for answers, refusals and bad input', async () => {
    server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, []) });
    const s = server;
    const cases: Array<[string, unknown, 'GET' | 'POST']> = [
      ['queue.head', { campaignId: 'covid19-50s' }, 'GET'],
      ['queue.head', { campaignId: 'nope' }, 'GET'],
      ['queue.head', { campaignId: 42 }, 'GET'],
      ['schedule.get', undefined, 'GET'],
      ['queue.status', { ticketId: 'AAAAAAAAAAAAAAAAAAAAAA' }, 'GET'],
      ['queue.join', { campaignId: 'covid19-50s', person: { ...personNo(1), phone: 'not a phone' } }, 'POST'],
      ['booking.submit', { idempotencyKey: 'abcdefgh-1', person: personNo(2), preferences: [{ clinicId: 'K1' }] }, 'POST'],
    ];
    for (const [proc, input, method] of cases) {
      const { d, b } = await both(s, proc, input, method);
      expect(d, `${proc} ${JSON.stringify(input)}`).toEqual(b);
    }
    // A successful mutation cannot be sent twice to compare; its shape is the same envelope.
    const joined = await fetch(`${s.url}/trpc/queue.join`, { method: 'POST', headers: JSON_BODY, body: JSON.stringify({ campaignId: 'covid19-50s', person: personNo(3) }) });
    expect(Object.keys((await joined.json()) as object)).toEqual(['result']);
  });

  it('refuses malformed JSON and oversized bodies with INVALID_INPUT, as the adapter does', async () => {
    server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, []) });
    const bad = await fetch(`${server.url}/trpc/queue.join`, { method: 'POST', headers: JSON_BODY, body: '{"campaignId":' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.data).toMatchObject({ code: 'PARSE_ERROR', reason: 'INVALID_INPUT' });
    const big = await fetch(`${server.url}/trpc/booking.submit`, { method: 'POST', headers: JSON_BODY, body: JSON.stringify({ pad: 'x'.repeat(200_000) }) });
    expect(big.status).toBe(413);
    expect(((await big.json()) as any).error.data.reason).toBe('INVALID_INPUT');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
