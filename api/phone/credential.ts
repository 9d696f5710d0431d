/**
 * Identity credentials: proof that a person on a campaign's roster answered the code sent to their
 * phone. HMAC-signed like admission tokens (api/admission/token.ts), bound to the person's key and
 * the campaign, valid until the person's cohort closes. Checking one is one HMAC, so the night's
 * joins pay almost nothing for it. Format: c1.<payload base64url>.<signature base64url>.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Refusal } from '../refusal';

export interface Credential {
  campaignId: string;
  personKey: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** The credential key: derived from the admission key in secrets.json, for this use alone. */
export function credentialKeyOf(admissionKey: Buffer): Buffer {
  return createHmac('sha256', admissionKey).update('yeyak identity credential v1').digest();
}

function sign(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

/** The same credential for the same person, campaign and expiry: confirming twice gives one answer. */
export function mintCredential(key: Buffer, c: Credential): string {
  const payload = Buffer.from(JSON.stringify({ c: c.campaignId, p: c.personKey, e: c.expiresAt })).toString('base64url');
  return `c1.${payload}.${sign(key, payload).toString('base64url')}`;
}

/**
 * Checks signature, person, campaign and expiry; throws the matching refusal: IDENTITY_REQUIRED
 * without one (or one that is not ours, or expired), IDENTITY_MISMATCH for another person or campaign.
 */
export function verifyCredential(key: Buffer, credential: string | undefined, expect: { campaignId: string; personKey: string; now: number }): Credential {
  if (!credential) throw new Refusal('IDENTITY_REQUIRED');
  const parts = credential.split('.');
  if (parts.length !== 3 || parts[0] !== 'c1') throw new Refusal('IDENTITY_REQUIRED', { credential: 'malformed' });
  const [, payload, signature] = parts as [string, string, string];
  const given = Buffer.from(signature, 'base64url');
  const wanted = sign(key, payload);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) throw new Refusal('IDENTITY_REQUIRED', { credential: 'bad signature' });
  const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { c: string; p: string; e: number };
  if (body.c !== expect.campaignId || body.p !== expect.personKey) throw new Refusal('IDENTITY_MISMATCH');
  if (expect.now >= body.e) throw new Refusal('IDENTITY_REQUIRED', { credential: 'expired', expiredAt: new Date(body.e).toISOString() });
  return { campaignId: body.c, personKey: body.p, expiresAt: body.e };
}
