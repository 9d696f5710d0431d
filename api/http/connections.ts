/**
 * How long a client may take, and how many connections it may hold. Node checks its header and
 * request deadlines on a timer (30 s by default), so a 10 s limit held for up to 40 s; checking
 * every second keeps each limit within a second of what it says. The caps keep one address, or
 * everyone together, from holding every socket and file descriptor the process has.
 */
import type http from 'node:http';
import { addressKey } from './address';

/** A request's headers must all have arrived within this long of its first byte (else 408 and close). */
export const HEADERS_TIMEOUT_MS = 10_000;
/** A whole request, body included, within this long. */
export const REQUEST_TIMEOUT_MS = 30_000;
/**
 * An idle keep-alive connection is closed after this long (`serve --keep-alive`). Phones connecting
 * directly hold a descriptor each while idle, so the default is short. Behind a proxy, set it above
 * the proxy's own idle timeout for its upstream pool (nginx 60 s): a connection closed under the
 * proxy costs a new one, and a busy Node process accepts new connections slowly (see ACCEPTS below).
 */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** How often Node checks the two deadlines above: their precision. */
export const CONNECTIONS_CHECKING_INTERVAL_MS = 1_000;

/**
 * Open connections per process. Half the open-file limit of this machine (20,000), so SQLite,
 * Redis and the logs always have descriptors left; a proxy or CDN in front, as docs/SCALING.md
 * plans for the night, needs far fewer.
 */
export const DEFAULT_MAX_CONNECTIONS = 10_000;
/**
 * Open connections per address (an IPv6 /64). High, because many phones share one carrier address
 * (CGNAT) and the project's own load tools open hundreds from 127.0.0.1; low enough that one
 * address cannot take a tenth of the process's connections.
 */
export const DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 1024;

/**
 * Connections the kernel may hold for us before we accept them. Node's default (511) overflowed in
 * the 1/10 replays (333 connections waiting at one look while the loop was busy shedding joins; the
 * kernel's overflow counter at 309,099), and a dropped SYN is retried by the client after 1, 2, 4,
 * 8 s: bookings answered in 20 s at p99 with the server answering each in 83 ms on average. Linux
 * caps it at net.core.somaxconn (4096 here).
 */
export const LISTEN_BACKLOG = 4096;

/**
 * ACCEPTS: libuv (1.46, in Node 20) accepts one new connection per turn of the event loop. Under load
 * a turn takes tens of milliseconds or more, so a busy process takes in some ten new connections a
 * second: measured here (`node bench/accepts.mjs`), 500 new connections to a process kept busy by 200
 * others waited 51 s at the median and 87 s at most before their first byte was read, each answered in
 * 2 ms once read. In the
 * 1/20 replay, people whose turn came and who opened a connection then waited up to 40 s for a
 * booking the server answered in 2 ms. New connections must not meet a busy process: a proxy in front
 * holds open, kept-alive connections to it (docs/SCALING.md), and the replay does the same.
 */
export function timeoutOptions(keepAliveMs: number = KEEP_ALIVE_TIMEOUT_MS): http.ServerOptions {
  return {
    headersTimeout: HEADERS_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    keepAliveTimeout: keepAliveMs,
    connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
  };
}

export const TIMEOUT_OPTIONS: http.ServerOptions = timeoutOptions();

export interface ConnectionCaps {
  /** 0: no cap. */
  total: number;
  /** 0: no cap. */
  perAddress: number;
  /** Called for each connection closed at once for being over a cap. */
  onRefused?: (cap: 'total' | 'address') => void;
}

/** Closes new connections over either cap as soon as they are accepted; those under it are untouched. */
export function capConnections(server: http.Server, caps: ConnectionCaps): void {
  if (caps.total > 0) {
    server.maxConnections = caps.total;
    server.on('drop', () => caps.onRefused?.('total'));
  }
  if (caps.perAddress <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const key = addressKey(socket.remoteAddress ?? 'unknown');
    const n = (open.get(key) ?? 0) + 1;
    if (n > caps.perAddress) {
      caps.onRefused?.('address');
      socket.destroy();
      return;
    }
    open.set(key, n);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left <= 0) open.delete(key);
      else open.set(key, left);
    });
  });
}
