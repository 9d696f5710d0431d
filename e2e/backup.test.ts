/** A backup taken under write load is consistent: it verifies, holds every booking acknowledged before it began, and serves as a data directory. */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { personSchema } from '../shared/person';
import { mintAdmissionToken } from '../api/admission/token';
import { openStorage } from '../api/db/open';
import { loadDemo } from '../api/demo/load';
import { personKey } from '../api/identity';
import { loadSecrets } from '../api/secrets';
import { personNo } from '../api/bench/people';
import { makeClient, tempDataDir } from './harness';
import { killHard, runCli, spawnServer } from './processes';

const dataDir = tempDataDir();
const backups = tempDataDir();
afterAll(() => [dataDir, backups].forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('yeyak backup', () => {
  it('copies a live data directory under write load into one that verifies and serves', async () => {
    const storage = openStorage(dataDir);
    const demo = loadDemo(storage, { now: Date.now(), opensInSeconds: 0, clinics: 20, days: 3, capacity: 50 });
    storage.sqlite.close();
    const secrets = loadSecrets(dataDir);
    const year = Number(demo.campaign.cohorts[0]!.birthFrom.slice(0, 4));
    await new Promise((r) => setTimeout(r, 1100));
    const server = await spawnServer(dataDir);
    const client = makeClient(server.url);
    const acked: Array<{ code: string; birthDate: string; at: number }> = [];
    let next = 0;
    let stop = false;
    const worker = async () => {
      while (!stop) {
        const person = personSchema.parse(personNo(next++, year));
        const res = await client.booking.submit.mutate({
          admissionToken: mintAdmissionToken(secrets.admissionKey, { campaignId: demo.campaign.id, personKey: personKey(secrets.identityKey, person), expiresAt: Date.now() + 600_000 }),
          idempotencyKey: randomUUID(), person, preferences: [{ clinicId: `C${String(1 + (next % 20)).padStart(4, '0')}` }],
        });
        acked.push({ code: res.code, birthDate: person.birthDate, at: Date.now() });
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    while (acked.length < 100) await new Promise((r) => setTimeout(r, 5));
    const backupStarted = Date.now();
    const target = join(backups, 'b1');
    const backup = await runCli(['backup', '--to', target], dataDir);
    expect(backup.code, backup.stderr).toBe(0);
    const moreAfter = acked.length;
    while (acked.length < moreAfter + 50) await new Promise((r) => setTimeout(r, 5)); // writes went on throughout
    stop = true;
    await Promise.all(workers);
    await killHard(server.child);

    const verify = await runCli(['verify'], target);
    expect(verify.stdout).toContain('all invariants hold');
    const copy = openStorage(target, { readonly: true });
    const inBackup = new Set(copy.sqlite.prepare('SELECT code FROM bookings').pluck().all() as string[]);
    copy.sqlite.close();
    expect(acked.filter((a) => a.at < backupStarted && !inBackup.has(a.code))).toEqual([]);
    expect(inBackup.size).toBeLessThan(acked.length); // a snapshot, not the end state

    // Restore: a server on the backup finds a booking by code and birth date (the secrets came along).
    const restored = await spawnServer(target);
    try {
      const first = acked[0]!;
      expect((await makeClient(restored.url).booking.lookup.query({ code: first.code, birthDate: first.birthDate })).status).toBe('active');
    } finally {
      await killHard(restored.child);
    }
    expect((await runCli(['backup', '--to', target], dataDir)).code).not.toBe(0); // never over an existing backup
  });
});
