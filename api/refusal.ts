/** A refused call: a tRPC error carrying one contract reason (and its details), with the HTTP status that fits it. */
import { TRPCError } from '@trpc/server';
import { REASON_TEXT } from '../shared/messages';
import type { Reason } from '../shared/reasons';

type TrpcCode = TRPCError['code'];

const CODE_OF: Record<Reason, TrpcCode> = {
  INVALID_INPUT: 'BAD_REQUEST',
  NOT_OPEN_YET: 'FORBIDDEN',
  NOT_ELIGIBLE: 'FORBIDDEN',
  ADMISSION_REQUIRED: 'UNAUTHORIZED',
  ADMISSION_EXPIRED: 'UNAUTHORIZED',
  ADMISSION_USED: 'CONFLICT',
  ADMISSION_MISMATCH: 'FORBIDDEN',
  SLOTS_FULL: 'CONFLICT',
  ALREADY_BOOKED: 'CONFLICT',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  IDENTITY_REQUIRED: 'UNAUTHORIZED',
  IDENTITY_MISMATCH: 'FORBIDDEN',
};

export class Refusal extends TRPCError {
  readonly reason: Reason;
  readonly details: Record<string, unknown> | undefined;

  /** `code` overrides the reason's usual status (FORBIDDEN without a session is 401). */
  constructor(reason: Reason, details?: Record<string, unknown>, message?: string, code?: TrpcCode) {
    super({ code: code ?? CODE_OF[reason], message: message ?? REASON_TEXT[reason].en });
    this.reason = reason;
    this.details = details;
  }
}
