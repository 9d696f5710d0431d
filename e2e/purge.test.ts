/** yeyak purge: personal data of a finished campaign leaves the tables and the files, while codes, counts and invariants stay. */
import { randomUUID } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { databasePath, openStorage } from '../api/db/open';
import { purgeCampaign } from '../api/purge';
import { verifyStorage } from '../api/verify';
import { AFTER_OPENING, loadFixture } from './fixture';
import { refusalOf, startServer, tempDataDir } from './harness';
import { runCli } from './processes';
import { until } from './wait';

describe('yeyak purge', () => {
  it('removes names, birth dates and phones of bookings whose appointments are all past, from the files too', async () => {
    const dataDir = tempDataDir();
    const server = await startServer({ now: AFTER_OPENING, dataDir, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: ['10:00'], capacity: 5 }]) });
    const people = [
      { name: '박보검', birthDate: '1967-03-03', phone: '010-3333-1234' },
      { name: 'Jane Park-Lee', birthDate: '1968-04-04', phone: '010-4444-5678' },
    ];
    const codes = [];
    for (const person of people) {
      codes.push((await server.client.booking.submit.mutate({ admissionToken: server.mint(person), idempotencyKey: randomUUID(), person, preferences: [{ clinicId: 'K1' }] })).code);
    }
    // Her phone is kept beside the booking too: a sign-up for a text when places come back, and its message once sent.
    await server.client.alerts.subscribe.mutate({ campaignId: 'covid19-50s', person: people[0]! });
    await until('the sign-up text is sent', () => (server.app.sqlite.prepare('SELECT count(*) AS n FROM outbox WHERE sent_at IS NOT NULL').get() as { n: number }).n === 1);
    const fileBytes = () => [databasePath(dataDir), `${databasePath(dataDir)}-wal`].filter(existsSync).map((f) => readFileSync(f));
    // The search below can fail: before the purge, the name is there to be found.
    expect(fileBytes().some((bytes) => bytes.includes(Buffer.from(people[0]!.name, 'utf8')))).toBe(true);
    const now = Date.parse('2021-12-01T00:00:00Z');
    // The second doses are on 2021-09-14: not all before the 14th, all before the 15th.
    expect(purgeCampaign(server.app.sqlite, 'covid19-50s', '2021-09-14', now)).toEqual({ bookings: 0, tickets: 0 });
    expect(purgeCampaign(server.app.sqlite, 'covid19-50s', '2021-09-15', now).bookings).toBe(2);
    expect(() => purgeCampaign(server.app.sqlite, 'covid19-50s', '2999-01-01', now)).toThrow(/future/);
    expect((await refusalOf(server.client.booking.lookup.mutate({ code: codes[0]!, birthDate: people[0]!.birthDate }))).reason).toBe('NOT_FOUND');
    expect(verifyStorage(server.app.sqlite).filter((c) => !c.ok)).toEqual([]);
    const kept = server.app.sqlite.prepare("SELECT code, status, name, phone, birth_date AS b FROM bookings ORDER BY id").all();
    expect(kept).toEqual(codes.map((code) => ({ code, status: 'active', name: '', phone: '', b: '' })));
    expect(server.app.sqlite.prepare('SELECT (SELECT count(*) FROM place_alerts) AS alerts, (SELECT count(*) FROM outbox) AS messages').get()).toEqual({ alerts: 0, messages: 0 });
    await server.close();

    const files = fileBytes();
    for (const person of people) {
      for (const secret of [person.name, person.phone, person.birthDate]) {
        expect(files.some((bytes) => bytes.includes(Buffer.from(secret, 'utf8'))), secret).toBe(false);
      }
    }
    const cli = await runCli(['purge', '--campaign', 'covid19-50s', '--before', '2021-09-15'], dataDir);
    expect(cli.stdout).toContain('purged: 0 bookings');
    expect((await runCli(['purge', '--campaign', 'nope', '--before', '2021-09-15'], dataDir)).code).not.toBe(0);
    const reopened = openStorage(dataDir, { readonly: true });
    expect(verifyStorage(reopened.sqlite).filter((c) => !c.ok)).toEqual([]);
    reopened.sqlite.close();
  });
});
