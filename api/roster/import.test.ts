/** The roster import: the registry's CSV (BOM, CRLF, quotes) into keyed hashes only; a bad row names its line and changes nothing; a new file replaces the roster. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { personSchema } from '../../shared/person';
import { openStorage, type Storage } from '../db/open';
import { personKey } from '../identity';
import { putCampaign } from '../schedule/write';
import { csvFields, importRoster, RosterError } from './import';

const KEY = Buffer.alloc(32, 7);
let dir: string;
let storage: Storage;

const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const keys = () => storage.sqlite.prepare('SELECT person_key FROM roster ORDER BY person_key').pluck().all() as string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yeyak-roster-'));
  storage = openStorage(dir);
  putCampaign(storage.db, {
    id: 'c1', name: '테스트', nameEn: 'Test', doses: 1, intervalDays: 0, identity: 'verified',
    cohorts: [{ id: 'k1', label: 'a', labelEn: 'a', birthFrom: '1960-01-01', birthTo: '1971-12-31', birthDayDigits: null, prequeueFrom: '2021-08-16T19:00:00+09:00', opensAt: '2021-08-16T20:00:00+09:00', closesAt: '2021-08-21T18:00:00+09:00' }],
  });
});
afterEach(() => {
  storage.sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('roster import', () => {
  it('reads BOM, CRLF and quoted fields, and keeps only the keyed hash the booking uniqueness uses', () => {
    const file = write('r.csv', '\uFEFFname,birth_date,phone\r\n김민수,1967-01-02,010-1234-5678\r\n"Park  Ji-sung",1968-02-03,+82 10 2222 3333\r\n김민수,1967-01-02,01012345678\r\n');
    const r = importRoster(storage.sqlite, KEY, 'c1', file);
    expect(r).toEqual({ campaignId: 'c1', rows: 3, people: 2 });
    const expected = [
      personKey(KEY, personSchema.parse({ name: '김민수', birthDate: '1967-01-02', phone: '010-1234-5678' })),
      personKey(KEY, personSchema.parse({ name: 'park ji-sung', birthDate: '1968-02-03', phone: '010-2222-3333' })),
    ].sort();
    expect(keys()).toEqual(expected);
    expect(csvFields('"Kim, ""Jr""",1968-02-03,x')).toEqual(['Kim, "Jr"', '1968-02-03', 'x']);
    const dump = JSON.stringify(storage.sqlite.prepare('SELECT * FROM roster').all());
    expect(dump).not.toContain('김민수');
    expect(dump).not.toContain('1234');
  });

  it('stops at a bad row, names its line, and changes nothing', () => {
    importRoster(storage.sqlite, KEY, 'c1', write('good.csv', 'name,birth_date,phone\n김민수,1967-01-02,010-1234-5678\n'));
    const before = keys();
    const bad = write('bad.csv', `name,birth_date,phone\n${'이영희,1969-03-04,010-3333-4444\n'.repeat(1200)}박철수,1969-02-30,010-5555-6666\n`);
    expect(() => importRoster(storage.sqlite, KEY, 'c1', bad)).toThrow(RosterError);
    try {
      importRoster(storage.sqlite, KEY, 'c1', bad);
    } catch (err) {
      expect((err as RosterError).line).toBe(1202);
      expect((err as Error).message).toMatch(/^line 1202: birthDate/);
    }
    expect(keys()).toEqual(before);
    for (const [text, line] of [['name,phone\n', 1], ['name,birth_date,phone\n김민수,1967-01-02\n', 2], ['', 1], ['name,birth_date,phone\n"unclosed,1967-01-02,010-1234-5678\n', 2]] as const) {
      expect(() => importRoster(storage.sqlite, KEY, 'c1', write('x.csv', text)), text).toThrow(new RegExp(`^line ${line}:`));
    }
    expect(keys()).toEqual(before);
    expect(() => importRoster(storage.sqlite, KEY, 'nope', write('y.csv', 'name,birth_date,phone\n'))).toThrow(/no campaign/);
  });

  it('replaces the campaign\'s roster with the new file', () => {
    importRoster(storage.sqlite, KEY, 'c1', write('a.csv', 'name,birth_date,phone\n김민수,1967-01-02,010-1234-5678\n'));
    importRoster(storage.sqlite, KEY, 'c1', write('b.csv', 'name,birth_date,phone\n이영희,1969-03-04,010-3333-4444\n'));
    expect(keys()).toEqual([personKey(KEY, personSchema.parse({ name: '이영희', birthDate: '1969-03-04', phone: '010-3333-4444' }))]);
  });
});
