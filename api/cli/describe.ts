/** Human-readable lines about a loaded demo: what opens when, in Seoul time. */
import { randomBytes } from 'node:crypto';
import type { Storage } from '../db/open';
import type { DemoSummary } from '../demo/load';
import { Accounts, CLINIC_ACCOUNTS } from '../auth/accounts';

/** The demo's clinic login (the first clinic), with a password made now and printed once. */
export async function addDemoClinicUser(storage: Storage, now: number): Promise<string> {
  const password = randomBytes(9).toString('base64url');
  await new Accounts(storage.sqlite, CLINIC_ACCOUNTS).put({ scope: 'C0001', username: 'demo.clinic', password }, now);
  return `  clinic login (C0001): demo.clinic / ${password}   (export: /clinic/export.csv?date=YYYY-MM-DD)`;
}

export function describeDemo(s: DemoSummary): string {
  const lines = [`demo loaded: ${s.campaign.name} — ${s.clinics} clinics, ${s.slots} slots`];
  for (const c of s.campaign.cohorts) {
    lines.push(`  ${c.label} (born ${c.birthFrom} … ${c.birthTo}): pre-queue ${c.prequeueFrom}, opens ${c.opensAt}`);
  }
  return lines.join('\n');
}
