/**
 * The pre-queue shuffle: a uniform permutation drawn from a random seed that is kept, so the order
 * can be audited later (same seed, same tickets in join order, same positions). Fisher–Yates over
 * an HMAC-SHA256 counter stream, with rejection sampling so no index is favoured.
 */
import { createHmac, randomBytes } from 'node:crypto';

export function newSeed(): string {
  return randomBytes(32).toString('base64url');
}

/** A deterministic stream of uniform 32-bit integers from the seed. */
function uint32Stream(seed: string): () => number {
  const key = Buffer.from(seed, 'base64url');
  let counter = 0;
  let block = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + 4 > block.length) {
      block = createHmac('sha256', key).update(String(counter++)).digest();
      offset = 0;
    }
    const v = block.readUInt32BE(offset);
    offset += 4;
    return v;
  };
}

/** Uniform integer in [0, n) without modulo bias. */
function below(n: number, next: () => number): number {
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  for (;;) {
    const v = next();
    if (v < limit) return v % n;
  }
}

/** The items in shuffled order. */
export function shuffled<T>(items: readonly T[], seed: string): T[] {
  const out = items.slice();
  const next = uint32Stream(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = below(i + 1, next);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
