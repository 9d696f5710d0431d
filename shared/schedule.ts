/**
 * The one schedule definition: which cohort a birth date belongs to and what it may do at an
 * instant. The server enforces it and the app displays it, from the same code and the same data
 * (`schedule.get`), so the time a citizen is shown is the time the server applies.
 */

export interface Cohort {
  id: string;
  label: string;
  labelEn: string;
  /** Inclusive birth-date range, YYYY-MM-DD. */
  birthFrom: string;
  birthTo: string;
  /** Only birth days (day of month) ending in these digits, as Korea did to spread load; null = all. */
  birthDayDigits: number[] | null;
  /** ISO 8601 instants with offset. */
  prequeueFrom: string;
  opensAt: string;
  closesAt: string;
}

export interface Campaign {
  id: string;
  name: string;
  nameEn: string;
  doses: 1 | 2;
  /** Days between the first and the second dose (0 for one dose). */
  intervalDays: number;
  /** 'verified': only people on the roster, with a credential from a phone check, may join or book; 'declared': whoever a request names. */
  identity: IdentityMode;
  cohorts: Cohort[];
}

export type IdentityMode = 'verified' | 'declared';

/** When a person's credential stops being valid: the close of the last of their cohorts (epoch ms), or null outside every cohort. */
export function credentialValidUntil(campaign: Campaign, birthDate: string): number | null {
  const cohorts = cohortsForBirthDate(campaign, birthDate);
  return cohorts.length === 0 ? null : Math.max(...cohorts.map((c) => Date.parse(c.closesAt)));
}

export type Eligibility =
  | { kind: 'open'; cohort: Cohort }
  | { kind: 'prequeue'; cohort: Cohort }
  | { kind: 'not_open_yet'; cohort: Cohort }
  | { kind: 'closed'; cohort: Cohort }
  | { kind: 'not_eligible' };

export function birthDateInCohort(cohort: Cohort, birthDate: string): boolean {
  if (birthDate < cohort.birthFrom || birthDate > cohort.birthTo) return false;
  if (!cohort.birthDayDigits) return true;
  const lastDigit = Number(birthDate.slice(-1));
  return cohort.birthDayDigits.includes(lastDigit);
}

/** The cohorts a birth date belongs to, earliest opening first. */
export function cohortsForBirthDate(campaign: Campaign, birthDate: string): Cohort[] {
  return campaign.cohorts
    .filter((c) => birthDateInCohort(c, birthDate))
    .sort((a, b) => Date.parse(a.opensAt) - Date.parse(b.opensAt));
}

/**
 * What a person born on `birthDate` may do at instant `nowMs`. Where several cohorts match (a
 * re-opening, say), an open one wins, then the next to open, then the last to have closed.
 */
export function eligibilityAt(campaign: Campaign, birthDate: string, nowMs: number): Eligibility {
  const cohorts = cohortsForBirthDate(campaign, birthDate);
  if (cohorts.length === 0) return { kind: 'not_eligible' };
  const open = cohorts.find((c) => Date.parse(c.opensAt) <= nowMs && nowMs < Date.parse(c.closesAt));
  if (open) return { kind: 'open', cohort: open };
  const upcoming = cohorts.find((c) => nowMs < Date.parse(c.opensAt));
  if (upcoming) {
    const inPrequeue = Date.parse(upcoming.prequeueFrom) <= nowMs;
    return { kind: inPrequeue ? 'prequeue' : 'not_open_yet', cohort: upcoming };
  }
  return { kind: 'closed', cohort: cohorts[cohorts.length - 1]! };
}
