/**
 * The phone check, days before the night: identity.start sends a 6-digit code to the phone of a
 * person on the campaign's roster (through the outbox, in the same transaction as the challenge),
 * identity.confirm answers the code with a credential. A code lasts 5 minutes and takes 5 answers:
 * each answer is counted before it is compared (in constant time, as HMACs), so a sixth is refused
 * even when right. A phone gets 3 codes per 10 minutes and 10 a day, and verifies at most 5 people.
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Person } from '../../shared/person';
import { credentialValidUntil } from '../../shared/schedule';
import { toSeoulIso } from '../../shared/time';
import type { GroupCommitter } from '../db/groupCommit';
import { personKey } from '../identity';
import { prepareOutbox, type OutboxStatements } from '../outbox/outbox';
import { Refusal } from '../refusal';
import type { ScheduleStore } from '../schedule/store';
import { mintCredential } from './credential';
import type { IdentityGate } from './gate';

export const CODE_TTL_MS = 5 * 60_000;
export const MAX_TRIES = 5;
export const PEOPLE_PER_PHONE = 5;
/** Codes one phone may be sent: per window, and per day. */
export const CODES_PER_WINDOW = 3;
export const CODE_WINDOW_MS = 10 * 60_000;
export const CODES_PER_DAY = 10;

interface ChallengeRow {
  campaignId: string;
  personKey: string;
  phoneKey: string;
  codeHash: string;
  validUntil: number;
  expiresAt: number;
  tries: number;
}

type Answer = { ok: true; credential: string; expiresAt: number } | { ok: false; refusal: Refusal };

export class PhoneCheck {
  readonly #outbox: OutboxStatements;
  readonly #sql;

