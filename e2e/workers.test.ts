/**
 * Two API processes on one Redis and one data directory: one ticket per person whichever process
 * is asked, the shuffle and FIFO across both, one shared admission rate, bookings from both on the
 * one SQLite file, kill -9 of a process and of Redis itself losing no place; and `serve --workers 2`.
 */
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../api/db/open';
import { loadDemo } from '../api/demo/load';
import { shuffled } from '../api/queue/shuffle';
import { RedisQueueStore, redisPrefix } from '../api/queue/redisStore';
import { loadSecrets } from '../api/secrets';
import { personNo } from '../api/bench/people';
import { makeClient, refusalOf, tempDataDir, type Client } from './harness';
import { mintAdmissionToken } from '../api/admission/token';
import { personKey } from '../api/identity';
import { personSchema } from '../shared/person';
import { killHard, runCli, spawnServer, type ServerProcess } from './processes';
import { startRedis, type RedisServer } from './redis';
import { openCohortNow, SCHEDULE_STALE_MS, until } from './wait';

let redis: RedisServer;
const dirs: string[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function demoDir(opensInSeconds: number) {
  const dataDir = tempDataDir();
  dirs.push(dataDir);
  const storage = openStorage(dataDir);
  const demo = loadDemo(storage, { identity: 'declared', now: Date.now(), opensInSeconds, clinics: 5, days: 1 });
  storage.sqlite.close();
  const cohort = demo.campaign.cohorts[0]!;
  return { dataDir, campaignId: demo.campaign.id, cohortId: cohort.id, year: Number(cohort.birthFrom.slice(0, 4)) };
}

describe('two API processes on one Redis', () => {
  it('keep one ticket per person, the shuffle, FIFO and one admission rate, and lose no place to kill -9', async () => {
    await redis.flush();
    // The opening an hour away: the test opens it once the pre-queue is full, however long that took.
    const { dataDir, campaignId, cohortId, year } = demoDir(3600);
    const args = ['--redis', redis.url, '--admit-rate', '0'];
    const a = await spawnServer(dataDir, args);
    const b = await spawnServer(dataDir, args);
    const procs: ServerProcess[] = [a, b];
    try {
      const [ca, cb] = [makeClient(a.url), makeClient(b.url)];
      const via = (i: number): Client => (i % 2 === 0 ? ca : cb);
      const people = Array.from({ length: 70 }, (_, i) => personNo(i, year));
      const join = (i: number) => via(i).queue.join.mutate({ campaignId, person: people[i]! });

      // The pre-queue, joined alternately through the two processes, in a known order.
      const early: string[] = [];
      for (let i = 0; i < 30; i++) early.push((await join(i)).ticketId);
      // The same people again, on both processes at once: the ticket each already holds.
      const again = await Promise.all(people.slice(0, 30).flatMap((person) => [ca, cb].map((c) => c.queue.join.mutate({ campaignId, person }))));
      expect(again.map((s) => s.ticketId)).toEqual(early.flatMap((id) => [id, id]));
      expect(again.every((s) => s.state === 'prequeue')).toBe(true);

      // The opening: one process shuffles, once; both then see the same positions, in the audited order.
      openCohortNow(dataDir, campaignId, cohortId);
      await sleep(SCHEDULE_STALE_MS + 100); // past this, each process re-reads the schedule at its next call: a bound, not a guess at speed
      await until('the shuffle at the opening', async () => (await ca.queue.status.query({ ticketId: early[0]! })).position !== null);
      const late: string[] = [];
      for (let i = 30; i < 50; i++) late.push((await join(i)).ticketId);
      const positions = async (ids: string[], c: Client) => Promise.all(ids.map(async (ticketId) => (await c.queue.status.query({ ticketId })).position));
      const shuffledPositions = await positions(early, ca);
      expect(await positions(early, cb)).toEqual(shuffledPositions);
      expect(shuffledPositions.slice().sort((x, y) => x! - y!)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      const store = new RedisQueueStore(redis.url, redisPrefix(loadSecrets(dataDir)));
      try {
        const record = (await store.shuffleRecord(campaignId, cohortId))!;
        const order = shuffled(early, record.seed);
        expect(early.map((id) => order.indexOf(id) + 1)).toEqual(shuffledPositions);
        // After the opening: first come, first served, whichever process was asked.
        expect(await positions(late, cb)).toEqual(Array.from({ length: 20 }, (_, i) => 31 + i));
        // Twenty at once, split over both: twenty new places, no gaps, no doubles.
        const rush = await Promise.all(Array.from({ length: 20 }, (_, k) => join(50 + k)));
        expect(rush.map((s) => s.position).sort((x, y) => x! - y!)).toEqual(Array.from({ length: 20 }, (_, i) => 51 + i));
        expect((await store.counts(Date.now())).find((c) => c.campaignId === campaignId)?.tickets).toBe(70);
        // /metrics of either process counts the tickets in Redis.
        const scraped = await (await fetch(b.metricsUrl)).text();
        expect(scraped).toContain(`yeyak_tickets{campaign="${campaignId}"} 70`);
      } finally {
        await store.close();
      }

      // One admission rate for both: 5 a second between them, not 5 each. Timed by the ticks' own
      // clock (each head answer says which tick it is from), not by when this test got to ask.
      const head = async () => ca.queue.head.query({ campaignId });
      expect((await head()).admittedUpTo).toBe(0);
      expect((await runCli(['admit-rate', '5'], dataDir)).code).toBe(0);
      await until('admission to start', async () => (await head()).admittedUpTo > 0);
      const h0 = await head();
      await until('six seconds of ticks', async () => Date.parse((await head()).at) - Date.parse(h0.at) >= 6000);
      const h1 = await head();
      const perSecond = (h1.admittedUpTo - h0.admittedUpTo) / ((Date.parse(h1.at) - Date.parse(h0.at)) / 1000);
      expect(perSecond).toBeGreaterThan(2.5);
      expect(perSecond).toBeLessThan(7.5); // two processes each admitting 5/s would be 10/s

      // The first ten claim through either process and book through the other: every booking lands in the one SQLite file.
      const firstTen = [...early, ...late].map((id, i) => ({ id, person: people[i]! }));
      const front = (await Promise.all(firstTen.map(async (t) => ({ ...t, s: await ca.queue.status.query({ ticketId: t.id }) }))))
        .filter((t) => t.s.state === 'admitted').slice(0, 6);
      expect(front.length).toBeGreaterThanOrEqual(6);
      const booked = await Promise.all(front.map(async (t, i) => {
        const { admissionToken } = await via(i).queue.admit.mutate({ ticketId: t.id });
        return via(i + 1).booking.submit.mutate({ admissionToken, idempotencyKey: randomUUID(), person: t.person, campaignId, preferences: [{ clinicId: 'C0001' }, { clinicId: 'C0002' }] });
      }));
      expect(new Set(booked.map((c) => c.code)).size).toBe(6);
      // Each booked ticket reads as booked on both processes (the booking process told Redis).
      for (const t of front) expect((await cb.queue.status.query({ ticketId: t.id })).state).toBe('booked');
      expect((await runCli(['admit-rate', '0'], dataDir)).code).toBe(0);
      for (const c of [ca, cb]) await until('both processes to pause', async () => (await c.queue.head.query({ campaignId })).targetRate === 0);

      // kill -9 of one process: the other answers every ticket as before, and a re-join keeps its place.
      const all = [...early, ...late];
      const before = await positions(all, cb);
      await killHard(a.child);
      expect(await positions(all, cb)).toEqual(before);
      const rejoin = await cb.queue.join.mutate({ campaignId, person: people[3]! });
      expect([rejoin.ticketId, rejoin.position]).toEqual([all[3], before[3]]);

      // kill -9 of Redis itself: what it acknowledged is in its append-only file.
      await redis.killHard();
      await redis.restart();
      const c = await spawnServer(dataDir, args);
      procs.push(c);
      expect(await positions(all, makeClient(c.url))).toEqual(before);
    } finally {
      for (const p of procs) await killHard(p.child);
    }
    const verify = await runCli(['verify'], dataDir);
    expect(verify.stdout).toContain('all invariants hold');
  });
});

describe('serve --workers 2', () => {
  it('serves from two processes on one port, replaces one killed with -9, and stops both on SIGTERM', async () => {
    await redis.flush();
    const { dataDir, campaignId, year } = demoDir(0);
    expect((await runCli(['serve', '--workers', '2'], dataDir)).stderr).toContain('--workers above 1 needs --redis');
    // Workers that cannot start (the port is taken) stop the server with an error, not a restart loop.
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    // The metrics listener on a free port (its default, PORT + 1, may belong to anything on this machine).
    const busy = await runCli(['serve', '--workers', '2', '--redis', redis.url], dataDir, { PORT: String((taken.address() as AddressInfo).port), HOST: '127.0.0.1', METRICS_PORT: '0' });
    taken.close();
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain('before serving; stopping');
    // A Redis that would lose a second of acknowledged places in a crash is refused.
    const admin = new Redis(redis.url);
    await admin.config('SET', 'appendfsync', 'everysec');
    const lax = await runCli(['serve', '--redis', redis.url], dataDir, { PORT: '0', METRICS_PORT: '0' });
    await admin.config('SET', 'appendfsync', 'always');
    admin.disconnect();
    expect(lax.code).not.toBe(0);
    expect(lax.stderr).toContain('appendfsync everysec');
    const server = await spawnServer(dataDir, ['--workers', '2', '--redis', redis.url, '--admit-rate', '0']);
    try {
      const workers = () => execFileSync('ps', ['-o', 'pid=', '--ppid', String(server.child.pid)]).toString().trim().split(/\s+/).map(Number);
      expect(workers()).toHaveLength(2);
      const client = makeClient(server.url);
      const first = await Promise.all(Array.from({ length: 20 }, (_, i) => client.queue.join.mutate({ campaignId, person: personNo(i, year) })));
      // Bookings from both workers go through the primary, the one writer: refusals come back as themselves.
      const secrets = loadSecrets(dataDir);
      const tokenFor = (person: ReturnType<typeof personNo>) => mintAdmissionToken(secrets.admissionKey, {
        campaignId, personKey: personKey(secrets.identityKey, personSchema.parse(person)), expiresAt: Date.now() + 600_000,
      });
      const bookers = Array.from({ length: 12 }, (_, i) => ({ person: personNo(100 + i, year), token: '' }));
      bookers.forEach((b) => (b.token = tokenFor(b.person)));
      const fresh = () => makeClient(server.url); // new connections, which the kernel may give to either worker
      const confirmations = await Promise.all(bookers.map((b) => fresh().booking.submit.mutate({
        admissionToken: b.token, idempotencyKey: randomUUID(), person: b.person, campaignId, preferences: [{ clinicId: 'C0001' }],
      })));
      expect(new Set(confirmations.map((c) => c.code)).size).toBe(12);
      const again = await refusalOf(client.booking.submit.mutate({
        admissionToken: bookers[0]!.token, idempotencyKey: randomUUID(), person: bookers[0]!.person, campaignId, preferences: [{ clinicId: 'C0002' }],
      }));
      expect([again.reason, again.httpStatus]).toEqual(['ADMISSION_USED', 409]);
      const cancelled = await client.booking.cancel.mutate({ code: confirmations[1]!.code, birthDate: bookers[1]!.person.birthDate });
      expect(cancelled.status).toBe('cancelled');
      // The workers committed none of them themselves: the primary's group commit wrote them (its own figures carry process="primary").
      // /metrics is the primary's listener, summing both workers (contract change of issue 18: it was the answering worker's).
      const scraped = await (await fetch(server.metricsUrl)).text();
      expect(scraped).toMatch(/^yeyak_commit_batch_size_count 0$/m);
      expect(Number(/^yeyak_commit_batch_size_sum\{process="primary"\} (\d+)$/m.exec(scraped)?.[1])).toBeGreaterThanOrEqual(13); // 12 bookings and a cancel
      expect(scraped).toMatch(/^yeyak_calls_total\{procedure="booking.submit",outcome="ok"\} 12$/m); // from both workers, summed
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
      process.kill(workers()[0]!, 'SIGKILL');
      await until('a replacement worker', () => server.output().includes('starting another') && workers().length === 2);
      // The survivors and the replacement answer every place as it was.
      const after = await Promise.all(first.map((t) => client.queue.status.query({ ticketId: t.ticketId })));
      expect(after.map((s) => s.position)).toEqual(first.map((s) => s.position));
      const pids = workers();
      const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
      server.child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(pids.filter((pid) => alive(pid))).toEqual([]);
    } finally {
      await killHard(server.child);
    }
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
