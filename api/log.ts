/**
 * Structured JSON logs (pino). What may be logged is decided here and in the request logger:
 * method, path without its query string, status, duration, request id. Never bodies or query
 * strings, which carry names, birth dates and phone numbers.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { pino, type Logger } from 'pino';

export type { Logger };

/** Asynchronous writes: a slow reader of stdout must not stall requests. Flush before exit. */
export function createLogger(enabled = true): Logger {
  const options = { enabled, base: { service: 'yeyak' }, timestamp: pino.stdTimeFunctions.isoTime };
  return enabled ? pino(options, pino.destination({ dest: 1, sync: false })) : pino(options);
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Health polls that succeed would drown everything else. (queue.head is not logged at all; /metrics has a listener of its own.) */
const QUIET = new Set(['/healthz']);

/** Gives the request an id (the caller's x-request-id if it is sane), echoes it, and logs the answer. */
export function logRequest(log: Logger, req: http.IncomingMessage, res: http.ServerResponse, path: string): void {
  const given = req.headers['x-request-id'];
  const reqId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', reqId);
  const started = performance.now();
  res.once('finish', () => {
    if (res.statusCode < 400 && QUIET.has(path)) return;
    log.info({ reqId, method: req.method, path, status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10 }, 'request');
  });
}
