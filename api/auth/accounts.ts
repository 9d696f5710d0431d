/**
 * Password accounts and sessions, for clinic staff and for operators alike. A session is a
 * random token in an HttpOnly cookie; the database keeps only its hash, with when and from where
 * it began. Each try is reserved with the throttle before the password hash is computed
 * (throttle.ts); an unknown or disabled name takes as long as a wrong password and is answered
 * the same. Every sign-in, refusal and change is a security event in the log, with the account
 * and the address, never the password. Each kind of account names its tables, and a column of
 * the account (the clinic) that its sessions carry as their scope.
 */
import type Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from '../log';
import { Refusal } from '../refusal';
import { addressKey } from '../http/address';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password';
import { LoginThrottle } from './throttle';
import { MIN_PASSWORD_LENGTH } from '../../shared/accounts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export { MIN_PASSWORD_LENGTH };
const USERNAME = /^[A-Za-z0-9._-]{3,40}$/;

export interface AccountKind {
  /** How the logs and the CLI name it. */
  name: 'clinic' | 'operator';
  users: 'clinic_users' | 'operators';
  sessions: 'clinic_sessions' | 'operator_sessions';
  /** The sessions' column pointing at the account. */
  owner: 'user_id' | 'operator_id';
  /** A column of the account copied into its sessions (the clinic), if any. */
  scope?: 'clinic_id';
}

export const CLINIC_ACCOUNTS: AccountKind = { name: 'clinic', users: 'clinic_users', sessions: 'clinic_sessions', owner: 'user_id', scope: 'clinic_id' };
export const OPERATOR_ACCOUNTS: AccountKind = { name: 'operator', users: 'operators', sessions: 'operator_sessions', owner: 'operator_id' };

export interface Session {
  token: string;
  expiresAt: number;
  /** The account's scope (its clinic), or its id where there is none. */
  scope: string;
}

export interface AccountRow {
  username: string;
  scope: string | null;
  disabled: boolean;
  updatedAt: number;
  sessions: number;
}

export interface SessionRow {
  /** The start of the token's hash: enough to name the session, useless to open it. */
  id: string;
  username: string;
  scope: string | null;
  address: string;
  createdAt: number;
  expiresAt: number;
}

/** Who made a change, for the log: an address, or 'cli' (and the system user) from a shell. */
export type Actor = { address: string; by?: string };

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
const SESSION_ID_LENGTH = 12;

export function checkCredentials(username: string, password: string): void {
  if (!USERNAME.test(username)) throw new Error('a username is 3 to 40 letters, digits, dots, dashes or underscores');
  checkPassword(password);
}

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`a password has at least ${MIN_PASSWORD_LENGTH} characters`);
}

export class Accounts {
  readonly #throttle: LoginThrottle;
  readonly #log: Logger | undefined;

  constructor(private readonly sqlite: Database.Database, private readonly kind: AccountKind, opts: { log?: Logger; throttle?: LoginThrottle } = {}) {
    this.#throttle = opts.throttle ?? new LoginThrottle();
    this.#log = opts.log;
  }

