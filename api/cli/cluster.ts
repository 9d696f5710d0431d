/**
 * `yeyak serve --workers N`: N API processes on one port (node:cluster; the kernel hands each new
 * connection to a worker). The primary prepares the data directory once (migrations, demo, first
 * operator), then forks; a worker that dies is replaced, and its clients' next request lands on a
 * live one. Every worker shares the waiting room through Redis; bookings go to the one SQLite file,
 * written by the primary for all of them (--writer primary) or by each in turn on its lock (--writer each).
 */
import cluster, { type Worker } from 'node:cluster';
import type { Registry } from 'prom-client';
import type { Env } from '../env';
import { createMetricsServer, listenMetrics } from '../http/metricsServer';
import { clusterScrape } from './clusterMetrics';
import { ServeUsageError } from './usage';

/** How long a worker that died is given before it is replaced again (a crash loop must not spin). */
const RESPAWN_DELAY_MS = 500;
/** More deaths than this within the window, or any before the first listen, stop the whole server. */
const MAX_DEATHS = 5;
const DEATH_WINDOW_MS = 60_000;

/** What the primary keeps while the workers run: a hook for each new worker, and its own shutdown. */
export interface PrimaryRole {
  onFork(worker: Worker): void;
  close(): Promise<void>;
  /** The primary's own figures (its commits with --writer primary, its process), added to the workers' at each scrape. */
  registry: Registry;
}

export async function runPrimary(env: Env, workers: number, prepare: () => Promise<PrimaryRole>, metricsAt: { port: number; host: string }): Promise<void> {
  const role = await prepare();
  // Only the primary listens for /metrics: one scrape sums every worker (clusterMetrics.ts).
  const metricsServer = createMetricsServer(() => clusterScrape(role.registry), (err) => console.error(`metrics scrape failed: ${err.message}`));
  let metricsUrl: string;
  try {
    metricsUrl = await listenMetricsOrSay(metricsServer, metricsAt.port, metricsAt.host);
  } catch (err) {
    await role.close();
    throw err;
  }
  // The kernel hands connections to the workers directly: the primary, busy writing bookings, must
  // not sit between every new connection and its worker (round-robin hand-off stalled behind commits).
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  let stopping = false;
  let listening = 0;
  let announced = false;
  const fork = (): Worker => {
    const worker = cluster.fork({ YEYAK_WORKER: '1' });
    role.onFork(worker);
    worker.once('listening', (address) => {
      listening++;
      if (!announced && listening === workers) {
        announced = true;
        const base = `http://localhost:${address.port}`;
        console.log(`metrics on ${metricsUrl} (every worker's figures summed)`);
        console.log(`yeyak listening on ${base}/ (data: ${env.dataDir}; ${workers} workers)`);
        console.log(`  citizen app   ${base}/`);
        console.log(`  API (tRPC)    ${base}/trpc`);
        console.log(`  health        ${base}/healthz`);
      }
    });
    return worker;
  };
  for (let i = 0; i < workers; i++) fork();
  const deaths: number[] = [];
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const now = Date.now();
    deaths.push(now);
    while (deaths.length > 0 && now - deaths[0]! > DEATH_WINDOW_MS) deaths.shift();
    // A worker that cannot start (port taken, Redis unreachable) would fail again: stop as one process would.
    if (!announced || deaths.length > MAX_DEATHS) {
      const why = announced ? `, ${deaths.length} times within a minute` : ' before serving';
      console.error(`worker ${worker.process.pid} ended (${signal ?? `exit ${code}`})${why}; stopping`);
      process.exitCode = 1;
      stop('SIGTERM');
      return;
    }
    console.error(`worker ${worker.process.pid} ended (${signal ?? `exit ${code}`}); starting another`);
    setTimeout(() => {
      if (!stopping) fork();
    }, RESPAWN_DELAY_MS);
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping ${Object.keys(cluster.workers ?? {}).length} workers`);
    const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
    let left = alive.length;
    // After the workers: whatever the primary itself writes (the bookings) is committed, then it exits.
    metricsServer.close();
    const finish = () => void role.close().finally(() => {
      console.log('stopped');
      process.exit();
    });
    if (left === 0) return finish();
    for (const w of alive) {
      w.once('exit', () => {
        if (--left === 0) finish();
      });
      w.process.kill('SIGTERM'); // each finishes its requests in flight, as a single server does
    }
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/** Listens for /metrics, or says in one line which address was refused and how to choose another. */
export async function listenMetricsOrSay(server: ReturnType<typeof createMetricsServer>, port: number, host: string): Promise<string> {
  try {
    return await listenMetrics(server, port, host);
  } catch (err) {
    throw new ServeUsageError(`the metrics listener cannot use ${host}:${port} (${(err as Error).message}); choose another with --metrics-port or METRICS_PORT`);
  }
}

export function isWorker(): boolean {
  return cluster.isWorker;
}
