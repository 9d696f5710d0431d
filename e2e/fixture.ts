/** A small campaign for tests, shaped like the seed's: ages 53–54 open 2021-08-16 20:00 KST; written through the same functions as the demo. */
import type { Campaign } from '../shared/schedule';
import { addDays, seoulInstant } from '../shared/time';
import { upsertClinics } from '../api/catalog/clinics';
import { putSlots, type SlotRecord } from '../api/catalog/slots';
import type { Storage } from '../api/db/open';
import { putCampaign } from '../api/schedule/write';

export const OPENS_AT = Date.parse('2021-08-16T11:00:00.000Z');
export const AFTER_OPENING = OPENS_AT + 60 * 60 * 1000;
export const FIRST_DAY = '2021-08-17';

export const fixtureCampaign: Campaign = {
  id: 'covid19-50s',
  name: '코로나19 50대',
  nameEn: 'COVID-19 50s',
  doses: 2,
  intervalDays: 28,
  // People are made up on the fly by most tests; e2e/identity.test.ts uses a verified copy.
  identity: 'declared',
  cohorts: [
    {
      id: 'age-53-54', label: '53~54세', labelEn: 'Ages 53–54', birthFrom: '1967-01-01', birthTo: '1968-12-31', birthDayDigits: null,
      prequeueFrom: '2021-08-16T19:00:00+09:00', opensAt: '2021-08-16T20:00:00+09:00', closesAt: '2021-08-21T18:00:00+09:00',
    },
    {
      id: 'age-50-52', label: '50~52세', labelEn: 'Ages 50–52', birthFrom: '1969-01-01', birthTo: '1971-12-31', birthDayDigits: null,
      prequeueFrom: '2021-08-17T19:00:00+09:00', opensAt: '2021-08-17T20:00:00+09:00', closesAt: '2021-08-21T18:00:00+09:00',
    },
  ],
};

export const oneDoseCampaign: Campaign = {
  id: 'flu-2021', name: '독감', nameEn: 'Flu', doses: 1, intervalDays: 0, identity: 'declared',
  cohorts: [{ ...fixtureCampaign.cohorts[0]!, id: 'flu-53-54' }],
};

export const CLINICS = [
  { id: 'K1', name: '종로구보건소', region: '서울특별시', district: '종로구', address: '서울특별시 종로구 자하문로19길 36', phone: '02-2148-3520', active: true },
  { id: 'K2', name: '연세내과의원', region: '서울특별시', district: '종로구', address: '서울특별시 종로구 종로 1', phone: '02-111-2222', active: true },
  { id: 'K3', name: '밝은가정의학과의원', region: '서울특별시', district: '마포구', address: '서울특별시 마포구 월드컵로 1', phone: '02-333-4444', active: true },
  { id: 'K4', name: '해운대보건소', region: '부산광역시', district: '해운대구', address: '부산광역시 해운대구 중동2로 11', phone: '051-749-7500', active: true },
];

export interface SlotPlan {
  clinicId: string;
  /** First-dose days from FIRST_DAY. */
  days: number;
  times: string[];
  capacity: number;
}

/** First-dose slots per plan, and for two doses the same times the interval later. */
export function planSlots(campaign: Campaign, plans: SlotPlan[]): SlotRecord[] {
  const out: SlotRecord[] = [];
  for (const p of plans) {
    for (let d = 0; d < p.days; d++) {
      for (let dose = 1; dose <= campaign.doses; dose++) {
        const date = addDays(FIRST_DAY, d + (dose === 2 ? campaign.intervalDays : 0));
        for (const time of p.times) {
          out.push({ campaignId: campaign.id, clinicId: p.clinicId, dose, startsAt: seoulInstant(date, time), capacity: p.capacity });
        }
      }
    }
  }
  return out;
}

export function loadFixture(storage: Storage, plans: SlotPlan[], campaigns: Campaign[] = [fixtureCampaign]): void {
  storage.sqlite.transaction(() => {
    upsertClinics(storage.db, CLINICS);
    for (const c of campaigns) {
      putCampaign(storage.db, c);
      putSlots(storage.sqlite, planSlots(c, plans));
    }
  })();
}
