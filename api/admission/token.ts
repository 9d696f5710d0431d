/**
 * Admission tokens: proof that the waiting room let one person into one campaign. HMAC-signed,
 * bound to the person's key and the campaign, expiring; single use is enforced by the booking
 * store (a unique index on the token id). Format: v1.<payload base64url>.<signature base64url>.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { Refusal } from '../refusal';

export interface Admission {
  /** Token id: books at most once. */
  id: string;
  campaignId: string;
  personKey: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export const DEFAULT_ADMISSION_TTL_MS = 10 * 60 * 1000;

function sign(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

export function mintAdmissionToken(key: Buffer, admission: Omit<Admission, 'id'> & { id?: string }): string {
  const body: Admission = { ...admission, id: admission.id ?? randomUUID() };
  const payload = Buffer.from(JSON.stringify({ i: body.id, c: body.campaignId, p: body.personKey, e: body.expiresAt })).toString('base64url');
  return `v1.${payload}.${sign(key, payload).toString('base64url')}`;
}

/** Checks signature and expiry, and that the token is this person's for this campaign; throws the matching refusal. */
export function verifyAdmissionToken(
  key: Buffer,
  token: string | undefined,
  expect: { campaignId?: string | undefined; personKey: string; now: number },
): Admission {
  if (!token) throw new Refusal('ADMISSION_REQUIRED');
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1') throw new Refusal('ADMISSION_REQUIRED', { token: 'malformed' });
  const [, payload, signature] = parts as [string, string, string];
  const given = Buffer.from(signature, 'base64url');
  const wanted = sign(key, payload);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    throw new Refusal('ADMISSION_REQUIRED', { token: 'bad signature' });
  }
  const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { i: string; c: string; p: string; e: number };
  const admission: Admission = { id: body.i, campaignId: body.c, personKey: body.p, expiresAt: body.e };
  const otherCampaign = expect.campaignId !== undefined && admission.campaignId !== expect.campaignId;
  if (otherCampaign || admission.personKey !== expect.personKey) {
    throw new Refusal('ADMISSION_MISMATCH');
  }
  if (expect.now >= admission.expiresAt) throw new Refusal('ADMISSION_EXPIRED', { expiredAt: new Date(admission.expiresAt).toISOString() });
  return admission;
}
