/**
 * The demo campaign, shaped like the seed's night: a two-dose campaign for people in their 50s,
 * ages 53–54 opening a few minutes from now and ages 50–52 a day later, with ~250 clinics over
 * all 17 시·도 and their slots. Deterministic (seeded) apart from the opening time.
 */
import { holidayOn } from '../../shared/holidays';
import type { Campaign, IdentityMode } from '../../shared/schedule';
import { addDays, seoulDate, seoulInstant, toSeoulIso, DAY_MS } from '../../shared/time';
import { upsertClinics, type ClinicRecord } from '../catalog/clinics';
import { putSlots, type SlotRecord } from '../catalog/slots';
import type { Storage } from '../db/open';
import { putCampaign } from '../schedule/write';
import { PREFIXES, REGIONS, SPECIALTIES, STREETS } from './regions';

export interface DemoOptions {
  now: number;
  opensInSeconds?: number;
  clinics?: number;
  days?: number;
  capacity?: number;
  /** 'verified' (the CLI's default): a roster of demo people is written too; 'declared': anyone named books (load tests, benchmarks). */
  identity: IdentityMode;
}

export const DEMO_CAMPAIGN_ID = 'covid19-50s';
/** Half-hourly slots, lunch hour off. */
export const SLOT_TIMES = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30', '17:00', '17:30'];

/** mulberry32: a tiny seeded PRNG, so every demo has the same clinics. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function demoClinics(count: number): ClinicRecord[] {
  const rand = seeded(2021);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const totalWeight = REGIONS.reduce((s, r) => s + r.weight, 0);
  // Every 시·도 gets at least one clinic; the rest follow population.
  const shares = REGIONS.map((r) => Math.max(1, Math.round((count * r.weight) / totalWeight)));
  while (shares.reduce((a, b) => a + b, 0) > count) shares[shares.indexOf(Math.max(...shares))]!--;
  while (shares.reduce((a, b) => a + b, 0) < count) shares[shares.indexOf(Math.max(...shares))]!++;
  const out: ClinicRecord[] = [];
  REGIONS.forEach((r, ri) => {
    for (let k = 0; k < shares[ri]!; k++) {
      const district = r.districts[k % r.districts.length]!;
      const n = out.length + 1;
      const isHealthCentre = k < r.districts.length && k % 4 === 0;
      out.push({
        id: `C${String(n).padStart(4, '0')}`,
        name: isHealthCentre ? `${district.replace(/(구|시|군)$/, '')}${district.endsWith('구') ? '구' : ''}보건소` : `${pick(PREFIXES)}${pick(SPECIALTIES)}`,
        region: r.region,
        district,
        address: `${r.region} ${district} ${pick(STREETS)} ${1 + Math.floor(rand() * 300)}`,
        phone: `${r.areaCode}-${100 + Math.floor(rand() * 900)}-${String(Math.floor(rand() * 10000)).padStart(4, '0')}`,
        active: true,
      });
    }
  });
  return out;
}

export function demoCampaign(now: number, opensInSeconds: number, identity: IdentityMode): Campaign {
  const opens = Math.ceil((now + opensInSeconds * 1000) / 1000) * 1000;
  const year = Number(seoulDate(now).slice(0, 4));
  const cohort = (id: string, label: string, labelEn: string, oldest: number, youngest: number, opensAt: number) => ({
    id,
    label,
    labelEn,
    birthFrom: `${year - oldest}-01-01`,
    birthTo: `${year - youngest}-12-31`,
    birthDayDigits: null,
    prequeueFrom: toSeoulIso(opensAt - 60 * 60 * 1000),
    opensAt: toSeoulIso(opensAt),
    closesAt: toSeoulIso(opensAt + 7 * DAY_MS),
  });
  return {
    id: DEMO_CAMPAIGN_ID,
    name: '코로나19 예방접종 50대 사전예약',
    nameEn: 'COVID-19 vaccination for people in their 50s',
    doses: 2,
    intervalDays: 28,
    identity,
    cohorts: [
      cohort('age-53-54', '53~54세', 'Ages 53–54', 54, 53, opens),
      cohort('age-50-52', '50~52세', 'Ages 50–52', 52, 50, opens + DAY_MS),
    ],
  };
}

/**
 * First doses on `days` days from the day after opening; second doses the interval later, same
 * times. Clinics are closed on public holidays: a day that is one, or whose second dose would fall
 * on one (the booking pairs doses exactly the interval apart), is skipped, and the next open day
 * taken instead, so there are always `days` days of slots.
 */
export function* demoSlots(campaign: Campaign, clinics: ClinicRecord[], days: number, capacity: number): Generator<SlotRecord> {
  const firstDay = addDays(seoulDate(Date.parse(campaign.cohorts[0]!.opensAt)), 1);
  const open = (d: number) => holidayOn(addDays(firstDay, d)) === null
    && (campaign.doses === 1 || holidayOn(addDays(firstDay, d + campaign.intervalDays)) === null);
  const offsets: number[] = [];
  for (let d = 0; offsets.length < days; d++) if (open(d)) offsets.push(d);
  for (const clinic of clinics) {
    for (const d of offsets) {
      for (let dose = 1; dose <= campaign.doses; dose++) {
        const date = addDays(firstDay, d + (dose === 2 ? campaign.intervalDays : 0));
        for (const time of SLOT_TIMES) {
          yield { campaignId: campaign.id, clinicId: clinic.id, dose, startsAt: seoulInstant(date, time), capacity };
        }
      }
    }
  }
}

export interface DemoSummary {
  campaign: Campaign;
  clinics: number;
  slots: number;
}

/** Loads the demo in one transaction: all of it or nothing. */
export function loadDemo(storage: Storage, opts: DemoOptions): DemoSummary {
  const campaign = demoCampaign(opts.now, opts.opensInSeconds ?? 180, opts.identity);
  const clinics = demoClinics(opts.clinics ?? 250);
  let slots = 0;
  storage.sqlite.transaction(() => {
    putCampaign(storage.db, campaign);
    upsertClinics(storage.db, clinics);
    slots = putSlots(storage.sqlite, demoSlots(campaign, clinics, opts.days ?? 14, opts.capacity ?? 10));
  })();
  return { campaign, clinics: clinics.length, slots };
}

/** True when the data directory holds no campaign yet. */
export function isEmpty(storage: Storage): boolean {
  return (storage.sqlite.prepare('SELECT count(*) AS n FROM campaigns').get() as { n: number }).n === 0;
}
