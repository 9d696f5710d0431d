/** Property-based: for every procedure, any input its schema refuses gets a 4xx with a contract reason, never a 5xx, and changes nothing. */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { bookingLookupInput, bookingSubmitInput, campaignInput, catalogClinicsInput, identityConfirmInput, identityStartInput, queueJoinInput, ticketInput } from '../shared/inputs';
import { REASONS } from '../shared/reasons';
import { z } from 'zod';
import { AFTER_OPENING, fixtureCampaign, loadFixture } from './fixture';

/** clinic.login and operator.login take the same shape. Session-only procedures (schema null here) must refuse everything without a session. */
const loginInput = z.object({ username: z.string().min(1).max(40), password: z.string().min(1).max(200) });
import { snapshot, startServer, type TestServer } from './harness';
import { personNo } from '../api/bench/people';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ now: AFTER_OPENING, joinsPerMinute: 1e9, lookupsPerMinute: 1e9, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: ['10:00'], capacity: 2 }]) });
});
afterAll(async () => server?.close());

const valid = {
  person: personNo(1),
  code: 'ABCD-2345',
};
const PROCEDURES: Array<{ name: string; kind: 'query' | 'mutation'; schema: ZodType | null; example: unknown }> = [
  { name: 'schedule.get', kind: 'query', schema: null, example: undefined },
  { name: 'catalog.clinics', kind: 'query', schema: catalogClinicsInput, example: { since: 0 } },
  { name: 'catalog.availability', kind: 'query', schema: campaignInput, example: { campaignId: 'covid19-50s' } },
  { name: 'queue.challenge', kind: 'query', schema: campaignInput, example: { campaignId: 'covid19-50s' } },
  { name: 'queue.head', kind: 'query', schema: campaignInput, example: { campaignId: 'covid19-50s' } },
  { name: 'queue.status', kind: 'query', schema: ticketInput, example: { ticketId: 'AAAAAAAAAAAAAAAAAAAAAA' } },
  { name: 'queue.join', kind: 'mutation', schema: queueJoinInput, example: { campaignId: 'covid19-50s', person: valid.person } },
  { name: 'identity.start', kind: 'mutation', schema: identityStartInput, example: { campaignId: 'covid19-50s', person: valid.person } },
  { name: 'identity.confirm', kind: 'mutation', schema: identityConfirmInput, example: { challengeId: 'AAAAAAAAAAAAAAAAAAAAAA', code: '123456' } },
  { name: 'queue.admit', kind: 'mutation', schema: ticketInput, example: { ticketId: 'AAAAAAAAAAAAAAAAAAAAAA' } },
  { name: 'booking.submit', kind: 'mutation', schema: bookingSubmitInput, example: { idempotencyKey: 'abcdefgh-12', person: valid.person, preferences: [{ clinicId: 'K1', dates: ['2021-08-17'] }] } },
  { name: 'booking.lookup', kind: 'mutation', schema: bookingLookupInput, example: { code: valid.code, birthDate: '1967-01-01' } },
  { name: 'booking.cancel', kind: 'mutation', schema: bookingLookupInput, example: { code: valid.code, birthDate: '1967-01-01' } },
  { name: 'clinic.login', kind: 'mutation', schema: loginInput, example: { username: 'jongno.staff', password: 'not the password' } },
  { name: 'clinic.day', kind: 'query', schema: null, example: { date: '2021-08-17' } },
  { name: 'operator.login', kind: 'mutation', schema: loginInput, example: { username: 'ops.kim', password: 'not the password' } },
  { name: 'operator.setAdmitRate', kind: 'mutation', schema: null, example: { perSecond: 10 } },
  { name: 'operator.putCampaign', kind: 'mutation', schema: null, example: fixtureCampaign },
];

/** Every path to a leaf of a JSON value. */
function leafPaths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, Array.isArray(value) ? Number(k) : k]));
}

function replaceAt(value: unknown, path: Array<string | number>, leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[path[0]!] = replaceAt(copy[path[0]!], path.slice(1), leaf);
  return copy;
}

async function call(name: string, kind: 'query' | 'mutation', input: unknown): Promise<{ status: number; body: any }> {
  const res = kind === 'query'
    ? await fetch(`${server.url}/trpc/${name}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`)
    : await fetch(`${server.url}/trpc/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: input === undefined ? '' : JSON.stringify(input) });
  return { status: res.status, body: await res.json() };
}

describe('every procedure refuses what its schema refuses, cleanly', () => {
  for (const proc of PROCEDURES) {
    it(proc.name, async () => {
      const paths = leafPaths(proc.example);
      const inputs = fc.oneof(
        fc.jsonValue(),
        fc.tuple(fc.constantFrom(...paths), fc.jsonValue()).map(([path, leaf]) => replaceAt(proc.example, path, leaf)),
      );
      await fc.assert(fc.asyncProperty(inputs, async (input) => {
        const sessionOnly = proc.schema === null && proc.name.split('.')[0] !== 'schedule';
        const refused = sessionOnly || (proc.schema !== null && !proc.schema.safeParse(input).success);
        const before = refused ? snapshot(server.app) : '';
        const { status, body } = await call(proc.name, proc.kind, input);
        expect(status, JSON.stringify(input)).toBeLessThan(500);
        if (!refused) return;
        expect(status, JSON.stringify(input)).toBeGreaterThanOrEqual(400);
        expect(REASONS, JSON.stringify(body)).toContain(body.error.data.reason);
        expect(snapshot(server.app)).toBe(before);
      }), { numRuns: 60 });
    });
  }
});
