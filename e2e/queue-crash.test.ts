/** kill -9 of a server that is letting people in: after restart every position, and the head, are where they were. */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage } from '../api/db/open';
import { loadDemo } from '../api/demo/load';
import { makeClient, tempDataDir } from './harness';
import { personNo } from '../api/bench/people';
import { killHard, runCli, spawnServer } from './processes';

const dataDir = tempDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('waiting room durability', () => {
  it('keeps positions and the head through kill -9', async () => {
    const storage = openStorage(dataDir);
    const demo = loadDemo(storage, { now: Date.now(), opensInSeconds: 2, clinics: 5, days: 1 });
    storage.sqlite.close();
    const campaignId = demo.campaign.id;
    const opensAt = Date.parse(demo.campaign.cohorts[0]!.opensAt);
    const year = Number(demo.campaign.cohorts[0]!.birthFrom.slice(0, 4));

    const first = await spawnServer(dataDir, ['--admit-rate', '3']);
    const client = makeClient(first.url);
    const people = Array.from({ length: 40 }, (_, i) => personNo(i, year));
    const tickets: string[] = [];
    for (const person of people.slice(0, 30)) tickets.push((await client.queue.join.mutate({ campaignId, person })).ticketId);
    expect((await client.queue.status.query({ ticketId: tickets[0]! })).state).toBe('prequeue');
    await new Promise((r) => setTimeout(r, opensAt - Date.now() + 50));
    for (const person of people.slice(30)) tickets.push((await client.queue.join.mutate({ campaignId, person })).ticketId);
    let head = 0;
    while (head < 6) {
      await new Promise((r) => setTimeout(r, 200));
      head = (await client.queue.head.query({ campaignId })).admittedUpTo;
    }
    const before = await Promise.all(tickets.map((ticketId) => client.queue.status.query({ ticketId })));
    const headBefore = (await client.queue.head.query({ campaignId })).admittedUpTo;
    await killHard(first.child);
    expect(headBefore).toBeLessThan(40); // killed mid-admission

    const persisted = openStorage(dataDir, { readonly: true });
    const stored = (persisted.sqlite.prepare('SELECT head FROM queues WHERE campaign_id = ?').get(campaignId) as { head: number }).head;
    persisted.sqlite.close();
    // The head read just before the kill, or at most the one tick (3 people) that may have run since.
    expect(stored - headBefore).toBeGreaterThanOrEqual(0);
    expect(stored - headBefore).toBeLessThanOrEqual(3);

    const second = await spawnServer(dataDir, ['--admit-rate', '0']);
    try {
      const again = makeClient(second.url);
      await new Promise((r) => setTimeout(r, 1100)); // one tick of the new process
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
      await new Promise((r) => setTimeout(r, 1200));
      const head = await makeClient(server.url).queue.head.query({ campaignId: 'covid19-50s' });
      expect([head.targetRate, head.admitRate]).toEqual([0, null]);
    } finally {
      await killHard(server.child);
    }
  });
});
