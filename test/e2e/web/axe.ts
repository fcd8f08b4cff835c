/**
 * The accessibility check of the end-to-end suite: axe-core over the page as it is on screen,
 * in its current theme. Every rule axe runs by default (WCAG 2.0-2.2 A and AA plus its best
 * practices) and its experimental ones too (among them label-content-name-mismatch: a
 * control's name must contain its visible text, so "click Generate" works for voice control).
 * None is turned off. A violation fails the test (softly, so one run lists every view that has
 * one), and every check is written to test/artifacts/axe/<label>-<theme>.json (rule and node
 * counts, the failures in words) for the report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import axe from 'axe-core';
import { expect, type Page } from '@playwright/test';
import { repoRoot } from './processes';

const outDir = path.join(repoRoot, 'test/artifacts/axe');

/** The experimental rules, which axe leaves off unless asked. (Deprecated ones stay off: axe retired them.) */
const EXPERIMENTAL = axe
  .getRules()
  .filter((r) => r.tags.includes('experimental'))
  .map((r) => r.ruleId);

/** The theme on screen: the forced one, else what the system (the browser's colour scheme) says. */
export function themeOf(page: Page): Promise<'light' | 'dark'> {
  return page.evaluate(() => {
    const forced = document.documentElement.getAttribute('data-theme');
    if (forced === 'light' || forced === 'dark') return forced;
    return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  });
}

/**
 * Wait until finite animations (a dialog popping in, a toast sliding up) have ended, so colours
 * are measured as they settle, not mid-fade. Endless ones (spinners, skeletons) are left alone.
 */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const finite = document.getAnimations().filter((a) => {
      const t = a.effect?.getComputedTiming();
      return t && t.endTime !== Infinity && a.playState === 'running';
    });
    await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
}

/**
 * axe-core in the page, once per page load. AxeBuilder evaluates the axe source it is given
 * before every run (twice in legacy mode), 560 kB each time, which costs about a second per
 * check on this machine; the page keeps axe between checks, so the builder is given an empty
 * source and axe goes in here when the page does not have it yet.
 */
async function ensureAxe(page: Page): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
}
const ALREADY_IN_PAGE = 'void 0';

/**
 * Run axe on the page and expect no violation; `label` names the view and state. `within`
 * narrows the run to one part (a CSS selector) when the rest of the page was just checked
 * as it is (e.g. each Generate form after the whole Generate view).
 */
export async function expectAccessible(page: Page, label: string, opts: { within?: string } = {}): Promise<void> {
  await settle(page);
  const theme = await themeOf(page);
  const started = Date.now();
  // Legacy mode runs axe.run() in the page itself. The default mode runs each frame apart and
  // merges the results in a blank page it opens for every check, which exists for cross-origin
  // iframes; Atelier has no iframes, and the extra page costs seconds per check on this machine.
  await ensureAxe(page);
  const builder = new AxeBuilder({ page, axeSource: ALREADY_IN_PAGE }).setLegacyMode(true);
  if (opts.within) builder.include(opts.within);
  const results = await builder
    .options({ rules: Object.fromEntries(EXPERIMENTAL.map((id) => [id, { enabled: true }])) })
    .analyze();
  const lines = results.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}) ${n.target.join(' ')}: ${(n.failureSummary ?? '').split('\n').slice(1, 2).join('').trim()}`),
  );
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    path.join(outDir, `${label}-${theme}.json`),
    JSON.stringify({
      label,
      theme,
      ms: Date.now() - started,
      rules: results.violations.length,
      nodes: results.violations.reduce((n, v) => n + v.nodes.length, 0),
      byRule: Object.fromEntries(results.violations.map((v) => [v.id, v.nodes.length])),
      lines,
    }, null, 1) + '\n',
  );
  expect.soft(lines, `axe: ${label} (${theme})`).toEqual([]);
}
