/** Opens the data directory's SQLite database durably (WAL, synchronous=FULL, foreign keys) and applies the committed migrations; for writing, the directory is made private first (files.ts). */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { createPrivateFile, makePrivate } from '../files';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

export interface Storage {
  sqlite: Database.Database;
  db: Db;
}

export function databasePath(dataDir: string): string {
  return join(dataDir, 'yeyak.sqlite');
}

export function openStorage(dataDir: string, opts: { readonly?: boolean } = {}): Storage {
  // A read-only open (verify, export) changes nothing, so verify sees the modes as they are.
  if (!opts.readonly) {
    makePrivate(dataDir);
    createPrivateFile(databasePath(dataDir));
  }
  const sqlite = new Database(databasePath(dataDir), { readonly: opts.readonly ?? false });
  if (!opts.readonly) {
    sqlite.pragma('journal_mode = WAL');
    // FULL: a commit is fsync'd before it returns, so an acknowledged booking survives kill -9 and power loss.
    sqlite.pragma('synchronous = FULL');
  }
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  if (!opts.readonly) migrate(db, { migrationsFolder: MIGRATIONS });
  return { sqlite, db };
}
