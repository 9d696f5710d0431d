/**
 * The data directory is private to the user who runs yeyak: the directory (and any below it)
 * 0700, every file 0600. The database, its WAL and shared memory hold names, phones and birth
 * dates; secrets.json the keys; credential files passwords. SQLite gives -wal and -shm the mode
 * of the database file, so the database file is created 0600 before SQLite opens it. Opening a
 * data directory for writing also corrects an older one whose files were left readable.
 */
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR = 0o700;
export const PRIVATE_FILE = 0o600;
/** Group and other bits: none may be set. */
const SHARED_BITS = 0o077;

/** Creates the directory 0700 (with any missing parents) and makes it and everything in it private. */
export function makePrivate(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  for (const entry of shared(dir)) chmodSync(entry.path, entry.dir ? PRIVATE_DIR : PRIVATE_FILE);
}

/** Creates an empty file 0600 unless it exists (as SQLite would, but private from the first byte). */
export function createPrivateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE));
}

/** The directory and files under `dir` that group or others may read, write or enter (symbolic links are not followed). */
export function shared(dir: string): Array<{ path: string; mode: string; dir: boolean }> {
  const found: Array<{ path: string; mode: string; dir: boolean }> = [];
  const visit = (path: string) => {
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      return; // gone meanwhile (a -shm removed at close)
    }
    if (stat.isSymbolicLink()) return;
    if ((stat.mode & SHARED_BITS) !== 0) found.push({ path, mode: (stat.mode & 0o777).toString(8).padStart(4, '0'), dir: stat.isDirectory() });
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dir);
  return found;
}
