/** In-process booking commit rate, with and without group commit, on a fresh demo data directory: no HTTP, just the booking path and fsync. */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { personSchema } from '../../shared/person';
import { mintAdmissionToken } from '../admission/token';
import { openApp } from '../app';
import { loadDemo } from '../demo/load';
import { personKey } from '../identity';
import { bookingSubmitInput } from '../../shared/inputs';
import { personNo } from './people';

export interface CommitRate {
  grouped: boolean;
  /** Submits made; `refused` of them found every preferred clinic full. */
  bookings: number;
  refused: number;
  perSecond: number;
  /** Over the last tenth of the submits: the rate once the tables hold nearly everyone. */
  tailPerSecond: number;
  batches: number;
  largestBatch: number;
  /** Microseconds per booking: checks before the batch (hashes, token, reads), the booking's statements, and the batch's BEGIN, savepoints and durable COMMIT. */
  microseconds: { before: number; statements: number; commit: number };
}

/** Inputs are made this many at a time, outside the timed part: the booking path is measured, not the making of tokens. */
const CHUNK = 50_000;

export interface CommitRateOptions {
  /** Places per slot in the demo (default 100). At a cohort's size, near the bookings, so slots fill as on the night. */
  capacity?: number;
  /** Passed to openApp (0: SQLite checkpoints inside commits). */
  checkpointEveryMs?: number;
}

/** `concurrency` submits in flight at once, as an HTTP server under load would have. */
export async function measureCommitRate(dataDir: string, grouped: boolean, bookings: number, concurrency: number, opts: CommitRateOptions = {}): Promise<CommitRate> {
  const now = Date.now();
  const app = openApp({ dataDir, groupCommit: grouped, clock: () => now + 60_000, checkpointEveryMs: opts.checkpointEveryMs });
  try {
    const demo = loadDemo(app, { identity: 'declared', now, opensInSeconds: 0, clinics: 250, days: 14, capacity: opts.capacity ?? 100 });
    app.schedule.invalidate();
    const year = Number(demo.campaign.cohorts[0]!.birthFrom.slice(0, 4));
    const input = (i: number) => {
      const person = personSchema.parse(personNo(i, year));
      return bookingSubmitInput.parse({
        admissionToken: mintAdmissionToken(app.secrets.admissionKey, {
          campaignId: demo.campaign.id, personKey: personKey(app.secrets.identityKey, person), expiresAt: now + 3_600_000,
        }),
        idempotencyKey: randomUUID(),
        person,
        preferences: [1, 2, 3].map((k) => ({ clinicId: `C${String(1 + ((i * 7 + k * 31) % 250)).padStart(4, '0')}` })),
      });
    };
    let seconds = 0;
    let tailSeconds = 0;
    let refused = 0;
    const tailFrom = Math.floor(bookings * 0.9);
    for (let from = 0; from < bookings; from += CHUNK) {
      const inputs = Array.from({ length: Math.min(CHUNK, bookings - from) }, (_, k) => input(from + k));
      let next = 0;
      const started = performance.now();
      let tailStarted: number | undefined;
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < inputs.length) {
          if (from + next >= tailFrom) tailStarted ??= performance.now();
          await app.booking.submit(inputs[next++]!, now + 60_000).catch((err: { reason?: string }) => {
            // At a cohort's size the last people may find every preferred clinic full, as on the night.
            if (err.reason !== 'SLOTS_FULL') throw err;
            refused++;
          });
        }
      }));
      const ended = performance.now();
      seconds += (ended - started) / 1000;
      if (tailStarted !== undefined) tailSeconds += (ended - tailStarted) / 1000;
    }
    const { batches, largestBatch, writeSeconds, batchSeconds } = app.committer.stats;
    const perBooking = (s: number) => Math.round((s * 1e6) / bookings);
    return {
      grouped, bookings, refused, perSecond: bookings / seconds, tailPerSecond: (bookings - tailFrom) / tailSeconds, batches, largestBatch,
      // One thread does it all, so the time outside batches is the checks before them.
      microseconds: { before: perBooking(seconds - batchSeconds), statements: perBooking(writeSeconds), commit: perBooking(batchSeconds - writeSeconds) },
    };
  } finally {
    app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
