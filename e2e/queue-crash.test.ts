/** kill -9 of a server that is letting people in: after restart every position, and the head, are where they were. */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage } from '../api/db/open';
import { loadDemo } from '../api/demo/load';
import { makeClient, tempDataDir } from './harness';
import { personNo } from '../api/bench/people';
import { killHard, runCli, spawnServer } from './processes';
import { openCohortNow, PREQUEUE_OPEN, until } from './wait';

const dataDir = tempDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('waiting room durability', () => {
  it('keeps positions and the head through kill -9', async () => {
    const RATE = 3;
    const storage = openStorage(dataDir);
    // The pre-queue is open now and the opening an hour away: the test opens it once the pre-queue is full.
    const demo = loadDemo(storage, { identity: 'declared', now: Date.now(), opensInSeconds: PREQUEUE_OPEN, clinics: 5, days: 1 });
    storage.sqlite.close();
    const campaignId = demo.campaign.id;
    const cohortId = demo.campaign.cohorts[0]!.id;
    const year = Number(demo.campaign.cohorts[0]!.birthFrom.slice(0, 4));

    const first = await spawnServer(dataDir, ['--admit-rate', String(RATE)]);
    const people = Array.from({ length: 40 }, (_, i) => personNo(i, year));
    const tickets: string[] = [];
    let headBefore = 0;
    let viewAt = 0;
    let killedAt = 0;
    let before: Array<{ position: number | null; state: string }> = [];
    try {
      const client = makeClient(first.url);
      for (const person of people.slice(0, 30)) tickets.push((await client.queue.join.mutate({ campaignId, person })).ticketId);
      const early = await Promise.all(tickets.map((ticketId) => client.queue.status.query({ ticketId })));
      expect(early.map((s) => s.state)).toEqual(new Array(30).fill('prequeue'));
      openCohortNow(dataDir, campaignId, cohortId);
      await until('the shuffle at the opening', async () => (await client.queue.status.query({ ticketId: tickets[0]! })).position !== null);
      for (const person of people.slice(30)) tickets.push((await client.queue.join.mutate({ campaignId, person })).ticketId);
      await until('six people let in', async () => (await client.queue.head.query({ campaignId })).admittedUpTo >= 6);
      before = await Promise.all(tickets.map((ticketId) => client.queue.status.query({ ticketId })));
      const head = await client.queue.head.query({ campaignId });
      [headBefore, viewAt] = [head.admittedUpTo, Date.parse(head.at)];
    } finally {
      await killHard(first.child);
      killedAt = Date.now();
    }
    expect(headBefore).toBeLessThan(40); // killed mid-admission

    const persisted = openStorage(dataDir, { readonly: true });
    const stored = (persisted.sqlite.prepare('SELECT head FROM queues WHERE campaign_id = ?').get(campaignId) as { head: number }).head;
    persisted.sqlite.close();
    // The head read just before the kill, or what the rate earned between that head's tick and the
    // kill (at most the fraction banked before it, plus the time since); never less.
    expect(stored - headBefore).toBeGreaterThanOrEqual(0);
    expect(stored - headBefore).toBeLessThanOrEqual(Math.ceil(RATE * (killedAt - viewAt) / 1000) + 1);

    const second = await spawnServer(dataDir, ['--admit-rate', '0']);
    try {
      const again = makeClient(second.url);
      // At least one tick of the new process (paused) has run: it must not have moved the head.
      const startedView = (await again.queue.head.query({ campaignId })).at;
      await until('a tick of the new process', async () => (await again.queue.head.query({ campaignId })).at !== startedView);
      expect((await again.queue.head.query({ campaignId })).admittedUpTo).toBe(stored);
      const after = await Promise.all(tickets.map((ticketId) => again.queue.status.query({ ticketId })));
      expect(after.map((s) => s.position)).toEqual(before.map((s) => s.position));
      expect(after.filter((s) => s.state === 'admitted')).toHaveLength(stored);
      expect(new Set(before.map((s) => s.position)).size).toBe(40);
      // Joining again after the restart gives the same place.
      const rejoin = await again.queue.join.mutate({ campaignId, person: people[35]! });
      expect([rejoin.ticketId, rejoin.position]).toEqual([tickets[35], before[35]!.position]);
    } finally {
      await killHard(second.child);
    }
    expect((await runCli(['verify'], dataDir)).code).toBe(0);
  });

  it('changes the admission rate of a running server from the CLI', async () => {
    const server = await spawnServer(dataDir, ['--admit-rate', '7']);
    try {
      expect((await runCli(['admit-rate', '0'], dataDir)).stdout).toContain('admission paused');
      const client = makeClient(server.url);
      // The running server reads the stored rate at its next tick.
      await until('the server to read the new rate', async () => (await client.queue.head.query({ campaignId: 'covid19-50s' })).targetRate === 0);
      const head = await client.queue.head.query({ campaignId: 'covid19-50s' });
      expect([head.targetRate, head.admitRate]).toEqual([0, null]);
    } finally {
      await killHard(server.child);
    }
  });
});
