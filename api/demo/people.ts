/**
 * The demo's eligible people: a roster of made-up residents born inside its cohorts (kept only as
 * keyed hashes, like any roster), and a short file of a few of them, 0600 in the data directory,
 * for a developer to type into the app. Deterministic: every demo has the same people.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { personSchema, type Person } from '../../shared/person';
import type { Campaign } from '../../shared/schedule';
import { personKey } from '../identity';
import { replaceRoster, ROSTER_HEADER } from '../roster/import';
import { OUTBOX_FILE } from '../outbox/transports';

const SURNAMES = '김이박최정강조윤장임한오서신권황안송류홍';
const GIVEN = ['민준', '서연', '지훈', '수빈', '현우', '지민', '영수', '미경', '성호', '은정', '재현', '혜진', '동욱', '경희', '상철', '정숙'];
/** People on the demo roster, per cohort. */
export const DEMO_ROSTER_PER_COHORT = 5_000;
/** People listed in the file. */
const LISTED = 10;

export const DEMO_PEOPLE_FILE = 'demo-people.csv';

/** The i-th demo person of a cohort: birth dates spread over its range, a phone of their own. */
export function demoPerson(campaign: Campaign, cohortIndex: number, i: number): Person {
  const cohort = campaign.cohorts[cohortIndex]!;
  const from = Date.parse(`${cohort.birthFrom}T00:00:00Z`);
  const days = Math.round((Date.parse(`${cohort.birthTo}T00:00:00Z`) - from) / 86_400_000) + 1;
  const birthDate = new Date(from + ((i * 37) % days) * 86_400_000).toISOString().slice(0, 10);
  const n = cohortIndex * DEMO_ROSTER_PER_COHORT + i;
  const name = `${SURNAMES[n % SURNAMES.length]}${GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length]}`;
  const phone = `010-${String(2000 + Math.floor(n / 10_000)).padStart(4, '0')}-${String(n % 10_000).padStart(4, '0')}`;
  return personSchema.parse({ name, birthDate, phone });
}

/** Writes the demo campaign's roster and the file of a few of its people; returns that file's path. */
export function writeDemoPeople(sqlite: Database.Database, identityKey: Buffer, dataDir: string, campaign: Campaign): { file: string; people: number } {
  const everyone = function* () {
    for (let c = 0; c < campaign.cohorts.length; c++) {
      for (let i = 0; i < DEMO_ROSTER_PER_COHORT; i++) yield personKey(identityKey, demoPerson(campaign, c, i));
    }
  };
  const { people } = replaceRoster(sqlite, campaign.id, everyone());
  const listed = campaign.cohorts.flatMap((_, c) => Array.from({ length: LISTED / 2 }, (_x, i) => demoPerson(campaign, c, i)));
  const file = join(dataDir, DEMO_PEOPLE_FILE);
  writeFileSync(file, `${ROSTER_HEADER}\n${listed.map((p) => `${p.name},${p.birthDate},${p.phone}`).join('\n')}\n`, { mode: 0o600 });
  return { file, people };
}

export function describeDemoPeople(file: string, people: number, outbox: string): string {
  return `  identity: verified — ${people} demo people on the roster; a few to try are in ${file} (cat it); `
    + `their phone codes go to ${outbox}`;
}
