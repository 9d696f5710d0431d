/** The tRPC context of a request, the same for the adapter and the lean path: cookies are parsed only if a procedure asks. */
import type http from 'node:http';
import type { App } from '../app';
import type { Context } from '../trpc/init';

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // a malformed value is no value
    }
  }
  return out;
}

/** HTTPS directly, or through proxies we were told to trust (never a header from anyone). */
export function isHttps(req: http.IncomingMessage, trustProxyHops: number): boolean {
  return (req.socket as { encrypted?: boolean }).encrypted === true || (trustProxyHops > 0 && req.headers['x-forwarded-proto'] === 'https');
}

/**
 * The caller's address for per-address limits: the socket's, or behind `hops` trusted proxies the
 * X-Forwarded-For entry that the outermost of them saw (counting from the right, since the left
 * part is whatever the client chose to send).
 */
export function clientAddress(req: http.IncomingMessage, trustProxyHops: number): string {
  const socket = req.socket.remoteAddress ?? 'unknown';
  if (trustProxyHops <= 0) return socket;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (forwarded.length === 0) return socket;
  return forwarded[Math.max(0, forwarded.length - trustProxyHops)]!;
}

export function createRequestContext(app: App, req: http.IncomingMessage, res: http.ServerResponse): Context {
  let cookies: Record<string, string> | undefined;
  return {
    app,
    ip: clientAddress(req, app.trustProxyHops),
    headers: new Map(),
    get cookies() {
      cookies ??= parseCookies(req.headers.cookie);
      return cookies;
    },
    setCookie(name, value, maxAgeSeconds) {
      const secure = isHttps(req, app.trustProxyHops) ? '; Secure' : '';
      res.appendHeader('set-cookie', `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`);
    },
  };
}
