/** The outbox sender on a real SQLite file: delivers once, retries a failing transport with growing delays, marks a message failed after its last try, and a new sender sends what an old one left. */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../db/open';
import { createLogger } from '../log';
import { prepareOutbox } from './outbox';
import { OutboxSender } from './sender';
import { fileTransport, OUTBOX_FILE, type Transport } from './transports';

let dir: string;
let storage: Storage;
const log = createLogger(false);

async function until(check: () => boolean): Promise<void> {
  const end = Date.now() + 60_000;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
const row = (id: number) => storage.sqlite.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as { attempts: number; next_at: number; sent_at: number | null; failed_at: number | null; last_error: string | null };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yeyak-outbox-'));
  storage = openStorage(dir);
});
afterEach(() => {
  storage.sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('OutboxSender', () => {
  it('appends each message once to outbox.jsonl (0600) and marks it sent, sending what was written before it started', async () => {
    const outbox = prepareOutbox(storage.sqlite);
    outbox.enqueue('identity_code', '010-1234-5678', 'code 123456', 1000);
    const sender = new OutboxSender(storage.sqlite, fileTransport(dir), () => 2000, log).start();
    outbox.enqueue('identity_code', '010-2222-3333', 'code 654321', 1500);
    sender.wake();
    await until(() => outbox.unsent() === 0);
    await sender.stop();
    const lines = readFileSync(join(dir, OUTBOX_FILE), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(lines.map((l) => [l.to, l.kind, l.text])).toEqual([['010-1234-5678', 'identity_code', 'code 123456'], ['010-2222-3333', 'identity_code', 'code 654321']]);
    expect(Object.keys(lines[0]!).sort()).toEqual(['at', 'kind', 'text', 'to']);
    expect(statSync(join(dir, OUTBOX_FILE)).mode & 0o777).toBe(0o600);
    expect(row(1).sent_at).toBe(2000);
  });

  it('retries a failing transport with exponential backoff, then marks the message failed', async () => {
    const clock = { now: 10_000 };
    const tries: number[] = [];
    const down: Transport = { name: 'down', send: async (_m, now) => { tries.push(now); throw new Error('provider answered 503'); } };
    const outbox = prepareOutbox(storage.sqlite);
    outbox.enqueue('identity_code', '010-1234-5678', 'code 123456', clock.now);
    const sender = new OutboxSender(storage.sqlite, down, () => clock.now, log, { everyMs: 5, firstRetryMs: 1000, maxRetryMs: 4000, maxAttempts: 5 }).start();
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      await until(() => row(1).attempts === attempt && row(1).next_at !== clock.now + 30_000 && row(1).last_error !== null && tries.length === attempt);
      delays.push(row(1).next_at - clock.now);
      clock.now = row(1).next_at; // the next try is due
    }
    await until(() => row(1).failed_at !== null);
    await sender.stop();
    expect(delays).toEqual([1000, 2000, 4000, 4000]);
    expect(tries).toHaveLength(5);
    expect(row(1)).toMatchObject({ sent_at: null, last_error: 'provider answered 503', attempts: 5 });
  });
});
