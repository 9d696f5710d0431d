/** Bookings first under overload: a flood of joins is shed with 503 + Retry-After while admitted people book, none of them shed or lost; once every place is gone, joins are answered "sold out" instead. */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage } from '../api/db/open';
import { demoClinics, loadDemo } from '../api/demo/load';
import { personNo } from '../api/bench/people';
import { WireClient, type Reply } from '../api/bench/simulate/client';
import { tempDataDir } from './harness';
import { killHard, runCli, spawnServer } from './processes';
import { openCohortNow, PREQUEUE_OPEN, until } from './wait';

const dataDir = tempDataDir();
const soldOutDir = tempDataDir();
afterAll(() => { for (const d of [dataDir, soldOutDir]) rmSync(d, { recursive: true, force: true }); });

const BOOKERS = 40;
const FLOODERS = 300;

describe('overload', () => {
  it('sheds new joins with Retry-After while admitted people book, and loses nothing it accepted', async () => {
    const storage = openStorage(dataDir);
    const demo = loadDemo(storage, { identity: 'declared', now: Date.now(), opensInSeconds: PREQUEUE_OPEN, clinics: 5, days: 1 });
    storage.sqlite.close();
    const campaignId = demo.campaign.id;
    const cohort = demo.campaign.cohorts[0]!;
    const year = Number(cohort.birthFrom.slice(0, 4));
    const clinicIds = demoClinics(5).map((c) => c.id);

    // Shedding as the product does it, with a threshold (5 ms of event-loop delay) low enough that
    // any machine's loop under a flood crosses it: the test is about what is shed and what is not,
    // not about how fast this machine is. (Seen here: admit + submit 0.2–0.4 s under the flood.)
    const server = await spawnServer(dataDir, ['--shed-lag-ms', '5', '--join-limit', '1000000000', '--max-connections-per-address', '0'], [], false);
    const flood = new WireClient(new URL(server.url), FLOODERS);
    const people = new WireClient(new URL(server.url), BOOKERS);
    let flooding = true;
    try {
      // The bookers wait in the pre-queue (joining as the app does: a shed join comes back when
      // Retry-After says), the cohort opens, all of them are let in.
      let bookersShed = 0; // counted by the server's metric too
      const tickets = await Promise.all(Array.from({ length: BOOKERS }, async (_, i) => {
        for (;;) {
          const r = await people.mutate('queue.join', { campaignId, person: personNo(i, year) });
          if (r.status === 200) return r.body.result.data.ticketId as string;
          expect(r.status).toBe(503);
          bookersShed++;
          await new Promise((done) => setTimeout(done, r.retryAfter! * 1000));
        }
      }));
      openCohortNow(dataDir, campaignId, cohort.id);
      await until('every booker let in', async () => (await people.query('queue.head', { campaignId })).body.result.data.admittedUpTo >= BOOKERS);

      // The flood: fresh people joining as fast as FLOODERS connections allow, each answer kept.
      const joins: Array<{ person: number; reply: Reply; at: number }> = [];
      let next = 100_000;
      const flooder = async () => {
        while (flooding) {
          const person = next++;
          const reply = await flood.mutate('queue.join', { campaignId, person: personNo(person, year) });
          joins.push({ person, reply, at: Date.now() });
        }
      };
      const flooders = Array.from({ length: FLOODERS }, flooder);
      const shedSince = () => joins.filter((j) => j.reply.status === 503);
      await until('a join shed', () => shedSince().length > 0);

      // Now, under overload, the admitted people take their turns and book.
      const bookings = await Promise.all(tickets.map(async (ticketId, i) => {
        const admit = await people.mutate('queue.admit', { ticketId });
        const submit = admit.status === 200
          ? await people.mutate('booking.submit', { admissionToken: admit.body.result.data.admissionToken, idempotencyKey: `overload-${i}`, person: personNo(i, year), preferences: [{ clinicId: clinicIds[i % clinicIds.length] }] })
          : admit;
        return { admit, submit, answeredAt: Date.now() };
      }));
      const lastBookingAt = Math.max(...bookings.map((b) => b.answeredAt));
      // Still shedding after the last booking was answered: the bookings went through the overload, not after it.
      await until('a join shed after the last booking', () => shedSince().some((j) => j.at > lastBookingAt));
      flooding = false;
      await Promise.all(flooders);

      expect(bookings.map((b) => b.admit.status)).toEqual(new Array(BOOKERS).fill(200));
      expect(bookings.map((b) => [b.submit.status, b.submit.body?.result?.data?.code ? 'booked' : b.submit.body?.error?.data?.reason])).toEqual(new Array(BOOKERS).fill([200, 'booked']));

      // A shed join is a typed refusal with a Retry-After the app honours; others went through.
      const shed = shedSince();
      const accepted = joins.filter((j) => j.reply.status === 200);
      expect(accepted.length).toBeGreaterThan(0);
      expect(joins.filter((j) => j.reply.status !== 200 && j.reply.status !== 503)).toEqual([]);
      for (const j of shed.slice(0, 50)) {
        expect(j.reply.body.error.data.reason).toBe('RATE_LIMITED');
        expect(j.reply.retryAfter).toBeGreaterThanOrEqual(1);
        expect(j.reply.retryAfter).toBeLessThanOrEqual(13);
      }
      const metrics = await (await fetch(server.metricsUrl)).text();
      expect(Number(/yeyak_shed_total\{procedure="queue.join"\} (\d+)/.exec(metrics)?.[1])).toBe(shed.length + bookersShed);
      expect(metrics).not.toMatch(/yeyak_shed_total\{procedure="(booking\.submit|queue\.admit)"\}/);

      // Nothing accepted is lost: every acknowledged ticket is there; a shed person who comes back gets a place.
      const sample = accepted.filter((_, k) => k % Math.max(1, Math.floor(accepted.length / 100)) === 0);
      for (const j of sample) {
        const status = await people.query('queue.status', { ticketId: j.reply.body.result.data.ticketId });
        expect(status.status).toBe(200);
        expect(status.body.result.data.position).toBe(j.reply.body.result.data.position);
      }
      const again = shed[0]!;
      await until('the shed person let in on retry', async () => {
        const r = await people.mutate('queue.join', { campaignId, person: personNo(again.person, year) });
        return r.status === 200 && r.body.result.data.ticketId.length > 0;
      });
    } finally {
      flooding = false;
      await Promise.all([flood.close(), people.close()]).catch(() => undefined);
      await killHard(server.child);
    }
    expect((await runCli(['verify'], dataDir)).code).toBe(0);
  });
  it('answers every join once every place is gone, under the same flood: sold out is the news, not a 503', async () => {
    const storage = openStorage(soldOutDir);
    const demo = loadDemo(storage, { identity: 'declared', now: Date.now(), opensInSeconds: PREQUEUE_OPEN, clinics: 2, days: 1 });
    storage.sqlite.prepare('UPDATE slots SET capacity = 0').run(); // every place gone
    storage.sqlite.close();
    const campaignId = demo.campaign.id;
    const cohort = demo.campaign.cohorts[0]!;
    const year = Number(cohort.birthFrom.slice(0, 4));
    openCohortNow(soldOutDir, campaignId, cohort.id);
    // A sold-out join is light (no place to hold for a booking): 1 ms of delay makes this loop "busy".
    const server = await spawnServer(soldOutDir, ['--shed-lag-ms', '1', '--join-limit', '1000000000', '--max-connections-per-address', '0'], [], false);
    const flood = new WireClient(new URL(server.url), FLOODERS);
    let flooding = true;
    try {
      await until('the head says sold out', async () => (await flood.query('queue.head', { campaignId })).body.result.data.soldOut === true);
      const replies: Reply[] = [];
      let next = 0;
      const flooders = Array.from({ length: FLOODERS }, async () => {
        while (flooding) replies.push(await flood.mutate('queue.join', { campaignId, person: personNo(next++, year) }));
      });
      // The server counts itself busy: the share of joins it would accept has fallen.
      await until('the server loaded enough to shed', async () => Number(/^yeyak_join_accept_share (\S+)/m.exec(await (await fetch(server.metricsUrl)).text())?.[1]) < 1);
      await until('a thousand joins answered', () => replies.length >= 1_000);
      flooding = false;
      await Promise.all(flooders);
      expect(replies.filter((r) => r.status !== 200).map((r) => r.status)).toEqual([]);
      expect(new Set(replies.map((r) => r.body.result.data.state))).toEqual(new Set(['soldOut']));
      const metrics = await (await fetch(server.metricsUrl)).text();
      expect(metrics).not.toMatch(/yeyak_shed_total\{procedure="queue.join"\}/);
    } finally {
      flooding = false;
      await flood.close().catch(() => undefined);
      await killHard(server.child);
    }
  });
});
