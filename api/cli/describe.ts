/** Human-readable lines about a loaded demo: what opens when, in Seoul time. */
import type { DemoSummary } from '../demo/load';

export function describeDemo(s: DemoSummary): string {
  const lines = [`demo loaded: ${s.campaign.name} — ${s.clinics} clinics, ${s.slots} slots`];
  for (const c of s.campaign.cohorts) {
    lines.push(`  ${c.label} (born ${c.birthFrom} … ${c.birthTo}): pre-queue ${c.prequeueFrom}, opens ${c.opensAt}`);
  }
  return lines.join('\n');
}
