/** A demo data directory that is open now, and a stream of bookings against a real server: what the crash, shutdown and backup tests share. */
import { randomUUID } from 'node:crypto';
import { personSchema } from '../shared/person';
import { mintAdmissionToken } from '../api/admission/token';
import { openStorage } from '../api/db/open';
import { loadDemo } from '../api/demo/load';
import { personKey } from '../api/identity';
import { loadSecrets, type Secrets } from '../api/secrets';
import { personNo } from '../api/bench/people';
import type { Client } from './harness';

export interface DemoDir {
  campaignId: string;
  birthYear: number;
  secrets: Secrets;
  clinics: number;
}

/** Loads a small demo (20 clinics) opening now, and waits until it is open. */
export async function openDemoDir(dataDir: string, clinics = 20): Promise<DemoDir> {
  const storage = openStorage(dataDir);
  const demo = loadDemo(storage, { identity: 'declared', now: Date.now(), opensInSeconds: 0, clinics, days: 3, capacity: 50 });
  storage.sqlite.close();
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(demo.campaign.cohorts[0]!.opensAt) - Date.now() + 50)));
  return { campaignId: demo.campaign.id, birthYear: Number(demo.campaign.cohorts[0]!.birthFrom.slice(0, 4)), secrets: loadSecrets(dataDir), clinics };
}

export interface Acked {
  code: string;
  birthDate: string;
  /** When the answer came. */
  at: number;
}

export interface BookingStream {
  acked: Acked[];
  /** Calls that failed (the server gone or refusing connections). */
  failures(): number;
  /** Resolves when at least n bookings have been acknowledged. */
  until(n: number): Promise<void>;
  /** Stops sending and waits for the calls in flight. */
  stop(): Promise<void>;
}

/** `concurrency` workers, each booking a new admitted person after the other, until stopped or the server stops answering. */
export function bookingStream(client: Client, demo: DemoDir, concurrency: number): BookingStream {
  const acked: Acked[] = [];
  let failures = 0;
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && failures <= 50) {
      const person = personSchema.parse(personNo(next++, demo.birthYear));
      try {
        const res = await client.booking.submit.mutate({
          admissionToken: mintAdmissionToken(demo.secrets.admissionKey, {
            campaignId: demo.campaignId, personKey: personKey(demo.secrets.identityKey, person), expiresAt: Date.now() + 600_000,
          }),
          idempotencyKey: randomUUID(),
          person,
          preferences: [{ clinicId: `C${String(1 + (next % demo.clinics)).padStart(4, '0')}` }],
        });
        acked.push({ code: res.code, birthDate: person.birthDate, at: Date.now() });
      } catch {
        failures++;
      }
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  return {
    acked,
    failures: () => failures,
    until: async (n) => {
      while (acked.length < n) {
        if (failures > 50) throw new Error(`the stream failed ${failures} times before ${n} bookings`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    stop: async () => {
      stopped = true;
      await Promise.all(workers);
    },
  };
}
