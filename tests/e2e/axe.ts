import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA: what issue #18 asks the pages to meet. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export type Finding = { page: string; language: string; rule: string; impact: string; targets: string[]; help: string };

/** Serious and critical violations only: those the issue counts (moderate ones are reported, not failed). */
export async function axeFindings(page: Page, name: string, language: string): Promise<Finding[]> {
  await atRest(page);
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ page: name, language, rule: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`.slice(0, 300)) }));
}

/**
 * The page as a reader sees it once it stops moving: a dialog still fading in blends its colours
 * with the overlay's (axe then measures contrast between two frames), and the pointer left on the
 * control just clicked shows its hover colours. Both made the scan's result depend on timing.
 */
async function atRest(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  // Endless ones (a spinner, a live dot) never finish: only those that end are waited for.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
}

/**
 * Scans the page as it is in English and then in Chinese: the language is chosen in
 * localStorage (as the language switch does) and the page reloaded, so both languages see the
 * same state. `ready` says when the page has rendered what is to be checked.
 */
export async function scanBothLanguages(page: Page, name: string, ready: (page: Page) => Locator): Promise<Finding[]> {
  const findings: Finding[] = [];
  // The page stores its language once its strings are loaded (client/src/i18n/index.ts): a choice
  // written before that, on a page just opened, is overwritten by the default and the reload shows
  // Chinese. Once the page has rendered, its language is settled.
  await expect(ready(page)).toBeVisible();
  // English first: the page is left in Chinese, as the journeys around the scans expect.
  for (const language of ['en', 'zh-CN']) {
    await page.evaluate((lng) => localStorage.setItem('kc.lang', lng), language);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await expect(ready(page)).toBeVisible();
    findings.push(...(await axeFindings(page, name, language)));
  }
  return findings;
}

export function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `[${f.page} ${f.language}] ${f.impact} ${f.rule}: ${f.help}\n    ${f.targets.join('\n    ')}`).join('\n');
}
