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
/** An idle keep-alive connection is closed after this long. */
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

export const TIMEOUT_OPTIONS: http.ServerOptions = {
  headersTimeout: HEADERS_TIMEOUT_MS,
  requestTimeout: REQUEST_TIMEOUT_MS,
  keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
  connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
};

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
