/** A backup taken under write load is consistent: it verifies, holds every booking acknowledged before it began, and serves as a data directory; it is private, and carries secrets.json only when asked. */
import { copyFileSync, existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage } from '../api/db/open';
import { makeClient, tempDataDir } from './harness';
import { killHard, runCli, spawnServer } from './processes';
import { bookingStream, openDemoDir } from './stream';

const dataDir = tempDataDir();
const backups = tempDataDir();
afterAll(() => [dataDir, backups].forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('yeyak backup', () => {
  it('copies a live data directory under write load into one that verifies and serves', async () => {
    const demo = await openDemoDir(dataDir);
    const server = await spawnServer(dataDir);
    const stream = bookingStream(makeClient(server.url), demo, 8);
    const acked = stream.acked;
    await stream.until(100);
    const backupStarted = Date.now();
    const target = join(backups, 'b1');
    // With its secrets, so that it restores as it is (issue 18: without the flag they stay out).
    const backup = await runCli(['backup', '--to', target, '--with-secrets'], dataDir);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain('with secrets.json');
    await stream.until(acked.length + 50); // writes went on throughout
    await stream.stop();
    await killHard(server.child);

    const verify = await runCli(['verify'], target);
    expect(verify.stdout).toContain('all invariants hold');
    const copy = openStorage(target, { readonly: true });
    const inBackup = new Set(copy.sqlite.prepare('SELECT code FROM bookings').pluck().all() as string[]);
    copy.sqlite.close();
    expect(acked.filter((a) => a.at < backupStarted && !inBackup.has(a.code))).toEqual([]);
    expect(inBackup.size).toBeLessThan(acked.length); // a snapshot, not the end state

    // Restore: a server on the backup finds a booking by code and birth date (the secrets came along).
    const restored = await spawnServer(target);
    try {
      const first = acked[0]!;
      expect((await makeClient(restored.url).booking.lookup.mutate({ code: first.code, birthDate: first.birthDate })).status).toBe('active');
    } finally {
      await killHard(restored.child);
    }
    expect((await runCli(['backup', '--to', target], dataDir)).code).not.toBe(0); // never over an existing backup
  });

  it('leaves secrets.json out by default, so a server will not start on it until the original is copied in', async () => {
    const target = join(backups, 'b2');
    const backup = await runCli(['backup', '--to', target], dataDir); // the data directory of the test above, with its bookings
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain('without secrets.json');
    expect(existsSync(join(target, 'yeyak.sqlite'))).toBe(true);
    expect(existsSync(join(target, 'secrets.json'))).toBe(false);
    expect(statSync(target).mode & 0o777).toBe(0o700);
    expect(statSync(join(target, 'yeyak.sqlite')).mode & 0o777).toBe(0o600);
    expect((await runCli(['verify'], target)).stdout).toContain('all invariants hold');
    // New keys would recognise nobody who booked: refused, saying what to do.
    await expect(spawnServer(target)).rejects.toThrow(/secrets\.json is missing/);
    copyFileSync(join(dataDir, 'secrets.json'), join(target, 'secrets.json'));
    const restored = await spawnServer(target);
    await killHard(restored.child);
    expect(restored.output()).toContain('listening on');
  });
});
