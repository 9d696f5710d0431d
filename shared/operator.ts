/** What the operator console reads and sends. */
import { z } from 'zod';
import type { HeadView } from './waiting';

export interface Dashboard {
  at: string;
  queues: HeadView[];
  /** Bookings made over the last ten seconds, per second. */
  bookingsPerSecond: number;
  freeByRegion: Array<{ region: string; free: number }>;
  refusals: Array<{ reason: string; count: number }>;
}

const iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)) && /[+-]\d\d:\d\d$|Z$/.test(s), 'ISO 8601 with an offset');

export const cohortSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  label: z.string().min(1).max(60),
  labelEn: z.string().min(1).max(60),
  birthFrom: z.string(),
  birthTo: z.string(),
  birthDayDigits: z.array(z.number().int().min(0).max(9)).min(1).max(10).nullable(),
  prequeueFrom: iso,
  opensAt: iso,
  closesAt: iso,
});

export const campaignSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  name: z.string().min(1).max(100),
  nameEn: z.string().min(1).max(100),
  doses: z.union([z.literal(1), z.literal(2)]),
  intervalDays: z.number().int().min(0).max(365),
  /** Absent: verified (only people on the roster, with a phone check); 'declared' is for load tests. */
  identity: z.enum(['verified', 'declared']).default('verified'),
  cohorts: z.array(cohortSchema).min(1).max(50),
});
