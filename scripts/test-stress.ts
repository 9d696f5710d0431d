/**
 * The whole suite on a busy machine: CPU burners (busy threads at normal priority) keep every core
 * occupied while `npm test` runs, to find a test that depends on the machine's speed before CI does.
 *
 *   npm run test:stress -- [--burners N] [--runs N]
 *
 * --burners: busy threads (default: two per core, so the suite gets about a third of the machine);
 * --runs: run the suite this many times in a row (default 1). Exits 1 if any run failed.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';

const { values } = parseArgs({
  options: {
    burners: { type: 'string', default: String(2 * availableParallelism()) },
    runs: { type: 'string', default: '1' },
  },
});
const burners = Number(values.burners);
const runs = Number(values.runs);
if (!Number.isInteger(burners) || burners < 0 || !Number.isInteger(runs) || runs < 1) {
  console.error('--burners is a whole number of threads (0 or more), --runs a whole number of runs (1 or more)');
  process.exit(2);
}

const BURN = 'for (;;) Math.sqrt(Math.random());';
const threads = Array.from({ length: burners }, () => new Worker(BURN, { eval: true }));
console.log(`test:stress: ${burners} burner threads on ${availableParallelism()} cores`);

const root = fileURLToPath(new URL('..', import.meta.url));
const results: string[] = [];
let failed = 0;
for (let run = 1; run <= runs; run++) {
  const started = Date.now();
  const { status } = spawnSync('npm', ['test'], { cwd: root, stdio: 'inherit' });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (status !== 0) failed++;
  results.push(`run ${run}: ${status === 0 ? 'passed' : `FAILED (exit ${status})`} in ${seconds} s`);
  console.log(`test:stress ${results.at(-1)}`);
}
await Promise.all(threads.map((t) => t.terminate()));
console.log(`test:stress: ${runs - failed} of ${runs} runs passed with ${burners} burners\n${results.join('\n')}`);
process.exit(failed > 0 ? 1 : 0);
