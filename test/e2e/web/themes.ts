/**
 * Light and dark screenshots of a view, to test/artifacts/screens/ for a person to look at, each
 * also checked with axe-core (axe.ts) as it is on screen.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { expect, nav, repoRoot } from './fixtures';

const out = path.join(repoRoot, 'test/artifacts/screens');

async function setTheme(page: Page, theme: 'Light' | 'Dark'): Promise<void> {
  await nav(page, 'Settings').click();
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: theme }).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe(theme.toLowerCase());
}

export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(out, { recursive: true });
  const dismiss = page.getByRole('button', { name: 'Dismiss' });
  for (let i = 0; i < 10 && (await dismiss.count()) > 0; i++) await dismiss.first().click().catch(() => {});
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: path.join(out, `${name}.png`) });
}

export async function bothThemes(page: Page, view: 'Activity' | 'Settings', name: string): Promise<void> {
  for (const theme of ['Light', 'Dark'] as const) {
    await setTheme(page, theme);
    await nav(page, view).click();
    await shoot(page, `${name}-${theme.toLowerCase()}`);
    await expectAccessible(page, name);
  }
}
