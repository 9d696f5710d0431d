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
export function serveBookings(bookings: Bookings, worker: Worker): void {
  worker.on('message', (message: unknown) => {
    if (!isRequest(message)) return;
    const work = message.op === 'submit'
      ? bookings.submit(message.input, message.now)
      : bookings.cancel(message.code, message.birthDate, message.now);
    work.then(
      (value) => send(worker, { yeyak: 'booking', id: message.id, ok: true, value }),
      (err: unknown) => send(worker, err instanceof Refusal
        ? { yeyak: 'booking', id: message.id, ok: false, refusal: { reason: err.reason, ...(err.details ? { details: err.details } : {}), message: err.message, code: err.code } }
        : { yeyak: 'booking', id: message.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
  });
}

function send(worker: Worker, reply: Reply): void {
  // A worker that died meanwhile gets nothing; its client retries with the same idempotency key.
  if (worker.isConnected()) worker.send(reply);
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
