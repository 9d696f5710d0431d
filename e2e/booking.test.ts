/** booking.submit, lookup and cancel over real HTTP with the real tRPC client: capacity, one per person, idempotency, every refusal. */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { bookingSubmitInput } from '../shared/inputs';
import { verifyStorage } from '../api/verify';
import { AFTER_OPENING, loadFixture, oneDoseCampaign, fixtureCampaign, OPENS_AT } from './fixture';
import { refusalOf, snapshot, startServer, type TestServer } from './harness';
import { personNo } from '../api/bench/people';

const TIMES = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '13:00', '13:30', '14:00', '14:30'];
let server: TestServer;
afterEach(async () => server?.close());

function submit(s: TestServer, person = personNo(1), preferences: Array<{ clinicId: string; dates?: string[] }> = [{ clinicId: 'K1' }], extra: Record<string, unknown> = {}) {
  return s.client.booking.submit.mutate({
    admissionToken: s.mint(person),
    idempotencyKey: randomUUID(),
    person,
    preferences,
    ...extra,
  });
}

function allHold(s: TestServer) {
  return verifyStorage(s.app.sqlite).filter((c) => !c.ok);
}

describe('booking.submit', () => {
  it('books exactly the free places when 2,000 different people ask at once for 100', async () => {
    // One clinic, 100 first-dose places (10 slots × 10) and 100 second-dose places 28 days later.
    server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: TIMES, capacity: 10 }]) });
    const results = await Promise.allSettled(Array.from({ length: 2000 }, (_, i) => submit(server, personNo(i))));
    const booked = results.filter((r) => r.status === 'fulfilled');
    const refused = await Promise.all(results.filter((r) => r.status === 'rejected').map((r) => refusalOf(Promise.reject(r.reason))));
    expect(booked).toHaveLength(100);
    expect(refused).toHaveLength(1900);
    expect(new Set(refused.map((r) => r.reason))).toEqual(new Set(['SLOTS_FULL']));
    expect(refused.every((r) => r.httpStatus === 409)).toBe(true);
    const codes = new Set(booked.map((r) => (r as PromiseFulfilledResult<{ code: string }>).value.code));
    expect(codes.size).toBe(100);
    const { total } = server.app.sqlite.prepare('SELECT sum(booked) AS total FROM slots').get() as { total: number };
    expect(total).toBe(200); // 100 people × 2 doses
    expect(allHold(server)).toEqual([]);
    // Group commit was at work: concurrent bookings shared transactions.
    expect(server.app.committer.stats.largestBatch).toBeGreaterThan(1);
  });

  it('books the second dose at the same clinic, the interval later, nearest in time', async () => {
    server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, [{ clinicId: 'K2', days: 2, times: ['10:00', '15:00'], capacity: 1 }]) });
    const first = await submit(server, personNo(1), [{ clinicId: 'K2', dates: ['2021-08-18'] }]);
    expect(first.appointments.map((a) => [a.dose, a.clinicId, a.startsAt])).toEqual([
      [1, 'K2', '2021-08-18T10:00:00.000+09:00'],
      [2, 'K2', '2021-09-15T10:00:00.000+09:00'],
    ]);
    expect(first.code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
  });

  it('follows the preferences in order and books the first that has room', async () => {
    server = await startServer({
      now: AFTER_OPENING,
      setup: (app) => loadFixture(app, [
        { clinicId: 'K1', days: 1, times: ['10:00'], capacity: 1 },
        { clinicId: 'K3', days: 1, times: ['10:00'], capacity: 1 },
      ]),
    });
    await submit(server, personNo(1), [{ clinicId: 'K1' }]);
    const second = await submit(server, personNo(2), [{ clinicId: 'K1' }, { clinicId: 'K3' }]);
    expect(second.appointments[0]!.clinicId).toBe('K3');
  });

  it('gives one person one booking when they submit twice at once', async () => {
    server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: TIMES, capacity: 10 }]) });
    const person = personNo(7);
    const results = await Promise.allSettled([submit(server, person), submit(server, person)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = await refusalOf(Promise.reject((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason));
    expect(refused.reason).toBe('ALREADY_BOOKED');
    const booked = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ code: string }>).value;
    expect(refused.details.booking.code).toBe(booked.code);
    expect((server.app.sqlite.prepare('SELECT count(*) AS n FROM bookings').get() as { n: number }).n).toBe(1);
  });

  it('replays the first answer to a retried idempotency key, without booking again', async () => {
    server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: TIMES, capacity: 10 }]) });
    const person = personNo(3);
    const input = { admissionToken: server.mint(person), idempotencyKey: randomUUID(), person, preferences: [{ clinicId: 'K1' }] };
    const [a, b] = await Promise.all([server.client.booking.submit.mutate(input), server.client.booking.submit.mutate(input)]);
    const c = await server.client.booking.submit.mutate(input);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect((server.app.sqlite.prepare('SELECT sum(booked) AS n FROM slots').get() as { n: number }).n).toBe(2);
    // The same key for somebody else is bad input, not their booking.
    const other = personNo(4);
    const refused = await refusalOf(server.client.booking.submit.mutate({ ...input, person: other, admissionToken: server.mint(other) }));
    expect(refused.reason).toBe('INVALID_INPUT');
  });

  it('keeps the neighbours of a refused booking in the same commit batch booked', async () => {
    server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: ['10:00'], capacity: 2 }]) });
    const people = [personNo(61), personNo(62), personNo(63), personNo(64)];
    // Called in one turn of the event loop, the four writes form one batch; the third finds the clinic full.
    const results = await Promise.allSettled(people.map((person) => server.app.booking.submit(bookingSubmitInput.parse({
      admissionToken: server.mint(person), idempotencyKey: randomUUID(), person, preferences: [{ clinicId: 'K1' }],
    }), server.clock.now)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
    expect(server.app.committer.stats).toMatchObject({ batches: 1, largestBatch: 4 });
    expect(allHold(server)).toEqual([]);
    expect((server.app.sqlite.prepare("SELECT count(*) AS n FROM bookings WHERE status = 'active'").get() as { n: number }).n).toBe(2);
  });

  it('books one-dose campaigns with one appointment', async () => {
    server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: ['09:00'], capacity: 2 }], [oneDoseCampaign]) });
    const person = personNo(5);
    const done = await server.client.booking.submit.mutate({
      admissionToken: server.mint(person, 'flu-2021'), idempotencyKey: randomUUID(), person, preferences: [{ clinicId: 'K1' }],
    });
    expect(done.appointments).toHaveLength(1);
    expect(allHold(server)).toEqual([]);
  });
});

