/**
 * The replay's chart as a small SVG: lines on a shared time axis, with both axes drawn and
 * labelled (with units), grid values, and a legend naming each line. Hand-written because the
 * chart is a few polylines and every chart library found for Node wants a DOM (jsdom) or a canvas
 * build to draw one.
 */

export interface Series {
  label: string;
  colour: string;
  points: Array<[number, number]>;
}

export function lineChart(title: string, series: Series[], xLabel: string, yLabel: string): string {
  const [w, h, left, right, top, bottom] = [900, 420, 80, 180, 40, 50];
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  // Reduce, not spread: a long run has more points than a call has room for arguments.
  const x0 = xs.reduce((m, x) => Math.min(m, x), Infinity);
  const x1 = Math.max(x0 + 1, xs.reduce((m, x) => Math.max(m, x), -Infinity));
  const y1 = niceCeil(ys.reduce((m, y) => Math.max(m, y), 1));
  const px = (x: number) => left + ((x - x0) / (x1 - x0)) * (w - left - right);
  const py = (y: number) => h - bottom - (y / y1) * (h - top - bottom);
  const grid = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const y = y1 * f;
    return `<line x1="${left}" x2="${w - right}" y1="${py(y)}" y2="${py(y)}" stroke="#ddd"/><text x="${left - 8}" y="${py(y) + 4}" text-anchor="end">${Math.round(y).toLocaleString('en')}</text>`;
  });
  const ticks = Array.from({ length: 7 }, (_, i) => x0 + ((x1 - x0) * i) / 6).map((x) =>
    `<text x="${px(x)}" y="${h - bottom + 18}" text-anchor="middle">${Math.round(x)}</text>`);
  const lines = series.map((s, i) => {
    const d = s.points.map(([x, y], j) => `${j === 0 ? 'M' : 'L'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join('');
    return `<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="2"/>`
      + `<rect x="${w - right + 16}" y="${top + i * 22}" width="14" height="4" fill="${s.colour}"/>`
      + `<text x="${w - right + 36}" y="${top + i * 22 + 6}">${escape(s.label)}</text>`;
  });
  const axes = `<line x1="${left}" x2="${left}" y1="${top}" y2="${h - bottom}" stroke="#333"/>`
    + `<line x1="${left}" x2="${w - right}" y1="${h - bottom}" y2="${h - bottom}" stroke="#333"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="12">`
    + `<rect width="100%" height="100%" fill="#fff"/>`
    + `<text x="${left}" y="22" font-size="15" font-weight="bold">${escape(title)}</text>`
    + grid.join('') + axes + ticks.join('') + lines.join('')
    + `<text x="${(left + w - right) / 2}" y="${h - 10}" text-anchor="middle">${escape(xLabel)}</text>`
    + `<text transform="translate(16 ${(top + h - bottom) / 2}) rotate(-90)" text-anchor="middle">${escape(yLabel)}</text></svg>\n`;
}

function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((c) => c >= v)!;
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
