/** Dates and times for display, always in Asia/Seoul whatever the phone's own zone. */
import type { Lang } from '../shared/messages';

export function formatSeoul(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en-GB', {
    timeZone: 'Asia/Seoul',
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}
