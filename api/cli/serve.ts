/** `yeyak serve`: opens the data directory (loading the demo into an empty one with --demo) and serves until a signal. */
import { fileURLToPath } from 'node:url';
import { AppConfigError, openApp, type App } from '../app';
import { generatePassword, writeCredentialFile } from '../auth/credentials';
import { isWorker, listenMetricsOrSay, runPrimary } from './cluster';
import { serveBookings } from '../booking/writer';
import { isEmpty, loadDemo } from '../demo/load';
import type { Env } from '../env';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, LISTEN_BACKLOG } from '../http/connections';
import { createMetricsServer } from '../http/metricsServer';
import { createYeyakServer } from '../http/server';
import { createLogger } from '../log';
import { answerMetricsRequests } from './clusterMetrics';
import { ServeUsageError } from './usage';
import { addDemoClinicUser, addDemoPeople, describeDemo } from './describe';

const WEB_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** How often the waiting room moves its heads (and so how long a queue.head answer lives). */
const TICK_MS = 1000;

export interface ServeOptions {
  demo: boolean;
  admitRate?: number;
  minInFlight: number;
  maxInFlight: number;
  joinLimit: number;
  powBits: number;
  trustProxy: number;
  /** API processes on the port; more than one needs `redis`. */
  workers: number;
  /** Where the waiting room lives when set (a Redis URL); else the data directory's SQLite. */
  redis?: string;
  /** With workers: bookings written by the primary for all (default), or by each worker in turn on the file's lock. */
  writer: 'primary' | 'each';
  /** Event-loop delay (ms) above which new joins are shed. */
  shedLagMs: number;
  /** Open connections per process; 0: no cap. */
  maxConnections: number;
  /** Open connections per address; 0: no cap. Unset: 1024, or no cap behind a trusted proxy (every connection is the proxy's). */
  maxConnectionsPerAddress?: number;
  /** Seconds an idle keep-alive connection stays open (longer behind a proxy: see KEEP_ALIVE_TIMEOUT_MS). */
  keepAlive: number;
  /** The metrics listener's port; unset: METRICS_PORT, else PORT + 1 (a free port when PORT is 0). */
  metricsPort?: number;
  metricsHost: string;
  /** The outbox's provider URL (http transport); unset: OUTBOX_URL, else the file transport. */
  outboxUrl?: string;
}

export { ServeUsageError };

function metricsPort(env: Env, opts: ServeOptions): number {
  return opts.metricsPort ?? env.METRICS_PORT ?? (env.PORT === 0 ? 0 : env.PORT + 1);
}

async function listenForMetrics(server: ReturnType<typeof createMetricsServer>, env: Env, opts: ServeOptions): Promise<string> {
  return listenMetricsOrSay(server, metricsPort(env, opts), opts.metricsHost);
}

function open(env: Env, opts: ServeOptions, applyRate: boolean): App {
  try {
    return openWith(env, opts, applyRate);
  } catch (err) {
    // A setting it cannot run with (an outbox URL without its token): one line and exit 1, no stack trace.
    if (err instanceof AppConfigError) throw new ServeUsageError(err.message);
    throw err;
  }
}

function openWith(env: Env, opts: ServeOptions, applyRate: boolean): App {
  return openApp({
    bookingsViaPrimary: isWorker() && opts.writer === 'primary',
    dataDir: env.dataDir,
    logger: createLogger(),
    joinsPerMinute: opts.joinLimit,
    ...(opts.outboxUrl ?? env.OUTBOX_URL ? { outboxUrl: opts.outboxUrl ?? env.OUTBOX_URL } : {}),
    trustProxyHops: opts.trustProxy,
    shedLagMs: opts.shedLagMs,
    ...(opts.redis ? { redis: opts.redis } : {}),
    room: { ...(opts.admitRate === undefined || !applyRate ? {} : { admitRate: opts.admitRate }), minInFlight: opts.minInFlight, maxInFlight: opts.maxInFlight, powBits: opts.powBits },
  });
}

/** Once per data directory start: the demo into an empty one, and the first operator. */
async function prepare(app: App, opts: ServeOptions, env: Env): Promise<void> {
  if (opts.demo && isEmpty(app)) {
    const summary = loadDemo(app, { now: app.now(), identity: 'verified' });
    app.schedule.invalidate();
    console.log(describeDemo(summary));
    const people = addDemoPeople(app, summary.campaign);
    if (people) console.log(people);
    console.log(await addDemoClinicUser(app, app.now()));
  }
  // The first operator, so a new data directory can be run at all; people then get accounts of their own (yeyak operator add).
  if (app.operator.count() === 0) {
    const password = env.YEYAK_ADMIN_PASSWORD ?? generatePassword();
    await app.operator.put({ username: 'admin', password }, app.now(), { address: 'first start' });
    if (env.YEYAK_ADMIN_PASSWORD) {
      console.log('operator login (page: /operator/): admin, password from YEYAK_ADMIN_PASSWORD');
    } else {
      const file = writeCredentialFile(app.dataDir, 'operator', 'admin', password, 'the first operator');
      console.log(`operator login (page: /operator/): admin, password in ${file}`);
    }
    console.log('  give each operator an account of their own (yeyak operator add --username NAME), then: yeyak operator disable --username admin');
  }
}

