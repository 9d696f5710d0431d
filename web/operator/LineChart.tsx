/** Lines over time as SVG: a few series, one shared scale, drawn again at each poll. Small enough not to need a chart library. */

export interface Line {
  label: string;
  colour: string;
  values: number[];
}

export function LineChart(props: { lines: Line[]; title: string; width?: number; height?: number }) {
  const [w, h, pad] = [props.width ?? 640, props.height ?? 220, 28];
  const n = Math.max(2, ...props.lines.map((l) => l.values.length));
  const top = Math.max(1, ...props.lines.flatMap((l) => l.values));
  const x = (i: number) => pad + (i / (n - 1)) * (w - 2 * pad);
  const y = (v: number) => h - pad - (v / top) * (h - 2 * pad);
  return (
    <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-label={props.title} width="100%">
      <title>{props.title}</title>
      <line x1={pad} x2={w - pad} y1={h - pad} y2={h - pad} stroke="#999" />
      <text x={pad} y={pad - 8} font-size="12">{Math.round(top).toLocaleString()}</text>
      {props.lines.map((l) => (
        <polyline key={l.label} fill="none" stroke={l.colour} stroke-width="2"
          points={l.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')} />
      ))}
    </svg>
  );
}
