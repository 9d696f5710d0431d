/** Person input: names (Hangul or Latin, NFC, trimmed, 1–40), real past birth dates, Korean mobile numbers. */
import { describe, expect, it } from 'vitest';
import { identityOf, normalizeMobile, personSchema } from './person';

const ok = { name: '김민수', birthDate: '1968-02-29', phone: '010-1234-5678' };

describe('personSchema', () => {
  it('normalizes names: NFC, trimmed, single spaces', () => {
    const decomposed = '김민수'.normalize('NFD');
    expect(personSchema.parse({ ...ok, name: `  ${decomposed} ` }).name).toBe('김민수');
    expect(personSchema.parse({ ...ok, name: 'Kim   Min-su' }).name).toBe('Kim Min-su');
  });

  it('refuses names that are empty, too long or not letters', () => {
    for (const name of ['', '   ', '김'.repeat(41), '김민수1', '<script>', 'Robert"); DROP TABLE', 'ㄱㄴㄷ', '金民洙']) {
      expect(personSchema.safeParse({ ...ok, name }).success, name).toBe(false);
    }
    expect(personSchema.safeParse({ ...ok, name: '김'.repeat(40) }).success).toBe(true);
  });

  it('accepts 29 February only in leap years, and no future dates', () => {
    expect(personSchema.safeParse({ ...ok, birthDate: '1968-02-29' }).success).toBe(true);
    expect(personSchema.safeParse({ ...ok, birthDate: '1967-02-29' }).success).toBe(false);
    expect(personSchema.safeParse({ ...ok, birthDate: '1968-13-01' }).success).toBe(false);
    expect(personSchema.safeParse({ ...ok, birthDate: '2999-01-01' }).success).toBe(false);
    expect(personSchema.safeParse({ ...ok, birthDate: '1968-2-9' }).success).toBe(false);
  });

  it('normalizes Korean mobile numbers and refuses others', () => {
    expect(normalizeMobile('01012345678')).toBe('010-1234-5678');
    expect(normalizeMobile('+82 10 1234 5678')).toBe('010-1234-5678');
    expect(normalizeMobile('011-123-4567')).toBe('011-123-4567');
    expect(normalizeMobile('010-123-4567')).toBeNull();
    expect(normalizeMobile('02-1234-5678')).toBeNull();
    expect(normalizeMobile('010-1234-567')).toBeNull();
  });

  it('gives one identity however the same person is typed', () => {
    const a = personSchema.parse({ name: 'Kim Min-su', birthDate: '1968-02-29', phone: '010 1234 5678' });
    const b = personSchema.parse({ name: 'KIM MINSU', birthDate: '1968-02-29', phone: '01012345678' });
    expect(identityOf(a)).toBe(identityOf(b));
  });
});
