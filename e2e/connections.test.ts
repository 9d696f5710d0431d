/**
 * What the server does to connections themselves, from several loopback addresses: slow headers
 * and slow bodies are cut off at their documented deadlines, and one address, or everyone together,
 * can hold only so many connections while others are still served.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../api/http/connections';
import { loadFixture } from './fixture';
import { startServer, type TestServer } from './harness';
import { connectFrom, type RawConnection } from './sockets';
import { until } from './wait';

let server: TestServer;
const opened: RawConnection[] = [];
afterEach(async () => {
  for (const c of opened.splice(0)) c.socket.destroy();
  await server?.close();
});

async function open(from: string): Promise<RawConnection> {
  const c = await connectFrom(server.url, from);
  opened.push(c);
  return c;
}

const isClosed = (c: RawConnection) => c.socket.destroyed || c.socket.readyState === 'closed' || !c.socket.readable;

describe('slow clients', () => {
  it('closes a connection whose headers trickle in within 10 s (±2), and one whose body trickles within 30 s (±2)', async () => {
    // The deadlines are the contract (README), so this test measures time; nothing else here does.
    expect([HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS]).toEqual([10_000, 30_000]);
    server = await startServer({ setup: (app) => loadFixture(app, []) });
    const headers = await open('127.0.0.2');
    const body = await open('127.0.0.3');
    const started = Date.now();
    headers.socket.write('GET /healthz HTTP/1.1\r\nHost: yeyak\r\n');
    body.socket.write('POST /trpc/queue.join HTTP/1.1\r\nHost: yeyak\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    // One more byte a second: each is a sign of life, and none may extend the deadline.
    const drip = setInterval(() => {
      if (!isClosed(headers)) headers.socket.write('X-Slow: 1\r\n');
      if (!isClosed(body)) body.socket.write(' ');
    }, 1000);
    try {
      // Meanwhile another address is served as usual.
      const other = await open('127.0.0.4');
      expect(await other.get('/healthz')).toBe(200);
      const headersAnswer = await headers.closed;
      const headersAfter = Date.now() - started;
      const bodyAnswer = await body.closed;
      const bodyAfter = Date.now() - started;
      expect(headersAnswer).toMatch(/^HTTP\/1\.1 408 /);
      expect(headersAfter).toBeGreaterThanOrEqual(8_000);
      expect(headersAfter).toBeLessThanOrEqual(12_000);
      expect(bodyAnswer).toMatch(/^HTTP\/1\.1 408 /);
      expect(bodyAfter).toBeGreaterThanOrEqual(28_000);
      expect(bodyAfter).toBeLessThanOrEqual(32_000);
    } finally {
      clearInterval(drip);
    }
  });
});

describe('connection caps', () => {
  it('holds each address to its cap while other addresses connect, and frees a place when a connection closes', async () => {
    server = await startServer({ server: { maxConnectionsPerAddress: 3, maxConnections: 0 }, setup: (app) => loadFixture(app, []) });
    const mine = [await open('127.0.0.2'), await open('127.0.0.2'), await open('127.0.0.2')];
    for (const c of mine) expect(await c.get('/healthz')).toBe(200); // each one accepted and counted
    const fourth = await open('127.0.0.2');
    await until('the fourth connection from 127.0.0.2 closed on arrival', () => isClosed(fourth));
    const other = await open('127.0.0.3');
    expect(await other.get('/healthz')).toBe(200);
    for (const c of mine) expect(await c.get('/healthz')).toBe(200); // the three are untouched
    mine[0]!.socket.destroy();
    // Once the server has seen the close, the address has a place again.
    await until('a place for 127.0.0.2 again', async () => {
      const again = await open('127.0.0.2');
      try {
        return (await again.get('/healthz')) === 200;
      } catch {
        return false;
      }
    });
    const metrics = await (await fetch(server.metricsUrl)).text();
    expect(Number(/^yeyak_connections_refused_total\{cap="address"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
  });

  it('holds the process to its total cap', async () => {
    server = await startServer({ server: { maxConnectionsPerAddress: 0, maxConnections: 4 }, setup: (app) => loadFixture(app, []) });
    const held = [];
    for (const from of ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5']) {
      const c = await open(from);
      expect(await c.get('/healthz')).toBe(200);
      held.push(c);
    }
    const fifth = await open('127.0.0.6');
    await until('the fifth connection closed on arrival', () => isClosed(fifth));
    expect(await held[0]!.get('/healthz')).toBe(200);
    held[1]!.socket.destroy();
    await until('a place in the process again', async () => {
      const again = await open('127.0.0.6');
      try {
        return (await again.get('/healthz')) === 200;
      } catch {
        return false;
      }
    });
    // The metrics listener is a server of its own, outside the app's cap.
    const metrics = await (await fetch(server.metricsUrl)).text();
    expect(Number(/^yeyak_connections_refused_total\{cap="total"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
  });
});
