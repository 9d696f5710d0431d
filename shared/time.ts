/** Asia/Seoul calendar arithmetic: KST is a fixed UTC+9 (no daylight saving since 1988), so plain arithmetic is exact. */

export const SEOUL_OFFSET_MS = 9 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (29 February only in leap years). */
export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** The Seoul calendar date (YYYY-MM-DD) of an instant. */
export function seoulDate(ms: number): string {
  return new Date(ms + SEOUL_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Seoul wall-clock time (HH:MM) of an instant. */
export function seoulTime(ms: number): string {
  return new Date(ms + SEOUL_OFFSET_MS).toISOString().slice(11, 16);
}

/** ISO 8601 with the +09:00 offset, to the millisecond: the wire format of every instant. */
export function toSeoulIso(ms: number): string {
  return new Date(ms + SEOUL_OFFSET_MS).toISOString().replace('Z', '+09:00');
}

/** The instant of a Seoul wall-clock time on a Seoul date ('2021-08-19', '20:00'). */
export function seoulInstant(date: string, time = '00:00'): number {
  return Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}+09:00`);
}

/** A calendar date moved by whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
