/**
 * One booking writer for several API processes: with `serve --workers N`, workers send each
 * booking.submit and booking.cancel to the cluster's primary over its IPC channel, and the primary
 * runs them through its own BookingService, so every booking shares one group commit and nobody
 * waits on SQLite's write lock. Refusals travel back as themselves; lookups stay local reads.
 */
import type { Worker } from 'node:cluster';
import type { BookingConfirmation, BookingView } from '../../shared/booking';
import type { BookingSubmitInput } from '../../shared/inputs';
import type { Reason } from '../../shared/reasons';
import type { Logger } from '../log';
import type { Services } from '../services';
import { Refusal } from '../refusal';

type Bookings = Services['booking'];

type Request =
  | { yeyak: 'booking'; id: number; op: 'submit'; input: BookingSubmitInput; now: number }
  | { yeyak: 'booking'; id: number; op: 'cancel'; code: string; birthDate: string; now: number };

type Reply =
  | { yeyak: 'booking'; id: number; ok: true; value: unknown }
  | { yeyak: 'booking'; id: number; ok: false; refusal?: { reason: Reason; details?: Record<string, unknown>; message: string; code: Refusal['code'] }; error?: string };

const isRequest = (m: unknown): m is Request => typeof m === 'object' && m !== null && (m as Request).yeyak === 'booking';

/** In the primary: answers one worker's booking requests with the primary's own booking service. */
export function serveBookings(bookings: Bookings, worker: Worker, log: Logger): void {
  // A worker can die while its batch commits; the reply then fails with EPIPE. Unhandled, that
  // error would end the primary, and every worker with it: it goes to send()'s callback, and any
  // other error of the worker's channel to this listener.
  worker.on('error', (err) => log.warn({ err: { message: err.message }, worker: worker.id }, 'a worker went away before its booking answer'));
  worker.on('message', (message: unknown) => {
    if (!isRequest(message)) return;
    const work = message.op === 'submit'
      ? bookings.submit(message.input, message.now)
      : bookings.cancel(message.code, message.birthDate, message.now);
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

/** In a worker: submit and cancel go to the primary; lookup reads the shared file here. */
export class RemoteBookings implements Bookings {
  #next = 0;
  readonly #pending = new Map<number, { resolve: (v: any) => void; reject: (e: unknown) => void }>();

  constructor(private readonly local: Pick<Bookings, 'lookup'>) {
    process.on('message', (message: unknown) => {
      const reply = message as Reply;
      if (typeof reply !== 'object' || reply === null || reply.yeyak !== 'booking') return;
      const waiting = this.#pending.get(reply.id);
      if (!waiting) return;
      this.#pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.value);
      else if (reply.refusal) waiting.reject(new Refusal(reply.refusal.reason, reply.refusal.details, reply.refusal.message, reply.refusal.code));
      else waiting.reject(new Error(`the booking writer failed: ${reply.error}`));
    });
  }

  submit(input: BookingSubmitInput, now: number): Promise<BookingConfirmation> {
    return this.#ask({ yeyak: 'booking', id: this.#next++, op: 'submit', input, now });
  }

  cancel(code: string, birthDate: string, now: number): Promise<BookingView> {
    return this.#ask({ yeyak: 'booking', id: this.#next++, op: 'cancel', code, birthDate, now });
  }

  lookup(code: string, birthDate: string): BookingView {
    return this.local.lookup(code, birthDate);
  }

  #ask<T>(request: Request): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(request.id, { resolve, reject });
      process.send!(request);
    });
  }
}
