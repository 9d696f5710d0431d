/** After vite build: bundles web/sw/sw.ts with esbuild, then Workbox injects the precache manifest of the citizen app's files. */
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { injectManifest } from 'workbox-build';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = `${root}dist/sw-tmp`;
mkdirSync(tmp, { recursive: true });
await build({
  entryPoints: [`${root}web/sw/sw.ts`],
  bundle: true,
  format: 'iife',
  minify: true,
  target: 'es2020',
  define: { 'process.env.NODE_ENV': '"production"' },
  outfile: `${tmp}/sw.js`,
  logLevel: 'warning',
});
const { count, size, warnings } = await injectManifest({
  swSrc: `${tmp}/sw.js`,
  swDest: `${root}dist/web/sw.js`,
  globDirectory: `${root}dist/web`,
  // The citizen app and every chunk it may load (shared ones, the QR encoder); the staff pages are not for phones offline.
  globPatterns: ['index.html', 'manifest.webmanifest', 'icons/*.png', 'assets/*'],
  globIgnores: ['assets/clinic-*', 'assets/operator-*', 'assets/portal-*'],
});
rmSync(tmp, { recursive: true, force: true });
for (const w of warnings) console.warn(w);
console.log(`service worker: ${count} files precached, ${Math.round(size / 1024)} KiB`);
