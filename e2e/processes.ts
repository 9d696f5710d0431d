/** Runs the real CLI as child processes for tests: `serve` (shared with the benchmarks) and one-shot commands. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CLI } from '../api/bench/processes';

export { killHard, spawnServer, type ServerProcess } from '../api/bench/processes';

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
