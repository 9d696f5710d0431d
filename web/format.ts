/** Dates and times for display, always in Asia/Seoul whatever the phone's own zone. */
import type { Lang } from '../shared/messages';

function seoul(lang: Lang, style: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en-GB', { timeZone: 'Asia/Seoul', ...style });
}

export function formatSeoul(iso: string, lang: Lang): string {
  return seoul(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** With the weekday spelled out (2021년 8월 17일 화요일 오전 9:00): what an appointment needs. */
export function formatSeoulWithWeekday(iso: string, lang: Lang): string {
  return seoul(lang, { dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso));
}

/** A Seoul calendar day with its weekday (8월 17일 (화) / Tue 17 Aug). */
export function formatSeoulDay(date: string, lang: Lang): string {
  return seoul(lang, { month: 'short', day: 'numeric', weekday: 'short' }).format(new Date(`${date}T12:00:00+09:00`));
}
