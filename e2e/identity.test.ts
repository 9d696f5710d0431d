/**
 * Only real, eligible people book, over real HTTP: a made-up person in the cohort gets no ticket and
 * no booking; a roster person without a credential is refused; with one books once; a credential
 * reused for someone else is refused; the sixth answer to a code is refused even when right; bad
 * input changes nothing; and codes queued for a provider that is down survive kill -9.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { personSchema, type PersonInput } from '../shared/person';
import type { Campaign } from '../shared/schedule';
import { importRoster } from '../api/roster/import';
import { openStorage } from '../api/db/open';
import { delivered } from './outbox';
import { DEMO_PEOPLE_FILE } from '../api/demo/people';
import { AFTER_OPENING, fixtureCampaign, loadFixture } from './fixture';
import { makeClient, refusalOf, snapshot, startServer, tempDataDir, type Client, type TestServer } from './harness';
import { killHard, runCli, spawnServer, type ServerProcess } from './processes';
import { until } from './wait';
import { startRedis, type RedisServer } from './redis';

const verified: Campaign = { ...fixtureCampaign, identity: 'verified' };
const CAMPAIGN = verified.id;
const mother: PersonInput = { name: '김엄마', birthDate: '1967-05-05', phone: '010-1234-5678' };
const father: PersonInput = { name: '김아빠', birthDate: '1968-06-06', phone: '010-1234-5678' };
const neighbour: PersonInput = { name: '이웃집', birthDate: '1967-09-09', phone: '010-4444-5555' };
const madeUp: PersonInput = { name: '가짜사람', birthDate: '1967-03-03', phone: '010-9999-8888' };

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(extra: { redis?: string } = {}): Promise<TestServer> {
  server = await startServer({
    ...extra,
    now: AFTER_OPENING,
    room: { admitRate: 100 },
    setup: (app) => {
      loadFixture(app, [{ clinicId: 'K1', days: 2, times: ['09:00', '10:00'], capacity: 5 }], [verified]);
      const file = join(app.dataDir, 'roster.csv');
      writeFileSync(file, `name,birth_date,phone\n${[mother, father, neighbour].map((p) => `${p.name},${p.birthDate},${p.phone}`).join('\n')}\n`);
      importRoster(app.sqlite, app.secrets.identityKey, CAMPAIGN, file);
    },
  });
  return server;
}

/** Starts a phone check and reads the code the way a developer does: from <data dir>/outbox.jsonl. */
async function codeFor(s: TestServer, person: PersonInput): Promise<{ challengeId: string; code: string }> {
  const seen = delivered(s.dataDir).length;
  const { challengeId } = await s.client.identity.start.mutate({ campaignId: CAMPAIGN, person });
  await until('the code in the outbox file', () => delivered(s.dataDir).length > seen);
  const message = delivered(s.dataDir)[seen]!;
  expect(message.to).toBe(personSchema.parse(person).phone);
  expect(message.kind).toBe('identity_code');
  return { challengeId, code: /(\d{6})/.exec(message.text)![1]! };
}

async function verify(s: TestServer, person: PersonInput): Promise<string> {
  const { challengeId, code } = await codeFor(s, person);
  return (await s.client.identity.confirm.mutate({ challengeId, code })).credential;
}

/** Joins, waits for the turn, claims it: the admission token. */
async function letIn(s: TestServer, person: PersonInput, credential: string): Promise<string> {
  const { ticketId } = await s.client.queue.join.mutate({ campaignId: CAMPAIGN, person, credential });
  await until('the turn', async () => {
    await s.tick();
    return (await s.client.queue.status.query({ ticketId })).state === 'admitted';
  });
  return (await s.client.queue.admit.mutate({ ticketId })).admissionToken;
}

const counts = (s: TestServer) => s.app.sqlite.prepare('SELECT (SELECT count(*) FROM tickets) AS tickets, (SELECT count(*) FROM bookings) AS bookings').get();

