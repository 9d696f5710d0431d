/** Free first-dose places per chosen clinic, day and time of day, read from catalog.bandAvailability when online; a day, or an exact time, can be added to the plan from here. */
import { useEffect, useState } from 'preact/hooks';
import { TIME_BANDS } from '../shared/bands';
import type { BandAvailability, Clinic } from '../shared/catalog';
import { fill, TIME_TEXT as T, type Lang } from '../shared/messages';
import type { Campaign } from '../shared/schedule';
import { DayTimes } from './DayTimes';
import { formatSeoulDay } from './format';
import { api } from './trpc';

const DAYS_SHOWN = 7;

export function FreePlaces(props: { campaigns: Campaign[]; clinicIds: string[]; clinics: Map<string, Clinic>; dates: string[]; addDay: (date: string) => void; times: string[]; addTime: (time: string) => void; lang: Lang }) {
  const { campaigns, clinicIds, clinics, dates, lang } = props;
  const [rows, setRows] = useState<BandAvailability[] | null | 'offline'>(null);
  const campaignId = campaigns[0]?.id;
  useEffect(() => {
    if (!campaignId || clinicIds.length === 0) return;
    let live = true;
    api.catalog.bandAvailability.query({ campaignId, clinicIds }).then(
      (r) => live && setRows(r),
      () => live && setRows('offline'),
    );
    return () => {
      live = false;
    };
  }, [campaignId, clinicIds.join()]);
  if (!campaignId || clinicIds.length === 0 || rows === null) return null;
  if (rows === 'offline') return <div class="card"><h3>{T.free[lang]}</h3><p>{T.freeOffline[lang]}</p></div>;
  return (
    <div class="card free-places" aria-labelledby="free-title">
      <h3 id="free-title">{T.free[lang]}</h3>
      {clinicIds.map((id) => {
        const name = clinics.get(id)?.name ?? id;
        // Per day, the free places of each time of day; days with nothing free are left out.
        const byDay = new Map<string, Map<string, number>>();
        for (const r of rows) if (r.clinicId === id && r.free > 0) byDay.set(r.date, (byDay.get(r.date) ?? new Map()).set(r.band, r.free));
        const days = [...byDay].slice(0, DAYS_SHOWN);
        return (
          <section key={id}>
            <h4>{name}</h4>
            {days.length === 0 ? <p>{T.freeNone[lang]}</p> : (
              <ul class="free-days">
                {days.map(([date, bands]) => (
                  <li key={date}>
                    <span><strong>{formatSeoulDay(date, lang)}</strong><br />
                      <small>{TIME_BANDS.filter((b) => bands.has(b)).map((b) => `${T[`${b}Short`][lang]} ${fill(T.places[lang], { n: bands.get(b)! })}`).join(' · ')}</small>
                    </span>
                    <button type="button" disabled={dates.includes(date)} onClick={() => props.addDay(date)}>
                      {T.pickDay[lang]}<span class="visually-hidden"> {name} {formatSeoulDay(date, lang)}</span>
                    </button>
                    <DayTimes campaignId={campaignId} clinicId={id} date={date} label={`${name} ${formatSeoulDay(date, lang)}`} chosen={props.times} pick={props.addTime} lang={lang} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
