/** Tells a refusal (the server said no, with a contract reason) from a failure to get any answer. */
import { TRPCClientError } from '@trpc/client';
import { isReason, type Reason } from '../../shared/reasons';

export interface Refused {
  reason: Reason;
  details?: Record<string, unknown>;
}

/** The refusal inside an error, or null when there was no answer (offline, timeout, server down). */
export function refusalOf(err: unknown): Refused | null {
  if (!(err instanceof TRPCClientError)) return null;
  const data = err.data as { reason?: unknown; details?: Record<string, unknown> } | undefined;
  return isReason(data?.reason) ? { reason: data.reason, details: data.details } : null;
}
