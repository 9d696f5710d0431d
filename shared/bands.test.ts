/** Time bands by Seoul wall-clock time, whatever the instant's UTC date. */
import { describe, expect, it } from 'vitest';
import { bandOf, timeRange } from './bands';
import { seoulInstant } from './time';

describe('time bands', () => {
  it('splits the Seoul day at 12:00 and 18:00', () => {
    expect(bandOf(seoulInstant('2021-08-17', '00:00'))).toBe('morning');
    expect(bandOf(seoulInstant('2021-08-17', '11:59'))).toBe('morning');
    expect(bandOf(seoulInstant('2021-08-17', '12:00'))).toBe('afternoon');
    expect(bandOf(seoulInstant('2021-08-17', '17:59'))).toBe('afternoon');
    expect(bandOf(seoulInstant('2021-08-17', '18:00'))).toBe('evening');
    expect(bandOf(seoulInstant('2021-08-17', '23:59'))).toBe('evening');
  });

  it('holds an exact time in a one-minute range', () => {
    expect(timeRange('14:30')).toEqual([52_200_000, 52_260_000]);
    expect(timeRange('00:00')).toEqual([0, 60_000]);
  });
});
