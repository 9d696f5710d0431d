/**
 * Delivers the outbox: every due message is claimed (so several processes never send one twice at
 * once), tried, and marked sent; a failure is retried with exponential backoff (1 s, 2 s, 4 s, … at
 * most 5 minutes apart) and marked failed after the last try. Unsent messages are in SQLite, so a
 * sender started after a crash sends what the last one had not: delivery is at least once.
 */
import type Database from 'better-sqlite3';
import type { Logger } from '../log';
import { prepareOutbox, type OutboxStatements } from './outbox';
import type { Transport } from './transports';

export interface SenderOptions {
  everyMs: number;
  firstRetryMs: number;
  maxRetryMs: number;
  /** Tries before a message is marked failed: with the defaults, about an hour of a provider's outage. */
  maxAttempts: number;
  /** How long a claimed message waits before another sender may try it (a sender killed mid-try). */
  leaseMs: number;
  batch: number;
}

export const DEFAULT_SENDER: SenderOptions = { everyMs: 1000, firstRetryMs: 1000, maxRetryMs: 5 * 60_000, maxAttempts: 20, leaseMs: 30_000, batch: 50 };

export class OutboxSender {
  readonly #sql: OutboxStatements;
  readonly #opts: SenderOptions;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #again = false;

  constructor(sqlite: Database.Database, readonly transport: Transport, private readonly now: () => number, private readonly log: Logger, opts: Partial<SenderOptions> = {}) {
    this.#sql = prepareOutbox(sqlite);
    this.#opts = { ...DEFAULT_SENDER, ...opts };
  }

  /** Sends what is due now (what a crashed process left unsent included), then every `everyMs`. */
  start(): this {
    this.#timer = setInterval(() => this.wake(), this.#opts.everyMs);
    this.#timer.unref();
    this.wake();
    return this;
  }

  /** A message was just written: send it without waiting for the next round. */
  wake(): void {
    if (!this.#timer) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#round().catch((err: Error) => {
      this.log.error({ err: { message: err.message } }, 'outbox round failed; retrying next round');
    }).finally(() => {
      this.#running = null;
      if (this.#again) {
        this.#again = false;
        this.wake();
      }
    });
  }

  /** Stops after the round under way (for shutdown). */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  async #round(): Promise<void> {
    for (;;) {
      const now = this.now();
      const due = this.#sql.claimDue(now, this.#opts.leaseMs, this.#opts.batch);
      if (due.length === 0) return;
      await Promise.all(due.map(async (m) => {
        try {
          await this.transport.send(m, this.now());
          this.#sql.sent(m.id, this.now());
        } catch (err) {
          const error = (err as Error).message.slice(0, 200);
          if (m.attempts >= this.#opts.maxAttempts) {
            this.#sql.failed(m.id, this.now(), error);
            this.log.error({ outbox: m.id, kind: m.kind, attempts: m.attempts, error }, 'outbox message failed for good');
          } else {
            const delay = Math.min(this.#opts.maxRetryMs, this.#opts.firstRetryMs * 2 ** (m.attempts - 1));
            this.#sql.retryAt(m.id, this.now() + delay, error);
            this.log.warn({ outbox: m.id, kind: m.kind, attempts: m.attempts, retryInMs: delay, error }, 'outbox message not delivered; will retry');
          }
        }
      }));
      if (due.length < this.#opts.batch) return;
    }
  }
}
