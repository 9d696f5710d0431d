/** Runs axe-core inside the page (the real engine, injected from node_modules) and returns its serious and critical violations. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

export async function seriousViolations(page: Page): Promise<Violation[]> {
  if ((await page.evaluate('typeof window.axe')) !== 'object') await page.addScriptTag({ content: AXE_SOURCE });
  const found = (await page.evaluate(`window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => String(n.target)) })))`)) as Violation[];
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
