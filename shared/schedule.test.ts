/** Eligibility at the edges: birth-date bounds, the opening instant to the millisecond, digit cohorts, 29 February. */
import { describe, expect, it } from 'vitest';
import { eligibilityAt, type Campaign } from './schedule';

const campaign: Campaign = {
  id: 'c',
  name: '50대',
  nameEn: '50s',
  doses: 2,
  intervalDays: 28,
  identity: 'declared',
  cohorts: [
    {
      id: 'age-53-54', label: '53~54세', labelEn: 'Ages 53–54', birthFrom: '1967-01-01', birthTo: '1968-12-31', birthDayDigits: null,
      prequeueFrom: '2021-08-16T19:00:00+09:00', opensAt: '2021-08-16T20:00:00+09:00', closesAt: '2021-08-21T18:00:00+09:00',
    },
    {
      id: 'age-50-52-odd', label: '50~52세 (끝자리 1,3,5,7,9)', labelEn: 'Ages 50–52, odd days', birthFrom: '1969-01-01', birthTo: '1971-12-31',
      birthDayDigits: [1, 3, 5, 7, 9],
      prequeueFrom: '2021-08-17T19:00:00+09:00', opensAt: '2021-08-17T20:00:00+09:00', closesAt: '2021-08-21T18:00:00+09:00',
    },
  ],
};

const OPENS = Date.parse('2021-08-16T11:00:00.000Z');

describe('eligibilityAt', () => {
  it('includes both bounds of the birth range and nothing outside', () => {
    expect(eligibilityAt(campaign, '1967-01-01', OPENS).kind).toBe('open');
    expect(eligibilityAt(campaign, '1968-12-31', OPENS).kind).toBe('open');
    expect(eligibilityAt(campaign, '1966-12-31', OPENS).kind).toBe('not_eligible');
    expect(eligibilityAt(campaign, '1969-01-02', OPENS).kind).toBe('not_eligible'); // even day: not in the odd cohort
  });

  it('opens at 20:00 KST (11:00 UTC) to the millisecond', () => {
    expect(eligibilityAt(campaign, '1968-02-29', OPENS - 1).kind).toBe('prequeue');
    expect(eligibilityAt(campaign, '1968-02-29', OPENS).kind).toBe('open');
  });

  it('is not open before the pre-queue, and closed from closesAt', () => {
    expect(eligibilityAt(campaign, '1967-05-05', Date.parse('2021-08-16T09:59:59.999Z')).kind).toBe('not_open_yet');
    expect(eligibilityAt(campaign, '1967-05-05', Date.parse('2021-08-16T10:00:00.000Z')).kind).toBe('prequeue');
    expect(eligibilityAt(campaign, '1967-05-05', Date.parse('2021-08-21T09:00:00.000Z') - 1).kind).toBe('open');
    expect(eligibilityAt(campaign, '1967-05-05', Date.parse('2021-08-21T09:00:00.000Z')).kind).toBe('closed');
  });

  it('narrows a cohort to birth days ending in given digits', () => {
    const at = Date.parse('2021-08-17T11:00:00.000Z');
    expect(eligibilityAt(campaign, '1970-03-01', at).kind).toBe('open');
    expect(eligibilityAt(campaign, '1970-03-19', at).kind).toBe('open');
    expect(eligibilityAt(campaign, '1970-03-10', at).kind).toBe('not_eligible');
    expect(eligibilityAt(campaign, '1970-03-10', at - 1).kind).toBe('not_eligible');
  });

  it('names the cohort and its opening time when not yet open', () => {
    const e = eligibilityAt(campaign, '1971-07-07', OPENS);
    expect(e).toMatchObject({ kind: 'not_open_yet', cohort: { id: 'age-50-52-odd', opensAt: '2021-08-17T20:00:00+09:00' } });
  });
});
