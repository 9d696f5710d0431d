/** kill -9 of the server in the middle of a stream of bookings: every acknowledged booking is there after restart, and verify passes. */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage } from '../api/db/open';
import { makeClient, tempDataDir } from './harness';
import { killHard, runCli, spawnServer } from './processes';
import { bookingStream, openDemoDir } from './stream';

const dataDir = tempDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('durability', () => {
  it('keeps every acknowledged booking through kill -9', async () => {
    const demo = await openDemoDir(dataDir);
    const first = await spawnServer(dataDir);
    const stream = bookingStream(makeClient(first.url), demo, 16);
    await stream.until(150);
    await killHard(first.child);
    await stream.stop();
    const acked = stream.acked;
    expect(acked.length).toBeGreaterThanOrEqual(150);

    const second = await spawnServer(dataDir);
    try {
      // Through the API for a sample (lookups are rate-limited per address), in the database for all.
      const again = makeClient(second.url);
      for (const { code, birthDate } of acked.slice(-20)) {
        expect((await again.booking.lookup.mutate({ code, birthDate })).status).toBe('active');
      }
    } finally {
      await killHard(second.child);
    }
    const after = openStorage(dataDir, { readonly: true });
    const stored = new Set(after.sqlite.prepare("SELECT code FROM bookings WHERE status = 'active'").pluck().all() as string[]);
    after.sqlite.close();
    expect(acked.filter((a) => !stored.has(a.code))).toEqual([]);
    const verify = await runCli(['verify'], dataDir);
    expect(verify.stdout).toContain('all invariants hold');
    expect(verify.code).toBe(0);
  });
});
