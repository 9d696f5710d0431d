/**
 * Korean public holidays (관공서의 공휴일에 관한 규정): the fixed-date ones, the lunar ones for
 * 2025–2028 from a table (no lunar calendar is computed here), the days designated once (elections,
 * temporary holidays) known so far, and the substitute holidays (대체공휴일) the rules give.
 * Outside 2025–2028 only the fixed dates are known: `holidaysKnown` says so.
 */
import { addDays } from './time';

export interface Holiday {
  date: string;
  name: string;
  nameEn: string;
}

type Substitute = 'none' | 'weekend' | 'sunday';

interface Occasion {
  dates: string[];
  name: string;
  nameEn: string;
  /** 'weekend': a substitute when it falls on a Saturday or Sunday or on another holiday (3·1절, 어린이날, 광복절, 개천절, 한글날, 부처님오신날, 성탄절);
   * 'sunday': only Sunday or another holiday (설날, 추석); 'none' (신정, 현충일, designated days). */
  substitute: Substitute;
}

const FIXED: Array<[string, string, string, Substitute]> = [
  ['01-01', '신정', "New Year's Day", 'none'],
  ['03-01', '삼일절', 'Independence Movement Day', 'weekend'],
  ['05-05', '어린이날', "Children's Day", 'weekend'],
  ['06-06', '현충일', 'Memorial Day', 'none'],
  ['08-15', '광복절', 'Liberation Day', 'weekend'],
  ['10-03', '개천절', 'National Foundation Day', 'weekend'],
  ['10-09', '한글날', 'Hangeul Day', 'weekend'],
  ['12-25', '성탄절', 'Christmas Day', 'weekend'],
];

/** Lunar holidays by Gregorian date: 설날 and 추석 are three days each (the day before, the day, the day after). */
const LUNAR: Record<number, { seollal: string; buddha: string; chuseok: string }> = {
  2025: { seollal: '2025-01-29', buddha: '2025-05-05', chuseok: '2025-10-06' },
  2026: { seollal: '2026-02-17', buddha: '2026-05-24', chuseok: '2026-09-25' },
  2027: { seollal: '2027-02-06', buddha: '2027-05-13', chuseok: '2027-09-15' },
  2028: { seollal: '2028-01-26', buddha: '2028-05-02', chuseok: '2028-10-03' },
};

/** Days designated one at a time (elections, temporary holidays); add new ones as they are announced. */
const DESIGNATED: Holiday[] = [
  { date: '2025-01-27', name: '임시공휴일', nameEn: 'Temporary holiday' },
  { date: '2025-06-03', name: '대통령선거일', nameEn: 'Presidential election day' },
  { date: '2026-06-03', name: '전국동시지방선거일', nameEn: 'Local elections day' },
];

export const LUNAR_YEARS = Object.keys(LUNAR).map(Number);

/** True when every holiday of the year is known here (the lunar table covers it). */
export function holidaysKnown(year: number): boolean {
  return year in LUNAR;
}

/** Day of week, 0 = Sunday. */
function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function occasionsOf(year: number): Occasion[] {
  const out: Occasion[] = FIXED.map(([md, name, nameEn, substitute]) => ({ dates: [`${year}-${md}`], name, nameEn, substitute }));
  const lunar = LUNAR[year];
  if (lunar) {
    const around = (d: string) => [addDays(d, -1), d, addDays(d, 1)];
    out.push({ dates: around(lunar.seollal), name: '설날', nameEn: 'Seollal', substitute: 'sunday' });
    out.push({ dates: [lunar.buddha], name: '부처님오신날', nameEn: "Buddha's Birthday", substitute: 'weekend' });
    out.push({ dates: around(lunar.chuseok), name: '추석', nameEn: 'Chuseok', substitute: 'sunday' });
  }
  for (const d of DESIGNATED) if (d.date.startsWith(`${year}-`)) out.push({ dates: [d.date], name: d.name, nameEn: d.nameEn, substitute: 'none' });
  return out;
}

const cache = new Map<number, Holiday[]>();

/** Every public holiday of a year, substitutes included, in date order. */
export function holidaysOf(year: number): Holiday[] {
  const hit = cache.get(year);
  if (hit) return hit;
  const occasions = occasionsOf(year);
  const days = new Map<string, Occasion[]>();
  for (const o of occasions) for (const d of o.dates) days.set(d, [...(days.get(d) ?? []), o]);
  const list: Holiday[] = [];
  for (const [date, on] of days) list.push({ date, name: on.map((o) => o.name).join('·'), nameEn: on.map((o) => o.nameEn).join(' · ') });
  const taken = new Set(days.keys());
  // One substitute per day lost: a weekend day the rule covers, or each extra holiday on the same day.
  const lost: Array<{ after: string; occasion: Occasion }> = [];
  for (const [date, on] of [...days].sort(([a], [b]) => a.localeCompare(b))) {
    const covered = on.filter((o) => o.substitute !== 'none');
    if (covered.length === 0) continue;
    const wd = weekday(date);
    const weekendLoss = covered.some((o) => (o.substitute === 'weekend' ? wd === 0 || wd === 6 : wd === 0)) ? 1 : 0;
    const overlapLoss = on.length - 1;
    for (let i = 0; i < weekendLoss + overlapLoss; i++) {
      const occasion = covered[0]!;
      lost.push({ after: occasion.dates[occasion.dates.length - 1]! > date ? occasion.dates[occasion.dates.length - 1]! : date, occasion });
    }
  }
  for (const { after, occasion } of lost) {
    // The first day after that is neither a weekend day nor a holiday.
    let d = addDays(after, 1);
    while (weekday(d) === 0 || weekday(d) === 6 || taken.has(d)) d = addDays(d, 1);
    taken.add(d);
    list.push({ date: d, name: `대체공휴일(${occasion.name})`, nameEn: `Substitute holiday (${occasion.nameEn})` });
  }
  list.sort((a, b) => a.date.localeCompare(b.date));
  cache.set(year, list);
  return list;
}

/** The holiday on a date (YYYY-MM-DD), or null. */
export function holidayOn(date: string): Holiday | null {
  return holidaysOf(Number(date.slice(0, 4))).find((h) => h.date === date) ?? null;
}
