/** What a refused console call means to the operator: the sign-in ended (say so, show the login), the input was refused (say what, next to it), or the call did not get through. */
import { TRPCClientError } from '@trpc/client';
import { isReason, type Reason } from '../../shared/reasons';

/** `failed` carries the refusal's reason when the server gave one (RATE_LIMITED, …), none when the call did not get through. */
export type Failure = { kind: 'session' } | { kind: 'invalid'; details: unknown } | { kind: 'failed'; reason?: Reason };

export function failureOf(err: unknown): Failure {
  if (!(err instanceof TRPCClientError)) return { kind: 'failed' };
  const data = err.data as { code?: string; httpStatus?: number; reason?: string; details?: unknown } | undefined;
  // Only a missing or expired session is 401; a refused value is 400 with INVALID_INPUT.
  if (data?.code === 'UNAUTHORIZED' || data?.httpStatus === 401) return { kind: 'session' };
  if (data?.reason === 'INVALID_INPUT') return { kind: 'invalid', details: data.details };
  return isReason(data?.reason) ? { kind: 'failed', reason: data.reason } : { kind: 'failed' };
}
