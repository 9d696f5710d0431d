/** The waiting room over real HTTP, on each store (SQLite, and a real Redis): fair shuffle, FIFO, one ticket per person, honest ETA, no stalls, no bypass, cacheable head. */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Campaign } from '../shared/schedule';
import { toSeoulIso } from '../shared/time';
import { putCampaign } from '../api/schedule/write';
import { shuffled } from '../api/queue/shuffle';
import { AFTER_OPENING, fixtureCampaign, loadFixture, oneDoseCampaign, OPENS_AT } from './fixture';
import { refusalOf, snapshot, startServer as startTestServer, type TestServer } from './harness';
import { startRedis, type RedisServer } from './redis';
import { RedisQueueStore, redisPrefix } from '../api/queue/redisStore';
import { personNo } from '../api/bench/people';

const TIMES = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'];
let server: TestServer;
afterEach(async () => server?.close());
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => redis?.stop());

async function joinAll(s: TestServer, from: number, count: number, campaignId = 'covid19-50s', gapMs = 1) {
  const tickets: string[] = [];
  for (let i = from; i < from + count; i++) {
    tickets.push((await s.client.queue.join.mutate({ campaignId, person: personNo(i) })).ticketId);
    s.clock.now += gapMs;
  }
  return tickets;
}

const status = (s: TestServer, ticketId: string) => s.client.queue.status.query({ ticketId });
/** Tickets handed out, as the store counts them. */
const tickets = async (s: TestServer) => (await s.app.queue.store.counts(s.clock.now)).reduce((n, c) => n + c.tickets, 0);

