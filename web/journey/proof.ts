/** Does the proof of work a busy server may ask of queue.join, with WebCrypto: tens of milliseconds at the usual difficulty. */
import { identityOf, type Person } from '../../shared/person';
import { leadingZeroBits, proofMaterial, type Proof } from '../../shared/proof';

export async function solveProof(challenge: string, bits: number, person: Person): Promise<Proof> {
  const identity = identityOf(person);
  const encoder = new TextEncoder();
  for (let n = 0; ; n++) {
    const nonce = n.toString(36);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(proofMaterial(challenge, identity, nonce))));
    if (leadingZeroBits(digest) >= bits) return { challenge, nonce };
  }
}
