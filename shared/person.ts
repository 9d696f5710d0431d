/** A person as citizens enter them: name, birth date and mobile number, validated and normalized. */
import { z } from 'zod';
import { isCalendarDate, seoulDate } from './time';

/** Hangul syllables or Latin letters, words separated by one space, hyphen, apostrophe or dot. */
const NAME_RE = /^[가-힣A-Za-z]+(?:[ '.-][가-힣A-Za-z]+)*$/;

export const nameSchema = z
  .string()
  .transform((s) => s.normalize('NFC').trim().replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .min(1, 'name is empty')
      .max(40, 'name is longer than 40 characters')
      .regex(NAME_RE, 'name must be Hangul or Latin letters'),
  );

export const calendarDateSchema = z
  .string()
  .refine(isCalendarDate, 'must be a real calendar date, YYYY-MM-DD');

/** A birth date: a real date, not in the future (Seoul calendar), not before 1900. */
export const birthDateSchema = calendarDateSchema.refine(
  (d) => d >= '1900-01-01' && d <= seoulDate(Date.now()),
  'birth date must be between 1900-01-01 and today',
);

/** Normalizes a Korean mobile number to 01X-XXXX-XXXX (or 01X-XXX-XXXX for old numbers); null if it is none. */
export function normalizeMobile(raw: string): string | null {
  let digits = raw.replace(/[\s().-]/g, '');
  if (digits.startsWith('+82')) digits = `0${digits.slice(3)}`;
  else if (digits.startsWith('82') && digits.length >= 11) digits = `0${digits.slice(2)}`;
  const m = /^(01[016789])(\d{3,4})(\d{4})$/.exec(digits);
  if (!m) return null;
  if (m[1] === '010' && m[2]!.length !== 4) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

export const phoneSchema = z
  .string()
  .max(20, 'phone is too long')
  .transform((s, ctx) => {
    const phone = normalizeMobile(s);
    if (!phone) {
      ctx.addIssue({ code: 'custom', message: 'must be a Korean mobile number, 01X-XXXX-XXXX' });
      return z.NEVER;
    }
    return phone;
  });

export const personSchema = z.object({
  name: nameSchema,
  birthDate: birthDateSchema,
  phone: phoneSchema,
});

export type Person = z.output<typeof personSchema>;
export type PersonInput = z.input<typeof personSchema>;

/**
 * The identity of a person, the same however it was typed: case-folded name without spaces,
 * birth date, digits of the phone. The server keeps only a keyed hash of it.
 */
export function identityOf(person: Person): string {
  const name = person.name.toLowerCase().replace(/[ '.-]/g, '');
  return `${name}|${person.birthDate}|${person.phone.replace(/-/g, '')}`;
}
