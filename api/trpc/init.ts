/** tRPC is initialised here, once: the context, the error shape that carries `data.reason`, and the procedure builder. */
import { initTRPC, TRPCError } from '@trpc/server';
import type { Services } from '../services';
import { Refusal } from '../refusal';
import { REASON_TEXT } from '../../shared/messages';
import type { Reason } from '../../shared/reasons';

export interface Context {
  app: Services;
  /** The caller's address, for per-address limits. */
  ip: string;
  /** Response headers a procedure wants sent (Cache-Control on shared answers). */
  headers: Map<string, string>;
  /** The request's cookies. */
  cookies: Record<string, string>;
  /** Sets an HttpOnly, SameSite=Strict cookie (Secure behind HTTPS); maxAge 0 removes it. */
  setCookie(name: string, value: string, maxAgeSeconds: number): void;
}

/** Every refused call says why in `data.reason`; input the schema rejects is INVALID_INPUT with its issues. */
function reasonOf(error: TRPCError): { reason: Reason; details?: unknown } {
  if (error instanceof Refusal) return { reason: error.reason, ...(error.details ? { details: error.details } : {}) };
  const cause = error.cause as { issues?: Array<{ path?: PropertyKey[]; message: string }> } | undefined;
  if (error.code === 'BAD_REQUEST' && Array.isArray(cause?.issues)) {
    return {
      reason: 'INVALID_INPUT',
      details: { issues: cause.issues.map((i) => ({ path: (i.path ?? []).map(String).join('.'), message: i.message })) },
    };
  }
  switch (error.code) {
    case 'NOT_FOUND':
      return { reason: 'NOT_FOUND' };
    case 'TOO_MANY_REQUESTS':
      return { reason: 'RATE_LIMITED' };
    case 'UNAUTHORIZED':
    case 'FORBIDDEN':
      return { reason: 'FORBIDDEN' };
    default: // BAD_REQUEST, PARSE_ERROR, PAYLOAD_TOO_LARGE, METHOD_NOT_SUPPORTED, …
      return { reason: 'INVALID_INPUT' };
  }
}

const t = initTRPC.context<Context>().create({
  isDev: false,
  errorFormatter({ shape, error }) {
    // What went wrong inside stays in the server's log; the caller learns only that it did.
    if (error.code === 'INTERNAL_SERVER_ERROR') return { ...shape, message: 'Internal error' };
    const { reason, details } = reasonOf(error);
    // Validation messages become the reason's text; the particulars are in data.details.
    const message = reason === 'INVALID_INPUT' ? REASON_TEXT.INVALID_INPUT.en : shape.message;
    return { ...shape, message, data: { ...shape.data, reason, details } };
  },
});

/** Every call counted by outcome (ok, or its refusal reason) and timed, for /metrics. */
const observeCalls = t.middleware(async ({ ctx, path, next }) => {
  const started = performance.now();
  const result = await next();
  ctx.app.metrics.observe(path, result.ok ? null : reasonOf(result.error).reason, (performance.now() - started) / 1000);
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(observeCalls);
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;
