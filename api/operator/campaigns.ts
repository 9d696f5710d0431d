/** Checks a campaign before it replaces the schedule: times in order, and no birth date in two cohorts that are open at once. */
import type Database from 'better-sqlite3';
import type { ScheduleCheck, ScheduleProblem } from '../../shared/operatorProblems';
import type { Campaign, Cohort } from '../../shared/schedule';
import { isCalendarDate } from '../../shared/time';

function windowsOverlap(a: Cohort, b: Cohort): boolean {
  return Date.parse(a.prequeueFrom) < Date.parse(b.closesAt) && Date.parse(b.prequeueFrom) < Date.parse(a.closesAt);
}

const check = (problem: ScheduleProblem, message: string, cohorts?: string[]): ScheduleCheck => ({ problem, message, ...(cohorts ? { cohorts } : {}) });

function birthsOverlap(a: Cohort, b: Cohort): boolean {
  if (a.birthTo < b.birthFrom || b.birthTo < a.birthFrom) return false;
  if (!a.birthDayDigits || !b.birthDayDigits) return true;
  return a.birthDayDigits.some((d) => b.birthDayDigits!.includes(d));
}

export function campaignProblems(c: Campaign): ScheduleCheck[] {
  const problems: ScheduleCheck[] = [];
  if (c.doses === 2 && c.intervalDays < 1) problems.push(check('interval', 'a two-dose campaign needs an interval of at least one day'));
  const ids = new Set<string>();
  for (const k of c.cohorts) {
    if (ids.has(k.id)) problems.push(check('duplicate_cohort', `cohort ${k.id} appears twice`, [k.id]));
    ids.add(k.id);
    if (!isCalendarDate(k.birthFrom) || !isCalendarDate(k.birthTo) || k.birthFrom > k.birthTo) problems.push(check('birth_dates', `${k.id}: birth dates must be real and in order`, [k.id]));
    const [pre, open, close] = [Date.parse(k.prequeueFrom), Date.parse(k.opensAt), Date.parse(k.closesAt)];
    if ([pre, open, close].some(Number.isNaN)) problems.push(check('time_format', `${k.id}: times must be ISO 8601 with an offset`, [k.id]));
    else if (!(pre <= open && open < close)) problems.push(check('time_order', `${k.id}: the pre-queue must start no later than the opening, and the opening come before the close`, [k.id]));
  }
  c.cohorts.forEach((a, i) => c.cohorts.slice(i + 1).forEach((b) => {
    if (windowsOverlap(a, b) && birthsOverlap(a, b)) problems.push(check('overlap', `${a.id} and ${b.id} are open at the same time for some of the same birth dates`, [a.id, b.id]));
  }));
  return problems;
}

/** What the stored data forbids: a change that would break bookings, tickets or a shuffle already done. */
export function storedProblems(sqlite: Database.Database, c: Campaign): ScheduleCheck[] {
  const problems: ScheduleCheck[] = [];
  const current = sqlite.prepare('SELECT doses, interval_days AS intervalDays FROM campaigns WHERE id = ?').get(c.id) as { doses: number; intervalDays: number } | undefined;
  const booked = (sqlite.prepare('SELECT count(*) AS n FROM bookings WHERE campaign_id = ?').get(c.id) as { n: number }).n;
  if (current && booked > 0 && (current.doses !== c.doses || current.intervalDays !== c.intervalDays)) {
    problems.push(check('doses_fixed', 'doses and the interval cannot change once people have booked'));
  }
  const ids = c.cohorts.map((k) => k.id);
  for (const k of c.cohorts) {
    const owner = sqlite.prepare('SELECT campaign_id AS campaignId, prequeue_from AS prequeueFrom, opens_at AS opensAt FROM cohorts WHERE id = ?')
      .get(k.id) as { campaignId: string; prequeueFrom: number; opensAt: number } | undefined;
    if (owner && owner.campaignId !== c.id) problems.push(check('cohort_elsewhere', `cohort id ${k.id} belongs to campaign ${owner.campaignId}`, [k.id]));
    const shuffled = sqlite.prepare('SELECT 1 FROM shuffles WHERE campaign_id = ? AND cohort_id = ?').get(c.id, k.id);
    if (owner && shuffled && (Date.parse(k.opensAt) !== owner.opensAt || Date.parse(k.prequeueFrom) !== owner.prequeueFrom)) {
      problems.push(check('shuffled', `${k.id}: its pre-queue has been shuffled, so its pre-queue and opening times are fixed`, [k.id]));
    }
  }
  const dropped = sqlite.prepare(`SELECT DISTINCT cohort_id AS id FROM tickets WHERE campaign_id = ? AND cohort_id NOT IN (SELECT value FROM json_each(?))`)
    .all(c.id, JSON.stringify(ids)) as Array<{ id: string }>;
  for (const d of dropped) problems.push(check('queued', `${d.id} cannot be removed: people are queued in it`, [d.id]));
  return problems;
}
