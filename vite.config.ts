/** Vite builds web/ into dist/web; Vitest runs the unit tests beside the code and the end-to-end tests in e2e/. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: 'web',
  build: { outDir: '../dist/web', emptyOutDir: true, target: 'es2022' },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  test: {
    projects: [
      { test: { name: 'unit', root, include: ['shared/**/*.test.ts', 'api/**/*.test.ts'] } },
      {
        test: {
          name: 'e2e',
          root,
          include: ['e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          // Each file starts its own servers; two at a time fits a 2-core machine.
          maxWorkers: 2,
        },
      },
    ],
  },
});
