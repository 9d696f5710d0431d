/** SIGTERM under booking load: every acknowledged booking is committed, in-flight requests are answered, the process exits 0. */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { personSchema } from '../shared/person';
import { mintAdmissionToken } from '../api/admission/token';
import { openStorage } from '../api/db/open';
import { loadDemo } from '../api/demo/load';
import { personKey } from '../api/identity';
import { loadSecrets } from '../api/secrets';
import { personNo } from '../api/bench/people';
import { makeClient, tempDataDir } from './harness';
import { runCli, spawnServer } from './processes';

const dataDir = tempDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('graceful shutdown', () => {
  it('answers what is in flight and exits 0 on SIGTERM, losing no acknowledged booking', async () => {
    const storage = openStorage(dataDir);
    const demo = loadDemo(storage, { now: Date.now(), opensInSeconds: 0, clinics: 20, days: 3, capacity: 50 });
    storage.sqlite.close();
    const secrets = loadSecrets(dataDir);
    const year = Number(demo.campaign.cohorts[0]!.birthFrom.slice(0, 4));
    await new Promise((r) => setTimeout(r, 1100));
    const server = await spawnServer(dataDir);
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    const client = makeClient(server.url);
    const acked: string[] = [];
    let failures = 0;
    let next = 0;
    let stop = false;
    const worker = async () => {
      while (!stop) {
        const person = personSchema.parse(personNo(next++, year));
        try {
          const res = await client.booking.submit.mutate({
            admissionToken: mintAdmissionToken(secrets.admissionKey, { campaignId: demo.campaign.id, personKey: personKey(secrets.identityKey, person), expiresAt: Date.now() + 600_000 }),
            idempotencyKey: randomUUID(), person, preferences: [{ clinicId: `C${String(1 + (next % 20)).padStart(4, '0')}` }],
          });
          acked.push(res.code);
        } catch {
          failures++; // refused connections after the server stopped accepting
          if (failures > 50) return;
        }
      }
    };
    const workers = Array.from({ length: 16 }, worker);
    while (acked.length < 100) await new Promise((r) => setTimeout(r, 5));
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    stop = true;
    await Promise.all(workers);
    expect(server.output()).toContain('SIGTERM: finishing requests in flight');
    const after = openStorage(dataDir, { readonly: true });
    const stored = new Set(after.sqlite.prepare("SELECT code FROM bookings WHERE status = 'active'").pluck().all() as string[]);
    after.sqlite.close();
    expect(acked.filter((c) => !stored.has(c))).toEqual([]);
    expect((await runCli(['verify'], dataDir)).code).toBe(0);
  });
});
