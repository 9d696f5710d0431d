/** One clinic's free first-dose start times on one day (catalog.freeTimes), loaded when asked; each can be added to the plan's exact times. */
import { useState } from 'preact/hooks';
import type { FreeTime } from '../shared/catalog';
import { fill, TIME_TEXT as T, type Lang } from '../shared/messages';
import { api } from './trpc';

export function DayTimes(props: { campaignId: string; clinicId: string; date: string; label: string; chosen: string[]; pick: (time: string) => void; lang: Lang }) {
  const { lang } = props;
  const [times, setTimes] = useState<FreeTime[] | 'offline' | null>(null);
  const show = () => api.catalog.freeTimes.query({ campaignId: props.campaignId, clinicId: props.clinicId, date: props.date })
    .then(setTimes, () => setTimes('offline'));
  if (times === null) return <button type="button" onClick={() => void show()}>{T.showTimes[lang]}<span class="visually-hidden"> {props.label}</span></button>;
  if (times === 'offline') return <p>{T.freeOffline[lang]}</p>;
  return (
    <p class="row free-times" role="group" aria-label={`${T.pickTime[lang]} ${props.label}`}>
      {times.map((t) => (
        <button key={t.time} type="button" disabled={props.chosen.includes(t.time)} onClick={() => props.pick(t.time)}>
          {t.time} · {fill(T.places[lang], { n: t.free })}<span class="visually-hidden"> {T.pickTime[lang]} {props.label}</span>
        </button>
      ))}
    </p>
  );
}
