/** What the citizen-app browser tests share: adding a person as a user would, checking a screen (axe, then a screenshot), and the 200% zoom check. */
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { PersonInput } from '../shared/person';
import { seriousViolations } from './axe';

/** Where the browser tests save their screens (docs/screenshots holds copies). */
export const SHOTS = fileURLToPath(new URL('./artifacts', import.meta.url));

/** Fills the start screen's "add a person" form; returns the id the app gave the person, read where the app keeps it. */
export async function addPerson(page: Page, p: PersonInput): Promise<string> {
  const form = page.locator('form', { hasText: '사람 추가' });
  await form.getByLabel('이름').fill(p.name);
  await form.getByLabel('생년월일').fill(p.birthDate);
  await form.getByLabel('휴대전화').fill(p.phone);
  await form.getByRole('button', { name: '저장' }).click();
  await page.locator('article.person', { hasText: p.name }).waitFor();
  // From IndexedDB: someone who cannot book has no link on the page to read it from.
  return page.evaluate(`new Promise((resolve) => {
    const open = indexedDB.open('yeyak');
    open.onsuccess = () => { const all = open.result.transaction('people').objectStore('people').getAll(); all.onsuccess = () => resolve(all.result.find((x) => x.name === ${JSON.stringify(p.name)}).id); };
  })`) as Promise<string>;
}

/** axe-core finds nothing serious or critical; the screen is saved. */
export async function check(page: Page, shot: string): Promise<void> {
  expect(await seriousViolations(page), shot).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
}

/** At 200% zoom (half the CSS width) nothing may need sideways scrolling. */
export async function fitsAt200(page: Page): Promise<void> {
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: size.width / 2, height: size.height / 2 });
  const wider = await page.evaluate(`[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > ${size.width / 2} + 0.5)
    .map((e) => e.tagName + ' ' + (e.textContent ?? '').slice(0, 20))`);
  expect(wider).toEqual([]);
  await page.setViewportSize(size);
}
