/** Each person's plan: up to three clinics in order, preferred first-dose days, and whether to join and book by themselves. */
import type { Preference } from '../../shared/inputs';
import { database, type Plan } from './db';

export const MAX_CHOICES = 3;

export function emptyPlan(personId: string): Plan {
  return { personId, clinicIds: [], dates: [], autoJoin: true, autoBook: false };
}

export async function getPlan(personId: string): Promise<Plan> {
  return (await (await database()).get('plans', personId)) ?? emptyPlan(personId);
}

export async function putPlan(plan: Plan): Promise<void> {
  await (await database()).put('plans', { ...plan, clinicIds: plan.clinicIds.slice(0, MAX_CHOICES) });
}

/** The booking's preferences: each chosen clinic in order, each with the preferred days, exact times and times of day (in their order). */
export function preferencesOf(plan: Plan): Preference[] {
  return plan.clinicIds.map((clinicId) => ({
    clinicId,
    ...(plan.dates.length ? { dates: [...plan.dates].sort() } : {}),
    ...(plan.bands?.length ? { bands: [...plan.bands] } : {}),
    ...(plan.times?.length ? { times: [...plan.times] } : {}),
  }));
}

/** Moves one choice up (-1) or down (+1). */
export function move(ids: string[], index: number, by: -1 | 1): string[] {
  const to = index + by;
  if (to < 0 || to >= ids.length) return ids;
  const out = [...ids];
  [out[index], out[to]] = [out[to]!, out[index]!];
  return out;
}
