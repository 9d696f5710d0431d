/**
 * Passwords never travel on a command line (ps, shell history and /proc show argv to others):
 * they come from standard input, or are made here and written to a 0600 file in the data
 * directory's credentials/ folder, whose path is printed instead of the password.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivate, PRIVATE_FILE } from '../files';

/** 24 characters from 18 random bytes: 144 bits, typed rarely (a password manager keeps it). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

export function credentialsDir(dataDir: string): string {
  return join(dataDir, 'credentials');
}

/** Writes `username` and `password` to <data dir>/credentials/<kind>-<username>.txt (0600, replaced whole) and returns its path. */
export function writeCredentialFile(dataDir: string, kind: string, username: string, password: string, note = ''): string {
  const dir = credentialsDir(dataDir);
  makePrivate(dir);
  const file = join(dir, `${kind}-${username}.txt`);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', PRIVATE_FILE);
  try {
    writeSync(fd, `# yeyak ${kind} sign-in${note ? `: ${note}` : ''}. Hand it over, then delete this file.\nusername: ${username}\npassword: ${password}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  return file;
}

/** All of standard input, without the one line end `echo` or a here-string adds. */
export async function readPasswordFromStdin(input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  if ((input as { isTTY?: boolean }).isTTY) process.stderr.write('password (then Enter and Ctrl-D): ');
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (password.length === 0) throw new Error('no password on standard input');
  return password;
}