describe.each(['sqlite', 'redis'] as const)('on the %s store', (store) => {
  const start: typeof startTestServer = (opts) => startTestServer({ ...opts, ...(store === 'redis' ? { redis: redis.url } : {}) });
  beforeEach(async () => {
    if (store === 'redis') await redis.flush();
  });

  describe('pre-queue and FIFO', () => {
    it('shuffles each pre-queue uniformly at the opening (chi-square over 300 queues), audibly, then serves FIFO', async () => {
      const TRIALS = 300;
      const PEOPLE = 5;
      const campaigns: Campaign[] = Array.from({ length: TRIALS }, (_, t) => ({
        ...oneDoseCampaign,
        id: `trial-${t}`,
        cohorts: [{ ...oneDoseCampaign.cohorts[0]!, id: `trial-${t}-cohort` }],
      }));
      server = await start({
        now: OPENS_AT - 30 * 60 * 1000,
        joinsPerMinute: 1_000_000,
        setup: (app) => app.sqlite.transaction(() => campaigns.forEach((c) => putCampaign(app.db, c)))(),
      });
      const arrivals: string[][] = [];
      for (const c of campaigns) arrivals.push(await joinAll(server, 0, PEOPLE, c.id));
      expect((await status(server, arrivals[0]![0]!)).state).toBe('prequeue');
      await server.tick(); // queue.head is rebuilt once per tick
      expect((await server.client.queue.head.query({ campaignId: 'trial-0' })).prequeueLength).toBe(PEOPLE);

      server.clock.now = OPENS_AT - 1000;
      await server.tick();
      const firstByArrival = new Array<number>(PEOPLE).fill(0);
      const table = Array.from({ length: PEOPLE }, () => new Array<number>(PEOPLE).fill(0));
      for (const [t, tickets] of arrivals.entries()) {
        const positions = await Promise.all(tickets.map(async (id) => (await status(server, id)).position!));
        expect(positions.slice().sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
        positions.forEach((p, arrival) => table[arrival]![p - 1]!++);
        firstByArrival[positions.indexOf(1)]!++;
        if (t === 0) {
          // Audit: the stored seed and the tickets in join order give the same positions.
          const { seed } = (await server.app.queue.store.shuffleRecord('trial-0', 'trial-0-cohort'))!;
          const order = shuffled(tickets, seed);
          expect(tickets.map((id) => order.indexOf(id) + 1)).toEqual(positions);
        }
      }
      const expected = TRIALS / PEOPLE;
      const chiFirst = firstByArrival.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
      const chiTable = table.flat().reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
      expect(chiFirst).toBeLessThan(18.467); // df 4, p = 0.001
      // A permutation table: 5/4 times a chi-square with 16 df (see api/queue/shuffle.test.ts), so scaled back.
      expect(chiTable * (4 / 5)).toBeLessThan(39.252); // df 16, p = 0.001
      // Arriving first gives no edge: the very first arrival is not first far more often than 1 in 5.
      expect(firstByArrival[0]! / TRIALS).toBeLessThan(0.3);

      // After the opening: first come, first served, behind the shuffled pre-queue.
      const late = await joinAll(server, 100, 10, 'trial-0');
      const latePositions = await Promise.all(late.map(async (id) => (await status(server, id)).position));
      expect(latePositions).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    });
  });

  describe('one place per person', () => {
    it('gives ten concurrent joins of one person one ticket, however the details are typed', async () => {
      server = await start({ now: AFTER_OPENING, setup: (app) => loadFixture(app, []) });
      const p = personNo(42);
      const variants = [p, { ...p, phone: p.phone.replace(/-/g, '') }, { ...p, name: ` ${p.name} ` }];
      const joins = await Promise.all(Array.from({ length: 10 }, (_, i) =>
        server.client.queue.join.mutate({ campaignId: 'covid19-50s', person: variants[i % variants.length]! })));
      expect(new Set(joins.map((j) => j.ticketId)).size).toBe(1);
      expect(new Set(joins.map((j) => j.position)).size).toBe(1);
      expect(await tickets(server)).toBe(1);
      // Joining again later (a refresh, another device) neither loses nor improves the place.
      await joinAll(server, 0, 3);
      const again = await server.client.queue.join.mutate({ campaignId: 'covid19-50s', person: p });
      expect([again.ticketId, again.position]).toEqual([joins[0]!.ticketId, joins[0]!.position]);
    });

    it('refuses joins that are too early, not eligible, or too many from one address', async () => {
      server = await start({ now: OPENS_AT - 2 * 60 * 60 * 1000, joinsPerMinute: 3, setup: (app) => loadFixture(app, []) });
      const before = snapshot(server.app);
      const early = await refusalOf(server.client.queue.join.mutate({ campaignId: 'covid19-50s', person: personNo(1) }));
      expect(early).toMatchObject({
        reason: 'NOT_OPEN_YET', httpStatus: 403,
        details: { opensAt: '2021-08-16T20:00:00.000+09:00', prequeueFrom: '2021-08-16T19:00:00.000+09:00' },
      });
      expect((await refusalOf(server.client.queue.join.mutate({ campaignId: 'covid19-50s', person: { ...personNo(1), birthDate: '1990-01-01' } }))).reason).toBe('NOT_ELIGIBLE');
      expect((await refusalOf(server.client.queue.join.mutate({ campaignId: 'nope', person: personNo(1) }))).reason).toBe('NOT_FOUND');
      expect(await refusalOf(server.client.queue.join.mutate({ campaignId: 'covid19-50s', person: personNo(1) }))).toMatchObject({ reason: 'RATE_LIMITED', httpStatus: 429 });
      expect(snapshot(server.app)).toBe(before);
    });
  });

  describe('admission', () => {
    it('refuses every way around the waiting room', async () => {
      server = await start({
        now: AFTER_OPENING,
        room: { admitRate: 1 },
        setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: TIMES, capacity: 10 }], [fixtureCampaign, oneDoseCampaign]),
      });
      const s = server;
      const [alice, bob] = [personNo(1), personNo(2)];
      const a = await s.client.queue.join.mutate({ campaignId: 'covid19-50s', person: alice });
      const b = await s.client.queue.join.mutate({ campaignId: 'covid19-50s', person: bob });
      // Before the head reaches the ticket there is no token to be had.
      expect(await refusalOf(s.client.queue.admit.mutate({ ticketId: a.ticketId }))).toMatchObject({ reason: 'NOT_OPEN_YET', details: { ahead: 0 } });
      await s.tick();
      expect((await status(s, a.ticketId)).state).toBe('admitted');
      expect((await refusalOf(s.client.queue.admit.mutate({ ticketId: b.ticketId }))).reason).toBe('NOT_OPEN_YET');
      const admission = await s.client.queue.admit.mutate({ ticketId: a.ticketId });
      expect(await s.client.queue.admit.mutate({ ticketId: a.ticketId })).toEqual(admission); // the same token again

      const book = (person: typeof alice, admissionToken: string | undefined, extra = {}) =>
        s.client.booking.submit.mutate({ admissionToken, idempotencyKey: randomUUID(), person, preferences: [{ clinicId: 'K1' }], ...extra });
      const before = snapshot(s.app);
      const [head, , sig] = admission.admissionToken.split('.');
      const forged = `${head}.${Buffer.from(JSON.stringify({ i: 'x', c: 'covid19-50s', p: 'x', e: 4e12 })).toString('base64url')}.${sig}`;
      expect((await refusalOf(book(alice, undefined))).reason).toBe('ADMISSION_REQUIRED');
      expect((await refusalOf(book(alice, forged))).reason).toBe('ADMISSION_REQUIRED');
      expect((await refusalOf(book(bob, admission.admissionToken))).reason).toBe('ADMISSION_MISMATCH');
      expect((await refusalOf(book(alice, admission.admissionToken, { campaignId: 'flu-2021' }))).reason).toBe('ADMISSION_MISMATCH');
      s.clock.now += 10 * 60 * 1000;
      expect((await refusalOf(book(alice, admission.admissionToken))).reason).toBe('ADMISSION_EXPIRED');
      s.clock.now -= 10 * 60 * 1000;
      expect(snapshot(s.app)).toBe(before);

      const booked = await book(alice, admission.admissionToken);
      expect((await status(s, a.ticketId)).state).toBe('booked');
      expect((await refusalOf(book(alice, admission.admissionToken))).reason).toBe('ADMISSION_USED');
      expect((await refusalOf(s.client.queue.admit.mutate({ ticketId: a.ticketId }))).reason).toBe('ADMISSION_USED');
      // A booked person joining again keeps their booked ticket; once cancelled, they queue again at the back.
      expect((await s.client.queue.join.mutate({ campaignId: 'covid19-50s', person: alice })).state).toBe('booked');
      await s.client.booking.cancel.mutate({ code: booked.code, birthDate: alice.birthDate });
      const rejoined = await s.client.queue.join.mutate({ campaignId: 'covid19-50s', person: alice });
      expect([rejoined.ticketId, rejoined.state, rejoined.position]).toEqual([a.ticketId, 'waiting', 3]);
    });

    it('lets the queue run past people who walk away, bounds the people in flight, and expires unused turns', async () => {
      server = await start({ now: AFTER_OPENING, room: { admitRate: 10, maxInFlight: 3, graceMs: 15_000, claimWindowMs: 5 * 60 * 1000 }, setup: (app) => loadFixture(app, []) });
      const s = server;
      const headNow = async () => (await s.client.queue.head.query({ campaignId: 'covid19-50s' })).admittedUpTo;
      const first = await joinAll(s, 0, 6);
      await s.tick();
      expect(await headNow()).toBe(3); // at most 3 in flight
      await s.tick();
      expect(await headNow()).toBe(3); // unclaimed turns are held for the grace: a phone near the front claims well within it
      await s.tick(15_000);
      expect(await headNow()).toBe(6); // nobody claimed the first three turns: after the grace they stall nobody
      // Three claim (their turn is still theirs to claim) and do not book: now the head waits for them, up to their expiry.
      for (const id of first.slice(0, 3)) await s.client.queue.admit.mutate({ ticketId: id });
      const more = await joinAll(s, 10, 3);
      await s.tick(15_000);
      await s.tick();
      expect(await headNow()).toBe(6);
      expect((await status(s, more[0]!)).state).toBe('waiting');
      // Unclaimed turns lapse after the claim window; claimed ones after the admission's 10 minutes.
      await s.tick(5 * 60 * 1000);
      expect((await status(s, first[3]!)).state).toBe('expired');
      expect((await refusalOf(s.client.queue.admit.mutate({ ticketId: first[3]! }))).reason).toBe('ADMISSION_EXPIRED');
      expect((await status(s, first[0]!)).state).toBe('admitted');
      await s.tick(5 * 60 * 1000);
      expect((await status(s, first[0]!)).state).toBe('expired');
      expect(await headNow()).toBe(9); // room again
      // A lapsed person may queue again, at the back.
      const back = await s.client.queue.join.mutate({ campaignId: 'covid19-50s', person: personNo(3) });
      expect([back.ticketId, back.state, back.position]).toEqual([first[3], 'waiting', 10]);
    });
  });

  describe('returning people', () => {
    it('keeps the ticket of a person with an active booking, even when the ticket missed the mark of it', async () => {
      server = await start({ now: AFTER_OPENING, room: { admitRate: 10 }, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: TIMES, capacity: 10 }]) });
      const s = server;
      const person = personNo(1);
      const t = await s.client.queue.join.mutate({ campaignId: 'covid19-50s', person });
      await s.tick();
      const { admissionToken } = await s.client.queue.admit.mutate({ ticketId: t.ticketId });
      await s.client.booking.submit.mutate({ admissionToken, idempotencyKey: randomUUID(), person, preferences: [{ clinicId: 'K1' }] });
      // With Redis the mark is a second step after the SQLite commit; here it is lost.
      if (store === 'redis') await (s.app.queue.store as RedisQueueStore).redis.hdel(`${redisPrefix(s.app.secrets)}t:${t.ticketId}`, 'bookedAt');
      else s.app.sqlite.prepare('UPDATE tickets SET booked_at = NULL').run();
      await s.tick(11 * 60 * 1000); // the admission lapses
      expect((await status(s, t.ticketId)).state).toBe('booked');
      const again = await s.client.queue.join.mutate({ campaignId: 'covid19-50s', person });
      expect([again.ticketId, again.state, again.position]).toEqual([t.ticketId, 'booked', t.position]);
      expect(await tickets(s)).toBe(1);
    });

    it('times each booking from its turn and from its claim: what the admission controller reads', async () => {
      server = await start({ now: AFTER_OPENING, room: { admitRate: 10 }, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: TIMES, capacity: 10 }]) });
      const s = server;
      const person = personNo(1);
      const t = await s.client.queue.join.mutate({ campaignId: 'covid19-50s', person });
      await s.tick(); // their turn, now
      s.clock.now += 5_000; // noticed on a poll 5 s later
      const { admissionToken } = await s.client.queue.admit.mutate({ ticketId: t.ticketId });
      s.clock.now += 2_000; // booked 2 s after the claim (a queue before the server would show here)
      await s.client.booking.submit.mutate({ admissionToken, idempotencyKey: randomUUID(), person, preferences: [{ clinicId: 'K1' }] });
      const x = await s.app.queue.store.tickInputs('covid19-50s', s.clock.now, false);
      expect(x.bookSeconds).toEqual([7]);
      expect(x.claimSeconds).toEqual([2]);
    });

    it('puts a returning person whose turn lapsed into a re-opening cohort\'s pre-queue, like everyone else', async () => {
      // Cohort A opened and is over for this person (their turn lapsed); cohort B re-opens the same birth dates later.
      const reopening = {
        ...fixtureCampaign,
        cohorts: [
          { ...fixtureCampaign.cohorts[0]!, closesAt: '2021-08-17T18:00:00+09:00' },
          { ...fixtureCampaign.cohorts[0]!, id: 'age-53-54-again', prequeueFrom: '2021-08-18T19:00:00+09:00', opensAt: '2021-08-18T20:00:00+09:00', closesAt: '2021-08-25T18:00:00+09:00' },
        ],
      };
      server = await start({ now: AFTER_OPENING, room: { admitRate: 10 }, setup: (app) => putCampaign(app.db, reopening) });
      const s = server;
      const first = await s.client.queue.join.mutate({ campaignId: 'covid19-50s', person: personNo(1) });
      await s.tick();
      s.clock.now = Date.parse('2021-08-18T19:30:00+09:00'); // the turn lapsed long ago; B's pre-queue is open
      const returning = await s.client.queue.join.mutate({ campaignId: 'covid19-50s', person: personNo(1) });
      const newcomer = await s.client.queue.join.mutate({ campaignId: 'covid19-50s', person: personNo(2) });
      expect([returning.ticketId, returning.state, returning.position]).toEqual([first.ticketId, 'prequeue', null]);
      expect(newcomer.state).toBe('prequeue');
      expect((await refusalOf(s.client.queue.admit.mutate({ ticketId: returning.ticketId }))).reason).toBe('NOT_OPEN_YET');
      s.clock.now = Date.parse('2021-08-18T20:00:00+09:00');
      await s.tick();
      const [a, b] = await Promise.all([status(s, returning.ticketId), status(s, newcomer.ticketId)]);
      expect([a.position, b.position].sort()).toEqual([2, 3]); // both shuffled together, behind position 1
    });
  });

  describe('honest waiting', () => {
    it('shows at join an ETA within 15% of the real wait, at many positions, inside the range shown', async () => {
      server = await start({ now: AFTER_OPENING, joinsPerMinute: 1_000_000, room: { admitRate: 10 }, setup: (app) => loadFixture(app, []) });
      const s = server;
      // Before anything has been let in, nobody is promised a time.
      const early = await joinAll(s, 1000, 60, 'covid19-50s', 0);
      const unknown = await status(s, early[59]!);
      expect([unknown.etaSeconds, unknown.etaRange]).toEqual([null, null]);
      expect(unknown.pollAfterMs!).toBeLessThanOrEqual(3_600); // estimating: ask again soon
      for (let i = 0; i < 5; i++) await s.tick(); // five seconds of people let in: the rate is known
      const joinedAt = s.clock.now;
      const tickets = await joinAll(s, 0, 400, 'covid19-50s', 0);
      const sampled = [20, 35, 50, 80, 120, 199, 250, 333, 400];
      const shown = new Map<number, { eta: number; range: [number, number] }>();
      for (const p of sampled) {
        const st = await status(s, tickets[p - 1]!);
        shown.set(p, { eta: st.etaSeconds!, range: st.etaRange! });
      }
      const waited = new Map<number, number>();
      for (let second = 1; waited.size < sampled.length && second < 100; second++) {
        await s.tick();
        for (const p of sampled) {
          if (!waited.has(p) && (await status(s, tickets[p - 1]!)).state === 'admitted') waited.set(p, (s.clock.now - joinedAt) / 1000);
        }
      }
      for (const p of sampled) {
        const [{ eta, range }, wait] = [shown.get(p)!, waited.get(p)!];
        expect(Math.abs(eta - wait), `position ${p}: shown ${eta}s, waited ${wait}s`).toBeLessThanOrEqual(0.15 * wait);
        expect(wait, `position ${p}: shown ${range.join('–')}s, waited ${wait}s`).toBeGreaterThanOrEqual(range[0]);
        expect(wait).toBeLessThanOrEqual(range[1]);
      }
    });

    it('hides the ETA while paused, and polls the far back less often than the front', async () => {
      server = await start({ now: AFTER_OPENING, joinsPerMinute: 1_000_000, room: { admitRate: 2 }, setup: (app) => loadFixture(app, []) });
      const s = server;
      const tickets = await joinAll(s, 0, 300);
      for (let i = 0; i < 5; i++) await s.tick(); // ten let in, at the ceiling of 2 a second
      const near = await status(s, tickets[14]!);
      const far = await status(s, tickets[299]!);
      expect(near.pollAfterMs!).toBeGreaterThanOrEqual(1_600); // 2 s ± 20%
      expect(near.pollAfterMs!).toBeLessThanOrEqual(2_400);
      expect(far.etaSeconds).toBe(145);
      expect(far.pollAfterMs!).toBeGreaterThanOrEqual(5_600); // the most, 7 s ± 20%: a sell-out is learnt within 10 s
      expect(far.pollAfterMs!).toBeLessThanOrEqual(8_400);
      s.app.queue.setRate(0);
      await s.tick();
      const paused = await status(s, tickets[299]!);
      expect([paused.state, paused.etaSeconds, paused.etaRange]).toEqual(['waiting', null, null]);
      expect((await s.client.queue.head.query({ campaignId: 'covid19-50s' })).admitRate).toBeNull();
    });

    it('sends queue.head with Cache-Control and the same body within a tick', async () => {
      server = await start({ now: AFTER_OPENING, room: { admitRate: 5 }, setup: (app) => loadFixture(app, []) });
      await joinAll(server, 0, 20);
      await server.tick();
      const url = `${server.url}/trpc/queue.head?input=${encodeURIComponent(JSON.stringify({ campaignId: 'covid19-50s' }))}`;
      const [r1, r2] = await Promise.all([fetch(url), fetch(url)]);
      expect(r1.headers.get('cache-control')).toMatch(/public, max-age=1/);
      const [b1, b2] = [await r1.text(), await r2.text()];
      expect(b2).toBe(b1);
      expect(JSON.parse(b1).result.data).toEqual({
        campaignId: 'covid19-50s', admittedUpTo: 5, queueLength: 15, prequeueLength: 0, admitRate: null, admitRange: null, targetRate: 5,
        inFlight: 5, placesLeft: null, soldOut: false, backoff: 1, at: toSeoulIso(server.clock.now),
      });
      server.clock.now += 300; // later within the same tick: still the same answer
      expect(await (await fetch(url)).text()).toBe(b1);
      await server.tick();
      expect(await (await fetch(url)).text()).not.toBe(b1);
    });
  });
});
