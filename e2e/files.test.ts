/**
 * Files readable by the user who runs yeyak alone: the data directory 0700 and every file in it
 * 0600 after serve (an older, readable directory is corrected), after backup and after purge;
 * verify fails while anything is shared; purge says which copies it cannot reach.
 */
import { chmodSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage } from '../api/db/open';
import { loadDemo } from '../api/demo/load';
import { loadSecrets } from '../api/secrets';
import { makeClient, tempDataDir } from './harness';
import { killHard, runCli, spawnServer } from './processes';
import { PREQUEUE_OPEN } from './wait';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function newDir(): string {
  const d = tempDataDir();
  dirs.push(d);
  return d;
}

/** Every entry under dir with its permission bits, the directory itself first. */
function modes(dir: string): Record<string, number> {
  const out: Record<string, number> = { '.': statSync(dir).mode & 0o777 };
  for (const name of readdirSync(dir, { recursive: true }) as string[]) out[name] = statSync(join(dir, name)).mode & 0o777;
  return out;
}

const isPrivate = (m: Record<string, number>) => Object.values(m).every((mode) => (mode & 0o077) === 0);

describe('private files', () => {
  it('serve makes an old, readable data directory private, file by file, and verify fails until it is', async () => {
    const dataDir = newDir();
    const storage = openStorage(dataDir);
    loadDemo(storage, { identity: 'declared', now: Date.now(), opensInSeconds: PREQUEUE_OPEN, clinics: 3, days: 1 });
    storage.sqlite.close();
    // As an older yeyak (or a careless copy) left it: readable by everyone on the machine.
    writeFileSync(join(dataDir, 'notes.txt'), 'anything');
    for (const name of readdirSync(dataDir)) chmodSync(join(dataDir, name), 0o644);
    chmodSync(dataDir, 0o755);
    const broken = await runCli(['verify'], dataDir);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('FAIL the data directory is 0700 and every file in it 0600');
    expect(broken.stdout).toContain('0644');

    const server = await spawnServer(dataDir);
    try {
      // With the server writing (the WAL and its shared memory exist now), every file is the owner's alone.
      await makeClient(server.url).schedule.get.query();
      const m = modes(dataDir);
      expect(Object.keys(m)).toEqual(expect.arrayContaining(['.', 'yeyak.sqlite', 'yeyak.sqlite-wal', 'yeyak.sqlite-shm', 'secrets.json', 'notes.txt', 'credentials', 'credentials/operator-admin.txt']));
      for (const [name, mode] of Object.entries(m)) {
        const dir = statSync(join(dataDir, name)).isDirectory();
        expect([name, mode.toString(8)]).toEqual([name, dir ? '700' : '600']);
      }
    } finally {
      await killHard(server.child);
    }
    const fixed = await runCli(['verify'], dataDir);
    expect(fixed.code, fixed.stdout).toBe(0);
    expect(fixed.stdout).toContain('ok   the data directory is 0700 and every file in it 0600');
  });

  it('backup writes 0700/0600 (parents too), and purge leaves the files private and names the backups it cannot reach', async () => {
    const dataDir = newDir();
    const storage = openStorage(dataDir);
    const demo = loadDemo(storage, { identity: 'declared', now: Date.now(), opensInSeconds: PREQUEUE_OPEN, clinics: 3, days: 1 });
    storage.sqlite.close();
    loadSecrets(dataDir);
    const backups = newDir();
    chmodSync(backups, 0o755); // a shared parent: the backup directories inside are still private
    for (const [name, extra] of [['first', []], ['second', ['--with-secrets']]] as const) {
      const made = await runCli(['backup', '--to', join(backups, 'nested', name), ...extra], dataDir);
      expect(made.code, made.stderr).toBe(0);
    }
    expect(statSync(join(backups, 'nested')).mode & 0o777).toBe(0o700);
    expect(modes(join(backups, 'nested', 'first'))).toEqual({ '.': 0o700, 'yeyak.sqlite': 0o600 });
    expect(modes(join(backups, 'nested', 'second'))).toEqual({ '.': 0o700, 'yeyak.sqlite': 0o600, 'secrets.json': 0o600 });

    chmodSync(join(dataDir, 'yeyak.sqlite'), 0o644);
    const purge = await runCli(['purge', '--campaign', demo.campaign.id, '--before', '2021-01-01', '--backups', join(backups, 'nested')], dataDir);
    expect(purge.code, purge.stderr).toBe(0);
    expect(purge.stdout).toContain('not reached: backups of this data directory');
    expect(purge.stdout).toContain(`${join(backups, 'nested', 'first')}, ${join(backups, 'nested', 'second')}`);
    expect(isPrivate(modes(dataDir))).toBe(true);
    const none = await runCli(['purge', '--campaign', demo.campaign.id, '--before', '2021-01-01', '--backups', join(backups, 'nowhere')], dataDir);
    expect(none.stdout).toContain('none found in');
  });
});