describe('booking.lookup and booking.cancel', () => {
  it('finds a booking by code and birth date, masks the name, and cancelling frees both places at once', async () => {
    server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: ['10:00'], capacity: 1 }]) });
    const person = personNo(11);
    const booked = await submit(server, person);
    const found = await server.client.booking.lookup.mutate({ code: booked.code.toLowerCase().replace(/^(.{4})/, '$1-'), birthDate: person.birthDate });
    expect(found).toMatchObject({ code: booked.code, status: 'active', cancelledAt: null, appointments: booked.appointments });
    expect(found.name).toMatch(/^김\*/);
    expect(found.name).not.toBe(person.name);

    // Full: the next person is refused, with no alternatives outside 서울 and K2/K3 without slots.
    expect((await refusalOf(submit(server, personNo(12)))).reason).toBe('SLOTS_FULL');

    const cancelled = await server.client.booking.cancel.mutate({ code: booked.code, birthDate: person.birthDate });
    expect(cancelled.status).toBe('cancelled');
    expect((server.app.sqlite.prepare('SELECT sum(booked) AS n FROM slots').get() as { n: number }).n).toBe(0);
    // Cancelling again answers the same and frees nothing twice.
    expect((await server.client.booking.cancel.mutate({ code: booked.code, birthDate: person.birthDate })).status).toBe('cancelled');
    // The freed places go to the next person at once.
    const next = await submit(server, personNo(12));
    expect(next.appointments.map((a) => a.startsAt)).toEqual(booked.appointments.map((a) => a.startsAt));
    expect(allHold(server)).toEqual([]);
  });

  it('finds nothing with a wrong birth date, and says so exactly as for an unknown code', async () => {
    server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: ['10:00'], capacity: 1 }]) });
    const person = personNo(13);
    const booked = await submit(server, person);
    const before = snapshot(server.app);
    const wrong = await refusalOf(server.client.booking.lookup.mutate({ code: booked.code, birthDate: '1967-01-02' }));
    const unknown = await refusalOf(server.client.booking.lookup.mutate({ code: 'ZZZZ-ZZZZ', birthDate: person.birthDate }));
    expect(wrong).toEqual(unknown);
    expect(wrong).toMatchObject({ reason: 'NOT_FOUND', httpStatus: 404 });
    expect((await refusalOf(server.client.booking.cancel.mutate({ code: booked.code, birthDate: '1967-01-02' }))).reason).toBe('NOT_FOUND');
    expect(snapshot(server.app)).toBe(before);
  });

  it('goes by POST only, and limits one code to 10 tries an hour from all addresses together', async () => {
    server = await startServer({ now: AFTER_OPENING, trustProxyHops: 1, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: ['10:00'], capacity: 1 }]) });
    const person = personNo(14);
    const booked = await submit(server, person);
    const input = (code: string, birthDate: string) => JSON.stringify({ code, birthDate });
    // By GET the birth date would be in the URL, and in every log on its way: refused.
    expect((await fetch(`${server.url}/trpc/booking.lookup?input=${encodeURIComponent(input(booked.code, person.birthDate))}`)).status).toBe(405);
    const lookup = (from: string, code: string, birthDate: string) => fetch(`${server.url}/trpc/booking.lookup`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': from }, body: input(code, birthDate),
    });
    // Ten guesses at her birth date from ten addresses, then the code is closed to everyone for a while, her too.
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await lookup(`203.0.113.${i}`, booked.code, `1967-01-${String(10 + i)}`)).status);
    expect(statuses).toEqual([...new Array(10).fill(404), 429]);
    expect((await lookup('198.51.100.1', booked.code, person.birthDate)).status).toBe(429);
    // Another code is not affected, and the limit refills: one try every 6 minutes.
    expect((await lookup('198.51.100.1', 'ZZZZ-ZZZZ', person.birthDate)).status).toBe(404);
    server.clock.now += 7 * 60 * 1000;
    expect((await lookup('198.51.100.1', booked.code, person.birthDate)).status).toBe(200);
  });
});

