/**
 * Operators load clinics and slots from CSV, in the export's dialect (UTF-8, BOM allowed, comma,
 * RFC 4180, Korean headers). A file is checked whole first: any bad line and nothing is loaded,
 * every bad line named with its number. Loading the same file again changes nothing.
 */
import type Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { holidayOn } from '../../shared/holidays';
import { fill, HOLIDAY_TEXT } from '../../shared/messages';
import { isCalendarDate, seoulInstant } from '../../shared/time';
import { upsertClinics, type ClinicRecord } from '../catalog/clinics';
import { putSlots, type SlotRecord } from '../catalog/slots';
import type { Db } from '../db/open';
import { REGIONS } from '../demo/regions';
import type { ImportProblem, LineError } from '../../shared/operatorProblems';

export const CLINIC_COLUMNS = ['기관코드', '기관명', '시도', '시군구', '주소', '전화번호'] as const;
export const SLOT_COLUMNS = ['캠페인', '기관코드', '차수', '날짜', '시간', '정원'] as const;

export type { LineError };

export interface SlotImportOptions {
  /** Load slots on public holidays anyway (a health centre that really opens that day); by default such a file is refused. */
  allowHolidays?: boolean;
}

export type ImportResult = { ok: true; rows: number; changed: number } | { ok: false; errors: LineError[] };

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const LANDLINE = /^0\d{1,2}-\d{3,4}-\d{4}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const KNOWN_REGIONS = new Set(REGIONS.map((r) => r.region));

/** A line's problem without its line number: the English message and the code a page translates. */
type Problem = Omit<LineError, 'line'>;
const problem = (code: ImportProblem, message: string, column?: string, params?: LineError['params']): Problem =>
  ({ message, problem: code, ...(column ? { column } : {}), ...(params ? { params } : {}) });

/** Records with their line numbers, or the file's own error; the header must be exactly `columns`. */
function readCsv(text: string, columns: readonly string[]): { rows: Array<{ line: number; cells: string[] }>; errors: LineError[] } {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as never;
  } catch (err) {
    return { rows: [], errors: [{ line: (err as { lines?: number }).lines ?? 0, ...problem('not_csv', `not a CSV file: ${(err as Error).message}`) }] };
  }
  const [header, ...body] = records;
  if (!header || header.record.join(',') !== columns.join(',')) {
    return { rows: [], errors: [{ line: 1, ...problem('header', `the first line must be: ${columns.join(',')}`, undefined, { expected: columns.join(',') }) }] };
  }
  const errors: LineError[] = [];
  const rows = body.flatMap(({ record, info }) => {
    if (record.length !== columns.length) {
      errors.push({ line: info.lines, ...problem('cell_count', `${record.length} cells, expected ${columns.length}`, undefined, { count: record.length, expected: columns.length }) });
      return [];
    }
    return [{ line: info.lines, cells: record }];
  });
  return { rows, errors };
}

export function importClinics(db: Db, sqlite: Database.Database, text: string): ImportResult {
  const { rows, errors } = readCsv(text, CLINIC_COLUMNS);
  const seen = new Set<string>();
  const records: ClinicRecord[] = [];
  for (const { line, cells } of rows) {
    const [id, name, region, district, address, phone] = cells as [string, string, string, string, string, string];
    const problems = [
      !ID.test(id) && problem('id_format', `기관코드 "${id}" must be letters, digits, _ or -`, '기관코드', { value: id }),
      seen.has(id) && problem('duplicate_id', `기관코드 ${id} appears twice`, '기관코드', { value: id }),
      (name.length < 1 || name.length > 100) && problem('length', '기관명 must be 1 to 100 characters', '기관명', { min: 1, max: 100 }),
      !KNOWN_REGIONS.has(region) && problem('unknown_region', `시도 "${region}" is not one of the 17 시·도`, '시도', { value: region }),
      (district.length < 1 || district.length > 40) && problem('length', '시군구 must be 1 to 40 characters', '시군구', { min: 1, max: 40 }),
      (address.length < 1 || address.length > 200) && problem('length', '주소 must be 1 to 200 characters', '주소', { min: 1, max: 200 }),
      !LANDLINE.test(phone) && problem('landline_format', `전화번호 "${phone}" must look like 02-1234-5678`, '전화번호', { value: phone }),
    ].filter((p): p is Problem => typeof p === 'object');
    seen.add(id);
    for (const p of problems) errors.push({ line, ...p });
    if (problems.length === 0) records.push({ id, name, region, district, address, phone, active: true });
  }
  if (errors.length > 0) return { ok: false, errors };
  const changed = sqlite.transaction(() => upsertClinics(db, records)).immediate();
  return { ok: true, rows: records.length, changed };
}

