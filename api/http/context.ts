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

export function isHttps(req: http.IncomingMessage): boolean {
  return (req.socket as { encrypted?: boolean }).encrypted === true || req.headers['x-forwarded-proto'] === 'https';
}

export function createRequestContext(app: App, req: http.IncomingMessage, res: http.ServerResponse): Context {
  let cookies: Record<string, string> | undefined;
  return {
    app,
    ip: req.socket.remoteAddress ?? 'unknown',
    headers: new Map(),
    get cookies() {
      cookies ??= parseCookies(req.headers.cookie);
      return cookies;
    },
    setCookie(name, value, maxAgeSeconds) {
      const secure = isHttps(req) ? '; Secure' : '';
      res.appendHeader('set-cookie', `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`);
    },
  };
}
