/** The schedule: each campaign's cohorts with their times in Seoul and a countdown on the server's clock. */
import type { Campaign, Cohort } from '../shared/schedule';
import { formatRemaining } from '../shared/countdown';
import { CARE_TEXT, UI_TEXT, type Lang } from '../shared/messages';
import { formatSeoul } from './format';

function cohortStatus(c: Cohort, now: number, lang: Lang, soldOut: boolean): string {
  if (now >= Date.parse(c.closesAt)) return UI_TEXT.closed[lang];
  if (now >= Date.parse(c.opensAt)) return soldOut ? CARE_TEXT.soldOut[lang] : UI_TEXT.openNow[lang];
  return `${UI_TEXT.opensIn[lang]} ${formatRemaining(Date.parse(c.opensAt) - now, UI_TEXT.dayUnit[lang])}`;
}

/** `soldOut`: campaigns whose every place is booked (an open cohort says so rather than "open now"). */
export function Schedule(props: { campaigns: Campaign[]; now: number; lang: Lang; soldOut?: Set<string> }) {
  const { lang, now } = props;
  return (
    <>
      {props.campaigns.map((campaign) => (
        <section key={campaign.id} aria-labelledby={`c-${campaign.id}`}>
          <h2 id={`c-${campaign.id}`}>
            {lang === 'ko' ? campaign.name : campaign.nameEn} · {campaign.doses}{UI_TEXT.doses[lang]}
          </h2>
          {campaign.cohorts.map((c) => (
            <article class="card" key={c.id}>
              <h3>{lang === 'ko' ? c.label : c.labelEn}</h3>
              <dl>
                <dt>{UI_TEXT.born[lang]}</dt><dd>{c.birthFrom} – {c.birthTo}</dd>
                <dt>{UI_TEXT.prequeue[lang]}</dt><dd>{formatSeoul(c.prequeueFrom, lang)}</dd>
                <dt>{UI_TEXT.opens[lang]}</dt><dd>{formatSeoul(c.opensAt, lang)}</dd>
                <dt>{UI_TEXT.closes[lang]}</dt><dd>{formatSeoul(c.closesAt, lang)}</dd>
              </dl>
              <p class="status" role="timer" aria-live="off">{cohortStatus(c, now, lang, props.soldOut?.has(campaign.id) ?? false)}</p>
            </article>
          ))}
        </section>
      ))}
    </>
  );
}
