/** The phone check on a real data directory (no HTTP): codes through the outbox, tries counted before they are compared, limits per phone, credentials that open only their own person's door. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { personSchema, type Person } from '../../shared/person';
import type { Campaign } from '../../shared/schedule';
import { openApp, type App } from '../app';
import { personKey } from '../identity';
import { Refusal } from '../refusal';
import { importRoster } from '../roster/import';
import { putCampaign } from '../schedule/write';
import { CODE_TTL_MS, CODES_PER_WINDOW, CODE_WINDOW_MS, PEOPLE_PER_PHONE } from './check';
import { mintCredential } from './credential';

const NOW = Date.parse('2021-08-10T00:00:00Z');
const campaign: Campaign = {
  id: 'c1', name: '테스트', nameEn: 'Test', doses: 1, intervalDays: 0, identity: 'verified',
  cohorts: [{
    id: 'k1', label: '50대', labelEn: '50s', birthFrom: '1960-01-01', birthTo: '1971-12-31', birthDayDigits: null,
    prequeueFrom: '2021-08-16T19:00:00+09:00', opensAt: '2021-08-16T20:00:00+09:00', closesAt: '2021-08-21T18:00:00+09:00',
  }],
};
const family = ['김엄마', '김아빠', '김첫째', '김둘째', '김셋째', '김넷째'].map((name, i) => personSchema.parse({ name, birthDate: `196${i}-03-0${i + 1}`, phone: '010-7777-0000' }));
const alone = personSchema.parse({ name: '박혼자', birthDate: '1965-05-05', phone: '010-8888-0000' });

let dir: string;
let app: App;
let clock: { now: number };

async function refusal(call: Promise<unknown>): Promise<Refusal> {
  try {
    await call;
  } catch (err) {
    if (err instanceof Refusal) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

/** The last code the outbox holds for a phone. */
function codeSentTo(phone: string): string {
  const text = app.sqlite.prepare('SELECT text FROM outbox WHERE "to" = ? ORDER BY id DESC LIMIT 1').pluck().get(phone) as string;
  return /(\d{6})/.exec(text)![1]!;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yeyak-phone-'));
  clock = { now: NOW };
  app = openApp({ dataDir: dir, clock: () => clock.now, sendOutbox: false });
  putCampaign(app.db, campaign);
  app.schedule.invalidate();
  const file = join(dir, 'roster.csv');
  writeFileSync(file, `name,birth_date,phone\n${[...family, alone].map((p) => `${p.name},${p.birthDate},${p.phone}`).join('\n')}\n`);
  importRoster(app.sqlite, app.secrets.identityKey, campaign.id, file);
});
afterEach(() => {
  app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('identity.start and identity.confirm', () => {
  it('sends a 6-digit code through the outbox and answers it with a credential valid until the cohort closes', async () => {
    const { challengeId, expiresAt } = await app.identity.start(campaign.id, alone, clock.now);
    expect(Date.parse(expiresAt)).toBe(NOW + CODE_TTL_MS);
    const code = codeSentTo(alone.phone);
    expect(code).toMatch(/^\d{6}$/);
    // Only a keyed hash of the code is stored.
    expect(JSON.stringify(app.sqlite.prepare('SELECT * FROM identity_challenges').all())).not.toContain(code);
    const confirmed = await app.identity.confirm(challengeId, code, clock.now);
    expect(Date.parse(confirmed.expiresAt)).toBe(Date.parse(campaign.cohorts[0]!.closesAt));
    expect(confirmed.credential).toMatch(/^c1\./);
    // Confirming again gives the same credential.
    expect((await app.identity.confirm(challengeId, code, clock.now)).credential).toBe(confirmed.credential);
  });

  it('refuses the sixth answer even when it is right, and counts wrong ones', async () => {
    const { challengeId } = await app.identity.start(campaign.id, alone, clock.now);
    const code = codeSentTo(alone.phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const r = await refusal(app.identity.confirm(challengeId, wrong, clock.now));
      expect(r.reason).toBe('IDENTITY_MISMATCH');
      expect(r.details).toMatchObject({ triesLeft: 4 - i });
    }
    expect((await refusal(app.identity.confirm(challengeId, code, clock.now))).reason).toBe('RATE_LIMITED');
  });

  it('refuses an expired code, an unknown challenge, and a person not on the roster, changing nothing', async () => {
    const { challengeId } = await app.identity.start(campaign.id, alone, clock.now);
    const code = codeSentTo(alone.phone);
    clock.now += CODE_TTL_MS;
    expect((await refusal(app.identity.confirm(challengeId, code, clock.now))).reason).toBe('IDENTITY_REQUIRED');
    expect((await refusal(app.identity.confirm('AAAAAAAAAAAAAAAAAAAAAA', code, clock.now))).reason).toBe('NOT_FOUND');
    const before = app.sqlite.prepare('SELECT count(*) FROM outbox').pluck().get();
    const madeUp = personSchema.parse({ name: '가짜사람', birthDate: '1966-06-06', phone: '010-9999-0000' });
    expect((await refusal(app.identity.start(campaign.id, madeUp, clock.now))).reason).toBe('NOT_ELIGIBLE');
    expect(app.sqlite.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(before);
  });

  it(`sends one phone ${CODES_PER_WINDOW} codes per window, and lets it verify at most ${PEOPLE_PER_PHONE} people`, async () => {
    for (let i = 0; i < CODES_PER_WINDOW; i++) await app.identity.start(campaign.id, family[0]!, clock.now);
    expect((await refusal(app.identity.start(campaign.id, family[0]!, clock.now))).reason).toBe('RATE_LIMITED');
    clock.now += CODE_WINDOW_MS + 1;
    const verify = async (p: Person) => {
      const { challengeId } = await app.identity.start(campaign.id, p, clock.now);
      clock.now += CODE_WINDOW_MS + 1; // the next code is not held back by the resend limit
      return app.identity.confirm(challengeId, codeSentTo(p.phone), clock.now - CODE_WINDOW_MS);
    };
    for (const p of family.slice(0, PEOPLE_PER_PHONE)) await verify(p);
    const sixth = await refusal(verify(family[PEOPLE_PER_PHONE]!));
    expect(sixth.reason).toBe('FORBIDDEN');
  });

  it('a credential opens only its own person and campaign, and only while the person is on the roster', async () => {
    const { challengeId } = await app.identity.start(campaign.id, alone, clock.now);
    const { credential } = await app.identity.confirm(challengeId, codeSentTo(alone.phone), clock.now);
    clock.now = Date.parse(campaign.cohorts[0]!.opensAt) + 1000;
    await app.ready;
    expect((await app.queue.join(campaign.id, alone, clock.now, undefined, credential)).state).toBe('waiting');
    expect((await refusal(app.queue.join(campaign.id, family[0]!, clock.now, undefined, credential))).reason).toBe('IDENTITY_MISMATCH');
    expect((await refusal(app.queue.join(campaign.id, family[0]!, clock.now))).reason).toBe('IDENTITY_REQUIRED');
    const otherCampaign = mintCredential(app.secrets.credentialKey, { campaignId: 'other', personKey: personKey(app.secrets.identityKey, alone), expiresAt: clock.now + 60_000 });
    expect((await refusal(app.queue.join(campaign.id, alone, clock.now, undefined, otherCampaign))).reason).toBe('IDENTITY_MISMATCH');
    const forged = `${credential.slice(0, -4)}AAAA`;
    expect((await refusal(app.queue.join(campaign.id, alone, clock.now, undefined, forged))).reason).toBe('IDENTITY_REQUIRED');
    // Taken off the roster: the credential no longer opens anything.
    app.sqlite.prepare('DELETE FROM roster').run();
    expect((await refusal(app.queue.join(campaign.id, alone, clock.now, undefined, credential))).reason).toBe('NOT_ELIGIBLE');
  });
});
