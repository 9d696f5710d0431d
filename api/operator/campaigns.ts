/** Checks a campaign before it replaces the schedule: times in order, and no birth date in two cohorts that are open at once. */
import type { Campaign, Cohort } from '../../shared/schedule';
import { isCalendarDate } from '../../shared/time';

function windowsOverlap(a: Cohort, b: Cohort): boolean {
  return Date.parse(a.prequeueFrom) < Date.parse(b.closesAt) && Date.parse(b.prequeueFrom) < Date.parse(a.closesAt);
}

function birthsOverlap(a: Cohort, b: Cohort): boolean {
  if (a.birthTo < b.birthFrom || b.birthTo < a.birthFrom) return false;
  if (!a.birthDayDigits || !b.birthDayDigits) return true;
  return a.birthDayDigits.some((d) => b.birthDayDigits!.includes(d));
}

export function campaignProblems(c: Campaign): string[] {
  const problems: string[] = [];
  if (c.doses === 2 && c.intervalDays < 1) problems.push('a two-dose campaign needs an interval of at least one day');
  const ids = new Set<string>();
  for (const k of c.cohorts) {
    if (ids.has(k.id)) problems.push(`cohort ${k.id} appears twice`);
    ids.add(k.id);
    if (!isCalendarDate(k.birthFrom) || !isCalendarDate(k.birthTo) || k.birthFrom > k.birthTo) problems.push(`${k.id}: birth dates must be real and in order`);
    const [pre, open, close] = [Date.parse(k.prequeueFrom), Date.parse(k.opensAt), Date.parse(k.closesAt)];
    if ([pre, open, close].some(Number.isNaN)) problems.push(`${k.id}: times must be ISO 8601 with an offset`);
    else if (!(pre <= open && open < close)) problems.push(`${k.id}: the pre-queue must start no later than the opening, and the opening come before the close`);
  }
  c.cohorts.forEach((a, i) => c.cohorts.slice(i + 1).forEach((b) => {
    if (windowsOverlap(a, b) && birthsOverlap(a, b)) problems.push(`${a.id} and ${b.id} are open at the same time for some of the same birth dates`);
  }));
  return problems;
}