  /** One line per security event: what, which kind of account, which account, from where. Never a password. */
  #event(event: string, account: string, actor: Actor, extra: Record<string, unknown> = {}): void {
    this.#log?.info({ event, kind: this.kind.name, account, address: actor.address, ...(actor.by ? { by: actor.by } : {}), ...extra }, 'security');
  }

  /** Adds an account, or with `reset` sets a new password (and scope) for an existing one; its sessions end. */
  async put(u: { username: string; password: string; scope?: string; reset?: boolean }, now: number, actor: Actor = { address: 'cli' }): Promise<void> {
    checkCredentials(u.username, u.password);
    const { users, sessions, owner, scope } = this.kind;
    const existing = this.#find(u.username);
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
    this.#event(existing ? 'password_reset' : 'account_added', u.username, actor, scope ? { scope: scopeValue } : {});
  }

  /** Disables (its sessions end at once) or enables an account. */
  setDisabled(username: string, disabled: boolean, now: number, actor: Actor = { address: 'cli' }): void {
    const existing = this.#find(username);
    if (!existing) throw new Error(`no account ${username}`);
    const { users, sessions, owner } = this.kind;
    this.sqlite.transaction(() => {
      this.sqlite.prepare(`UPDATE ${users} SET disabled_at = ?, updated_at = ? WHERE id = ?`).run(disabled ? now : null, now, existing.id);
      if (disabled) this.sqlite.prepare(`DELETE FROM ${sessions} WHERE ${owner} = ?`).run(existing.id);
    })();
    this.#event(disabled ? 'account_disabled' : 'account_enabled', username, actor);
  }

  count(): number {
    return (this.sqlite.prepare(`SELECT count(*) AS n FROM ${this.kind.users}`).get() as { n: number }).n;
  }

  list(now: number): AccountRow[] {
    const { users, sessions, owner, scope } = this.kind;
    return (this.sqlite.prepare(`SELECT u.username, ${scope ? `u.${scope}` : 'NULL'} AS scope, u.disabled_at AS disabledAt, u.updated_at AS updatedAt,
        (SELECT count(*) FROM ${sessions} s WHERE s.${owner} = u.id AND s.expires_at > ?) AS sessions
      FROM ${users} u ORDER BY u.username`).all(now) as Array<Omit<AccountRow, 'disabled'> & { disabledAt: number | null }>)
      .map(({ disabledAt, ...r }) => ({ ...r, disabled: disabledAt !== null }));
  }

  async login(username: string, password: string, ip: string, now: number): Promise<Session> {
    const address = addressKey(ip);
    const user = await this.#check(username, password, address, now);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + SESSION_TTL_MS;
    const { sessions, owner, scope } = this.kind;
    this.sqlite.prepare(`INSERT INTO ${sessions} (token_hash, ${owner}, expires_at, created_at, address${scope ? `, ${scope}` : ''}) VALUES (?, ?, ?, ?, ?${scope ? ', ?' : ''})`)
      .run(...[hashToken(token), user.id, expiresAt, now, address, ...(scope ? [user.scope] : [])]);
    this.#event('login_ok', username, { address });
    return { token, expiresAt, scope: user.scope ?? String(user.id) };
  }

  /** The signed-in user's own change: the current password is checked (and throttled) as a sign-in is; every other session of the account ends. */
  async changePassword(token: string | undefined, current: string, next: string, ip: string, now: number): Promise<void> {
    const address = addressKey(ip);
    const session = this.#session(token, now);
    if (!session) throw new Refusal('FORBIDDEN', { problem: 'sign in first' }, 'Sign in first.', 'UNAUTHORIZED');
    try {
      checkPassword(next);
    } catch (err) {
      throw new Refusal('INVALID_INPUT', { problem: (err as Error).message });
    }
    const user = await this.#check(session.username, current, address, now);
    const hash = await hashPassword(next);
    const { users, sessions, owner } = this.kind;
    this.sqlite.transaction(() => {
      this.sqlite.prepare(`UPDATE ${users} SET password_hash = ?, updated_at = ? WHERE id = ?`).run(hash, now, user.id);
      this.sqlite.prepare(`DELETE FROM ${sessions} WHERE ${owner} = ? AND token_hash <> ?`).run(user.id, hashToken(token!));
    })();
    this.#event('password_changed', session.username, { address });
  }

  /** The session's scope (its clinic, or the account's id), or null when there is none or it has expired. */
  scopeOf(token: string | undefined, now: number): string | null {
    const session = this.#session(token, now);
    return session ? session.scope : null;
  }

  logout(token: string | undefined): void {
    if (token) this.sqlite.prepare(`DELETE FROM ${this.kind.sessions} WHERE token_hash = ?`).run(hashToken(token));
  }

  sessions(now: number): SessionRow[] {
    const { users, sessions, owner, scope } = this.kind;
    return this.sqlite.prepare(`SELECT substr(s.token_hash, 1, ${SESSION_ID_LENGTH}) AS id, u.username, ${scope ? `s.${scope}` : 'NULL'} AS scope,
        s.address, s.created_at AS createdAt, s.expires_at AS expiresAt
      FROM ${sessions} s JOIN ${users} u ON u.id = s.${owner} WHERE s.expires_at > ? ORDER BY s.created_at`).all(now) as SessionRow[];
  }

  /** Ends one session (by the id `sessions` lists) or every session of an account; how many ended. */
  revoke(which: { id: string } | { username: string }, actor: Actor = { address: 'cli' }): number {
    const { users, sessions, owner } = this.kind;
    let ended: number;
    let account: string;
    if ('id' in which) {
      if (which.id.length < SESSION_ID_LENGTH) throw new Error(`a session id has ${SESSION_ID_LENGTH} characters (see sessions list)`);
      const row = this.sqlite.prepare(`SELECT u.username FROM ${sessions} s JOIN ${users} u ON u.id = s.${owner} WHERE substr(s.token_hash, 1, ${SESSION_ID_LENGTH}) = ?`)
        .pluck().get(which.id) as string | undefined;
      ended = this.sqlite.prepare(`DELETE FROM ${sessions} WHERE substr(token_hash, 1, ${SESSION_ID_LENGTH}) = ?`).run(which.id).changes;
      account = row ?? '?';
    } else {
      const existing = this.#find(which.username);
      if (!existing) throw new Error(`no account ${which.username}`);
      ended = this.sqlite.prepare(`DELETE FROM ${sessions} WHERE ${owner} = ?`).run(existing.id).changes;
      account = which.username;
    }
    if (ended > 0) this.#event('sessions_revoked', account, actor, { sessions: ended });
    return ended;
  }

  #find(username: string): { id: number; scope?: string } | undefined {
    const { users, scope } = this.kind;
    return this.sqlite.prepare(`SELECT id${scope ? `, ${scope} AS scope` : ''} FROM ${users} WHERE username = ?`).get(username) as { id: number; scope?: string } | undefined;
  }

  #session(token: string | undefined, now: number): { scope: string; username: string } | null {
    if (!token) return null;
    const { users, sessions, owner, scope } = this.kind;
    const row = this.sqlite.prepare(`SELECT ${scope ? `s.${scope}` : `s.${owner}`} AS scope, s.expires_at AS expiresAt, u.username, u.disabled_at AS disabledAt
      FROM ${sessions} s JOIN ${users} u ON u.id = s.${owner} WHERE s.token_hash = ?`)
      .get(hashToken(token)) as { scope: string | number; expiresAt: number; username: string; disabledAt: number | null } | undefined;
    return row && row.expiresAt > now && row.disabledAt === null ? { scope: String(row.scope), username: row.username } : null;
  }

  /**
   * The password check behind sign-in and change: reserved with the throttle before the hash (so
   * a burst is counted as it arrives), settled with the outcome. Refusals say nothing about
   * whether the name exists or is disabled.
   */
  async #check(username: string, password: string, address: string, now: number): Promise<{ id: number; scope?: string }> {
    const verdict = this.#throttle.reserve(username.toLowerCase(), address, now);
    if (!verdict.ok) {
      if (verdict.first) this.#event('login_limited', username, { address }, { limit: verdict.limit, retryAfterSeconds: verdict.retryAfterSeconds });
      throw new Refusal('RATE_LIMITED', { retryAfterSeconds: verdict.retryAfterSeconds });
    }
    let user: { id: number; hash: string; scope?: string; disabledAt: number | null } | undefined;
    let ok = false;
    try {
      const { users, scope } = this.kind;
      user = this.sqlite.prepare(`SELECT id, password_hash AS hash, disabled_at AS disabledAt${scope ? `, ${scope} AS scope` : ''} FROM ${users} WHERE username = ?`)
        .get(username) as typeof user;
      const matches = await verifyPassword(password, user?.hash ?? DUMMY_HASH);
      ok = matches && !!user && user.disabledAt === null;
    } finally {
      verdict.attempt.settle(ok);
    }
    if (!ok || !user) {
      this.#event('login_failed', username, { address }, user && user.disabledAt !== null ? { disabled: true } : {});
      throw new Refusal('FORBIDDEN', { problem: 'wrong username or password' }, 'Wrong username or password.', 'UNAUTHORIZED');
    }
    return user.scope === undefined ? { id: user.id } : { id: user.id, scope: user.scope };
  }
}
