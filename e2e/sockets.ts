/** Raw TCP connections from a chosen loopback address (127.0.0.x), for tests of what a server does to a connection itself: deadlines and caps. */
import net from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';

export interface RawConnection {
  socket: net.Socket;
  /** Resolves when the server (or anything) has closed the connection, with everything it sent. */
  closed: Promise<string>;
  /** Sends a GET and resolves with the status of its answer (the whole answer read, sized or chunked; the connection kept). */
  get(path: string): Promise<number>;
}

export function connectFrom(url: string, localAddress: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port), localAddress });
    let received = '';
    let waiting: { resolve: (status: number) => void; from: number } | null = null;
    const closed = new Promise<string>((done) => socket.once('close', () => done(received)));
    socket.on('error', () => undefined); // a reset is a close, which `closed` reports
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (!waiting) return;
      const answer = received.slice(waiting.from);
      const end = answer.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: *(\d+)/i.exec(answer)?.[1];
      const whole = end !== -1 && (length === undefined ? answer.endsWith('\r\n0\r\n\r\n') : answer.length >= end + 4 + Number(length));
      if (whole) {
        const w = waiting;
        waiting = null;
        w.resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(answer)![1]));
      }
    });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve({
        socket,
        closed,
        get: (path) => new Promise((done, fail) => {
          waiting = { resolve: done, from: received.length };
          closed.then(() => fail(new Error(`the connection closed before the answer to ${path}`)), () => undefined);
          socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`);
        }),
      });
    });
    socket.once('error', reject);
  });
}

/** fetch through connections from `localAddress` (127.0.0.x): the server sees that address. Close it when done. */
export function fetchFrom(localAddress: string): { fetch: (url: string, init?: Parameters<typeof undiciFetch>[1]) => ReturnType<typeof undiciFetch>; close: () => Promise<void> } {
  const agent = new Agent({ localAddress }); // undici 7 takes it here; inside `connect` it is ignored
  return { fetch: (url, init = {}) => undiciFetch(url, { ...init, dispatcher: agent }), close: () => agent.close() };
}
