/** Human-readable lines about a loaded demo: what opens when, in Seoul time, and where its logins' passwords are. */
import type { Storage } from '../db/open';
import type { DemoSummary } from '../demo/load';
import type { Logger } from '../log';
import { Accounts, CLINIC_ACCOUNTS } from '../auth/accounts';
import { generatePassword, writeCredentialFile } from '../auth/credentials';

/** The demo's clinic login (the first clinic), with a password made now and written to a 0600 file: the screen shows where, not what. */
export async function addDemoClinicUser(storage: Storage & { dataDir: string; log?: Logger }, now: number): Promise<string> {
  const password = generatePassword();
  await new Accounts(storage.sqlite, CLINIC_ACCOUNTS, storage.log ? { log: storage.log } : {}).put({ scope: 'C0001', username: 'demo.clinic', password }, now, { address: 'demo' });
  const file = writeCredentialFile(storage.dataDir, 'clinic', 'demo.clinic', password, 'the demo clinic C0001');
  return `  clinic login (C0001): demo.clinic, password in ${file}   (page: /clinic/, export: /clinic/export.csv?date=YYYY-MM-DD)`;
}

export function describeDemo(s: DemoSummary): string {
  const lines = [`demo loaded: ${s.campaign.name} — ${s.clinics} clinics, ${s.slots} slots`];
  for (const c of s.campaign.cohorts) {
    lines.push(`  ${c.label} (born ${c.birthFrom} … ${c.birthTo}): pre-queue ${c.prequeueFrom}, opens ${c.opensAt}`);
  }
  return lines.join('\n');
}