describe('eligibility over HTTP', () => {
  it('opens at 20:00:00.000 KST and not a millisecond before; birth bounds hold; 29 February books', async () => {
    server = await startServer({ now: OPENS_AT - 1, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: TIMES, capacity: 10 }]) });
    const leap = { name: '윤이월', birthDate: '1968-02-29', phone: '010-2902-2902' };
    const early = await refusalOf(submit(server, leap));
    expect(early).toMatchObject({ reason: 'NOT_OPEN_YET', httpStatus: 403, details: { opensAt: '2021-08-16T20:00:00.000+09:00' } });
    server.clock.now = OPENS_AT;
    expect((await submit(server, leap)).code).toBeTruthy();
    expect((await submit(server, { ...leap, name: '처음날', birthDate: '1967-01-01' })).code).toBeTruthy();
    expect((await submit(server, { ...leap, name: '끝날', birthDate: '1968-12-31' })).code).toBeTruthy();
    // One day either side belongs to no open cohort: 1966 is in none, 1969 opens tomorrow.
    expect((await refusalOf(submit(server, { ...leap, name: '이른날', birthDate: '1966-12-31' }))).reason).toBe('NOT_ELIGIBLE');
    const tomorrow = await refusalOf(submit(server, { ...leap, name: '늦은날', birthDate: '1969-01-01' }));
    expect(tomorrow).toMatchObject({ reason: 'NOT_OPEN_YET', details: { cohortId: 'age-50-52', opensAt: '2021-08-17T20:00:00.000+09:00' } });
  });
});

