/** SIGTERM under booking load: every acknowledged booking is committed, in-flight requests are answered, no WAL is left, the process exits 0. */
import { existsSync, rmSync, statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { databasePath, openStorage } from '../api/db/open';
import { makeClient, tempDataDir } from './harness';
import { runCli, spawnServer } from './processes';
import { bookingStream, openDemoDir } from './stream';

const dataDir = tempDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('graceful shutdown', () => {
  it('answers what is in flight and exits 0 on SIGTERM, losing no acknowledged booking', async () => {
    const demo = await openDemoDir(dataDir);
    const server = await spawnServer(dataDir);
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    const stream = bookingStream(makeClient(server.url), demo, 16);
    await stream.until(100);
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await stream.stop();
    expect(server.output()).toContain('SIGTERM: finishing requests in flight');
    // Nothing is left in a WAL: the database file alone holds every booking, as a restore that copies it expects.
    const wal = `${databasePath(dataDir)}-wal`;
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
    const after = openStorage(dataDir, { readonly: true });
    const stored = new Set(after.sqlite.prepare("SELECT code FROM bookings WHERE status = 'active'").pluck().all() as string[]);
    after.sqlite.close();
    expect(stream.acked.filter((a) => !stored.has(a.code))).toEqual([]);
    expect((await runCli(['verify'], dataDir)).code).toBe(0);
  });
});