export async function serve(env: Env, opts: ServeOptions): Promise<void> {
  if (opts.workers > 1 && !opts.redis) {
    throw new ServeUsageError('--workers above 1 needs --redis URL: the SQLite waiting room hands out places from one process\'s memory');
  }
  if (opts.workers > 1 && !isWorker()) {
    // The primary prepares the data directory (and checks Redis) once, serves no HTTP itself, and
    // forks; with --writer primary it stays the one booking writer for every worker.
    return runPrimary(env, opts.workers, async () => {
      const app = open(env, opts, true);
      try {
        await app.ready;
        await prepare(app, opts, env);
      } catch (err) {
        app.close();
        throw err;
      }
      if (opts.writer !== 'primary') {
        app.close();
        const registry = new Registry();
        collectDefaultMetrics({ register: registry, prefix: 'yeyak_' });
        return { onFork: () => {}, close: async () => {}, registry };
      }
      return {
        registry: app.metrics.registry,
        onFork: (worker) => serveBookings(app.booking, worker, app.log),
        close: async () => {
          await app.committer.drain();
          await app.outbox.stop();
          app.close();
          await new Promise<void>((resolve) => app.log.flush(() => resolve()));
        },
      };
    }, { port: metricsPort(env, opts), host: opts.metricsHost });
  }
  // A worker leaves the rate to the primary: a replaced worker must not undo an operator's change.
  const app = open(env, opts, !isWorker());
  await app.ready;
  if (!isWorker()) await prepare(app, opts, env);
  const server = createYeyakServer(app, {
    webDir: WEB_DIR,
    maxConnections: opts.maxConnections,
    maxConnectionsPerAddress: opts.maxConnectionsPerAddress ?? (opts.trustProxy > 0 ? 0 : DEFAULT_MAX_CONNECTIONS_PER_ADDRESS),
    keepAliveMs: opts.keepAlive * 1000,
  });
  // A worker's figures go to the primary, which alone listens for /metrics; one process listens itself.
  let metricsServer: ReturnType<typeof createMetricsServer> | undefined;
  let metricsUrl = '';
  if (isWorker()) {
    answerMetricsRequests(app.metrics.registry);
  } else {
    metricsServer = createMetricsServer(async () => ({ contentType: app.metrics.registry.contentType, body: await app.metrics.registry.metrics() }),
      (err) => app.log.error({ err: { message: err.message } }, 'metrics scrape failed'));
    metricsUrl = await listenForMetrics(metricsServer, env, opts);
  }
  // A tick that fails (another process holding the database past busy_timeout, say) is logged; the next one tries again.
  const ticker = setInterval(() => {
    app.queue.tick(app.now()).catch((err: Error) => {
      app.log.error({ err: { message: err.message } }, 'waiting-room tick failed; retrying next tick');
    });
  }, TICK_MS);
  await new Promise<void>((resolve) => {
    server.listen({ port: env.PORT, backlog: LISTEN_BACKLOG, ...(env.HOST ? { host: env.HOST } : {}) }, resolve);
  });
  if (!isWorker()) {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : env.PORT;
    const base = `http://localhost:${port}`;
    console.log(`metrics on ${metricsUrl}`);
    console.log(`yeyak listening on ${base}/ (data: ${env.dataDir})`);
    console.log(`  citizen app   ${base}/`);
    console.log(`  API (tRPC)    ${base}/trpc`);
    console.log(`  health        ${base}/healthz`);
    console.log(`waiting room (${opts.redis ? 'in Redis' : 'in SQLite'}): paced by the booking path's drain, at most ${app.queue.targetRate} people/s (change with: yeyak admit-rate N; 0 pauses), ${opts.minInFlight}-${opts.maxInFlight} let in and not yet done`);
  }
  // Graceful: stop accepting, answer what is in flight (each answer after its commit), close SQLite, exit 0.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing requests in flight`);
    clearInterval(ticker);
    const guard = setTimeout(() => {
      console.error('requests still in flight after 10 s; exiting');
      process.exit(1);
    }, 10_000);
    metricsServer?.close();
    await server.shutdown();
    await app.committer.drain();
    await app.outbox.stop();
    app.close();
    clearTimeout(guard);
    console.log('stopped');
    app.log.flush(() => process.exit(0));
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
