/** kill -9 of the server in the middle of a stream of bookings: every acknowledged booking is there after restart, and verify passes. */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { personSchema, type PersonInput } from '../shared/person';
import { mintAdmissionToken } from '../api/admission/token';
import { openStorage } from '../api/db/open';
import { loadDemo } from '../api/demo/load';
import { personKey } from '../api/identity';
import { loadSecrets } from '../api/secrets';
import { makeClient, tempDataDir } from './harness';
import { personNo } from '../api/bench/people';
import { killHard, runCli, spawnServer } from './processes';

const dataDir = tempDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('durability', () => {
  it('keeps every acknowledged booking through kill -9', async () => {
    const storage = openStorage(dataDir);
    const demo = loadDemo(storage, { now: Date.now(), opensInSeconds: 0, clinics: 20, days: 3, capacity: 50 });
    storage.sqlite.close();
    const secrets = loadSecrets(dataDir);
    const birthYear = Number(demo.campaign.cohorts[0]!.birthFrom.slice(0, 4));
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(demo.campaign.cohorts[0]!.opensAt) - Date.now() + 5)));

    const first = await spawnServer(dataDir);
    const client = makeClient(first.url);
    const acked: Array<{ code: string; person: PersonInput }> = [];
    let next = 0;
    let stopped = false;
    const worker = async () => {
      while (!stopped) {
        const person = personNo(next++, birthYear);
        const token = mintAdmissionToken(secrets.admissionKey, {
          campaignId: demo.campaign.id,
          personKey: personKey(secrets.identityKey, personSchema.parse(person)),
          expiresAt: Date.now() + 600_000,
        });
        try {
          const res = await client.booking.submit.mutate({
            admissionToken: token, idempotencyKey: randomUUID(), person,
            preferences: [{ clinicId: `C${String(1 + (next % 20)).padStart(4, '0')}` }],
          });
          acked.push({ code: res.code, person });
        } catch {
          return; // the server is gone
        }
      }
    };
    const workers = Array.from({ length: 16 }, worker);
    while (acked.length < 150) await new Promise((r) => setTimeout(r, 5));
    await killHard(first.child);
    stopped = true;
    await Promise.all(workers);
    const ackedBeforeKill = acked.length;
    expect(ackedBeforeKill).toBeGreaterThanOrEqual(150);

    const second = await spawnServer(dataDir);
    try {
      // Through the API for a sample (lookups are rate-limited per address), in the database for all.
      const again = makeClient(second.url);
      for (const { code, person } of acked.slice(-20)) {
        expect((await again.booking.lookup.query({ code, birthDate: person.birthDate })).status).toBe('active');
      }
    } finally {
      await killHard(second.child);
    }
    const after = openStorage(dataDir, { readonly: true });
    const stored = new Set(after.sqlite.prepare("SELECT code FROM bookings WHERE status = 'active'").pluck().all() as string[]);
    after.sqlite.close();
    expect(acked.filter((a) => !stored.has(a.code))).toEqual([]);
    const verify = await runCli(['verify'], dataDir);
    expect(verify.stdout).toContain('all invariants hold');
    expect(verify.code).toBe(0);
  });
});
