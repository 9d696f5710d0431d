/**
 * A lean path for the hot procedures. tRPC's standalone adapter turns every Node request into a
 * fetch-API Request and Response (with AbortSignals and web streams); profiled under load that
 * conversion was most of the cost of a call. This path calls the same router through
 * createCaller (the same middlewares, input validation and errorFormatter) and writes the same
 * wire format (`{"result":{"data":…}}` / `{"error":{…}}`, tRPC's own error shape and status), for
 * single, unbatched calls of the listed procedures. Everything else goes to the adapter.
 */
import { getTRPCErrorFromUnknown, getTRPCErrorShape, type TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type http from 'node:http';
import type { HeadView } from '../../shared/waiting';
import type { App } from '../app';
import { appRouter } from '../router';
import { Refusal } from '../refusal';
import { createCallerFactory, type Context } from '../trpc/init';
import { clientAddress, createRequestContext } from './context';
import { API_HEADERS } from './headers';

/** Large enough for any real call; anything bigger is refused before it is read into memory. */
export const MAX_BODY_BYTES = 64 * 1024;

type Kind = 'query' | 'mutation';
const HOT: Record<string, Kind> = {
  'queue.head': 'query',
  'queue.status': 'query',
  'queue.join': 'mutation',
  'queue.admit': 'mutation',
  'booking.submit': 'mutation',
  'schedule.get': 'query',
};

const createCaller = createCallerFactory(appRouter);
type Caller = ReturnType<typeof createCaller>;

/** queue.head bodies and headers, made once per tick: the view object is replaced every tick. */
const headAnswers = new WeakMap<HeadView, { body: string; headers: http.OutgoingHttpHeaders }>();
/** Query strings of queue.head that passed the full path once, and their campaign: later ones skip parsing and validation. */
const knownHeadQueries = new Map<string, string>();
const MAX_KNOWN_HEAD_QUERIES = 1_000;

function headAnswer(view: HeadView, headers: Map<string, string>) {
  let answer = headAnswers.get(view);
  if (!answer) {
    const body = JSON.stringify({ result: { data: view } });
    answer = { body, headers: { ...API_HEADERS, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...Object.fromEntries(headers) } };
    headAnswers.set(view, answer);
  }
  return answer;
}

export function createDirectHandler(app: App, onInternalError: (path: string, error: TRPCError) => void) {
  /** Handles the request and returns true, or returns false to let the adapter have it. */
  return (req: http.IncomingMessage, res: http.ServerResponse, path: string, query: string): boolean => {
    const name = path.slice('/trpc/'.length);
    const kind = HOT[name];
    if (!kind || query.includes('batch=')) return false;
    if ((kind === 'query') !== (req.method === 'GET')) return false; // wrong method: the adapter says so
    if (name === 'queue.head') {
      const campaignId = knownHeadQueries.get(query);
      const view = campaignId === undefined ? undefined : app.queue.head(campaignId, app.now());
      const answer = view && headAnswers.get(view);
      if (answer) {
        res.writeHead(200, answer.headers);
        res.end(answer.body);
        return true;
      }
    }
    // Overloaded: a share of new joins is refused before the body is read or a context made, so the
    // bookings in flight get the machine. It still spends the address's join budget: a client that
    // ignores Retry-After is limited. Not once every place is gone: there are no bookings to make
    // room for, and the join's answer is the news itself (sold out, and what comes next), where a
    // 503 sent people back for up to 15 s at a time (the 1/10 sold-out replay: 25.7 s to tell everyone).
    if (name === 'queue.join' && app.load.shedJoin() && !app.queue.allSoldOut()) {
      req.resume();
      app.joinLimiter.take(clientAddress(req, app.trustProxyHops), app.now());
      const retryAfter = app.load.shedOne(name);
      const body = shedBody(retryAfter);
      res.writeHead(503, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'retry-after': String(retryAfter) });
      res.end(body);
      return true;
    }
    const ctx: Context = createRequestContext(app, req, res);
    const fail = (cause: unknown, input: unknown) => {
      const error = getTRPCErrorFromUnknown(cause);
      if (error.code === 'INTERNAL_SERVER_ERROR') onInternalError(name, error);
      const shape = getTRPCErrorShape({ config: appRouter._def._config, error, type: kind, path: name, input, ctx });
      // As the adapter: no procedure headers (Cache-Control) on an error.
      send(res, getHTTPStatusCodeFromError(error), JSON.stringify({ error: shape }), new Map());
    };
    const call = (input: unknown) => {
      const procedure = name.split('.').reduce<any>((node, key) => node[key], createCaller(ctx) as Caller);
      (procedure(input) as Promise<unknown>).then((data) => {
        if (name === 'queue.head') {
          const view = data as HeadView;
          if (knownHeadQueries.size >= MAX_KNOWN_HEAD_QUERIES) knownHeadQueries.clear();
          knownHeadQueries.set(query, view.campaignId);
          const answer = headAnswer(view, ctx.headers);
          res.writeHead(200, answer.headers);
          return res.end(answer.body);
        }
        send(res, 200, JSON.stringify({ result: { data } }), ctx.headers);
      }, (cause) => fail(cause, input));
    };
    if (kind === 'query') {
      const raw = new URLSearchParams(query).get('input');
      let input: unknown;
      try {
        input = raw === null ? undefined : JSON.parse(raw);
      } catch (cause) {
        fail(parseError(cause), undefined);
        return true;
      }
      call(input);
      return true;
    }
    readBody(req, (err, body) => {
      if (err) return fail(err, undefined);
      let input: unknown;
      try {
        input = body.length === 0 ? undefined : JSON.parse(body);
      } catch (cause) {
        return fail(parseError(cause), undefined);
      }
      call(input);
    });
    return true;
  };
}

/** The shed join's answer, made once per Retry-After value: tRPC's error shape, reason RATE_LIMITED (503). */
const shedBodies = new Map<number, string>();
function shedBody(retryAfterSeconds: number): string {
  let body = shedBodies.get(retryAfterSeconds);
  if (!body) {
    const error = new Refusal('RATE_LIMITED', { retryAfterSeconds, overloaded: true }, 'The waiting room is busy: try again in a few seconds.', 'SERVICE_UNAVAILABLE');
    const shape = getTRPCErrorShape({ config: appRouter._def._config, error, type: 'mutation', path: 'queue.join', input: undefined, ctx: undefined });
    body = JSON.stringify({ error: shape });
    shedBodies.set(retryAfterSeconds, body);
  }
  return body;
}

function parseError(cause: unknown): TRPCError {
  const error = getTRPCErrorFromUnknown(cause);
  return Object.assign(error, { code: 'PARSE_ERROR' as const, message: 'the input is not valid JSON' });
}

function readBody(req: http.IncomingMessage, done: (err: TRPCError | null, body: string) => void): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    req.resume();
    return done(tooLarge(), '');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let failed = false;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > MAX_BODY_BYTES && !failed) {
      failed = true;
      done(tooLarge(), '');
    }
    if (!failed) chunks.push(c);
  });
  req.on('end', () => {
    if (!failed) done(null, Buffer.concat(chunks).toString('utf8'));
  });
}

function tooLarge(): TRPCError {
  return Object.assign(getTRPCErrorFromUnknown(new Error('the request body is too large')), { code: 'PAYLOAD_TOO_LARGE' as const });
}

function send(res: http.ServerResponse, status: number, body: string, headers: Map<string, string>): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...Object.fromEntries(headers),
  });
  res.end(body);
}
