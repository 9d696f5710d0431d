/** The HTTP server: tRPC at /trpc, /healthz, the staff CSV endpoints, and the built web app at / (SPA fallback for navigations). /metrics has a listener of its own (metricsServer.ts). */
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { existsSync, readFile } from 'node:fs';
import { join } from 'node:path';
import http from 'node:http';
import sirv from 'sirv';
import type { App } from '../app';
import { appRouter } from '../router';
import type { Context } from '../trpc/init';
import { createDirectHandler, MAX_BODY_BYTES } from './direct';
import { capConnections, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, timeoutOptions } from './connections';
import { clientAddress, createRequestContext, isHttps } from './context';
import { guard, refuseGuarded } from './guards';
import { API_HEADERS, SECURITY_HEADERS } from './headers';
import { exportCsv, importCsv } from './staff';
import { logRequest } from '../log';

export interface ServerOptions {
  /** The vite build of web/; absent in API-only tests. */
  webDir?: string;
  /** Open connections at most; 0: no cap. Default DEFAULT_MAX_CONNECTIONS. */
  maxConnections?: number;
  /** Open connections per address (an IPv6 /64) at most; 0: no cap. Default DEFAULT_MAX_CONNECTIONS_PER_ADDRESS. */
  maxConnectionsPerAddress?: number;
  /** Idle keep-alive connections are closed after this long (default KEEP_ALIVE_TIMEOUT_MS). */
  keepAliveMs?: number;
}

/** More calls than any screen of the app makes at once; a 500-call batch is refused whole. */
export const MAX_BATCH_SIZE = 10;

/** HSTS only where the request came over HTTPS (directly, or through a trusted proxy that says so). */
function securityHeaders(req: http.IncomingMessage, res: http.ServerResponse, trustProxyHops: number, api: boolean): void {
  for (const [name, value] of Object.entries(api ? API_HEADERS : SECURITY_HEADERS)) res.setHeader(name, value);
  if (isHttps(req, trustProxyHops)) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
}

export interface YeyakServer extends http.Server {
  /** Stops accepting, lets every request in flight finish (closing its connection after), then resolves. */
  shutdown(): Promise<void>;
}

export function createYeyakServer(app: App, opts: ServerOptions = {}): YeyakServer {
  // The error's message and stack only: causes can carry input values.
  const logInternal = (path: string, error: unknown) => {
    const cause = ((error as Error).cause ?? error) as Error;
    app.log.error({ path, err: { type: cause.name, message: cause.message, stack: cause.stack } }, 'internal error');
  };
  const direct = createDirectHandler(app, logInternal);
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: MAX_BODY_BYTES,
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: ({ req, res }): Context => createRequestContext(app, req, res),
    responseMeta: ({ ctx, errors }) => {
      if (errors.length > 0 || !ctx) return {};
      return { headers: Object.fromEntries(ctx.headers) };
    },
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') logInternal(path ?? '?', error);
    },
  });
  const web = opts.webDir && existsSync(opts.webDir)
    ? sirv(opts.webDir, { single: true, etag: true, gzip: true, immutable: false })
    : null;

  let closing = false;
  // Slow clients cannot hold connections open: headers within 10 s, a whole request within 30 s, checked every second.
  const server = http.createServer(timeoutOptions(opts.keepAliveMs), (req, res) => {
    // While shutting down, every answer ends its connection, so keep-alive clients move on.
    if (closing) res.setHeader('connection', 'close');
    app.load.inFlight++;
    res.once('close', () => app.load.inFlight--);
    const url = req.url ?? '/';
    // Pages get the full set, API answers the JSON ones; queue.head's cached answer carries its own (the hottest path).
    if (!url.startsWith('/trpc/queue.head?')) securityHeaders(req, res, app.trustProxyHops, url.startsWith('/trpc/'));
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    if (path !== '/trpc/queue.head') logRequest(app.log, req, res, path);
    const refused = guard(req, path, app.trustProxyHops);
    if (refused) {
      if (refused.status === 403) {
        app.log.warn({ event: 'cross_site_refused', address: clientAddress(req, app.trustProxyHops), path, origin: req.headers.origin ?? null, site: req.headers['sec-fetch-site'] ?? null }, 'security');
      }
      return refuseGuarded(res, refused);
    }
    if (path.startsWith('/trpc/') && direct(req, res, path, q === -1 ? '' : url.slice(q + 1))) return;
    if (path === '/trpc' || path.startsWith('/trpc/')) return trpc(req, res);
    if (path === '/healthz') return health(app, res);
    // Not here: on the metrics listener. Said plainly, so the app's fallback page does not answer for it.
    if (path === '/metrics') return notFound(res);
    if (path === '/clinic/export.csv') return exportCsv(app, req, res, q === -1 ? '' : url.slice(q + 1));
    if (path === '/operator/import' && req.method === 'POST') return importCsv(app, req, res);
    if (path === '/sw.js' && opts.webDir) return serviceWorker(opts.webDir, res);
    if (web) return web(req, res, () => notFound(res));
    notFound(res);
  }) as YeyakServer;
  capConnections(server, {
    total: opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    perAddress: opts.maxConnectionsPerAddress ?? DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
    onRefused: (cap) => app.metrics.refusedConnection(cap),
  });
  server.shutdown = () => new Promise<void>((resolve) => {
    closing = true;
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  return server;
}

/** The service worker script, read at each request and never cached, so a new release is found at the next check. */
function serviceWorker(webDir: string, res: http.ServerResponse): void {
  readFile(join(webDir, 'sw.js'), (err, body) => {
    if (err) return notFound(res);
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', 'content-length': body.length });
    res.end(body);
  });
}

function health(app: App, res: http.ServerResponse): void {
  let ok = true;
  try {
    app.sqlite.prepare('SELECT 1').get();
  } catch {
    ok = false;
  }
  res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ ok }));
}

function notFound(res: http.ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('not found');
}
