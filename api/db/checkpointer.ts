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
/** SQLite's own default, put back if the thread dies. */
const SQLITE_DEFAULT_PAGES = 1_000;
/** A failure that repeats (a full disk) is logged once a minute, not every period. */
const LOG_EVERY_MS = 60_000;

export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

// Plain JavaScript, evaluated as the thread's source: it needs no TypeScript loader wherever the app runs.
const SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
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
  readonly #exited: Promise<void>;
  #last: CheckpointResult | undefined;
  #next = 0;
  #stopped = false;
  #loggedAt = -Infinity;
  readonly #asked = new Map<number, { resolve: (r: CheckpointResult) => void; reject: (e: Error) => void }>();

  constructor(private readonly writer: Database.Database, path: string, everyMs: number, private readonly onError: (message: string) => void) {
    writer.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(SOURCE, { eval: true, workerData: { driver, path, everyMs } });
    // It must not keep a finished process alive.
    this.#worker.unref();
    this.#worker.on('message', (m: { id?: number; ok?: CheckpointResult; error?: string }) => {
      const asked = m.id === undefined ? undefined : this.#asked.get(m.id);
      if (m.id !== undefined) this.#asked.delete(m.id);
      if (m.error !== undefined) {
        this.#log(m.error);
        return asked?.reject(new Error(m.error));
      }
      this.#last = m.ok;
      asked?.resolve(m.ok!);
    });
    this.#worker.on('error', (err) => this.#log(err.message));
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
    this.#worker.on('exit', () => {
      for (const asked of this.#asked.values()) asked.reject(new Error('the checkpoint thread has stopped'));
      this.#asked.clear();
      if (this.#stopped) return;
      // Died on its own: SQLite checkpoints inside commits again, at its usual threshold.
      this.#stopped = true;
      this.onError('the checkpoint thread stopped; SQLite checkpoints inside commits from now on');
      if (this.writer.open) this.writer.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`);
    });
  }

  /** The last checkpoint's figures (pages in the WAL, pages copied), if one has run. */
  get last(): CheckpointResult | undefined {
    return this.#last;
  }

  /** Runs a checkpoint now and resolves with its figures. */
  now(): Promise<CheckpointResult> {
    if (this.#stopped) return Promise.reject(new Error('the checkpoint thread has stopped'));
    return new Promise((resolve, reject) => {
      const id = this.#next++;
      this.#asked.set(id, { resolve, reject });
      this.#worker.postMessage({ op: 'now', id });
    });
  }

  /** Asks the thread to close its connection and end; `truncateWal` then empties the WAL from the writer. */
  /** Stops the thread; resolves once it has closed its connection (its last file writes done). */
  stop(): Promise<void> {
    if (!this.#stopped) {
      this.#stopped = true;
      this.#worker.postMessage({ op: 'stop' });
    }
    return this.#exited;
  }

  #log(message: string): void {
    const now = Date.now();
    if (now - this.#loggedAt < LOG_EVERY_MS) return;
    this.#loggedAt = now;
    this.onError(message);
  }
}

/**
 * Copies the whole WAL into the database file and empties it (TRUNCATE), retrying for up to
 * `waitMs` while another connection's checkpoint holds the lock. False if it could not: a reader
 * (a running server) still holds the WAL.
 */
export function truncateWal(sqlite: Database.Database, waitMs: number): boolean {
  const deadline = Date.now() + waitMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let busy = 1;
    try {
      busy = (sqlite.pragma('wal_checkpoint(TRUNCATE)') as CheckpointResult[])[0]?.busy ?? 0;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
    }
    if (busy === 0) return true;
    if (Date.now() >= deadline) return false;
    Atomics.wait(pause, 0, 0, 10);
  }
}
