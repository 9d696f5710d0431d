/** How an estimated wait reads: a range in minutes ("약 3–4분" / "about 3–4 min"), Korean first, from the waiting room's [earliest, latest] seconds. */
import type { Lang } from './messages';

function minutes(m: number, lang: Lang): string {
  if (m < 60) return lang === 'ko' ? `${m}분` : `${m} min`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (lang === 'ko') return rest ? `${h}시간 ${rest}분` : `${h}시간`;
  return rest ? `${h} h ${rest} min` : `${h} h`;
}

export function formatWait(range: [number, number], lang: Lang): string {
  const [lo, hi] = range;
  if (hi < 60) return lang === 'ko' ? '1분 이내' : 'under a minute';
  const from = Math.max(1, Math.floor(lo / 60));
  const to = Math.max(from, Math.ceil(hi / 60));
  if (from === to) return lang === 'ko' ? `약 ${minutes(to, lang)}` : `about ${minutes(to, lang)}`;
  // "약 3–4분" rather than "약 3분–4분" while both ends are minutes.
  const span = to < 60 ? (lang === 'ko' ? `${from}–${to}분` : `${from}–${to} min`) : `${minutes(from, lang)}–${minutes(to, lang)}`;
  return lang === 'ko' ? `약 ${span}` : `about ${span}`;
}