/**
 * A slot on a public holiday is refused by default, the whole file with it: most clinics are closed
 * then and people expect to be, and a second dose pushed onto 1 January is a mistake far more often
 * than a plan. An operator who means it passes allowHolidays (CLI --allow-holidays).
 */
export function importSlots(sqlite: Database.Database, text: string, options: SlotImportOptions = {}): ImportResult {
  const { rows, errors } = readCsv(text, SLOT_COLUMNS);
  const campaigns = new Map((sqlite.prepare('SELECT id, doses FROM campaigns').all() as Array<{ id: string; doses: number }>).map((c) => [c.id, c.doses]));
  const clinicExists = sqlite.prepare('SELECT 1 FROM clinics WHERE id = ?');
  const bookedIn = sqlite.prepare('SELECT booked FROM slots WHERE campaign_id = ? AND clinic_id = ? AND dose = ? AND starts_at = ?');
  const seen = new Set<string>();
  const records: SlotRecord[] = [];
  for (const { line, cells } of rows) {
    const [campaignId, clinicId, doseText, date, time, capacityText] = cells as [string, string, string, string, string, string];
    // Strict forms: Number('') is 0 and Number('1e1') is 10, neither of which anyone meant.
    const dose = /^[12]차?$/.test(doseText) ? Number(doseText[0]) : NaN;
    const capacity = /^\d{1,5}$/.test(capacityText) ? Number(capacityText) : NaN;
    const doses = campaigns.get(campaignId);
    const startsAt = isCalendarDate(date) && TIME.test(time) ? seoulInstant(date, time) : NaN;
    const key = `${campaignId}/${clinicId}/${dose}/${startsAt}`;
    const booked = Number.isNaN(startsAt) ? undefined : (bookedIn.get(campaignId, clinicId, dose, startsAt) as { booked: number } | undefined)?.booked;
    const problems = [
      doses === undefined && problem('unknown_campaign', `캠페인 "${campaignId}" does not exist`, '캠페인', { value: campaignId }),
      !clinicExists.get(clinicId) && problem('unknown_clinic', `기관코드 "${clinicId}" is not a known clinic (import clinics first)`, '기관코드', { value: clinicId }),
      (!Number.isInteger(dose) || dose < 1 || (doses !== undefined && dose > doses))
        && problem('dose', `차수 "${doseText}" must be 1${doses === 2 ? ' or 2' : ''}`, '차수', { value: doseText, max: doses ?? 2 }),
      !isCalendarDate(date) && problem('date_format', `날짜 "${date}" must be YYYY-MM-DD`, '날짜', { value: date }),
      !TIME.test(time) && problem('time_format', `시간 "${time}" must be HH:MM`, '시간', { value: time }),
      (!Number.isInteger(capacity) || capacity < 0 || capacity > 10_000)
        && problem('capacity_range', `정원 "${capacityText}" must be a whole number from 0 to 10000`, '정원', { value: capacityText, max: 10_000 }),
      booked !== undefined && capacity < booked && problem('below_booked', `정원 ${capacity} is below the ${booked} already booked`, '정원', { value: capacity, booked }),
      seen.has(key) && problem('duplicate_slot', 'this slot appears twice'),
    ].filter((p): p is Problem => typeof p === 'object');
    seen.add(key);
    for (const p of problems) errors.push({ line, ...p });
    const holiday = isCalendarDate(date) && !options.allowHolidays ? holidayOn(date) : null;
    if (holiday) {
      const message = fill(HOLIDAY_TEXT.holidaySlot.en, { date, name: holiday.name });
      errors.push({ line, code: 'HOLIDAY', ...problem('holiday', message, '날짜', { value: date, name: holiday.name }) });
    }
    if (problems.length === 0 && !holiday) records.push({ campaignId, clinicId, dose, startsAt, capacity });
  }
  if (errors.length > 0) return { ok: false, errors };
  const changed = sqlite.transaction(() => putSlots(sqlite, records)).immediate();
  return { ok: true, rows: records.length, changed };
}
