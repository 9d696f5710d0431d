/**
 * Password accounts and sessions, for clinic staff and for operators alike. A session is a
 * random token in an HttpOnly cookie; the database keeps only its hash. Wrong passwords are
 * slowed per username and per address (RATE_LIMITED); an unknown name takes as long as a wrong
 * password. Each kind of account names its tables, and a column of the account (the clinic) that
 * its sessions carry as their scope.
 */
import type Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { Refusal } from '../refusal';
import { RateLimiter } from '../rateLimit';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const MIN_PASSWORD_LENGTH = 10;
const USERNAME = /^[A-Za-z0-9._-]{3,40}$/;

export interface AccountKind {
  users: 'clinic_users' | 'operators';
  sessions: 'clinic_sessions' | 'operator_sessions';
  /** The sessions' column pointing at the account. */
  owner: 'user_id' | 'operator_id';
  /** A column of the account copied into its sessions (the clinic), if any. */
  scope?: 'clinic_id';
}

export const CLINIC_ACCOUNTS: AccountKind = { users: 'clinic_users', sessions: 'clinic_sessions', owner: 'user_id', scope: 'clinic_id' };
export const OPERATOR_ACCOUNTS: AccountKind = { users: 'operators', sessions: 'operator_sessions', owner: 'operator_id' };

export interface Session {
  token: string;
  expiresAt: number;
  /** The account's scope (its clinic), or its id where there is none. */
  scope: string;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export function checkCredentials(username: string, password: string): void {
  if (!USERNAME.test(username)) throw new Error('a username is 3 to 40 letters, digits, dots, dashes or underscores');
  if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`a password has at least ${MIN_PASSWORD_LENGTH} characters`);
}

export class Accounts {
  /** Five wrong passwords per username, refilled over 15 minutes; thirty tries a minute per address. */
  readonly #perUser = new RateLimiter(5 / 15, 5);
  readonly #perAddress = new RateLimiter(30);

  constructor(private readonly sqlite: Database.Database, private readonly kind: AccountKind) {}

  /** Adds an account, or with `reset` sets a new password (and scope) for an existing one; its sessions end. */
  async put(u: { username: string; password: string; scope?: string; reset?: boolean }, now: number): Promise<void> {
    checkCredentials(u.username, u.password);
    const { users, sessions, owner, scope } = this.kind;
    const existing = this.sqlite.prepare(`SELECT id${scope ? `, ${scope} AS scope` : ''} FROM ${users} WHERE username = ?`)
      .get(u.username) as { id: number; scope?: string } | undefined;
    if (existing && !u.reset) throw new Error(`${u.username} exists; use reset to set a new password`);
    if (!existing && u.reset) throw new Error(`no account ${u.username}`);
    const scopeValue = u.scope ?? existing?.scope;
    if (scope && (!scopeValue || !this.sqlite.prepare('SELECT 1 FROM clinics WHERE id = ?').get(scopeValue))) {
      throw new Error(`no clinic ${scopeValue ?? '(none given)'}`);
    }
    const hash = await hashPassword(u.password);
    this.sqlite.transaction(() => {
      if (existing) {
        this.sqlite.prepare(`UPDATE ${users} SET password_hash = ?, updated_at = ?${scope ? `, ${scope} = ?` : ''} WHERE id = ?`)
          .run(...[hash, now, ...(scope ? [scopeValue] : []), existing.id]);
        this.sqlite.prepare(`DELETE FROM ${sessions} WHERE ${owner} = ?`).run(existing.id);
      } else {
        this.sqlite.prepare(`INSERT INTO ${users} (username, password_hash, updated_at${scope ? `, ${scope}` : ''}) VALUES (?, ?, ?${scope ? ', ?' : ''})`)
          .run(...[u.username, hash, now, ...(scope ? [scopeValue] : [])]);
      }
    })();
  }

  count(): number {
    return (this.sqlite.prepare(`SELECT count(*) AS n FROM ${this.kind.users}`).get() as { n: number }).n;
  }

  async login(username: string, password: string, ip: string, now: number): Promise<Session> {
    const name = username.toLowerCase();
    if (!this.#perUser.allows(name, now) || !this.#perAddress.take(ip, now)) {
      throw new Refusal('RATE_LIMITED', { retryAfterSeconds: 180 });
    }
    const { users, sessions, owner, scope } = this.kind;
    const user = this.sqlite.prepare(`SELECT id, password_hash AS hash${scope ? `, ${scope} AS scope` : ''} FROM ${users} WHERE username = ?`)
      .get(username) as { id: number; hash: string; scope?: string } | undefined;
    const ok = await verifyPassword(password, user?.hash ?? DUMMY_HASH);
    if (!user || !ok) {
      this.#perUser.take(name, now); // only wrong passwords spend the username's budget
      throw new Refusal('FORBIDDEN', { problem: 'wrong username or password' }, 'Wrong username or password.', 'UNAUTHORIZED');
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + SESSION_TTL_MS;
    this.sqlite.prepare(`INSERT INTO ${sessions} (token_hash, ${owner}, expires_at${scope ? `, ${scope}` : ''}) VALUES (?, ?, ?${scope ? ', ?' : ''})`)
      .run(...[hashToken(token), user.id, expiresAt, ...(scope ? [user.scope] : [])]);
    return { token, expiresAt, scope: user.scope ?? String(user.id) };
  }

  /** The session's scope (its clinic, or the account's id), or null when there is none or it has expired. */
  scopeOf(token: string | undefined, now: number): string | null {
    if (!token) return null;
    const { sessions, owner, scope } = this.kind;
    const row = this.sqlite.prepare(`SELECT ${scope ?? owner} AS scope, expires_at AS expiresAt FROM ${sessions} WHERE token_hash = ?`)
      .get(hashToken(token)) as { scope: string | number; expiresAt: number } | undefined;
    return row && row.expiresAt > now ? String(row.scope) : null;
  }

  logout(token: string | undefined): void {
    if (token) this.sqlite.prepare(`DELETE FROM ${this.kind.sessions} WHERE token_hash = ?`).run(hashToken(token));
  }
}
