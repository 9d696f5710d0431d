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

export function createYeyakServer(app: App, opts: ServerOptions = {}): http.Server {
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

  return http.createServer((req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    if (path.startsWith('/trpc/') && direct(req, res, path, q === -1 ? '' : url.slice(q + 1))) return;
    if (path === '/trpc' || path.startsWith('/trpc/')) return trpc(req, res);
    if (path === '/healthz') return health(app, res);
    if (web) return web(req, res, () => notFound(res));
    notFound(res);
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
