/** The .ics builder: CRLF lines, UTC times, escaping and folding as RFC 5545 says. */
import { describe, expect, it } from 'vitest';
import { seoulInstant } from './time';
import { buildIcs, escapeText, foldLine, utcStamp } from './ics';

const octets = (s: string) => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, 'x').length;

describe('an iCalendar file', () => {
  const start = seoulInstant('2021-08-17', '09:30');
  const ics = buildIcs([{
    uid: 'ABCD2345-1@yeyak', start, minutes: 30, summary: '코로나19 50대 1차 접종',
    location: '종로구보건소, 서울특별시 종로구 자하문로19길 36; 02-2148-3520', description: '예약번호 ABCD-2345\n신분증',
  }], Date.parse('2021-08-16T11:05:00Z'));

  it('ends every line with CRLF and has the required properties', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = ics.split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines.some((l) => l.startsWith('PRODID:'))).toBe(true);
    expect(lines).toContain('END:VCALENDAR');
  });

  it('writes Seoul 09:30 as 00:30 UTC, and the end 30 minutes later', () => {
    expect(ics).toContain('DTSTART:20210817T003000Z\r\n');
    expect(ics).toContain('DTEND:20210817T010000Z\r\n');
    expect(ics).toContain('DTSTAMP:20210816T110500Z\r\n');
    expect(utcStamp(Date.parse('2021-12-31T23:59:59.999Z'))).toBe('20211231T235959Z');
  });

  it('escapes commas, semicolons, backslashes and newlines', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain('LOCATION:종로구보건소\\, 서울특별시 종로구 자하문로19길 36\\; 02-2148-3520');
    expect(unfolded).toContain('DESCRIPTION:예약번호 ABCD-2345\\n신분증');
  });

  it('folds lines over 75 octets without splitting a Korean character', () => {
    const long = `SUMMARY:${'가'.repeat(40)}`;
    const folded = foldLine(long);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(octets(p)).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(long);
    for (const line of ics.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75);
  });
});
