/**
 * The Prometheus listener, apart from the app's port: GET /metrics and nothing else. It listens
 * on 127.0.0.1 unless told otherwise, so the figures (queue lengths, call counts, the process's
 * memory) are for whoever runs the machine, not for the internet.
 */
import http from 'node:http';
import { TIMEOUT_OPTIONS } from './connections';

export interface Scrape {
  contentType: string;
  body: string;
}

/** At most this many scrapes at once: each reads SQLite and, with workers, asks every worker. */
const MAX_CONNECTIONS = 64;

export function createMetricsServer(scrape: () => Promise<Scrape>, onError: (err: Error) => void): http.Server {
  const server = http.createServer(TIMEOUT_OPTIONS, (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('not found');
    }
    scrape().then(({ contentType, body }) => {
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
      res.end(body);
    }, (err: Error) => {
      onError(err);
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('metrics unavailable');
    });
  });
  server.maxConnections = MAX_CONNECTIONS;
  return server;
}

/** Listens and says where: `http://host:port/metrics` (rejects if the port is taken). */
export function listenMetrics(server: http.Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      resolve(`http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`);
    });
  });
}
