/**
 * Online backup of a data directory, consistent while the server writes: SQLite's backup API,
 * with every remaining page copied in one step (one read transaction, so a busy writer cannot
 * make it start over). The copy is private (0700, 0600) like the data directory. secrets.json
 * stays out unless asked for: with it, anyone holding the backup could mint admission tokens and
 * test who has booked; without it the backup verifies, and restores once the original
 * secrets.json is copied in. A backup with its secrets is itself a data directory: restore by
 * pointing DATA_DIR at it (or copying it back) while the server is stopped.
 */
import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { databasePath } from './db/open';
import { createPrivateFile, makePrivate, PRIVATE_FILE } from './files';

export interface BackupResult {
  dir: string;
  pages: number;
  withSecrets: boolean;
}

export async function backupDataDir(dataDir: string, targetDir: string, opts: { withSecrets?: boolean } = {}): Promise<BackupResult> {
  if (existsSync(databasePath(targetDir))) throw new Error(`${targetDir} already holds a database; choose an empty directory`);
  if (opts.withSecrets && !existsSync(join(dataDir, 'secrets.json'))) throw new Error(`${dataDir} has no secrets.json to copy`);
  makePrivate(targetDir);
  const source = new Database(databasePath(dataDir), { readonly: true, fileMustExist: true });
  try {
    createPrivateFile(databasePath(targetDir));
    const { totalPages } = await source.backup(databasePath(targetDir), { progress: ({ totalPages: total }) => total || 100 });
    chmodSync(databasePath(targetDir), PRIVATE_FILE);
    if (opts.withSecrets) {
      copyFileSync(join(dataDir, 'secrets.json'), join(targetDir, 'secrets.json'));
      chmodSync(join(targetDir, 'secrets.json'), PRIVATE_FILE);
    }
    makePrivate(targetDir); // anything SQLite left beside the copy
    return { dir: targetDir, pages: totalPages, withSecrets: opts.withSecrets ?? false };
  } finally {
    source.close();
  }
}
