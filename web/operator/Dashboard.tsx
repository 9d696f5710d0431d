/** The night, live: queue and admission figures per campaign, the last five minutes as lines, free places by 시·도, refusals, rate control. */
import { useEffect, useState } from 'preact/hooks';
import { REASON_TEXT, type Lang } from '../../shared/messages';
import { PORTAL_TEXT as T } from '../../shared/portalMessages';
import type { Dashboard as DashboardData } from '../../shared/operator';
import { CHART_TEXT as C } from '../../shared/operatorMessages';
import { isReason } from '../../shared/reasons';
import { chartWords, LineChart } from './LineChart';
import { RateControl } from './RateControl';

/** Five minutes of two-second polls: the chart's time axis. */
export const HISTORY_SAMPLES = 150;

export interface History {
  waiting: number[];
  bookings: number[];
}

/** Longer than a few server ticks (one a second) and polls (one every two seconds). */
const JUST_SET_MS = 10_000;

export function Dashboard(props: { data: DashboardData; history: History; lang: Lang; setRate: (perSecond: number) => Promise<unknown>; onSessionEnded: () => void }) {
  const { data, lang } = props;
  const q = data.queues[0];
  // The ceiling just set here shows at once; the dashboard's figure catches up at the server's next tick.
  const [justSet, setJustSet] = useState<number | null>(null);
  useEffect(() => { if (justSet !== null && q?.targetRate === justSet) setJustSet(null); }, [q?.targetRate, justSet]);
  // Should the figure never match (another operator changed it meanwhile), the dashboard's word wins after a while.
  useEffect(() => {
    if (justSet === null) return;
    const timer = setTimeout(() => setJustSet(null), JUST_SET_MS);
    return () => clearTimeout(timer);
  }, [justSet]);
  const target = justSet ?? q?.targetRate ?? 0;
  const waiting = data.queues.reduce((sum, x) => sum + x.queueLength + x.prequeueLength, 0);
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
          <div>{target === 0 ? T.paused[lang] : `${T.target[lang]} ${target}`}</div>
        </div>
        <div class="card"><div>{T.bookingsPerSecond[lang]}</div><div class="value" data-figure="bps">{data.bookingsPerSecond.toFixed(1)}</div></div>
      </div>
      <RateControl lang={lang} target={target} waiting={waiting} onSessionEnded={props.onSessionEnded}
        apply={async (perSecond) => { await props.setRate(perSecond); setJustSet(perSecond); }} />
      <div class="panels">
        <section class="card">
          <h2>{C.title[lang]}</h2>
          <LineChart title={C.title[lang]} samples={HISTORY_SAMPLES} words={chartWords(C, lang)} series={[
            { label: C.waiting[lang], unit: C.people[lang], look: C.solid[lang], colour: '#c0392b', dashed: false, marker: 'circle', axis: 'left', values: props.history.waiting, format: (v) => Math.round(v).toLocaleString() },
            { label: C.bookings[lang], unit: C.perSecond[lang], look: C.dashed[lang], colour: '#1a5e9a', dashed: true, marker: 'square', axis: 'right', values: props.history.bookings, format: (v) => v.toFixed(1) },
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
