/** Issues and checks queue.join's proof-of-work challenges: stateless (HMAC-signed, five minutes), one hash to check. */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { identityOf, type Person } from '../../shared/person';
import { leadingZeroBits, proofMaterial, type Proof } from '../../shared/proof';
import { Refusal } from '../refusal';

export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

export interface Challenge {
  challenge: string;
  bits: number;
  expiresAt: number;
}

function sign(key: Buffer, body: string): string {
  return createHmac('sha256', key).update(`pow|${body}`).digest('base64url').slice(0, 22);
}

export function issueChallenge(key: Buffer, campaignId: string, bits: number, now: number): Challenge {
  const body = `${campaignId}.${bits}.${now + CHALLENGE_TTL_MS}.${randomBytes(9).toString('base64url')}`;
  return { challenge: `${body}.${sign(key, body)}`, bits, expiresAt: now + CHALLENGE_TTL_MS };
}

/** Throws RATE_LIMITED with details.proof = required | invalid | expired unless the work was done for this person and campaign. */
export function checkProof(key: Buffer, proof: Proof | undefined, person: Person, campaignId: string, bits: number, now: number): void {
  if (bits <= 0) return;
  if (!proof) throw new Refusal('RATE_LIMITED', { proof: 'required', bits });
  const parts = proof.challenge.split('.');
  const invalid = () => new Refusal('RATE_LIMITED', { proof: 'invalid', bits });
  if (parts.length !== 5) throw invalid();
  const [campaign, challengeBits, expiresAt] = parts as [string, string, string, string, string];
  const body = parts.slice(0, 4).join('.');
  const given = Buffer.from(parts[4]!);
  const wanted = Buffer.from(sign(key, body));
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) throw invalid();
  if (campaign !== campaignId || Number(challengeBits) < bits) throw invalid();
  if (now > Number(expiresAt)) throw new Refusal('RATE_LIMITED', { proof: 'expired', bits });
  const digest = createHash('sha256').update(proofMaterial(proof.challenge, identityOf(person), proof.nonce)).digest();
  if (leadingZeroBits(digest) < bits) throw invalid();
}

/** Finds a nonce (for tests, the simulator and benchmarks; phones do the same with WebCrypto). */
export function solveChallenge(challenge: string, person: Person, bits: number): Proof {
  const identity = identityOf(person);
  for (let n = 0; ; n++) {
    const nonce = n.toString(36);
    if (leadingZeroBits(createHash('sha256').update(proofMaterial(challenge, identity, nonce)).digest()) >= bits) return { challenge, nonce };
  }
}
