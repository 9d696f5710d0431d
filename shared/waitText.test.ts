/** The estimated wait as people read it. */
import { describe, expect, it } from 'vitest';
import { formatWait } from './waitText';

describe('formatWait', () => {
  it('reads as a range of minutes, Korean first, narrowing to one figure', () => {
    expect(formatWait([190, 230], 'ko')).toBe('약 3–4분');
    expect(formatWait([190, 230], 'en')).toBe('about 3–4 min');
    expect(formatWait([180, 230], 'ko')).toBe('약 3–4분');
    expect(formatWait([121, 175], 'ko')).toBe('약 2–3분');
    expect(formatWait([125, 178], 'en')).toBe('about 2–3 min');
    expect(formatWait([10, 50], 'ko')).toBe('1분 이내');
    expect(formatWait([10, 50], 'en')).toBe('under a minute');
    expect(formatWait([30, 70], 'ko')).toBe('약 1–2분');
    expect(formatWait([3000, 5400], 'ko')).toBe('약 50분–1시간 30분');
    expect(formatWait([3600, 7200], 'en')).toBe('about 1 h–2 h');
  });
});
