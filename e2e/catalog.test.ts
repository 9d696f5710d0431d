/** schedule.get, catalog.clinics (delta sync by version), catalog.availability, /healthz and the web app at /. */
import { afterEach, describe, expect, it } from 'vitest';
import { upsertClinics } from '../api/catalog/clinics';
import { AFTER_OPENING, CLINICS, loadFixture } from './fixture';
import { refusalOf, startServer, type TestServer } from './harness';
import { personNo } from '../api/bench/people';
import { randomUUID } from 'node:crypto';

let server: TestServer;
afterEach(async () => server?.close());

describe('schedule and catalog', () => {
  it('serves the schedule with the server time and cohort instants in +09:00', async () => {
    server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, []) });
    const s = await server.client.schedule.get.query();
    expect(s.serverTime).toBe('2021-08-16T21:00:00.000+09:00');
    expect(s.campaigns[0]).toMatchObject({ id: 'covid19-50s', doses: 2, intervalDays: 28 });
    expect(s.campaigns[0]!.cohorts[0]).toMatchObject({
      id: 'age-53-54', birthFrom: '1967-01-01', birthTo: '1968-12-31',
      prequeueFrom: '2021-08-16T19:00:00.000+09:00', opensAt: '2021-08-16T20:00:00.000+09:00', closesAt: '2021-08-21T18:00:00.000+09:00',
    });
  });

  it('sends the whole catalog once, then only what changed since the version the device holds', async () => {
    server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, []) });
    const all = await server.client.catalog.clinics.query();
    expect(all.clinics.map((c) => c.id)).toEqual(['K1', 'K2', 'K3', 'K4']);
    expect(await server.client.catalog.clinics.query({ since: all.version })).toEqual({ version: all.version, clinics: [] });
    // Re-loading identical clinics changes nothing; one changed phone number and one withdrawal do.
    server.app.sqlite.transaction(() => {
      upsertClinics(server.app.db, CLINICS);
      upsertClinics(server.app.db, [{ ...CLINICS[1]!, phone: '02-999-9999' }, { ...CLINICS[3]!, active: false }]);
    })();
    const delta = await server.client.catalog.clinics.query({ since: all.version });
    expect(delta.version).toBe(all.version + 1);
    expect(delta.clinics.map((c) => [c.id, c.phone, c.active])).toEqual([['K2', '02-999-9999', true], ['K4', '051-749-7500', false]]);
    expect((await refusalOf(server.client.catalog.clinics.query({ since: -1 }))).reason).toBe('INVALID_INPUT');
  });

  it('counts free places per clinic, day and dose, and a booking takes one from each dose', async () => {
    server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: ['10:00', '11:00'], capacity: 3 }]) });
    const before = await server.client.catalog.availability.query({ campaignId: 'covid19-50s' });
    expect(before).toEqual([
      { clinicId: 'K1', date: '2021-08-17', dose: 1, free: 6 },
      { clinicId: 'K1', date: '2021-09-14', dose: 2, free: 6 },
    ]);
    const person = personNo(1);
    await server.client.booking.submit.mutate({ admissionToken: server.mint(person), idempotencyKey: randomUUID(), person, preferences: [{ clinicId: 'K1' }] });
    server.clock.now += 1000; // the answer is shared for a second
    const after = await server.client.catalog.availability.query({ campaignId: 'covid19-50s' });
    expect(after.map((a) => a.free)).toEqual([5, 5]);
    expect((await refusalOf(server.client.catalog.availability.query({ campaignId: 'nope' }))).reason).toBe('NOT_FOUND');
    const res = await fetch(`${server.url}/trpc/catalog.availability?input=${encodeURIComponent(JSON.stringify({ campaignId: 'covid19-50s' }))}`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=1');
  });

  it('answers /healthz, and a plain-JSON client with a contract reason on bad input', async () => {
    server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, []) });
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const bad = await fetch(`${server.url}/trpc/booking.submit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"person":' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.data.reason).toBe('INVALID_INPUT');
    const missing = await fetch(`${server.url}/trpc/nothing.here`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as any).error.data.reason).toBe('NOT_FOUND');
  });
});
