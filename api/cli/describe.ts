/** Human-readable lines about a loaded demo: what opens when, in Seoul time, and where its logins' passwords are. */
import type { Storage } from '../db/open';
import type { DemoSummary } from '../demo/load';
import type { Logger } from '../log';
import type { Campaign } from '../../shared/schedule';
import type { Secrets } from '../secrets';
import { describeDemoPeople, writeDemoPeople } from '../demo/people';
import { OUTBOX_FILE } from '../outbox/transports';
import { join } from 'node:path';
import { Accounts, CLINIC_ACCOUNTS } from '../auth/accounts';
import { generatePassword, writeCredentialFile } from '../auth/credentials';

/** The demo's clinic login (the first clinic), with a password made now and written to a 0600 file: the screen shows where, not what. */
export async function addDemoClinicUser(storage: Storage & { dataDir: string; log?: Logger }, now: number): Promise<string> {
  const password = generatePassword();
  await new Accounts(storage.sqlite, CLINIC_ACCOUNTS, storage.log ? { log: storage.log } : {}).put({ scope: 'C0001', username: 'demo.clinic', password }, now, { address: 'demo' });
  const file = writeCredentialFile(storage.dataDir, 'clinic', 'demo.clinic', password, 'the demo clinic C0001');
  return `  clinic login (C0001): demo.clinic, password in ${file}   (page: /clinic/, export: /clinic/export.csv?date=YYYY-MM-DD)`;
}

/** On a verified demo: its roster and the file of a few of its people; the line that says where they are (none on a declared one). */
export function addDemoPeople(app: Storage & { dataDir: string; secrets: Secrets }, campaign: Campaign): string | null {
  if (campaign.identity !== 'verified') return null;
  const { file, people } = writeDemoPeople(app.sqlite, app.secrets.identityKey, app.dataDir, campaign);
  return describeDemoPeople(file, people, join(app.dataDir, OUTBOX_FILE));
}

export function describeDemo(s: DemoSummary): string {
  const lines = [`demo loaded: ${s.campaign.name} — ${s.clinics} clinics, ${s.slots} slots (identity: ${s.campaign.identity})`];
  for (const c of s.campaign.cohorts) {
    lines.push(`  ${c.label} (born ${c.birthFrom} … ${c.birthTo}): pre-queue ${c.prequeueFrom}, opens ${c.opensAt}`);
  }
  return lines.join('\n');
}
