/**
 * A campaign's eligibility roster from a registry's CSV (`name,birth_date,phone`): streamed line
 * by line into one transaction, in batches of inserts, so 1.5 million rows load with bounded
 * memory and all or nothing. Each person is kept only as the keyed hash of the identity that the
 * booking's uniqueness uses (api/identity.ts). The file is the whole roster: it replaces the
 * campaign's previous one. A bad row stops the import, names its line, and changes nothing.
 */
import type Database from 'better-sqlite3';
import type { ImportProblem } from '../../shared/operatorProblems';
import { personSchema } from '../../shared/person';
import { personKey } from '../identity';
import { linesOf, linesOfText } from './lines';

export const ROSTER_HEADER = 'name,birth_date,phone';
/** Rows per multi-row INSERT: fewer statement runs, same transaction. */
const BATCH = 500;

export class RosterError extends Error {
  /** `code` and `column` let a page say it in its own language (shared/operatorProblems.ts). */
  constructor(readonly line: number, problem: string, readonly code?: ImportProblem, readonly column?: string, readonly params?: Record<string, string | number>) {
    super(`line ${line}: ${problem}`);
  }
}

/** A person field's problem, by the roster column it came from. */
const FIELD_PROBLEM: Record<string, { code: ImportProblem; column: string }> = {
  name: { code: 'name_format', column: 'name' },
  birthDate: { code: 'birth_date_format', column: 'birth_date' },
  phone: { code: 'mobile_format', column: 'phone' },
};

export class UnknownCampaign extends Error {
  constructor(campaignId: string) {
    super(`no campaign ${campaignId}`);
  }
}

export interface RosterResult {
  campaignId: string;
  /** Rows read (people listed, duplicates included). */
  rows: number;
  /** Distinct people now on the roster. */
  people: number;
}

/** One CSV line's fields (RFC 4180 quoting, no line breaks inside a field: names, dates and phones have none). */
export function csvFields(text: string): string[] | null {
  if (!text.includes('"')) return text.split(',');
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) return null;
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(value);
      if (i === text.length) return fields;
      if (text[i] !== ',') return null;
      i++;
    } else {
      const comma = text.indexOf(',', i);
      fields.push(text.slice(i, comma === -1 ? text.length : comma));
      if (comma === -1) return fields;
      i = comma + 1;
    }
  }
}

/** The person keys of a roster's rows, in order; throws RosterError at the first bad line. */
export function* rosterKeys(lines: Iterable<{ line: number; text: string }>, identityKey: Buffer): Generator<string> {
  let header = true;
  for (const { line, text } of lines) {
    if (header) {
      if (text.trim().toLowerCase() !== ROSTER_HEADER) throw new RosterError(line, `the header must be ${ROSTER_HEADER}`, 'header', undefined, { expected: ROSTER_HEADER });
      header = false;
      continue;
    }
    if (text.trim() === '') continue;
    const fields = csvFields(text);
    if (!fields || fields.length !== 3) throw new RosterError(line, 'expected 3 fields: name,birth_date,phone', 'cell_count', undefined, { count: fields?.length ?? 0, expected: 3 });
    const parsed = personSchema.safeParse({ name: fields[0], birthDate: fields[1]!.trim(), phone: fields[2] });
    if (!parsed.success) {
      const first = FIELD_PROBLEM[String(parsed.error.issues[0]?.path[0])];
      throw new RosterError(line, parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; '), first?.code, first?.column);
    }
    yield personKey(identityKey, parsed.data);
  }
  if (header) throw new RosterError(1, `the file is empty; the first line must be ${ROSTER_HEADER}`, 'empty_file', undefined, { expected: ROSTER_HEADER });
}

/** Replaces the campaign's roster with the keys given, in one transaction. */
export function replaceRoster(sqlite: Database.Database, campaignId: string, keys: Iterable<string>): RosterResult {
  if (!sqlite.prepare('SELECT 1 FROM campaigns WHERE id = ?').get(campaignId)) throw new UnknownCampaign(campaignId);
  const values = (n: number) => Array.from({ length: n }, () => '(?, ?)').join(', ');
  const insertBatch = sqlite.prepare(`INSERT OR IGNORE INTO roster (campaign_id, person_key) VALUES ${values(BATCH)}`);
  return sqlite.transaction(() => {
    sqlite.prepare('DELETE FROM roster WHERE campaign_id = ?').run(campaignId);
    let rows = 0;
    let batch: string[] = [];
    const flush = (statement: Database.Statement) => {
      statement.run(batch);
      batch = [];
    };
    for (const key of keys) {
      rows++;
      batch.push(campaignId, key);
      if (batch.length === BATCH * 2) flush(insertBatch);
    }
    if (batch.length > 0) flush(sqlite.prepare(`INSERT OR IGNORE INTO roster (campaign_id, person_key) VALUES ${values(batch.length / 2)}`));
    const people = sqlite.prepare('SELECT count(*) FROM roster WHERE campaign_id = ?').pluck().get(campaignId) as number;
    return { campaignId, rows, people };
  }).immediate();
}

/** `yeyak roster import`: the file's people become the campaign's roster, or nothing changes. */
export function importRoster(sqlite: Database.Database, identityKey: Buffer, campaignId: string, file: string): RosterResult {
  return replaceRoster(sqlite, campaignId, rosterKeys(linesOf(file), identityKey));
}

/** The operator console's upload: the same, from the text of a file (up to the import endpoint's 16 MiB). */
export function importRosterText(sqlite: Database.Database, identityKey: Buffer, campaignId: string, text: string): RosterResult {
  return replaceRoster(sqlite, campaignId, rosterKeys(linesOfText(text), identityKey));
}