describe('a verified campaign over real HTTP', () => {
  it('gives a made-up person inside the cohort no code, no ticket and no booking', async () => {
    const s = await start();
    expect((await refusalOf(s.client.identity.start.mutate({ campaignId: CAMPAIGN, person: madeUp }))).reason).toBe('NOT_ELIGIBLE');
    expect((await refusalOf(s.client.queue.join.mutate({ campaignId: CAMPAIGN, person: madeUp }))).reason).toBe('IDENTITY_REQUIRED');
    const someoneElses = await verify(s, neighbour);
    expect((await refusalOf(s.client.queue.join.mutate({ campaignId: CAMPAIGN, person: madeUp, credential: someoneElses }))).reason).toBe('IDENTITY_MISMATCH');
    // Even with an admission token (as if one leaked), the booking needs the person's own credential.
    const submit = (credential?: string) => s.client.booking.submit.mutate({
      admissionToken: s.mint(madeUp), idempotencyKey: `madeup-${credential ? 'c' : 'n'}`, person: madeUp, preferences: [{ clinicId: 'K1' }], ...(credential ? { credential } : {}),
    });
    expect((await refusalOf(submit())).reason).toBe('IDENTITY_REQUIRED');
    expect((await refusalOf(submit(someoneElses))).reason).toBe('IDENTITY_MISMATCH');
    expect(counts(s)).toEqual({ tickets: 0, bookings: 0 });
    expect(delivered(s.dataDir).map((m) => m.to)).toEqual(['010-4444-5555']); // no code went to the made-up phone
  });

  it('refuses a roster person without a credential, books them once with it, and refuses their credential for anyone else', async () => {
    const s = await start();
    const refused = await refusalOf(s.client.queue.join.mutate({ campaignId: CAMPAIGN, person: mother }));
    expect(refused).toMatchObject({ reason: 'IDENTITY_REQUIRED', httpStatus: 401 });
    expect(counts(s)).toEqual({ tickets: 0, bookings: 0 });

    const credential = await verify(s, mother);
    const admissionToken = await letIn(s, mother, credential);
    const book = (key: string, extra: { credential?: string } = { credential }) => s.client.booking.submit.mutate({ admissionToken, idempotencyKey: key, person: mother, preferences: [{ clinicId: 'K1' }], ...extra });
    expect((await refusalOf(book('mother-0', {}))).reason).toBe('IDENTITY_REQUIRED');
    const booked = await book('mother-1');
    expect(booked.appointments).toHaveLength(2);
    expect(await book('mother-1')).toEqual(booked); // the same request again: the same answer
    expect((await refusalOf(book('mother-2'))).reason).toBe('ADMISSION_USED');
    expect(counts(s)).toEqual({ tickets: 1, bookings: 1 });

    // Her credential, reused for her husband (same phone, also on the roster): refused at the door and at the booking.
    expect((await refusalOf(s.client.queue.join.mutate({ campaignId: CAMPAIGN, person: father, credential }))).reason).toBe('IDENTITY_MISMATCH');
    expect((await refusalOf(s.client.booking.submit.mutate({ admissionToken: s.mint(father), idempotencyKey: 'father-1', person: father, credential, preferences: [{ clinicId: 'K1' }] }))).reason).toBe('IDENTITY_MISMATCH');
    // With his own, from the same phone (a family), he books.
    const his = await verify(s, father);
    expect((await s.client.booking.submit.mutate({ admissionToken: await letIn(s, father, his), idempotencyKey: 'father-2', person: father, credential: his, preferences: [{ clinicId: 'K1' }] })).code).toBeTruthy();
    expect(counts(s)).toEqual({ tickets: 2, bookings: 2 });
  });

  it('refuses the sixth answer to a code even when it is right; bad codes, unknown challenges and expired credentials change nothing', async () => {
    const s = await start();
    const { challengeId, code } = await codeFor(s, neighbour);
    const wrong = code === '999999' ? '000000' : String(Number(code) + 1).padStart(6, '0');
    for (let i = 0; i < 5; i++) {
      expect(await refusalOf(s.client.identity.confirm.mutate({ challengeId, code: wrong }))).toMatchObject({ reason: 'IDENTITY_MISMATCH', details: { triesLeft: 4 - i } });
    }
    expect((await refusalOf(s.client.identity.confirm.mutate({ challengeId, code }))).reason).toBe('RATE_LIMITED');

    const before = snapshot(s.app) + JSON.stringify(s.app.sqlite.prepare('SELECT * FROM identity_challenges ORDER BY id').all());
    expect((await refusalOf(s.client.identity.confirm.mutate({ challengeId, code: '12a456' }))).reason).toBe('INVALID_INPUT');
    expect((await refusalOf(s.client.identity.confirm.mutate({ challengeId: 'AAAAAAAAAAAAAAAAAAAAAA', code }))).reason).toBe('NOT_FOUND');
    expect(snapshot(s.app) + JSON.stringify(s.app.sqlite.prepare('SELECT * FROM identity_challenges ORDER BY id').all())).toBe(before);

    const credential = await verify(s, mother);
    s.clock.now = Date.parse(verified.cohorts[1]!.closesAt) + 1000; // the campaign has closed: so has the credential
    const expired = await refusalOf(s.client.queue.join.mutate({ campaignId: CAMPAIGN, person: mother, credential }));
    expect(expired).toMatchObject({ reason: 'IDENTITY_REQUIRED', details: { credential: 'expired' } });
    expect(counts(s)).toEqual({ tickets: 0, bookings: 0 });
  });
});

