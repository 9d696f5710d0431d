/** A lean JSON-over-HTTP client for the replay: keep-alive sockets, plain tRPC wire format, a count of every request. */
import http from 'node:http';

export interface Reply {
  status: number;
  body: any;
}

export class WireClient {
  readonly agent: http.Agent;
  requests = 0;

  constructor(private readonly base: URL, maxSockets: number) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  query(proc: string, input: unknown): Promise<Reply> {
    return this.#send('GET', `/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`);
  }

  mutate(proc: string, input: unknown): Promise<Reply> {
    return this.#send('POST', `/trpc/${proc}`, JSON.stringify(input));
  }

  /** A call whose answer nobody reads (another tab's join): the body is drained, not parsed. */
  fire(proc: string, input: unknown): void {
    this.#send('POST', `/trpc/${proc}`, JSON.stringify(input), false).catch(() => undefined);
  }

  #send(method: string, path: string, body?: string, parse = true): Promise<Reply> {
    this.requests++;
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: this.base.hostname, port: this.base.port, path, method, agent: this.agent,
        headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => { if (parse) chunks.push(c); });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: parse ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
