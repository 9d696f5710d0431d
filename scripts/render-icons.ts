/** Renders the app's icons (192, 512, maskable 512) from one SVG with Debian's Chromium; run once, commit the PNGs: npx tsx scripts/render-icons.ts */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const out = fileURLToPath(new URL('../web/public/icons/', import.meta.url));
/** The mark: 예약 on the app's blue. `inset` keeps it within the maskable safe zone (the inner 80%). */
const svg = (size: number, maskable: boolean) => {
  const inset = maskable ? size * 0.1 : 0;
  const radius = maskable ? 0 : size * 0.18;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">
    <rect width="${size}" height="${size}" rx="${radius}" fill="#0b5cad"/>
    <rect x="${inset + size * 0.14}" y="${inset + size * 0.2}" width="${size - 2 * inset - size * 0.28}" height="${size - 2 * inset - size * 0.34}" rx="${size * 0.05}" fill="#fff"/>
    <rect x="${inset + size * 0.14}" y="${inset + size * 0.2}" width="${size - 2 * inset - size * 0.28}" height="${size * 0.1}" fill="#f0a500"/>
    <text x="50%" y="${inset + size * 0.62}" text-anchor="middle" font-family="Noto Sans CJK KR, sans-serif" font-weight="700"
      font-size="${(size - 2 * inset) * 0.26}" fill="#0b3d73">예약</text>
  </svg>`;
};

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking'] });
for (const [name, size, maskable] of [['icon-192.png', 192, false], ['icon-512.png', 512, false], ['maskable-512.png', 512, true]] as const) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<html><body style="margin:0">${svg(size, maskable)}</body></html>`);
  writeFileSync(`${out}${name}`, await page.screenshot({ omitBackground: true }));
  await page.close();
}
await browser.close();
console.log(`icons written to ${out}`);
