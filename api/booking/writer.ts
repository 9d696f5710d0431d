/**
 * One booking writer for several API processes: with `serve --workers N`, each worker checks a
 * booking.submit itself (hashes, token, eligibility, clinics: reads only), then sends the checked
 * booking, and every booking.cancel, to the cluster's primary over its IPC channel. The primary
 * runs only the transactions, in its own group commit, so nobody waits on SQLite's write lock and
 * the one writer spends nothing on work the workers can do. Refusals travel back as themselves;
 * lookups stay local reads. A writer that does not answer within WRITER_TIMEOUT_MS gets the caller a
 * typed refusal (RATE_LIMITED, 503), never a hung request: the client retries with the same
 * idempotency key, which answers with the booking if it did commit meanwhile.
 */
import type { Worker } from 'node:cluster';
import type { BookingConfirmation, BookingView } from '../../shared/booking';
import type { Reason } from '../../shared/reasons';
import type { Logger } from '../log';
import { Refusal } from '../refusal';
import type { BookingWriter, CheckedBooking } from './service';

type Request =
  | { yeyak: 'booking'; id: number; op: 'write'; checked: CheckedBooking; now: number }
  | { yeyak: 'booking'; id: number; op: 'cancel'; code: string; birthDate: string; now: number };

type Reply =
  | { yeyak: 'booking'; id: number; ok: true; value: unknown }
  | { yeyak: 'booking'; id: number; ok: false; refusal?: { reason: Reason; details?: Record<string, unknown>; message: string; code: Refusal['code'] }; error?: string };

const isRequest = (m: unknown): m is Request => typeof m === 'object' && m !== null && (m as Request).yeyak === 'booking';

/** In the primary: answers one worker's booking requests with the primary's own booking service. */
export function serveBookings(bookings: BookingWriter, worker: Worker, log: Logger): void {
  // A worker can die while its batch commits; the reply then fails with EPIPE. Unhandled, that
  // error would end the primary, and every worker with it: it goes to send()'s callback, and any
  // other error of the worker's channel to this listener.
  worker.on('error', (err) => log.warn({ err: { message: err.message }, worker: worker.id }, 'a worker went away before its booking answer'));
  worker.on('message', (message: unknown) => {
    if (!isRequest(message)) return;
    // Anything thrown on the way becomes this request's failure, never an uncaught error in the primary.
    const work = Promise.resolve().then(() => (message.op === 'write'
      ? bookings.write(message.checked, message.now)
      : bookings.cancel(message.code, message.birthDate, message.now)));
    work.then(
      (value) => send({ yeyak: 'booking', id: message.id, ok: true, value }),
      (err: unknown) => {
        if (err instanceof Refusal) {
          const refusal = { reason: err.reason, ...(err.details ? { details: err.details } : {}), message: err.message, code: err.code };
          return send({ yeyak: 'booking', id: message.id, ok: false, refusal });
        }
        // Not a refusal: logged here with what the worker will not see (the stack, SQLite's code).
        log.error({ err: { message: (err as Error)?.message, code: (err as { code?: unknown })?.code, stack: (err as Error)?.stack } }, `booking ${message.op} failed in the writer`);
        send({ yeyak: 'booking', id: message.id, ok: false, error: err instanceof Error ? err.message : String(err) });
      },
    );
  });

  function send(reply: Reply): void {
    // A worker that died meanwhile gets nothing; its client retries with the same idempotency key.
    if (!worker.isConnected()) return;
    worker.send(reply, (err: Error | null) => {
      if (err) log.warn({ err: { message: err.message }, worker: worker.id }, 'a worker went away before its booking answer');
    });
  }
}

/** Longer than any commit takes (a commit waits for one fsync); short enough that nobody stares at a spinner. */
export const WRITER_TIMEOUT_MS = 10_000;

/** In a worker: the transactions of checked bookings, and cancels, go to the primary. */
export class RemoteWriter implements BookingWriter {
  #next = 0;
  readonly #pending = new Map<number, { resolve: (v: any) => void; reject: (e: unknown) => void; timer: NodeJS.Timeout }>();

  constructor(private readonly timeoutMs = WRITER_TIMEOUT_MS, private readonly send: (request: unknown) => void = (r) => process.send!(r)) {
    if (process.send) process.on('message', (message: unknown) => this.#onReply(message));
  }

  #onReply(message: unknown): void {
    const reply = message as Reply;
    if (typeof reply !== 'object' || reply === null || reply.yeyak !== 'booking') return;
    const waiting = this.#pending.get(reply.id);
    if (!waiting) return;
    this.#pending.delete(reply.id);
    clearTimeout(waiting.timer);
    if (reply.ok) waiting.resolve(reply.value);
    else if (reply.refusal) waiting.reject(new Refusal(reply.refusal.reason, reply.refusal.details, reply.refusal.message, reply.refusal.code));
    else waiting.reject(new Error(`the booking writer failed: ${reply.error}`));
  }

  write(checked: CheckedBooking, now: number): Promise<BookingConfirmation> {
    return this.#ask({ yeyak: 'booking', id: this.#next++, op: 'write', checked, now });
  }

  cancel(code: string, birthDate: string, now: number): Promise<BookingView> {
    return this.#ask({ yeyak: 'booking', id: this.#next++, op: 'cancel', code, birthDate, now });
  }

  #ask<T>(request: Request): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // A late answer finds nobody waiting and is dropped; the retry's idempotency key finds what committed.
      const timer = setTimeout(() => {
        this.#pending.delete(request.id);
        reject(new Refusal('RATE_LIMITED', { retryAfterSeconds: 2, problem: 'the booking writer did not answer in time; retry with the same idempotency key' },
          'The booking could not be confirmed in time: try again (it cannot book twice).', 'SERVICE_UNAVAILABLE'));
      }, this.timeoutMs);
      this.#pending.set(request.id, { resolve, reject, timer });
      this.send(request);
    });
  }

  /** Replies arrive here (from process 'message' in a worker; tests call it directly). */
  receive(message: unknown): void {
    this.#onReply(message);
  }
}
