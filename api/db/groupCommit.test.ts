/** Group commit on a real SQLite file: one transaction per batch, savepoints per write, answers only after the commit. */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommitter } from './groupCommit';

let dir: string;
let db: Database.Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yeyak-gc-'));
  db = new Database(join(dir, 't.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (v: string) => () => db.prepare('INSERT INTO t (v) VALUES (?)').run(v).lastInsertRowid;

describe('GroupCommitter', () => {
  it('commits writes that arrive together in one batch; a failing one undoes only its own writes', async () => {
    const gc = new GroupCommitter(db);
    const results = await Promise.allSettled([
      gc.run(insert('a')),
      gc.run(() => {
        insert('half-done')();
        throw new Error('refused');
      }),
      gc.run(insert('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT v FROM t ORDER BY id').pluck().all()).toEqual(['a', 'c']);
    expect(gc.stats).toMatchObject({ batches: 1, writes: 3, largestBatch: 3 });
  });

  it('settles each write only when another connection can already read it', async () => {
    const gc = new GroupCommitter(db);
    const reader = new Database(join(dir, 't.sqlite'), { readonly: true });
    const seen = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      gc.run(insert(`v${i}`)).then((id) => reader.prepare('SELECT v FROM t WHERE id = ?').pluck().get(id))));
    reader.close();
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => `v${i}`));
  });

  it('adds no batch when idle: a lone write commits on the next turn of the event loop', async () => {
    const gc = new GroupCommitter(db);
    await gc.run(insert('alone'));
    await gc.run(insert('alone again'));
    expect(gc.stats).toMatchObject({ batches: 2, writes: 2, largestBatch: 1 });
  });

  it('rejects the whole batch when the commit itself fails, acknowledging nothing', async () => {
    const gc = new GroupCommitter(db);
    // A deferred foreign key that is broken at COMMIT time fails the commit, not the write.
    db.exec('CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (pid INTEGER REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED)');
    db.pragma('foreign_keys = ON');
    const results = await Promise.allSettled([gc.run(insert('x')), gc.run(() => db.prepare('INSERT INTO c (pid) VALUES (42)').run())]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0);
  });

  it('puts urgent writes (bookings) into the next batch ahead of a backlog of others (joins)', async () => {
    const gc = new GroupCommitter(db, { grouped: true, maxBatch: 10 });
    const order: string[] = [];
    const write = (v: string) => () => order.push(v);
    const joins = Array.from({ length: 25 }, (_, i) => gc.run(write(`join${i}`)));
    const booking = gc.run(write('booking'), true);
    await Promise.all([...joins, booking]);
    expect(order[0]).toBe('booking'); // first batch, before all 25 joins
    expect(order.slice(1)).toEqual(Array.from({ length: 25 }, (_, i) => `join${i}`)); // the others keep their order
    expect(gc.stats).toMatchObject({ batches: 3, writes: 26 });
  });

  it('commits each write alone when grouping is off', async () => {
    const gc = new GroupCommitter(db, { grouped: false, maxBatch: 1 });
    await Promise.all([gc.run(insert('a')), gc.run(insert('b'))]);
    expect(gc.stats).toMatchObject({ batches: 2, writes: 2, largestBatch: 1 });
  });
});