describe('with the waiting room in Redis', () => {
  let redis: RedisServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await redis?.stop();
    redis = undefined;
  });

  it('refuses and admits the same people as the SQLite room: the check runs before either store', async () => {
    redis = await startRedis();
    const s = await start({ redis: redis.url });
    expect((await refusalOf(s.client.queue.join.mutate({ campaignId: CAMPAIGN, person: madeUp }))).reason).toBe('IDENTITY_REQUIRED');
    expect((await refusalOf(s.client.queue.join.mutate({ campaignId: CAMPAIGN, person: mother }))).reason).toBe('IDENTITY_REQUIRED');
    const credential = await verify(s, mother);
    expect((await refusalOf(s.client.queue.join.mutate({ campaignId: CAMPAIGN, person: father, credential }))).reason).toBe('IDENTITY_MISMATCH');
    const admissionToken = await letIn(s, mother, credential);
    expect((await s.client.booking.submit.mutate({ admissionToken, idempotencyKey: 'redis-mother', person: mother, credential, preferences: [{ clinicId: 'K1' }] })).code).toBeTruthy();
    expect(counts(s)).toMatchObject({ bookings: 1 });
  });
});

describe('the outbox across kill -9', () => {
  let provider: Server | undefined;
  let serving: ServerProcess | undefined;
  afterEach(async () => {
    if (serving) await killHard(serving.child);
    serving = undefined;
    await new Promise((r) => (provider ? provider.close(r) : r(undefined)));
    provider = undefined;
  });

  it('loses no code queued for a provider that is down when the server is killed', async () => {
    const dataDir = tempDataDir();
    const demo = await runCli(['demo', '--opens-in', '3600', '--clinics', '2', '--days', '1'], dataDir);
    expect(demo.stdout).toContain(DEMO_PEOPLE_FILE);
    const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8'));
    writeFileSync(join(dataDir, 'secrets.json'), JSON.stringify({ ...secrets, outboxToken: 'provider-token' }), { mode: 0o600 });
    const people = readFileSync(join(dataDir, DEMO_PEOPLE_FILE), 'utf8').trim().split('\n').slice(1).map((l) => {
      const [name, birthDate, phone] = l.split(',');
      return { name: name!, birthDate: birthDate!, phone: phone! };
    });
    // The provider: down (503) until told otherwise; it keeps what it accepted, by phone.
    let up = false;
    const received = new Map<string, string>();
    const tokens = new Set<string>();
    provider = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        tokens.add(String(req.headers.authorization));
        if (!up) return void res.writeHead(503).end();
        const m = JSON.parse(body) as { to: string; text: string };
        received.set(m.to, m.text);
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((r) => provider!.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/send`;

    serving = await spawnServer(dataDir, ['--outbox-url', url]);
    let client: Client = makeClient(serving.url);
    const challenges = [];
    for (const person of people) challenges.push(await client.identity.start.mutate({ campaignId: 'covid19-50s', person }));
    // Every code tried once and waiting for its retry (not in the middle of a try, whose 30 s lease would only delay the test).
    const queued = () => {
      const storage = openStorage(dataDir, { readonly: true });
      try {
        return storage.sqlite.prepare('SELECT count(*) FROM outbox WHERE sent_at IS NULL AND last_error IS NOT NULL').pluck().get() as number;
      } finally {
        storage.sqlite.close();
      }
    };
    await until('every code tried and queued for a retry', () => queued() === people.length);
    await killHard(serving.child);
    serving = undefined;
    expect(received.size).toBe(0);
    expect([...tokens]).toEqual(['Bearer provider-token']);

    up = true;
    serving = await spawnServer(dataDir, ['--outbox-url', url]);
    await until('every code delivered after the restart', () => received.size === people.length);
    expect([...received.keys()].sort()).toEqual(people.map((p) => p.phone).sort());
    // And the codes still work.
    client = makeClient(serving.url);
    const code = /(\d{6})/.exec(received.get(people[0]!.phone)!)![1]!;
    expect((await client.identity.confirm.mutate({ challengeId: challenges[0]!.challengeId, code })).credential).toMatch(/^c1\./);
  });
});
