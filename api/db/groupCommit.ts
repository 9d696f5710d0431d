/**
 * Group commit: writes that arrive together share one SQLite transaction and so one fsync.
 * Each write is a synchronous function run in its own savepoint, so one that throws (a refusal,
 * a failure) rolls back alone and its batch-mates still commit. A batch is flushed on the next
 * turn of the event loop: idle, that is immediately; under load, the requests that queued up
 * during the previous commit form the next batch by themselves. Every promise settles only after
 * the COMMIT that made its write durable (synchronous=FULL), or with the error that prevented it.
 * Urgent writes (bookings, admissions) go into the next batch before any other: under a flood of
 * joins a booking waits for one commit, not for the thousands of joins queued before it.
 */
import type Database from 'better-sqlite3';

interface Pending<T> {
  write: () => T;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

export interface CommitStats {
  batches: number;
  writes: number;
  largestBatch: number;
  /** Seconds inside the writes themselves, and inside whole batches (the writes, savepoints, BEGIN and the durable COMMIT). */
  writeSeconds: number;
  batchSeconds: number;
}

export class GroupCommitter {
  #queue: Array<Pending<any>> = [];
  #urgent: Array<Pending<any>> = [];
  #scheduled = false;
  readonly stats: CommitStats = { batches: 0, writes: 0, largestBatch: 0, writeSeconds: 0, batchSeconds: 0 };
  // Prepared once: a better-sqlite3 transaction wrapper per write cost more than the write (profiled).
  readonly #savepoint: Database.Statement;
  readonly #release: Database.Statement;
  readonly #rollbackTo: Database.Statement;

  /** `grouped: false` commits every write on its own (for measuring what grouping gains). */
  constructor(
    private readonly sqlite: Database.Database,
    private readonly opts: {
      grouped: boolean;
      maxBatch: number;
      onBatch?: (size: number) => void;
      /** After a batch whose COMMIT failed: let in-memory state that its writes touched be reloaded. */
      onFailure?: () => void;
    } = { grouped: true, maxBatch: 1024 },
  ) {
    this.#savepoint = sqlite.prepare('SAVEPOINT write');
    this.#release = sqlite.prepare('RELEASE write');
    this.#rollbackTo = sqlite.prepare('ROLLBACK TO write');
  }

  /** Runs `write` inside a transaction shared with its neighbours; resolves after that transaction is durable. `urgent`: ahead of the others. */
  run<T>(write: () => T, urgent = false): Promise<T> {
    if (!this.opts.grouped) {
      try {
        const started = performance.now();
        let writing = 0;
        const value = this.sqlite.transaction(() => {
          const at = performance.now();
          try {
            return write();
          } finally {
            writing = performance.now() - at;
          }
        }).immediate();
        this.stats.writeSeconds += writing / 1000;
        this.stats.batchSeconds += (performance.now() - started) / 1000;
        this.#count(1);
        return Promise.resolve(value);
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return new Promise<T>((resolve, reject) => {
      (urgent ? this.#urgent : this.#queue).push({ write, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /** Resolves once every write queued so far has been committed or refused (for shutdown). */
  async drain(): Promise<void> {
    while (this.#queue.length > 0 || this.#urgent.length > 0 || this.#scheduled) await new Promise((r) => setImmediate(r));
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#urgent.splice(0, this.opts.maxBatch);
    batch.push(...this.#queue.splice(0, this.opts.maxBatch - batch.length));
    if (this.#queue.length > 0 || this.#urgent.length > 0) {
      this.#scheduled = true;
      setImmediate(() => this.#flush());
    }
    if (batch.length === 0) return;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    const started = performance.now();
    let writing = 0;
    try {
      this.sqlite.transaction(() => {
        for (const item of batch) {
          // Each write in its own savepoint: a throw undoes this write only.
          this.#savepoint.run();
          const at = performance.now();
          try {
            outcomes.push({ ok: true, value: item.write() });
            writing += performance.now() - at;
            this.#release.run();
          } catch (error) {
            writing += performance.now() - at;
            this.#rollbackTo.run();
            this.#release.run();
            outcomes.push({ ok: false, error });
          }
        }
      }).immediate();
      this.stats.writeSeconds += writing / 1000;
      this.stats.batchSeconds += (performance.now() - started) / 1000;
    } catch (error) {
      // The commit itself failed: nothing in the batch is durable, so nothing is acknowledged.
      this.opts.onFailure?.();
      for (const item of batch) item.reject(error);
      return;
    }
    this.#count(batch.length);
    batch.forEach((item, i) => {
      const o = outcomes[i]!;
      if (o.ok) item.resolve(o.value);
      else item.reject(o.error);
    });
  }

  #count(size: number): void {
    this.opts.onBatch?.(size);
    this.stats.batches++;
    this.stats.writes += size;
    if (size > this.stats.largestBatch) this.stats.largestBatch = size;
  }
}
