/**
 * Over real HTTP with the real tRPC client: alerts.subscribe ("text me when a place comes back") and
 * booking.lookup by the person (a booking made on another device) — who may use them, their limits,
 * bad input that changes nothing, and SLOTS_FULL saying soldOut only when nothing is left anywhere.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PersonInput } from '../shared/person';
import type { Campaign } from '../shared/schedule';
import { importRoster } from '../api/roster/import';
import { delivered } from './outbox';
import { AFTER_OPENING, fixtureCampaign, loadFixture } from './fixture';
import { refusalOf, startServer, type TestServer } from './harness';
import { until } from './wait';

const CAMPAIGN = fixtureCampaign.id;
const mother: PersonInput = { name: '김엄마', birthDate: '1967-05-05', phone: '010-1234-5678' };
const other: PersonInput = { name: '박다른', birthDate: '1968-02-02', phone: '010-2000-1000' };
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const alertRows = (s: TestServer) => s.app.sqlite.prepare('SELECT count(*) AS n FROM place_alerts').get();

function book(s: TestServer, person: PersonInput, key: string, clinicId = 'K1') {
  return s.client.booking.submit.mutate({ admissionToken: s.mint(person), campaignId: CAMPAIGN, idempotencyKey: key, person, preferences: [{ clinicId }] });
}

describe('alerts.subscribe and the places that come back', () => {
  it('signs a person up once, texts the oldest sign-ups once each as cancellations free places, and refuses bad input changing nothing', async () => {
    const s = server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: ['09:00'], capacity: 1 }]) });
    const { code } = await book(s, other, 'other-0001');
    // Nothing left anywhere: the refusal says so.
    expect(await refusalOf(book(s, mother, 'mother-001'))).toMatchObject({ reason: 'SLOTS_FULL', details: { soldOut: true, alternatives: [] } });

    expect((await refusalOf(s.client.alerts.subscribe.mutate({ campaignId: CAMPAIGN, person: { ...mother, phone: '02-123' } }))).reason).toBe('INVALID_INPUT');
    expect((await refusalOf(s.client.alerts.subscribe.mutate({ campaignId: 'no-such', person: mother }))).reason).toBe('NOT_FOUND');
    expect(alertRows(s)).toEqual({ n: 0 });

    const first = await s.client.alerts.subscribe.mutate({ campaignId: CAMPAIGN, person: mother });
    expect(Date.parse(first.nextOpensAt!)).toBe(Date.parse('2021-08-17T20:00:00+09:00'));
    expect(await s.client.alerts.subscribe.mutate({ campaignId: CAMPAIGN, person: mother })).toEqual(first); // a repeat changes nothing
    // Later sign-ups: with one place freed, three are told (not everyone for one place), oldest first.
    for (let i = 0; i < 4; i++) {
      s.clock.now += 1000;
      await s.client.alerts.subscribe.mutate({ campaignId: CAMPAIGN, person: { name: `대기자${'가나다라'[i]}`, birthDate: '1967-01-0' + (i + 1), phone: `010-3000-100${i}` } });
    }
    await until('five sign-up texts', () => delivered(s.dataDir).filter((m) => m.kind === 'place_alert_signup').length === 5);

    await s.client.booking.cancel.mutate({ code, birthDate: other.birthDate });
    await until('the place-back texts', () => delivered(s.dataDir).filter((m) => m.kind === 'place_alert').length === 3);
    expect(delivered(s.dataDir).filter((m) => m.kind === 'place_alert').map((m) => m.to)).toEqual(['010-1234-5678', '010-3000-1000', '010-3000-1001']);
    await s.client.booking.cancel.mutate({ code, birthDate: other.birthDate }); // already cancelled: frees nothing, tells nobody
    // The place is back: a refusal now is not "sold out".
    await book(s, mother, 'mother-002');
    expect(await refusalOf(book(s, { ...other, name: '박셋째' }, 'third-0001'))).toMatchObject({ reason: 'SLOTS_FULL', details: { soldOut: true } });
    expect(delivered(s.dataDir).filter((m) => m.kind === 'place_alert')).toHaveLength(3);
  });

  it('says soldOut false while another clinic still has places', async () => {
    const s = server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: ['09:00'], capacity: 1 }, { clinicId: 'K4', days: 1, times: ['09:00'], capacity: 1 }]) });
    await book(s, other, 'other-0001');
    // K4 is in Busan, not near K1: no alternative offered, but the campaign is not sold out.
    expect(await refusalOf(book(s, mother, 'mother-001'))).toMatchObject({ reason: 'SLOTS_FULL', details: { soldOut: false, alternatives: [] } });
  });
});

describe('booking.lookup by the person', () => {
  it('finds a booking made on another device by name, birth date and phone, with the limits of lookups', async () => {
    const s = server = await startServer({ now: AFTER_OPENING, setup: (app) => loadFixture(app, [{ clinicId: 'K1', days: 1, times: ['09:00'], capacity: 5 }]) });
    const { code } = await book(s, mother, 'mother-001');
    const found = await s.client.booking.lookup.mutate({ campaignId: CAMPAIGN, person: mother });
    expect(found).toMatchObject({ code, status: 'active', name: '김*마' });
    expect((await refusalOf(s.client.booking.lookup.mutate({ campaignId: CAMPAIGN, person: { ...mother, phone: '010-1234-5679' } }))).reason).toBe('NOT_FOUND');
    expect((await refusalOf(s.client.booking.lookup.mutate({ campaignId: CAMPAIGN, person: { ...mother, birthDate: '1967-13-01' } }))).reason).toBe('INVALID_INPUT');
    // The same 10 an hour as one code, whoever asks.
    const tries = [];
    for (let i = 0; i < 10; i++) tries.push(await s.client.booking.lookup.mutate({ campaignId: CAMPAIGN, person: mother }).then(() => 'ok', (e: Error) => e.message));
    expect(tries.filter((t) => t !== 'ok').length).toBeGreaterThan(0);
    expect((await refusalOf(s.client.booking.lookup.mutate({ campaignId: CAMPAIGN, person: mother }))).reason).toBe('RATE_LIMITED');
  });

  it('on a verified campaign, needs the person\'s own phone check: name, birth date and number are not enough', async () => {
    const verified: Campaign = { ...fixtureCampaign, identity: 'verified' };
    const s = server = await startServer({
      now: AFTER_OPENING,
      setup: (app) => {
        loadFixture(app, [{ clinicId: 'K1', days: 1, times: ['09:00'], capacity: 5 }], [verified]);
        const file = join(app.dataDir, 'roster.csv');
        writeFileSync(file, `name,birth_date,phone\n${mother.name},${mother.birthDate},${mother.phone}\n`);
        importRoster(app.sqlite, app.secrets.identityKey, CAMPAIGN, file);
      },
    });
    expect((await refusalOf(s.client.booking.lookup.mutate({ campaignId: CAMPAIGN, person: mother }))).reason).toBe('IDENTITY_REQUIRED');
    expect((await refusalOf(s.client.alerts.subscribe.mutate({ campaignId: CAMPAIGN, person: mother }))).reason).toBe('IDENTITY_REQUIRED');
    expect((await refusalOf(s.client.booking.lookup.mutate({ campaignId: CAMPAIGN, person: mother, credential: 'forged' }))).reason).toBe('IDENTITY_REQUIRED');
    expect(alertRows(s)).toEqual({ n: 0 });
  });
});
