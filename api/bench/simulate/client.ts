/**
 * A light JSON-over-HTTP client for the replay: an undici pool of keep-alive connections, the plain
 * tRPC wire format, a count of every request and of the answers shed (503) by procedure. undici
 * costs the simulator far less CPU per request than node:http did, so the replay measures the
 * server rather than itself.
 */
import { Pool } from 'undici';

export interface Reply {
  status: number;
  body: any;
  /** Seconds, from a Retry-After header. */
  retryAfter: number | null;
}

export class WireClient {
  readonly #pool: Pool;
  requests = 0;
  /** Answers 503 (shed under overload), by procedure. */
  readonly shed = new Map<string, number>();
  /** Calls that got no answer (a connection reset or refused, or a body that is not the API's JSON): status 0, to be retried by the caller. */
  failures = 0;

  constructor(base: URL, connections: number) {
    this.#pool = new Pool(base.origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  }

  /** Opens `connections` connections now (as many requests to `path` at once), so none is opened under load. */
  async open(connections: number, path: string): Promise<void> {
    await Promise.all(Array.from({ length: connections }, async () => {
      const res = await this.#pool.request({ method: 'GET', path });
      await res.body.dump();
    }));
  }

  query(proc: string, input: unknown): Promise<Reply> {
    return this.#send(proc, 'GET', `/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`);
  }

  mutate(proc: string, input: unknown): Promise<Reply> {
    return this.#send(proc, 'POST', `/trpc/${proc}`, JSON.stringify(input));
  }

  /** A call whose answer nobody reads (another tab's join): the body is drained, not parsed. */
  fire(proc: string, input: unknown): void {
    this.#send(proc, 'POST', `/trpc/${proc}`, JSON.stringify(input), false).catch(() => undefined);
  }

  async #send(proc: string, method: 'GET' | 'POST', path: string, body?: string, parse = true): Promise<Reply> {
    this.requests++;
    let res;
    try {
      res = await this.#pool.request({ method, path, ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }) });
    } catch {
      this.failures++;
      return { status: 0, body: null, retryAfter: 1 };
    }
    if (res.statusCode === 503) this.shed.set(proc, (this.shed.get(proc) ?? 0) + 1);
    const retry = Number(res.headers['retry-after']);
    const answer = { status: res.statusCode, retryAfter: Number.isFinite(retry) && retry > 0 ? retry : null };
    if (!parse) {
      await res.body.dump();
      return { ...answer, body: null };
    }
    const text = await res.body.text();
    try {
      return { ...answer, body: JSON.parse(text) };
    } catch {
      // Not the API's answer (a 408 from the server's request timeout closing a connection it could
      // not read in time): nothing was done, so the caller retries, as for a dropped connection.
      this.failures++;
      return { status: 0, body: null, retryAfter: 1 };
    }
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}
