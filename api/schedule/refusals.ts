/** The refusal that an eligibility answers with, the same for joining the queue and for booking. */
import type { Eligibility } from '../../shared/schedule';
import { Refusal } from '../refusal';

/** Null when open; NOT_OPEN_YET (with the times) before it, NOT_ELIGIBLE outside every cohort or after the close. */
export function refusalFor(e: Eligibility): Refusal | null {
  switch (e.kind) {
    case 'open':
      return null;
    case 'not_eligible':
      return new Refusal('NOT_ELIGIBLE');
    case 'closed':
      return new Refusal('NOT_ELIGIBLE', { cohortId: e.cohort.id, closedAt: e.cohort.closesAt });
    case 'prequeue':
    case 'not_open_yet':
      return new Refusal('NOT_OPEN_YET', { cohortId: e.cohort.id, prequeueFrom: e.cohort.prequeueFrom, opensAt: e.cohort.opensAt });
  }
}
