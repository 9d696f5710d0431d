/** The data directory's secrets (admission-token signing key, identity hashing key): created once, 0600, never rotated silently. */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { credentialKeyOf } from './phone/credential';

export interface Secrets {
  /** HMAC key that signs admission tokens. */
  admissionKey: Buffer;
  /** HMAC key of person identities: changing it would break one-booking-per-person, so it lives with the data. */
  identityKey: Buffer;
  /** HMAC key of identity credentials and phone codes: derived from the admission key, for that use alone. */
  credentialKey: Buffer;
  /** The SMS/알림톡 provider's token for the outbox's http transport, when the operator has put one in secrets.json. */
  outboxToken?: string;
}

/**
 * Reads the secrets, or creates them in a new data directory. `holdsPeople`: the database already
 * has tickets or bookings, whose keyed hashes only these secrets reproduce; new ones would quietly
 * let everyone book again (a backup restored without its secrets.json), so that is refused.
 */
export function loadSecrets(dataDir: string, holdsPeople = false): Secrets {
  const file = join(dataDir, 'secrets.json');
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    if (holdsPeople) {
      throw new Error(`${file} is missing, but the database holds tickets and bookings made with it. Copy it back from the original data directory `
        + '(or restore a backup made with --with-secrets); new keys would not recognise anyone who has booked.');
    }
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const created = JSON.stringify({
      admissionKey: randomBytes(32).toString('base64'),
      identityKey: randomBytes(32).toString('base64'),
    });
    // Write then rename, fsync'd: a crash leaves either no file or a whole one.
    const tmp = `${file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    writeSync(fd, created);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, file);
    raw = created;
  }
  const parsed = JSON.parse(raw) as { admissionKey: string; identityKey: string; outboxToken?: unknown };
  const admissionKey = Buffer.from(parsed.admissionKey, 'base64');
  return {
    admissionKey,
    identityKey: Buffer.from(parsed.identityKey, 'base64'),
    credentialKey: credentialKeyOf(admissionKey),
    ...(typeof parsed.outboxToken === 'string' && parsed.outboxToken !== '' ? { outboxToken: parsed.outboxToken } : {}),
  };
}
