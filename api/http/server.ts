/** The HTTP server: tRPC at /trpc, /healthz, and the built web app at / (SPA fallback for navigations). */
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { existsSync } from 'node:fs';
import http from 'node:http';
import sirv from 'sirv';
import type { App } from '../app';
import { appRouter } from '../router';
import type { Context } from '../trpc/init';
import { createDirectHandler, MAX_BODY_BYTES } from './direct';
import { SECURITY_HEADERS } from './headers';
import { logRequest } from '../log';

export interface ServerOptions {
  /** The vite build of web/; absent in API-only tests. */
  webDir?: string;
}

/** More calls than any screen of the app makes at once; a 500-call batch is refused whole. */
export const MAX_BATCH_SIZE = 10;

/** HSTS only where the request came over HTTPS (directly, or through a proxy that says so). */
function securityHeaders(req: http.IncomingMessage, res: http.ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  const https = (req.socket as { encrypted?: boolean }).encrypted === true || req.headers['x-forwarded-proto'] === 'https';
  if (https) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
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
    createContext: ({ req }): Context => ({ app, ip: req.socket.remoteAddress ?? 'unknown', headers: new Map() }),
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
  const server = http.createServer((req, res) => {
    // While shutting down, every answer ends its connection, so keep-alive clients move on.
    if (closing) res.setHeader('connection', 'close');
    const url = req.url ?? '/';
    // queue.head's cached answer carries the same headers, set in one writeHead (it is the hottest path).
    if (!url.startsWith('/trpc/queue.head?')) securityHeaders(req, res);
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    if (path !== '/trpc/queue.head') logRequest(app.log, req, res, path);
    if (path.startsWith('/trpc/') && direct(req, res, path, q === -1 ? '' : url.slice(q + 1))) return;
    if (path === '/trpc' || path.startsWith('/trpc/')) return trpc(req, res);
    if (path === '/healthz') return health(app, res);
    if (path === '/metrics') return void metrics(app, res);
    if (web) return web(req, res, () => notFound(res));
    notFound(res);
  }) as YeyakServer;
  // Slow clients cannot hold connections open forever.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  server.shutdown = () => new Promise<void>((resolve) => {
    closing = true;
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  return server;
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

async function metrics(app: App, res: http.ServerResponse): Promise<void> {
  const body = await app.metrics.registry.metrics();
  res.writeHead(200, { 'content-type': app.metrics.registry.contentType, 'cache-control': 'no-store' });
  res.end(body);
}

function notFound(res: http.ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('not found');
}
