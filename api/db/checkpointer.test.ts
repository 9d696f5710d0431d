/** The checkpoint thread copies committed pages into the database file by itself, and the writer keeps only a backstop threshold. */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../app';
import { loadDemo } from '../demo/load';
import { BACKSTOP_PAGES, Checkpointer } from './checkpointer';
import { databasePath } from './open';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function writer(): { db: Database.Database; path: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'yeyak-ckpt-'));
  dirs.push(dir);
  const path = join(dir, 'db.sqlite');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  return { db, path, dir };
}

/** Reads a copy of the database file alone (no WAL beside it). */
function count(file: string, sql: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('Checkpointer', () => {
  it('copies the WAL into the database file from its own thread, so the file alone holds every commit', async () => {
    const { db, path, dir } = writer();
    const errors: string[] = [];
    // A period far longer than the test: only the explicit checkpoint runs.
    const cp = new Checkpointer(db, path, 60_000, (m) => errors.push(m));
    try {
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_PAGES);
      const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
      for (let i = 0; i < 50; i++) db.transaction(() => { for (let k = 0; k < 20; k++) insert.run('x'.repeat(200)); })();
      // Before: the database file without its WAL has none of the rows.
      const before = join(dir, 'before.sqlite');
      copyFileSync(path, before);
      expect(count(before, "SELECT count(*) AS n FROM sqlite_master WHERE name = 't'")).toBe(0);

      const result = await cp.now();
      expect(result.log).toBeGreaterThan(50);
      expect(result.checkpointed).toBe(result.log);
      expect(cp.last).toEqual(result);

      const after = join(dir, 'after.sqlite');
      copyFileSync(path, after);
      expect(count(after, 'SELECT count(*) AS n FROM t')).toBe(1000);
      expect(errors).toEqual([]);
    } finally {
      cp.stop();
      db.close();
    }
  });

  it('checkpoints on its own every period while the writer keeps committing', async () => {
    const { db, path } = writer();
    const cp = new Checkpointer(db, path, 20, () => {});
    try {
      const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
      const deadline = Date.now() + 30_000; // a deadline for a slow machine, not an expected time
      while (!(cp.last && cp.last.checkpointed > 0) && Date.now() < deadline) {
        db.transaction(() => insert.run('y'.repeat(100)))();
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(cp.last?.checkpointed).toBeGreaterThan(0);
    } finally {
      cp.stop();
      db.close();
    }
  });

  it('leaves no WAL frames behind when the app closes, so the database file alone is a whole copy (a restore)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yeyak-ckpt-app-'));
    dirs.push(dir);
    const app = openApp({ dataDir: dir });
    loadDemo(app, { identity: 'declared', now: Date.now(), opensInSeconds: 60, clinics: 20, days: 2, capacity: 5 });
    // A write after the thread's checkpoint, and another connection still open when the app closes
    // (as the thread's may be, or a backup's): SQLite's own close then leaves the WAL as it is.
    await app.checkpointer!.now();
    app.sqlite.exec('UPDATE slots SET capacity = capacity + 1');
    const places = (app.sqlite.prepare('SELECT sum(capacity) AS n FROM slots').get() as { n: number }).n;
    const other = new Database(databasePath(dir));
    other.prepare('SELECT 1').get();
    app.close();
    other.close();
    const wal = `${databasePath(dir)}-wal`;
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
    const copy = join(dir, 'restored.sqlite');
    copyFileSync(databasePath(dir), copy);
    expect(count(copy, 'SELECT sum(capacity) AS n FROM slots')).toBe(places);
  });
});
