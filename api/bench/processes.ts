/** Child processes for benchmarks and tests: `yeyak serve` on a free port (parsed from its output) and the bare Node server it is compared with. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = ['--import', 'tsx', 'api/cli/main.ts'];

export interface ServerProcess {
  url: string;
  /** `serve`'s metrics listener (its /metrics), when it printed one. */
  metricsUrl: string;
  child: ChildProcess;
  output: () => string;
}

/**
 * Resolves with the URL once the child says it listens. The output is kept for tests that read
 * it (keep = true), or dropped after that line (benchmarks: a log line per request would pile up).
 */
function waitForUrl(child: ChildProcess, pattern: RegExp, keep = true): Promise<ServerProcess> {
  let out = '';
  let listening = false;
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (listening && !keep) return;
      out += chunk.toString();
      if (listening) return;
      const m = pattern.exec(out);
      if (m) {
        listening = true;
        // `serve` prints its metrics listener before the line that says it listens.
        const metrics = /metrics on (http:\/\/\S+\/metrics)/.exec(out);
        resolve({ url: `http://127.0.0.1:${m[1]}`, metricsUrl: metrics?.[1] ?? '', child, output: () => out });
      }
    });
    child.stderr!.on('data', (c: Buffer) => { out += c.toString(); });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)));
  });
}

/** On a free port of 127.0.0.1 (and a free metrics port), unless `env` says otherwise. */
export function spawnServer(dataDir: string, args: string[] = [], nodeArgs: string[] = [], keepOutput = true, env: Record<string, string> = {}): Promise<ServerProcess> {
  const inherited = { ...process.env };
  delete inherited.METRICS_PORT; // PORT 0 makes it a free port too
  const child = spawn(process.execPath, [...nodeArgs, ...CLI, 'serve', ...args], {
    cwd: ROOT,
    env: { ...inherited, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return waitForUrl(child, /listening on http:\/\/localhost:(\d+)\//, keepOutput);
}

/** The baseline: Node's http answering a fixed JSON body (after reading any request body, as a real server must). */
const BARE = `
const body = JSON.stringify({ result: { data: { ok: true, admittedUpTo: 1234, queueLength: 5678 } } });
require('node:http').createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body); });
}).listen(0, '127.0.0.1', function () { console.log('bare listening on ' + this.address().port); });`;

export function spawnBareServer(): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['-e', BARE], { stdio: ['ignore', 'pipe', 'pipe'] });
  return waitForUrl(child, /bare listening on (\d+)/);
}

/** The stack's floor (floor.ts): tRPC's caller and zod's check of queue.join's input, a fixed answer. */
export function spawnFloorServer(): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/bench/floor.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return waitForUrl(child, /floor listening on (\d+)/);
}

export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** A process's resident memory in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}