  constructor(
    sqlite: Database.Database,
    private readonly keys: { identityKey: Buffer; credentialKey: Buffer },
    private readonly schedule: ScheduleStore,
    private readonly committer: GroupCommitter,
    private readonly gate: IdentityGate,
    /** After a code is committed to the outbox: deliver it now. */
    private readonly onQueued: () => void = () => {},
  ) {
    this.#outbox = prepareOutbox(sqlite);
    this.#sql = {
      sentSince: sqlite.prepare<[string, number], number>('SELECT count(*) FROM identity_challenges WHERE phone_key = ? AND created_at > ?').pluck(),
      othersVerified: sqlite.prepare<[string, string], number>('SELECT count(*) FROM phone_verifications WHERE phone_key = ? AND person_key <> ?').pluck(),
      insert: sqlite.prepare('INSERT INTO identity_challenges (id, campaign_id, person_key, phone_key, code_hash, valid_until, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      challenge: sqlite.prepare<[string], ChallengeRow>(
        'SELECT campaign_id AS campaignId, person_key AS personKey, phone_key AS phoneKey, code_hash AS codeHash, valid_until AS validUntil, expires_at AS expiresAt, tries FROM identity_challenges WHERE id = ?',
      ),
      countTry: sqlite.prepare('UPDATE identity_challenges SET tries = tries + 1 WHERE id = ?'),
      confirmed: sqlite.prepare('UPDATE identity_challenges SET confirmed_at = coalesce(confirmed_at, ?) WHERE id = ?'),
      verified: sqlite.prepare('INSERT OR IGNORE INTO phone_verifications (phone_key, person_key, verified_at) VALUES (?, ?, ?)'),
    };
  }

  async start(campaignId: string, person: Person, now: number): Promise<{ challengeId: string; expiresAt: string }> {
    const campaign = this.schedule.get(campaignId);
    if (!campaign) throw new Refusal('NOT_FOUND', { campaignId });
    if (campaign.identity !== 'verified') throw new Refusal('INVALID_INPUT', { problem: 'this campaign takes people as declared: no phone check is needed' });
    const validUntil = credentialValidUntil(campaign, person.birthDate);
    if (validUntil === null || validUntil <= now) throw new Refusal('NOT_ELIGIBLE');
    const key = personKey(this.keys.identityKey, person);
    if (!this.gate.onRoster(campaign.id, key)) throw new Refusal('NOT_ELIGIBLE', { roster: 'not on the roster' });
    const phoneKey = this.#phoneKey(person.phone);
    const challengeId = randomBytes(16).toString('base64url');
    const code = String(randomInt(1_000_000)).padStart(6, '0');
    const expiresAt = now + CODE_TTL_MS;
    await this.committer.run(() => {
      if (this.#sql.sentSince.get(phoneKey, now - CODE_WINDOW_MS)! >= CODES_PER_WINDOW || this.#sql.sentSince.get(phoneKey, now - 86_400_000)! >= CODES_PER_DAY) {
        throw new Refusal('RATE_LIMITED', { problem: 'too many codes sent to this phone; wait before asking again', retryAfterSeconds: CODE_WINDOW_MS / 1000 });
      }
      this.#checkFamily(phoneKey, key);
      this.#sql.insert.run(challengeId, campaign.id, key, phoneKey, this.#codeHash(challengeId, code), validUntil, now, expiresAt);
      this.#outbox.enqueue('identity_code', person.phone, `[예약] 인증번호 ${code} — 5분 안에 입력하세요. yeyak code ${code} (valid 5 minutes). 다른 사람에게 알려주지 마세요.`, now);
    });
    this.onQueued();
    return { challengeId, expiresAt: toSeoulIso(expiresAt) };
  }

  async confirm(challengeId: string, code: string, now: number): Promise<{ credential: string; expiresAt: string }> {
    // The try is counted in the same transaction that reads the count, and stays counted: a refusal is returned, not thrown.
    const answer = await this.committer.run((): Answer => {
      const c = this.#sql.challenge.get(challengeId);
      if (!c) return { ok: false, refusal: new Refusal('NOT_FOUND', { challenge: 'unknown' }) };
      if (c.tries >= MAX_TRIES) return { ok: false, refusal: new Refusal('RATE_LIMITED', { problem: `${MAX_TRIES} answers given; ask for a new code` }) };
      if (now >= c.expiresAt) return { ok: false, refusal: new Refusal('IDENTITY_REQUIRED', { code: 'expired; ask for a new code' }) };
      this.#sql.countTry.run(challengeId);
      const given = Buffer.from(this.#codeHash(challengeId, code), 'hex');
      const wanted = Buffer.from(c.codeHash, 'hex');
      if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
        return { ok: false, refusal: new Refusal('IDENTITY_MISMATCH', { code: 'wrong', triesLeft: MAX_TRIES - c.tries - 1 }) };
      }
      try {
        this.#checkFamily(c.phoneKey, c.personKey);
      } catch (refusal) {
        return { ok: false, refusal: refusal as Refusal };
      }
      this.#sql.verified.run(c.phoneKey, c.personKey, now);
      this.#sql.confirmed.run(now, challengeId);
      return { ok: true, credential: mintCredential(this.keys.credentialKey, { campaignId: c.campaignId, personKey: c.personKey, expiresAt: c.validUntil }), expiresAt: c.validUntil };
    });
    if (!answer.ok) throw answer.refusal;
    return { credential: answer.credential, expiresAt: toSeoulIso(answer.expiresAt) };
  }

  #checkFamily(phoneKey: string, key: string): void {
    if (this.#sql.othersVerified.get(phoneKey, key)! >= PEOPLE_PER_PHONE) {
      throw new Refusal('FORBIDDEN', { problem: `this phone has already verified ${PEOPLE_PER_PHONE} people` });
    }
  }

  #phoneKey(phone: string): string {
    return createHmac('sha256', this.keys.identityKey).update(`phone|${phone.replace(/-/g, '')}`).digest('base64url');
  }

  #codeHash(challengeId: string, code: string): string {
    return createHmac('sha256', this.keys.credentialKey).update(`code|${challengeId}|${code}`).digest('hex');
  }
}
