/**
 * "Text me when a place comes back": a person of a fully booked campaign signs up once (checked as a
 * join is: on a verified campaign only with their credential), gets one text saying so and naming the
 * next opening, and when cancellations free places the oldest sign-ups are told, one text each,
 * written through the outbox in the cancelling transaction (never lost, never sent twice).
 */
import type Database from 'better-sqlite3';
import type { Person } from '../../shared/person';
import type { Campaign } from '../../shared/schedule';
import { seoulDate, seoulTime } from '../../shared/time';
import { personKey } from '../identity';
import type { IdentityGate } from '../phone/gate';
import { prepareOutbox, type OutboxStatements } from '../outbox/outbox';
import { Refusal } from '../refusal';
import type { ScheduleStore } from '../schedule/store';

/** People told per place freed: some of those told will not come back, and a place must not stay empty. */
const TOLD_PER_PLACE = 3;

export interface AlertSignup {
  /** The first time this person signed up for this campaign (a repeat changes nothing and sends nothing). */
  since: string;
  /** The next cohort's opening (ISO), if one is scheduled. */
  nextOpensAt: string | null;
}

export class PlaceAlerts {
  readonly #outbox: OutboxStatements;
  readonly #insert: Database.Statement;
  readonly #since: Database.Statement<[string, string], number>;
  readonly #oldest: Database.Statement<[string, number], { personKey: string; phone: string }>;
  readonly #told: Database.Statement;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly identityKey: Buffer,
    private readonly schedule: ScheduleStore,
    private readonly gate: IdentityGate,
    /** Wakes the outbox sender after a commit. */
    private readonly wake: () => void = () => {},
  ) {
    this.#outbox = prepareOutbox(sqlite);
    this.#insert = sqlite.prepare('INSERT INTO place_alerts (campaign_id, person_key, phone, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING');
    this.#since = sqlite.prepare<[string, string], number>('SELECT created_at FROM place_alerts WHERE campaign_id = ? AND person_key = ?').pluck();
    this.#oldest = sqlite.prepare('SELECT person_key AS personKey, phone FROM place_alerts WHERE campaign_id = ? AND notified_at IS NULL ORDER BY created_at LIMIT ?');
    this.#told = sqlite.prepare('UPDATE place_alerts SET notified_at = ? WHERE campaign_id = ? AND person_key = ?');
  }

  subscribe(campaignId: string, person: Person, credential: string | undefined, now: number): AlertSignup {
    const campaign = this.schedule.get(campaignId);
    if (!campaign) throw new Refusal('NOT_FOUND', { campaignId });
    const key = personKey(this.identityKey, person);
    this.gate.check(campaign, key, credential, now);
    const next = nextOpening(campaign, now);
    const added = this.sqlite.transaction(() => {
      if (this.#insert.run(campaignId, key, person.phone, now).changes === 0) return false;
      const when = next ? ` 다음 예약: ${seoulDate(Date.parse(next))} ${seoulTime(Date.parse(next))}.` : '';
      this.#outbox.enqueue('place_alert_signup', person.phone,
        `[예약] ${campaign.name} 자리가 생기면 문자로 알려 드립니다.${when} yeyak: we will text you when a place of ${campaign.nameEn} comes back.`, now);
      return true;
    }).immediate();
    if (added) this.wake();
    return { since: new Date(this.#since.get(campaignId, key) ?? now).toISOString(), nextOpensAt: next };
  }

  /** Call inside the transaction that frees the places: tells the oldest sign-ups, once each. */
  placesFreed(campaign: Campaign, places: number, now: number): void {
    if (places <= 0) return;
    for (const a of this.#oldest.all(campaign.id, places * TOLD_PER_PLACE)) {
      this.#outbox.enqueue('place_alert', a.phone,
        `[예약] ${campaign.name} 예약에 취소된 자리가 생겼습니다. 앱에서 대기열에 다시 들어가세요(먼저 온 순서). yeyak: a place of ${campaign.nameEn} came back; join the waiting room in the app.`, now);
      this.#told.run(now, campaign.id, a.personKey);
    }
  }

  /** After the freeing transaction committed. */
  committed(): void {
    this.wake();
  }
}

function nextOpening(campaign: Campaign, now: number): string | null {
  const later = campaign.cohorts.map((c) => c.opensAt).filter((at) => Date.parse(at) > now).sort((a, b) => Date.parse(a) - Date.parse(b));
  return later[0] ?? null;
}
