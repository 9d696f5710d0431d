/** Writes a campaign and its cohorts (upserted; cohorts no longer listed are removed, which fails once tickets hold them). */
import { and, eq, notInArray } from 'drizzle-orm';
import type { Campaign } from '../../shared/schedule';
import type { Db } from '../db/open';
import { campaigns, cohorts, meta } from '../db/schema';
import { sql } from 'drizzle-orm';

/** The meta key counting schedule changes. */
export const SCHEDULE_VERSION = 'schedule_version';

export function putCampaign(db: Db, campaign: Campaign): void {
  db.transaction((tx) => {
    const row = { id: campaign.id, name: campaign.name, nameEn: campaign.nameEn, doses: campaign.doses, intervalDays: campaign.intervalDays, identity: campaign.identity };
    tx.insert(campaigns).values(row).onConflictDoUpdate({ target: campaigns.id, set: row }).run();
    tx.delete(cohorts).where(and(eq(cohorts.campaignId, campaign.id), notInArray(cohorts.id, campaign.cohorts.map((c) => c.id)))).run();
    for (const c of campaign.cohorts) {
      const row = {
        campaignId: campaign.id,
        label: c.label,
        labelEn: c.labelEn,
        birthFrom: c.birthFrom,
        birthTo: c.birthTo,
        birthDayDigits: c.birthDayDigits ? c.birthDayDigits.join(',') : null,
        prequeueFrom: Date.parse(c.prequeueFrom),
        opensAt: Date.parse(c.opensAt),
        closesAt: Date.parse(c.closesAt),
      };
      tx.insert(cohorts).values({ id: c.id, ...row }).onConflictDoUpdate({ target: cohorts.id, set: row }).run();
    }
    // Every API process re-reads the schedule when this changes (ScheduleStore checks it each second).
    tx.insert(meta).values({ key: SCHEDULE_VERSION, value: 1 })
      .onConflictDoUpdate({ target: meta.key, set: { value: sql`${meta.value} + 1` } }).run();
  });
}
