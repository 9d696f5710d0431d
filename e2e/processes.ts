/** Runs the real CLI as child processes for tests: `serve` (shared with the benchmarks) and one-shot commands. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CLI } from '../api/bench/processes';

import { spawnServer as spawnBenchServer, type ServerProcess } from '../api/bench/processes';

export { killHard, type ServerProcess } from '../api/bench/processes';

/**
 * `yeyak serve` for a test: nothing is shed unless the test asks (--shed-lag-ms), since a test
 * machine kept busy by other tests delays every process's event loop, and a shed join would fail
 * a test that is about something else.
 */
export function spawnServer(dataDir: string, args: string[] = [], nodeArgs: string[] = [], keepOutput = true, env: Record<string, string> = {}): Promise<ServerProcess> {
  const shed = args.includes('--shed-lag-ms') ? [] : ['--shed-lag-ms', '3600000'];
  return spawnBenchServer(dataDir, [...shed, ...args], nodeArgs, keepOutput, env);
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `input` is written to the command's standard input, which is then closed (a command that reads it never waits). */
export function runCli(args: string[], dataDir: string, env: Record<string, string> = {}, input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [...CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env, DATA_DIR: dataDir } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
    child.stdin?.end(input);
  });
}
