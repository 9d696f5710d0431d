/**
 * Refusals before any handler reads a request. A POST (any method but GET, HEAD, OPTIONS) must
 * be JSON: a page on another site can make a browser send text/plain, form or multipart bodies
 * without asking first (a "simple" request), but never application/json. And a browser's request
 * from another site may neither change anything nor carry a staff session.
 */
import type http from 'node:http';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Paths whose answers depend on a session cookie (the pages themselves are the same for everyone). */
const SESSION_PATHS = ['/trpc', '/clinic/export.csv', '/operator/import'];

export function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/**
 * True when a browser says the request comes from another site. Sec-Fetch-Site is set by the
 * browser and cannot be changed by a page, so it decides when present (it also holds behind a
 * proxy that rewrites Host). Without it (older browsers), the Origin must name this host. A request
 * with neither (curl, the CLI, Node's fetch) is not a browser's cross-site request at all, and
 * carries no visitor's cookies.
 */
export function isCrossSite(req: http.IncomingMessage, trustProxyHops: number): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return true;
  if (site === 'same-origin') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return true; // "null" (a sandboxed frame, a file) or garbage: not this site
  }
  const own = [req.headers.host, ...(trustProxyHops > 0 ? [String(req.headers['x-forwarded-host'] ?? '').split(',')[0]!.trim()] : [])];
  return !own.some((h) => h && h.toLowerCase() === host.toLowerCase());
}

export type Guarded = { status: 415 | 403; why: 'not json' | 'cross-site' } | null;

/** What refuses this request, if anything. */
export function guard(req: http.IncomingMessage, path: string, trustProxyHops: number): Guarded {
  const unsafe = !SAFE_METHODS.has(req.method ?? 'GET');
  if (unsafe && !isJson(req.headers['content-type'])) return { status: 415, why: 'not json' };
  const session = (req.headers.cookie ?? '').includes('yeyak_') && SESSION_PATHS.some((p) => path === p || path.startsWith(`${p}/`));
  if ((unsafe || session) && isCrossSite(req, trustProxyHops)) return { status: 403, why: 'cross-site' };
  return null;
}

/** tRPC's error shape (as its adapter answers a text/plain POST), with the contract's reason. */
export function refuseGuarded(res: http.ServerResponse, refused: NonNullable<Guarded>): void {
  const [code, jsonRpc, reason, message] = refused.status === 415
    ? ['UNSUPPORTED_MEDIA_TYPE', -32015, 'INVALID_INPUT', 'Send the body as application/json.'] as const
    : ['FORBIDDEN', -32003, 'FORBIDDEN', 'Requests from another site are refused.'] as const;
  const body = JSON.stringify({ error: { message, code: jsonRpc, data: { code, httpStatus: refused.status, reason } } });
  res.writeHead(refused.status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
