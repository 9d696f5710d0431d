/** The HTTP server: tRPC at /trpc, /healthz, and the built web app at / (SPA fallback for navigations). */
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { existsSync, readFile } from 'node:fs';
import { join } from 'node:path';
import http from 'node:http';
import sirv from 'sirv';
import type { App } from '../app';
import { appRouter } from '../router';
import type { Context } from '../trpc/init';
import { createDirectHandler, MAX_BODY_BYTES } from './direct';
import { createRequestContext, isHttps } from './context';
import { API_HEADERS, SECURITY_HEADERS } from './headers';
import { logRequest } from '../log';
import { csvFileName, dayToCsv } from '../clinic/csv';
import { SESSION_COOKIE } from '../routers/clinic';
import { OPERATOR_COOKIE } from '../routers/operator';
import { importClinics, importSlots } from '../operator/import';
import { isCalendarDate } from '../../shared/time';

export interface ServerOptions {
  /** The vite build of web/; absent in API-only tests. */
  webDir?: string;
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
  const server = http.createServer((req, res) => {
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
    if (path.startsWith('/trpc/') && direct(req, res, path, q === -1 ? '' : url.slice(q + 1))) return;
    if (path === '/trpc' || path.startsWith('/trpc/')) return trpc(req, res);
    if (path === '/healthz') return health(app, res);
    if (path === '/metrics') return void metrics(app, res);
    if (path === '/clinic/export.csv') return exportCsv(app, req, res, q === -1 ? '' : url.slice(q + 1));
    if (path === '/operator/import' && req.method === 'POST') return importCsv(app, req, res, q === -1 ? '' : url.slice(q + 1));
    if (path === '/sw.js' && opts.webDir) return serviceWorker(opts.webDir, res);
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

/** The session's clinic's day as CSV; the clinic always comes from the session, never from the URL. */
function exportCsv(app: App, req: http.IncomingMessage, res: http.ServerResponse, query: string): void {
  const ctx = createRequestContext(app, req, res);
  const clinicId = app.clinic.scopeOf(ctx.cookies[SESSION_COOKIE], app.now());
  const date = new URLSearchParams(query).get('date') ?? '';
  const refuse = (status: number, reason: string, message: string) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ error: { message, data: { reason } } }));
  };
  if (!clinicId) return refuse(401, 'FORBIDDEN', 'Sign in first.');
  if (!isCalendarDate(date)) return refuse(400, 'INVALID_INPUT', 'date must be YYYY-MM-DD');
  const day = app.clinic.day(clinicId, date);
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': csvFileName(day),
    'cache-control': 'private, no-store',
  });
  res.end(dayToCsv(day));
}

/** A country's clinics or slots as CSV (too large for a tRPC body): all-or-nothing, errors by line. */
const MAX_IMPORT_BYTES = 16 * 1024 * 1024;

function importCsv(app: App, req: http.IncomingMessage, res: http.ServerResponse, query: string): void {
  const answer = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const ctx = createRequestContext(app, req, res);
  if (!app.operator.scopeOf(ctx.cookies[OPERATOR_COOKIE], app.now())) return void (req.resume(), answer(401, { error: { data: { reason: 'FORBIDDEN' } } }));
  const kind = new URLSearchParams(query).get('kind');
  if (kind !== 'clinics' && kind !== 'slots') return void (req.resume(), answer(400, { error: { data: { reason: 'INVALID_INPUT' }, message: 'kind is clinics or slots' } }));
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size <= MAX_IMPORT_BYTES) chunks.push(c);
  });
  req.on('end', () => {
    if (size > MAX_IMPORT_BYTES) return answer(413, { error: { data: { reason: 'INVALID_INPUT' }, message: 'the file is over 16 MiB' } });
    const text = Buffer.concat(chunks).toString('utf8');
    try {
      const result = kind === 'clinics' ? importClinics(app.db, app.sqlite, text) : importSlots(app.sqlite, text);
      answer(result.ok ? 200 : 400, result.ok ? result : { error: { data: { reason: 'INVALID_INPUT', details: { errors: result.errors } } } });
    } catch (err) {
      app.log.error({ err: { message: (err as Error).message } }, 'import failed');
      answer(503, { error: { data: { reason: 'RATE_LIMITED' }, message: 'the database is busy; nothing was loaded, try again' } });
    }
  });
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
