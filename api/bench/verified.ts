/** For `yeyak bench`: a verified copy of the demo campaign with a roster of bench people, and a verified join's body (the person and their credential), so a verified join's server CPU is measured beside today's. */
import type Database from 'better-sqlite3';
import { personSchema, type PersonInput } from '../../shared/person';
import type { Campaign } from '../../shared/schedule';
import type { Db } from '../db/open';
import { personKey } from '../identity';
import { credentialKeyOf, mintCredential } from '../phone/credential';
import { replaceRoster } from '../roster/import';
import { putCampaign } from '../schedule/write';
import type { Secrets } from '../secrets';
import { personNo } from './people';

export const VERIFIED_ID = 'bench-verified';
/** Bench people on the verified roster start here, apart from the declared joins' and the bookings'. */
const FIRST = 3_000_000;

/** Adds the verified campaign (the demo's cohorts) with `people` bench people on its roster. */
export function addVerifiedCampaign(storage: { sqlite: Database.Database; db: Db }, secrets: Pick<Secrets, 'identityKey'>, demo: Campaign, people: number, year: number): void {
  // Cohort ids are global: the copy's must not take the demo's cohorts away from it.
  putCampaign(storage.db, { ...demo, id: VERIFIED_ID, identity: 'verified', cohorts: demo.cohorts.map((c) => ({ ...c, id: `verified-${c.id}` })) });
  replaceRoster(storage.sqlite, VERIFIED_ID, (function* () {
    for (let i = 0; i < people; i++) yield personKey(secrets.identityKey, personSchema.parse(personNo(FIRST + i, year)));
  })());
}

/** queue.join's input for the i-th rostered person, with the credential their phone check would have given. */
export function verifiedJoin(secrets: Pick<Secrets, 'identityKey' | 'admissionKey'>, i: number, year: number, expiresAt: number): { campaignId: string; person: PersonInput; credential: string } {
  const person = personNo(FIRST + i, year);
  const key = personKey(secrets.identityKey, personSchema.parse(person));
  return { campaignId: VERIFIED_ID, person, credential: mintCredential(credentialKeyOf(secrets.admissionKey), { campaignId: VERIFIED_ID, personKey: key, expiresAt }) };
}
