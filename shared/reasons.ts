/** The refusal reasons of the public contract: every refused call carries exactly one in `data.reason`. */

export const REASONS = [
  'INVALID_INPUT',
  'NOT_OPEN_YET',
  'NOT_ELIGIBLE',
  'ADMISSION_REQUIRED',
  'ADMISSION_EXPIRED',
  'ADMISSION_USED',
  'ADMISSION_MISMATCH',
  'SLOTS_FULL',
  'ALREADY_BOOKED',
  'RATE_LIMITED',
  'NOT_FOUND',
  'FORBIDDEN',
  'IDENTITY_REQUIRED',
  'IDENTITY_MISMATCH',
] as const;

export type Reason = (typeof REASONS)[number];

export function isReason(value: unknown): value is Reason {
  return typeof value === 'string' && (REASONS as readonly string[]).includes(value);
}
