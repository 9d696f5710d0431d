/**
 * Proof of work for queue.join, the rules both sides share: the client finds a nonce such that
 * sha256(challenge | identity | nonce) starts with `bits` zero bits; the server checks it with one
 * hash. Binding the identity means a script pays once per person it enrols. Hashing itself is
 * left to each runtime (WebCrypto on phones, node:crypto on the server).
 */

export interface Proof {
  challenge: string;
  nonce: string;
}

/** The string that is hashed. */
export function proofMaterial(challenge: string, identity: string, nonce: string): string {
  return `${challenge}|${identity}|${nonce}`;
}

/** Leading zero bits of a digest. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}
