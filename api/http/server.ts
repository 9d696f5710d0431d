/** The HTTP server: tRPC at /trpc, /healthz, and the built web app at / (SPA fallback for navigations). */
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { existsSync } from 'node:fs';
import http from 'node:http';
import sirv from 'sirv';
import type { App } from '../app';
import { appRouter } from '../router';
import type { Context } from '../trpc/init';
import { createDirectHandler, MAX_BODY_BYTES } from './direct';

export interface ServerOptions {
  /** The vite build of web/; absent in API-only tests. */
  webDir?: string;
}

export interface YeyakServer extends http.Server {
  /** Stops accepting, lets every request in flight finish (closing its connection after), then resolves. */
  shutdown(): Promise<void>;
}

export function createYeyakServer(app: App, opts: ServerOptions = {}): YeyakServer {
  const logInternal = (path: string, error: unknown) => console.error(`trpc ${path}:`, (error as Error).cause ?? error);
  const direct = createDirectHandler(app, logInternal);
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: MAX_BODY_BYTES,
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
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    if (path.startsWith('/trpc/') && direct(req, res, path, q === -1 ? '' : url.slice(q + 1))) return;
    if (path === '/trpc' || path.startsWith('/trpc/')) return trpc(req, res);
    if (path === '/healthz') return health(app, res);
    if (web) return web(req, res, () => notFound(res));
    notFound(res);
  }) as YeyakServer;
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

function notFound(res: http.ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('not found');
}
