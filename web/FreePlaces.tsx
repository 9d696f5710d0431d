/** Free first-dose places per chosen clinic and day, read from catalog.availability when online; a day can be added to the plan from here. */
import { useEffect, useState } from 'preact/hooks';
import type { Clinic, DayAvailability } from '../shared/catalog';
import { fill, TIME_TEXT as T, type Lang } from '../shared/messages';
import type { Campaign } from '../shared/schedule';
import { formatSeoulDay } from './format';
import { api } from './trpc';

const DAYS_SHOWN = 7;

export function FreePlaces(props: { campaigns: Campaign[]; clinicIds: string[]; clinics: Map<string, Clinic>; dates: string[]; addDay: (date: string) => void; lang: Lang }) {
  const { campaigns, clinicIds, clinics, dates, lang } = props;
  const [rows, setRows] = useState<DayAvailability[] | null | 'offline'>(null);
  const campaignId = campaigns[0]?.id;
  useEffect(() => {
    if (!campaignId) return;
    let live = true;
    api.catalog.availability.query({ campaignId }).then(
      (r) => live && setRows(r),
      () => live && setRows('offline'),
    );
    return () => {
      live = false;
    };
  }, [campaignId, clinicIds.join()]);
  if (!campaignId || clinicIds.length === 0 || rows === null) return null;
  if (rows === 'offline') return <div class="card"><h3>{T.free[lang]}</h3><p>{T.freeOffline[lang]}</p></div>;
  const firstDose = rows.filter((r) => r.dose === 1 && r.free > 0);
  return (
    <div class="card free-places" aria-labelledby="free-title">
      <h3 id="free-title">{T.free[lang]}</h3>
      {clinicIds.map((id) => {
        const name = clinics.get(id)?.name ?? id;
        const days = firstDose.filter((r) => r.clinicId === id).slice(0, DAYS_SHOWN);
        return (
          <section key={id}>
            <h4>{name}</h4>
            {days.length === 0 ? <p>{T.freeNone[lang]}</p> : (
              <ul class="free-days">
                {days.map((d) => (
                  <li key={d.date}>
                    <span>{formatSeoulDay(d.date, lang)} · <strong>{fill(T.places[lang], { n: d.free })}</strong></span>
                    <button type="button" disabled={dates.includes(d.date)} onClick={() => props.addDay(d.date)}>
                      {T.pickDay[lang]}<span class="visually-hidden"> {name} {formatSeoulDay(d.date, lang)}</span>
                    </button>
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
