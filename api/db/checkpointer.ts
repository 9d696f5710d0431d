/**
 * WAL checkpoints on a thread of their own. SQLite's automatic checkpoint runs inside the COMMIT
 * that crosses the WAL's size threshold, on the event loop: it copies pages into the database
 * file and fsyncs it while every request waits. Here a worker thread with its own connection runs
 * a PASSIVE checkpoint (never blocking the writer or readers) every `everyMs`, as SQLite's WAL
 * documentation suggests; the writer's own threshold is raised, not removed, so if the thread
 * falls behind or dies the WAL still stays bounded. Durability is unchanged: commits are durable
 * in the WAL (synchronous=FULL) before anyone is answered, whoever copies them later.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** The writer's own threshold, in pages (4 KiB): ~64 MiB of WAL, checkpointed inline only if the thread is behind. */
export const BACKSTOP_PAGES = 16_384;

export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

// Plain JavaScript, evaluated as the thread's source: it needs no TypeScript loader wherever the app runs.
const SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
db.pragma('synchronous = FULL');
const checkpoint = (id) => {
  try {
    parentPort.postMessage({ id, ok: db.pragma('wal_checkpoint(PASSIVE)')[0] });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err && err.message) });
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m.op === 'now') checkpoint(m.id);
  if (m.op === 'stop') { clearInterval(timer); db.close(); parentPort.close(); }
});
`;

export class Checkpointer {
  readonly #worker: Worker;
  #last: CheckpointResult | undefined;
  #next = 0;
  readonly #asked = new Map<number, { resolve: (r: CheckpointResult) => void; reject: (e: Error) => void }>();

  constructor(writer: Database.Database, path: string, everyMs: number, onError: (message: string) => void) {
    writer.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(SOURCE, { eval: true, workerData: { driver, path, everyMs } });
    // It must not keep a finished process alive.
    this.#worker.unref();
    this.#worker.on('message', (m: { id?: number; ok?: CheckpointResult; error?: string }) => {
      const asked = m.id === undefined ? undefined : this.#asked.get(m.id);
      if (m.id !== undefined) this.#asked.delete(m.id);
      if (m.error !== undefined) {
        onError(m.error);
        return asked?.reject(new Error(m.error));
      }
      this.#last = m.ok;
      asked?.resolve(m.ok!);
    });
    this.#worker.on('error', (err) => onError(err.message));
  }

  /** The last checkpoint's figures (pages in the WAL, pages copied), if one has run. */
  get last(): CheckpointResult | undefined {
    return this.#last;
  }

  /** Runs a checkpoint now and resolves with its figures. */
  now(): Promise<CheckpointResult> {
    return new Promise((resolve, reject) => {
      const id = this.#next++;
      this.#asked.set(id, { resolve, reject });
      this.#worker.postMessage({ op: 'now', id });
    });
  }

  stop(): void {
    this.#worker.postMessage({ op: 'stop' });
  }
}
