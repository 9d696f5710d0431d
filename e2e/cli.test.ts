/** The CLI: demo loads ~250 clinics over all 17 시·도 into an empty data directory (and refuses a full one); verify passes, and fails on broken data. */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { databasePath, openStorage } from '../api/db/open';
import { tempDataDir } from './harness';
import { runCli } from './processes';

const dataDir = tempDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('yeyak CLI', () => {
  it('loads the demo, prints when each cohort opens, and will not load it twice', async () => {
    const first = await runCli(['demo', '--opens-in', '300'], dataDir);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('250 clinics');
    expect(first.stdout).toMatch(/53~54세 .* opens \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000\+09:00/);
    const storage = openStorage(dataDir, { readonly: true });
    const regions = storage.sqlite.prepare('SELECT count(DISTINCT region) AS n FROM clinics').get() as { n: number };
    const cohorts = storage.sqlite.prepare('SELECT opens_at FROM cohorts ORDER BY opens_at').pluck().all() as number[];
    storage.sqlite.close();
    expect(regions.n).toBe(17);
    expect(cohorts[1]! - cohorts[0]!).toBe(24 * 60 * 60 * 1000);
    const second = await runCli(['demo'], dataDir);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('already holds a campaign');
  });

  it('verify passes on good data and exits 1 naming the invariant when a slot is overbooked', async () => {
    expect((await runCli(['verify'], dataDir)).code).toBe(0);
    // Break the data behind the server's back: a booked count with no bookings behind it.
    const db = new Database(databasePath(dataDir));
    db.prepare('UPDATE slots SET booked = 3 WHERE id = 1').run();
    db.close();
    const broken = await runCli(['verify'], dataDir);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("FAIL every slot's booked count equals its active appointments");
    // The trigger kept the free places in step with that (wrong) count; break them apart too.
    expect(broken.stdout).not.toContain('FAIL the free places');
    const db2 = new Database(databasePath(dataDir));
    db2.prepare('UPDATE slot_free SET free = free + 1 WHERE rowid = 1').run();
    db2.close();
    expect((await runCli(['verify'], dataDir)).stdout).toContain('FAIL the free places the waiting room reads (slot_free) equal every day\'s slots');
  });

  it('answers --help for every command and refuses bad options', async () => {
    for (const cmd of ['serve', 'demo', 'verify']) {
      const help = await runCli([cmd, '--help'], dataDir);
      expect(help.code, cmd).toBe(0);
      expect(help.stdout).toContain('Usage: yeyak');
    }
    expect((await runCli(['demo', '--clinics', 'many'], dataDir)).code).not.toBe(0);
  });
});
