/** The night, live: queue and admission figures per campaign, the last five minutes as lines, free places by 시·도, refusals, rate control. */
import { useState } from 'preact/hooks';
import { PORTAL_TEXT as T, REASON_TEXT, type Lang } from '../../shared/messages';
import type { Dashboard as DashboardData } from '../../shared/operator';
import { isReason } from '../../shared/reasons';
import { LineChart } from './LineChart';

export interface History {
  waiting: number[];
  bookings: number[];
}

export function Dashboard(props: { data: DashboardData; history: History; lang: Lang; setRate: (perSecond: number) => void }) {
  const { data, lang } = props;
  const q = data.queues[0];
  const [rate, setRate] = useState(String(q?.targetRate ?? 0));
  const maxFree = Math.max(1, ...data.freeByRegion.map((r) => r.free));
  return (
    <>
      <div class="cards">
        <div class="card"><div>{T.waiting[lang]}</div><div class="value" data-figure="waiting">{(q?.queueLength ?? 0).toLocaleString()}</div></div>
        <div class="card"><div>{T.prequeue[lang]}</div><div class="value">{(q?.prequeueLength ?? 0).toLocaleString()}</div></div>
        <div class="card"><div>{T.admitted[lang]}</div><div class="value" data-figure="admitted">{(q?.admittedUpTo ?? 0).toLocaleString()}</div></div>
        <div class="card">
          <div>{T.admitRate[lang]}</div>
          <div class="value">{q?.admitRate ?? '—'}</div>
          <div>{q?.targetRate === 0 ? T.paused[lang] : `${T.target[lang]} ${q?.targetRate ?? 0}`}</div>
        </div>
        <div class="card"><div>{T.bookingsPerSecond[lang]}</div><div class="value" data-figure="bps">{data.bookingsPerSecond.toFixed(1)}</div></div>
      </div>
      <div class="toolbar">
        <label>{T.admitRate[lang]}<input type="number" min="0" step="1" value={rate} onInput={(e) => setRate((e.currentTarget as HTMLInputElement).value)} /></label>
        <button class="primary" type="button" onClick={() => props.setRate(Number(rate))}>{T.setRate[lang]}</button>
        <button type="button" onClick={() => props.setRate(0)}>{T.pause[lang]}</button>
      </div>
      <div class="panels">
        <section class="card">
          <h2>{T.lastMinutes[lang]}</h2>
          <LineChart title={T.lastMinutes[lang]} lines={[
            { label: T.waiting[lang], colour: '#c0392b', values: props.history.waiting },
            { label: T.bookingsPerSecond[lang], colour: '#1e8449', values: props.history.bookings.map((v) => v * 10) },
          ]} />
        </section>
        <section class="card">
          <h2>{T.refusals[lang]}</h2>
          <table>
            <tbody>
              {data.refusals.map((r) => (
                <tr key={r.reason}><th scope="row">{isReason(r.reason) ? REASON_TEXT[r.reason][lang] : r.reason} <small>{r.reason}</small></th><td>{r.count}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      <section class="card">
        <h2>{T.freeByRegion[lang]}</h2>
        <svg viewBox={`0 0 640 ${data.freeByRegion.length * 22}`} width="100%" role="img" aria-label={T.freeByRegion[lang]}>
          {data.freeByRegion.map((r, i) => (
            <g key={r.region}>
              <text x="0" y={i * 22 + 15} font-size="13">{r.region}</text>
              <rect x="120" y={i * 22 + 4} height="14" width={(r.free / maxFree) * 440} fill="#2471a3" />
              <text x={126 + (r.free / maxFree) * 440} y={i * 22 + 15} font-size="12">{r.free.toLocaleString()}</text>
            </g>
          ))}
        </svg>
      </section>
    </>
  );
}
