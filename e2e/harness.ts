/** Starts the real server on a free loopback port over a fresh data directory, with the real tRPC client and a token minter. */
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { Agent, fetch as poolFetch } from 'undici';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { personSchema, type PersonInput } from '../shared/person';
import { mintAdmissionToken, DEFAULT_ADMISSION_TTL_MS } from '../api/admission/token';
import { openApp, type App, type AppOptions } from '../api/app';
import { createMetricsServer, listenMetrics } from '../api/http/metricsServer';
import { createYeyakServer, type ServerOptions } from '../api/http/server';
import { personKey } from '../api/identity';
import type { AppRouter } from '../api/router';

export type Client = ReturnType<typeof makeClient>;

/**
 * The real tRPC client. With a pool, its calls share that many keep-alive connections (queued
 * beyond them), as traffic through a proxy does; without, each call may open a connection of its
 * own (Node's fetch), which is fine for a few at a time.
 */
export function makeClient(url: string, pool?: Agent) {
  const fetch = pool ? ((input: string, init: RequestInit) => poolFetch(input, { ...(init as object), dispatcher: pool })) : undefined;
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/trpc`, ...(fetch ? { fetch: fetch as unknown as typeof globalThis.fetch } : {}) })] });
}

/**
 * Connections a test server's client keeps. Two thousand calls at once on two thousand new
 * connections measure the kernel's accept backlog and SYN retries on a busy machine (seen: 120 s,
 * then resets), not the server; through 64 they are still all in flight at once.
 */
export const CLIENT_CONNECTIONS = 64;

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'yeyak-test-'));
}

export interface TestServer {
  url: string;
  /** The metrics listener's /metrics (its own port, as `serve` runs it). */
  metricsUrl: string;
  app: App;
  client: Client;
  dataDir: string;
  /** The clock the server reads; tests move it. */
  clock: { now: number };
  mint(person: PersonInput, campaignId?: string, ttlMs?: number, id?: string): string;
  /** Moves the clock and runs the waiting room's tick, as the server's timer would. */
  tick(ms?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startServer(opts: {
  setup?: (app: App) => void;
  now?: number;
  dataDir?: string;
  /** Serve the built app too. */
  webDir?: string;
  /** The connection caps (default: serve's). */
  server?: Omit<ServerOptions, 'webDir'>;
} & Partial<AppOptions> = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const clock = { now: opts.now ?? Date.now() };
  // Tests share one process between client and server: its event-loop delay says nothing of the
  // server's load, so nothing is shed unless a test asks for it (shedLagMs).
  const app = openApp({ shedLagMs: 3_600_000, ...opts, dataDir, clock: () => clock.now });
  await app.ready;
  opts.setup?.(app);
  app.schedule.invalidate();
  const server = createYeyakServer(app, { ...opts.server, ...(opts.webDir ? { webDir: opts.webDir } : {}) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const metrics = createMetricsServer(async () => ({ contentType: app.metrics.registry.contentType, body: await app.metrics.registry.metrics() }), () => undefined);
  const metricsUrl = await listenMetrics(metrics, 0, '127.0.0.1');
  const pool = new Agent({ connections: CLIENT_CONNECTIONS });
  return {
    url,
    metricsUrl,
    app,
    client: makeClient(url, pool),
    dataDir,
    clock,
    mint: (person, campaignId = 'covid19-50s', ttlMs = DEFAULT_ADMISSION_TTL_MS, id) => mintAdmissionToken(app.secrets.admissionKey, {
      id,
      campaignId,
      personKey: personKey(app.secrets.identityKey, personSchema.parse(person)),
      expiresAt: clock.now + ttlMs,
    }),
    tick: (ms = 1000) => {
      clock.now += ms;
      return app.queue.tick(clock.now);
    },
    close: async () => {
      await pool.destroy();
      server.closeAllConnections();
      metrics.closeAllConnections();
      await Promise.all([server, metrics].map((s) => new Promise((resolve) => s.close(resolve))));
      // The checkpoint thread's connection closes after the app's: wait for it, or the files it
      // removes as the last connection appear and vanish while the directory is removed (ENOTEMPTY).
      await app.close();
      // Retried: a file the closing database still writes can appear while the directory is removed (ENOTEMPTY).
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

export interface Refused {
  reason: string;
  httpStatus: number;
  details: any;
}

/** The refusal a call ended in; fails the test if it succeeded or failed any other way. */
export async function refusalOf(call: Promise<unknown>): Promise<Refused> {
  try {
    await call;
  } catch (err) {
    if (err instanceof TRPCClientError && err.data?.reason) {
      return { reason: err.data.reason, httpStatus: err.data.httpStatus, details: err.data.details };
    }
    throw err;
  }
  throw new Error('expected a refusal, the call succeeded');
}

/** Every row of every table that a booking touches: equal snapshots mean nothing changed. */
export function snapshot(app: App): string {
  const tables = ['bookings', 'appointments', 'slots', 'idempotency_records', 'campaigns', 'cohorts', 'clinics', 'meta'];
  return JSON.stringify(tables.map((t) => app.sqlite.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()));
}

/** Moves the server's clock (and its waiting room) every 300 ms until `done` resolves. */
export async function tickUntil(s: TestServer, done: Promise<unknown>, ms = 1000): Promise<void> {
  let over = false;
  const ticking = (async () => {
    while (!over) {
      await s.tick(ms);
      await new Promise((r) => setTimeout(r, 300));
    }
  })();
  try {
    await done;
  } finally {
    over = true;
    await ticking;
  }
}