describe('every refusal of the contract: a 4xx with its reason, and no change to the database', () => {
  it('refuses each bad call and leaves every table as it was', async () => {
    server = await startServer({
      now: AFTER_OPENING,
      lookupsPerMinute: 5,
      setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: ['10:00'], capacity: 1 }], [fixtureCampaign, oneDoseCampaign]),
    });
    const s = server;
    const alice = personNo(21);
    const bob = personNo(22);
    const usedToken = s.mint(alice);
    const booked = await s.client.booking.submit.mutate({ admissionToken: usedToken, idempotencyKey: randomUUID(), person: alice, preferences: [{ clinicId: 'K1' }] });
    // A booking for the one-dose campaign whose appointment has begun: cancelling it is FORBIDDEN.
    const started = await s.client.booking.submit.mutate({
      admissionToken: s.mint(bob, 'flu-2021'), idempotencyKey: randomUUID(), person: bob, preferences: [{ clinicId: 'K1' }],
    });
    const before = snapshot(s.app);
    const forged = `${usedToken.slice(0, -4)}AAAA`;
    const cases: Array<[string, number, () => Promise<unknown>]> = [
      ['INVALID_INPUT', 400, () => s.client.booking.submit.mutate({ admissionToken: s.mint(bob), idempotencyKey: randomUUID(), person: { ...bob, phone: '02-123-4567' }, preferences: [{ clinicId: 'K1' }] })],
      ['INVALID_INPUT', 400, () => s.client.booking.submit.mutate({ admissionToken: s.mint(bob), idempotencyKey: randomUUID(), person: bob, preferences: [{ clinicId: 'NOPE' }] })],
      ['NOT_OPEN_YET', 403, () => submit(s, { ...bob, birthDate: '1970-01-01' })],
      ['NOT_ELIGIBLE', 403, () => submit(s, { ...bob, birthDate: '1980-01-01' })],
      ['ADMISSION_REQUIRED', 401, () => s.client.booking.submit.mutate({ idempotencyKey: randomUUID(), person: bob, preferences: [{ clinicId: 'K1' }] })],
      ['ADMISSION_REQUIRED', 401, () => s.client.booking.submit.mutate({ admissionToken: forged, idempotencyKey: randomUUID(), person: alice, preferences: [{ clinicId: 'K1' }] })],
      ['ADMISSION_EXPIRED', 401, () => s.client.booking.submit.mutate({ admissionToken: s.mint(bob, 'covid19-50s', -1), idempotencyKey: randomUUID(), person: bob, preferences: [{ clinicId: 'K1' }] })],
      ['ADMISSION_USED', 409, () => s.client.booking.submit.mutate({ admissionToken: usedToken, idempotencyKey: randomUUID(), person: alice, preferences: [{ clinicId: 'K1' }] })],
      ['ADMISSION_MISMATCH', 403, () => s.client.booking.submit.mutate({ admissionToken: s.mint(alice), idempotencyKey: randomUUID(), person: bob, preferences: [{ clinicId: 'K1' }] })],
      ['ADMISSION_MISMATCH', 403, () => s.client.booking.submit.mutate({ campaignId: 'covid19-50s', admissionToken: s.mint(bob, 'flu-2021'), idempotencyKey: randomUUID(), person: bob, preferences: [{ clinicId: 'K1' }] })],
      ['SLOTS_FULL', 409, () => submit(s, bob)],
      ['ALREADY_BOOKED', 409, () => submit(s, alice)],
      ['NOT_FOUND', 404, () => s.client.booking.lookup.mutate({ code: 'ZZZZ-ZZZZ', birthDate: alice.birthDate })],
      ['FORBIDDEN', 403, () => { s.clock.now = Date.parse(started.appointments[0]!.startsAt); return s.client.booking.cancel.mutate({ code: started.code, birthDate: bob.birthDate }); }],
    ];
    for (const [reason, status, call] of cases) {
      const refused = await refusalOf(call());
      expect([refused.reason, refused.httpStatus], reason).toEqual([reason, status]);
      s.clock.now = AFTER_OPENING;
    }
    // The lookup limit (5 a minute here, with 2 used above): the next calls are RATE_LIMITED.
    const limited = [];
    for (let i = 0; i < 5; i++) limited.push(await refusalOf(s.client.booking.lookup.mutate({ code: booked.code, birthDate: '1900-01-01' })));
    expect(limited.map((r) => r.reason)).toContain('RATE_LIMITED');
    expect(limited.find((r) => r.reason === 'RATE_LIMITED')!.httpStatus).toBe(429);
    expect(snapshot(s.app)).toBe(before);
  });

  it('offers the nearest alternatives with SLOTS_FULL: same district first', async () => {
    server = await startServer({
      now: AFTER_OPENING,
      setup: (app) => loadFixture(app, [
        { clinicId: 'K1', days: 1, times: ['10:00'], capacity: 1 },
        { clinicId: 'K2', days: 2, times: ['11:00'], capacity: 5 },
        { clinicId: 'K3', days: 1, times: ['09:00'], capacity: 5 },
        { clinicId: 'K4', days: 1, times: ['09:00'], capacity: 5 },
      ]),
    });
    await submit(server, personNo(31));
    const full = await refusalOf(submit(server, personNo(32)));
    expect(full.reason).toBe('SLOTS_FULL');
    // K2 (종로구, like K1) before K3 (마포구) though K3's slot is earlier; K4 is in 부산, not offered.
    expect(full.details.alternatives.map((a: { clinicId: string }) => a.clinicId)).toEqual(['K2', 'K3']);
    expect(full.details.alternatives[0]).toMatchObject({ clinicName: '연세내과의원', startsAt: '2021-08-17T11:00:00.000+09:00' });
    expect(full.details.secondDoseFull).toBe(false);
  });
});
