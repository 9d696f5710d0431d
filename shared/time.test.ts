/** Seoul calendar arithmetic. */
import { describe, expect, it } from 'vitest';
import { addDays, isCalendarDate, seoulDate, seoulInstant, toSeoulIso } from './time';

describe('Seoul time', () => {
  it('puts 20:00 KST at 11:00 UTC and round-trips through ISO', () => {
    const t = seoulInstant('2021-08-16', '20:00');
    expect(new Date(t).toISOString()).toBe('2021-08-16T11:00:00.000Z');
    expect(toSeoulIso(t)).toBe('2021-08-16T20:00:00.000+09:00');
    expect(Date.parse(toSeoulIso(t))).toBe(t);
  });

  it('dates an instant by the Seoul calendar, not UTC', () => {
    expect(seoulDate(Date.parse('2021-08-16T15:00:00Z'))).toBe('2021-08-17');
    expect(seoulDate(Date.parse('2021-08-16T14:59:59.999Z'))).toBe('2021-08-16');
  });

  it('adds days across months and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2021-08-17', 28)).toBe('2021-09-14');
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
  });
});
