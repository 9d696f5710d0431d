/**
 * Clinic accounts and sessions. A session is a random token in an HttpOnly cookie; the database
 * keeps only its hash. Wrong passwords are slowed per username and per address (RATE_LIMITED).
 */
import type Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { Refusal } from '../refusal';
import { RateLimiter } from '../rateLimit';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const USERNAME = /^[A-Za-z0-9._-]{3,40}$/;
export const MIN_PASSWORD_LENGTH = 10;

export interface Session {
  token: string;
  clinicId: string;
  expiresAt: number;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Adds an account, or with `reset` sets a new password for an existing one (its sessions end). */
export async function putClinicUser(sqlite: Database.Database, u: { clinicId?: string; username: string; password: string; reset?: boolean }, now: number): Promise<void> {
  if (!USERNAME.test(u.username)) throw new Error('a username is 3 to 40 letters, digits, dots, dashes or underscores');
  if (u.password.length < MIN_PASSWORD_LENGTH) throw new Error(`a password has at least ${MIN_PASSWORD_LENGTH} characters`);
  const existing = sqlite.prepare('SELECT id, clinic_id AS clinicId FROM clinic_users WHERE username = ?').get(u.username) as { id: number; clinicId: string } | undefined;
  if (existing && !u.reset) throw new Error(`${u.username} exists; use reset to set a new password`);
  if (!existing && u.reset) throw new Error(`no account ${u.username}`);
  const clinicId = u.clinicId ?? existing?.clinicId;
  if (!clinicId || !sqlite.prepare('SELECT 1 FROM clinics WHERE id = ?').get(clinicId)) throw new Error(`no clinic ${clinicId ?? '(none given)'}`);
  const hash = await hashPassword(u.password);
  sqlite.transaction(() => {
    if (existing) {
      sqlite.prepare('UPDATE clinic_users SET password_hash = ?, clinic_id = ?, updated_at = ? WHERE id = ?').run(hash, clinicId, now, existing.id);
      sqlite.prepare('DELETE FROM clinic_sessions WHERE user_id = ?').run(existing.id);
    } else {
      sqlite.prepare('INSERT INTO clinic_users (clinic_id, username, password_hash, updated_at) VALUES (?, ?, ?, ?)').run(clinicId, u.username, hash, now);
    }
  })();
}

export class ClinicAccounts {
  /** Five tries per username, refilled over 15 minutes; thirty a minute per address. */
  readonly #perUser = new RateLimiter(5 / 15, 5);
  readonly #perAddress = new RateLimiter(30);

  constructor(private readonly sqlite: Database.Database) {}

  async login(username: string, password: string, ip: string, now: number): Promise<Session> {
    if (!this.#perAddress.take(ip, now) || !this.#perUser.take(username.toLowerCase(), now)) {
      throw new Refusal('RATE_LIMITED', { retryAfterSeconds: 180 });
    }
    const user = this.sqlite.prepare('SELECT id, clinic_id AS clinicId, password_hash AS hash FROM clinic_users WHERE username = ?')
      .get(username) as { id: number; clinicId: string; hash: string } | undefined;
    const ok = await verifyPassword(password, user?.hash ?? DUMMY_HASH);
    if (!user || !ok) throw new Refusal('FORBIDDEN', { problem: 'wrong username or password' }, 'Wrong username or password.', 'UNAUTHORIZED');
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + SESSION_TTL_MS;
    this.sqlite.prepare('INSERT INTO clinic_sessions (token_hash, user_id, clinic_id, expires_at) VALUES (?, ?, ?, ?)').run(hashToken(token), user.id, user.clinicId, expiresAt);
    return { token, clinicId: user.clinicId, expiresAt };
  }

  /** The clinic a session token belongs to, or null when there is none or it has expired. */
  clinicOf(token: string | undefined, now: number): string | null {
    if (!token) return null;
    const row = this.sqlite.prepare('SELECT clinic_id AS clinicId, expires_at AS expiresAt FROM clinic_sessions WHERE token_hash = ?')
      .get(hashToken(token)) as { clinicId: string; expiresAt: number } | undefined;
    return row && row.expiresAt > now ? row.clinicId : null;
  }

  logout(token: string | undefined): void {
    if (token) this.sqlite.prepare('DELETE FROM clinic_sessions WHERE token_hash = ?').run(hashToken(token));
  }
}
