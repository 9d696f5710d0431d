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
  bookings: number;
  perSecond: number;
  batches: number;
  largestBatch: number;
  /** Microseconds per booking: checks before the batch (hashes, token, reads), the booking's statements, and the batch's BEGIN, savepoints and durable COMMIT. */
  microseconds: { before: number; statements: number; commit: number };
}

/** `concurrency` submits in flight at once, as an HTTP server under load would have. */
export async function measureCommitRate(dataDir: string, grouped: boolean, bookings: number, concurrency: number): Promise<CommitRate> {
  const now = Date.now();
  const app = openApp({ dataDir, groupCommit: grouped, clock: () => now + 60_000 });
  try {
    const demo = loadDemo(app, { now, opensInSeconds: 0, clinics: 250, days: 14, capacity: 100 });
    app.schedule.invalidate();
    const year = Number(demo.campaign.cohorts[0]!.birthFrom.slice(0, 4));
    const inputs = Array.from({ length: bookings }, (_, i) => {
      const person = personSchema.parse(personNo(i, year));
      return bookingSubmitInput.parse({
        admissionToken: mintAdmissionToken(app.secrets.admissionKey, {
          campaignId: demo.campaign.id, personKey: personKey(app.secrets.identityKey, person), expiresAt: now + 3_600_000,
        }),
        idempotencyKey: randomUUID(),
        person,
        preferences: [1, 2, 3].map((k) => ({ clinicId: `C${String(1 + ((i * 7 + k * 31) % 250)).padStart(4, '0')}` })),
      });
    });
    let next = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < inputs.length) await app.booking.submit(inputs[next++]!, now + 60_000);
    }));
    const seconds = (performance.now() - started) / 1000;
    const { batches, largestBatch, writeSeconds, batchSeconds } = app.committer.stats;
    const perBooking = (s: number) => Math.round((s * 1e6) / bookings);
    return {
      grouped, bookings, perSecond: bookings / seconds, batches, largestBatch,
      // One thread does it all, so the time outside batches is the checks before them.
      microseconds: { before: perBooking(seconds - batchSeconds), statements: perBooking(writeSeconds), commit: perBooking(batchSeconds - writeSeconds) },
    };
  } finally {
    app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
