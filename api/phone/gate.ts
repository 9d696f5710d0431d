/**
 * The identity gate of joins and bookings, in front of either queue store: on a verified campaign
 * a request must carry a credential of this person for this campaign (one HMAC) and the person must
 * still be on the roster (one primary-key lookup). A declared campaign lets everyone through.
 */
import type Database from 'better-sqlite3';
import type { Campaign } from '../../shared/schedule';
import { Refusal } from '../refusal';
import { verifyCredential } from './credential';

export class IdentityGate {
  readonly #onRoster: Database.Statement<[string, string], number>;

  constructor(sqlite: Database.Database, private readonly credentialKey: Buffer) {
    this.#onRoster = sqlite.prepare<[string, string], number>('SELECT 1 FROM roster WHERE campaign_id = ? AND person_key = ?').pluck();
  }

  /** Whether the person is on the campaign's roster. */
  onRoster(campaignId: string, personKey: string): boolean {
    return this.#onRoster.get(campaignId, personKey) !== undefined;
  }

  /** Throws IDENTITY_REQUIRED, IDENTITY_MISMATCH or NOT_ELIGIBLE; returns when the person may go on. */
  check(campaign: Campaign, personKey: string, credential: string | undefined, now: number): void {
    if (campaign.identity !== 'verified') return;
    verifyCredential(this.credentialKey, credential, { campaignId: campaign.id, personKey, now });
    // Taken off the roster since the phone check (a corrected registry): the credential no longer opens anything.
    if (!this.onRoster(campaign.id, personKey)) throw new Refusal('NOT_ELIGIBLE', { roster: 'not on the roster' });
  }
}
