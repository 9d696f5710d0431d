/** The public-holiday rule against the official calendars of 2025 and 2026, and the substitute rules on later years. */
import { describe, expect, it } from 'vitest';
import { holidayOn, holidaysKnown, holidaysOf } from './holidays';

const dates = (year: number) => holidaysOf(year).map((h) => h.date);

describe('Korean public holidays', () => {
  it('matches the official 2025 calendar, substitutes included', () => {
    expect(dates(2025)).toEqual([
      '2025-01-01', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-03-01', '2025-03-03',
      '2025-05-05', '2025-05-06', '2025-06-03', '2025-06-06', '2025-08-15', '2025-10-03', '2025-10-05',
      '2025-10-06', '2025-10-07', '2025-10-08', '2025-10-09', '2025-12-25',
    ]);
    expect(holidayOn('2025-05-05')?.name).toBe('어린이날·부처님오신날');
    expect(holidayOn('2025-05-06')?.name).toBe('대체공휴일(어린이날)');
    expect(holidayOn('2025-10-08')?.name).toBe('대체공휴일(추석)');
  });

  it('matches the official 2026 calendar: Saturday holidays move to Monday, a Saturday in 추석 does not', () => {
    expect(dates(2026)).toEqual([
      '2026-01-01', '2026-02-16', '2026-02-17', '2026-02-18', '2026-03-01', '2026-03-02', '2026-05-05',
      '2026-05-24', '2026-05-25', '2026-06-03', '2026-06-06', '2026-08-15', '2026-08-17', '2026-09-24',
      '2026-09-25', '2026-09-26', '2026-10-03', '2026-10-05', '2026-10-09', '2026-12-25',
    ]);
  });

  it('gives substitutes for a Sunday in 설날, weekend 광복절, 개천절, 한글날 and 성탄절 in 2027, none for 신정 or 현충일', () => {
    const subs = holidaysOf(2027).filter((h) => h.name.startsWith('대체')).map((h) => h.date);
    expect(subs).toEqual(['2027-02-08', '2027-08-16', '2027-10-04', '2027-10-11', '2027-12-27']);
    expect(holidayOn('2027-06-07')).toBeNull(); // 현충일 on a Sunday has no substitute
  });

  it('gives one substitute when 추석 and 개천절 share a day (2028)', () => {
    expect(holidayOn('2028-10-03')?.name).toBe('개천절·추석');
    expect(holidayOn('2028-10-05')?.name).toBe('대체공휴일(개천절)');
    expect(holidayOn('2028-10-06')).toBeNull();
  });

  it('knows 1 January in every year, and says which years it knows fully', () => {
    expect(holidayOn('2031-01-01')?.name).toBe('신정');
    expect(holidayOn('2026-01-02')).toBeNull();
    expect(holidaysKnown(2027)).toBe(true);
    expect(holidaysKnown(2031)).toBe(false);
  });
});
