/**
 * Online backup of a data directory, consistent while the server writes: SQLite's backup API,
 * with every remaining page copied in one step (one read transaction, so a busy writer cannot
 * make it start over), plus secrets.json, without which the backup could not recognise people
 * or check their tokens. The backup directory is itself a data directory: restore by pointing
 * DATA_DIR at it (or copying it back) while the server is stopped.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { databasePath } from './db/open';

export interface BackupResult {
  dir: string;
  pages: number;
}

export async function backupDataDir(dataDir: string, targetDir: string): Promise<BackupResult> {
  if (existsSync(databasePath(targetDir))) throw new Error(`${targetDir} already holds a database; choose an empty directory`);
  mkdirSync(targetDir, { recursive: true });
  const source = new Database(databasePath(dataDir), { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await source.backup(databasePath(targetDir), { progress: ({ totalPages: total }) => total || 100 });
    copyFileSync(join(dataDir, 'secrets.json'), join(targetDir, 'secrets.json'));
    return { dir: targetDir, pages: totalPages };
  } finally {
    source.close();
  }
}
