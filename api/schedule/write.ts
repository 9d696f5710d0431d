/** Writes a campaign and its cohorts (replacing the cohorts); the operator console and the demo both go through here. */
import { eq } from 'drizzle-orm';
import type { Campaign } from '../../shared/schedule';
import type { Db } from '../db/open';
import { campaigns, cohorts } from '../db/schema';

export function putCampaign(db: Db, campaign: Campaign): void {
  db.transaction((tx) => {
    const row = { id: campaign.id, name: campaign.name, nameEn: campaign.nameEn, doses: campaign.doses, intervalDays: campaign.intervalDays };
    tx.insert(campaigns).values(row).onConflictDoUpdate({ target: campaigns.id, set: row }).run();
    tx.delete(cohorts).where(eq(cohorts.campaignId, campaign.id)).run();
    for (const c of campaign.cohorts) {
      tx.insert(cohorts).values({
        id: c.id,
        campaignId: campaign.id,
        label: c.label,
        labelEn: c.labelEn,
        birthFrom: c.birthFrom,
        birthTo: c.birthTo,
        birthDayDigits: c.birthDayDigits ? c.birthDayDigits.join(',') : null,
        prequeueFrom: Date.parse(c.prequeueFrom),
        opensAt: Date.parse(c.opensAt),
        closesAt: Date.parse(c.closesAt),
      }).run();
    }
  });
}
