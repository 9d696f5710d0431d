/** Vite builds web/ into dist/web; Vitest runs the unit tests beside the code and the end-to-end tests in e2e/. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import type { Reporter } from 'vitest/node';

/** Ends the run with a plain 'N passed, N failed' line that any CI log reader can count. */
const countLine: Reporter = {
  onTestRunEnd(modules) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const m of modules) for (const t of m.children.allTests()) counts[t.result().state === 'pending' || t.result().state === 'skipped' ? 'skipped' : t.result().state === 'passed' ? 'passed' : 'failed']++;
    console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  },
};

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: 'web',
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    // Three pages, three bundles: the citizen app does not carry the portals' code.
    rollupOptions: {
      input: {
        citizen: fileURLToPath(new URL('./web/index.html', import.meta.url)),
        clinic: fileURLToPath(new URL('./web/clinic/index.html', import.meta.url)),
        operator: fileURLToPath(new URL('./web/operator/index.html', import.meta.url)),
      },
    },
  },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  test: {
    reporters: ['default', countLine],
    // Each e2e file starts its own servers; two files at a time fit a 2-core machine.
    maxWorkers: 2,
    projects: [
      // Deadlines are generous on purpose: CI machines are shared and at times several times slower
      // than an idle one (npm run test:stress reproduces that). A deadline only ends a test that
      // would fail anyway; none is a speed check.
      { test: { name: 'unit', root, include: ['shared/**/*.test.ts', 'api/**/*.test.ts'], testTimeout: 60_000 } },
      {
        test: {
          name: 'e2e',
          root,
          include: ['e2e/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
