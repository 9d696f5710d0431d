/**
 * Lines over time as SVG, each on its own scale (left or right), drawn again at each poll. Told
 * apart without colour: line style, marker shape and scale side, named in a legend with what is
 * measured and its unit; a table of the latest, highest and lowest values is the text alternative.
 * Small enough not to need a chart library.
 */
import type { Text } from '../../shared/messages';

export interface Series {
  /** What is measured, with its unit. */
  label: string;
  /** The unit alone, beside its scale's top value. */
  unit: string;
  /** How to find it without colour: line style, marker, scale side. */
  look: string;
  colour: string;
  dashed: boolean;
  marker: 'circle' | 'square';
  axis: 'left' | 'right';
  values: number[];
  format: (v: number) => string;
}

export interface ChartWords {
  ago: string;
  now: string;
  series: string;
  high: string;
  low: string;
  noData: string;
}

/** Every this many samples a marker, so a line is known by its shape in print and in grey. */
const MARK_EVERY = 15;

function Marker(props: { kind: Series['marker']; x: number; y: number; colour: string }) {
  return props.kind === 'circle'
    ? <circle cx={props.x} cy={props.y} r="4" fill="#fff" stroke={props.colour} stroke-width="2" />
    : <rect x={props.x - 4} y={props.y - 4} width="8" height="8" fill={props.colour} />;
}

/** `samples`: how many values the time axis holds, the newest at its right end ("now"), the oldest at `words.ago`. */
export function LineChart(props: { series: Series[]; samples: number; title: string; words: ChartWords; width?: number; height?: number }) {
  const [w, h, pad] = [props.width ?? 640, props.height ?? 230, 44];
  const n = Math.max(2, props.samples);
  const shift = (s: Series) => n - s.values.length; // a short history is drawn against the right, where "now" is
  const top = (axis: Series['axis']) => Math.max(1, ...props.series.filter((s) => s.axis === axis).flatMap((s) => s.values));
  const x = (i: number) => pad + (i / (n - 1)) * (w - 2 * pad);
  const y = (v: number, axis: Series['axis']) => h - 24 - (v / top(axis)) * (h - 48);
  const axisLabel = (axis: Series['axis']) => props.series.find((s) => s.axis === axis);
  const { words } = props;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${w} ${h}`} width="100%" aria-hidden="true" focusable="false">
        <line x1={pad} x2={w - pad} y1={h - 24} y2={h - 24} stroke="#777" />
        {(['left', 'right'] as const).map((axis) => {
          const s = axisLabel(axis);
          return s && (
            <text key={axis} x={axis === 'left' ? pad : w - pad} y={16} font-size="16" text-anchor={axis === 'left' ? 'start' : 'end'}>
              {`${s.format(top(axis))} ${s.unit}`}
            </text>
          );
        })}
        <text x={pad} y={h - 4} font-size="16">{words.ago}</text>
        <text x={w - pad} y={h - 4} font-size="16" text-anchor="end">{words.now}</text>
        {props.series.map((s) => (
          <g key={s.label}>
            <polyline fill="none" stroke={s.colour} stroke-width="2" stroke-dasharray={s.dashed ? '7 5' : undefined}
              points={s.values.map((v, i) => `${x(i + shift(s)).toFixed(1)},${y(v, s.axis).toFixed(1)}`).join(' ')} />
            {s.values.map((v, i) => ((s.values.length - 1 - i) % MARK_EVERY === 0
              ? <Marker key={i} kind={s.marker} x={x(i + shift(s))} y={y(v, s.axis)} colour={s.colour} /> : null))}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul class="legend">
          {props.series.map((s) => (
            <li key={s.label}>
              <svg width="44" height="14" aria-hidden="true" focusable="false">
                <line x1="2" x2="42" y1="7" y2="7" stroke={s.colour} stroke-width="2" stroke-dasharray={s.dashed ? '7 5' : undefined} />
                <Marker kind={s.marker} x={22} y={7} colour={s.colour} />
              </svg>
              <strong>{s.label}</strong> <span>({s.look})</span>
            </li>
          ))}
        </ul>
      </figcaption>
      <table class="chart-values">
        <caption>{props.title}</caption>
        <thead><tr><th scope="col">{words.series}</th><th scope="col">{words.now}</th><th scope="col">{words.high}</th><th scope="col">{words.low}</th></tr></thead>
        <tbody>
          {props.series.map((s) => (
            <tr key={s.label}>
              <th scope="row">{s.label}</th>
              {s.values.length === 0
                ? <td colSpan={3}>{words.noData}</td>
                : [s.values[s.values.length - 1]!, Math.max(...s.values), Math.min(...s.values)].map((v, i) => <td key={i} data-series-value={i === 0 ? s.axis : undefined}>{s.format(v)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** The words a chart needs, in one language. */
export function chartWords(t: Record<keyof ChartWords, Text>, lang: 'ko' | 'en'): ChartWords {
  return { ago: t.ago[lang], now: t.now[lang], series: t.series[lang], high: t.high[lang], low: t.low[lang], noData: t.noData[lang] };
}
