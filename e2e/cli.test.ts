/** The CLI: demo loads ~250 clinics over all 17 시·도 into an empty data directory (and refuses a full one), with a roster and a file of demo people; roster import is all or nothing; verify passes, and fails on broken data. */
import Database from 'better-sqlite3';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { databasePath, openStorage } from '../api/db/open';
import { tempDataDir } from './harness';
import { killHard } from '../api/bench/processes';
import { runCli, spawnServer } from './processes';

const dataDir = tempDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('yeyak CLI', () => {
  it('loads the demo, prints when each cohort opens, and will not load it twice', async () => {
    const first = await runCli(['demo', '--opens-in', '300'], dataDir);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('250 clinics');
    expect(first.stdout).toMatch(/53~54세 .* opens \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000\+09:00/);
    // Verified by default: a roster of demo people, and where to find a few of them.
    expect(first.stdout).toContain('(identity: verified)');
    const peopleFile = join(dataDir, 'demo-people.csv');
    expect(first.stdout).toContain(peopleFile);
    expect(readFileSync(peopleFile, 'utf8').split('\n')[0]).toBe('name,birth_date,phone');
    expect(statSync(peopleFile).mode & 0o777).toBe(0o600);
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

  it('imports a roster all or nothing, naming the bad line', async () => {
    const rosterOf = () => {
      const storage = openStorage(dataDir, { readonly: true });
      try {
        return storage.sqlite.prepare("SELECT count(*) FROM roster WHERE campaign_id = 'covid19-50s'").pluck().get();
      } finally {
        storage.sqlite.close();
      }
    };
    const before = rosterOf();
    expect(before).toBe(10_000);
    const bad = join(dataDir, '..', `roster-bad-${process.pid}.csv`);
    writeFileSync(bad, 'name,birth_date,phone\n김민수,1973-01-02,010-1234-5678\n이영희,1973-13-01,010-2222-3333\n');
    const refused = await runCli(['roster', 'import', '--campaign', 'covid19-50s', '--file', bad], dataDir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${bad}:line 3: birthDate`);
    expect(refused.stderr).toContain('nothing loaded');
    expect(rosterOf()).toBe(before);
    const good = join(dataDir, '..', `roster-good-${process.pid}.csv`);
    writeFileSync(good, 'name,birth_date,phone\n김민수,1973-01-02,010-1234-5678\n이영희,1973-11-01,010-2222-3333\n');
    const loaded = await runCli(['roster', 'import', '--campaign', 'covid19-50s', '--file', good], dataDir);
    expect(loaded.stdout).toMatch(/roster of covid19-50s: 2 people \(2 rows\)/);
    expect(rosterOf()).toBe(2);
    [bad, good].forEach((f) => rmSync(f, { force: true }));
  });

  it('answers --help for every command and refuses bad options', async () => {
    for (const cmd of ['serve', 'demo', 'verify', 'roster import']) {
      const help = await runCli([...cmd.split(' '), '--help'], dataDir);
      expect(help.code, cmd).toBe(0);
      expect(help.stdout).toContain('Usage: yeyak');
    }
    expect((await runCli(['demo', '--clinics', 'many'], dataDir)).code).not.toBe(0);
  });

  it('keeps idle connections open 5 s by default, and as long as --keep-alive says (a proxy in front keeps its own open longer)', async () => {
    const [dir, other] = [tempDataDir(), tempDataDir()];
    const servers: Awaited<ReturnType<typeof spawnServer>>[] = [];
    try {
      servers.push(await spawnServer(dir, []), await spawnServer(other, ['--keep-alive', '75']));
      const said = await Promise.all(servers.map(async (s) => (await fetch(`${s.url}/healthz`)).headers.get('keep-alive')));
      expect(said).toEqual(['timeout=5', 'timeout=75']);
      const bad = await runCli(['serve', '--keep-alive', '0'], dir, { PORT: '0', METRICS_PORT: '0' });
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('--keep-alive');
    } finally {
      await Promise.all(servers.map((s) => killHard(s.child)));
      for (const d of [dir, other]) rmSync(d, { recursive: true, force: true });
    }
  });

  it('refuses to serve with an outbox URL but no provider token, in one line and no stack trace', async () => {
    const dir = tempDataDir();
    try {
      const r = await runCli(['serve'], dir, { OUTBOX_URL: 'http://127.0.0.1:9/messages', PORT: '0', METRICS_PORT: '0' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('yeyak serve: an outbox URL needs the provider\'s token: add "outboxToken"');
      expect(r.stderr).not.toMatch(/^\s+at /m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
