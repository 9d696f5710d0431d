/**
 * Where the outbox delivers: `file` (the default) appends one JSON line { at, to, kind, text } to
 * <data dir>/outbox.jsonl, 0600 and fsync'd, so a developer or a test reads the codes there; `http`
 * POSTs each message as JSON to an SMS/알림톡 provider with the token from secrets.json.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { toSeoulIso } from '../../shared/time';
import { PRIVATE_FILE } from '../files';
import type { OutboxMessage } from './outbox';

export interface Transport {
  readonly name: string;
  /** Resolves once the message is delivered; throws (or rejects) when it is not. */
  send(message: OutboxMessage, now: number): Promise<void>;
}

export const OUTBOX_FILE = 'outbox.jsonl';

export function fileTransport(dataDir: string): Transport {
  const file = join(dataDir, OUTBOX_FILE);
  return {
    name: 'file',
    send: async (m, now) => {
      const fd = openSync(file, 'a', PRIVATE_FILE);
      try {
        writeSync(fd, `${JSON.stringify({ at: toSeoulIso(now), to: m.to, kind: m.kind, text: m.text })}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** The provider gets { id, to, kind, text } (id: the same for every try of one message, to drop repeats). */
export function httpTransport(url: string, token: string, timeoutMs = 10_000): Transport {
  return {
    name: 'http',
    send: async (m) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ id: m.id, to: m.to, kind: m.kind, text: m.text }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`provider answered ${response.status}`);
    },
  };
}
