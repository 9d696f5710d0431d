/**
 * A clinic's day as CSV for Excel, LibreOffice and Hangul Office: UTF-8 with a byte-order mark
 * (so Excel reads Hangul), RFC 4180 quoting and CRLF (csv-stringify), Korean headers, Seoul date
 * and time in their own columns. Phone numbers are written 010-1234-5678: with the hyphens they
 * are text to a spreadsheet, so the leading 0 stays. Any cell that a spreadsheet could take for a
 * formula (= + - @, tab, CR at the start) is prefixed with ' (OWASP's advice).
 */
import { stringify } from 'csv-stringify/sync';
import type { ClinicDay } from '../../shared/clinic';
import { formatCode } from '../../shared/code';

export const CSV_HEADERS = ['날짜', '시간', '차수', '예약번호', '이름', '생년월일', '전화번호'];

/** A phone number in the export is text, not a formula: only digits and hyphens pass. */
function inert(cell: string, keepPhone = false): string {
  if (keepPhone && /^0\d{1,2}-\d{3,4}-\d{4}$/.test(cell)) return cell;
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export function dayToCsv(day: ClinicDay): string {
  const rows = day.slots.flatMap((slot) => slot.bookings.map((b) => [
    day.date, slot.time, `${slot.dose}차`, inert(formatCode(b.code)), inert(b.name), inert(b.birthDate), inert(b.phone, true),
  ]));
  return stringify([CSV_HEADERS, ...rows], { bom: true, record_delimiter: '\r\n', quoted_match: /[",\r\n]/ });
}

/** Content-Disposition with an ASCII fallback and the clinic's name in UTF-8 (RFC 6266). */
export function csvFileName(day: ClinicDay): string {
  const ascii = `clinic-${day.clinicId}-${day.date}.csv`;
  const utf8 = encodeURIComponent(`${day.clinicName}-${day.date}.csv`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}
