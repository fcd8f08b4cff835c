/**
 * Prompt history, by accessible names: "Recent prompts" beside a tool's prompt lists the prompts
 * of its runs newest first, narrows as you search, keeps pinned ones on top (across a reload),
 * and choosing one fills the form with that run's request, as Reuse does. Checked with axe and
 * saved in light and dark (test/artifacts/screens/prompts-*.png).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { expect, nav, repoRoot, test } from './fixtures';
import { unique } from './media';

const screens = path.join(repoRoot, 'test/artifacts/screens');
const prompt = (page: Page) => page.getByLabel('Prompt', { exact: true });
const panel = (page: Page) => page.getByRole('group', { name: 'Recent prompts' });

async function run(page: Page, text: string, clipSeconds: string): Promise<void> {
  await prompt(page).fill(text);
  await page.getByLabel('Duration (s)').fill(clipSeconds);
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Video clip queued' }).first()).toBeVisible();
}

test('recent prompts: newest first, searchable, pinned on top, and choosing one fills the form', async ({ page }) => {
  await nav(page, 'Generate').click();
  await page.getByRole('navigation', { name: 'Tools' }).getByRole('button', { name: 'Video clip', exact: true }).click();
  // Other specs share this app: this test's prompts carry their own token.
  const token = unique('tok');
  const storm = `a lighthouse in a storm at night ${token}`;
  const harbour = `a quiet harbour at dawn ${token}`;
  await run(page, storm, '3');
  await run(page, harbour, '2');
  await prompt(page).fill('');
  await page.getByLabel('Duration (s)').fill('5');

  await page.getByRole('button', { name: 'Recent prompts' }).click();
  const uses = panel(page).getByRole('listitem');
  await expect(page.getByRole('searchbox', { name: 'Search prompts' })).toBeFocused();
  await page.getByRole('searchbox', { name: 'Search prompts' }).fill(token);
  await expect(uses).toHaveCount(2);
  await expect(uses.nth(0)).toContainText(harbour);
  await expect(uses.nth(1)).toContainText(storm);
  await page.getByRole('searchbox', { name: 'Search prompts' }).fill(`STORM AT NIGHT ${token.toUpperCase()}`);
  await expect(uses).toHaveCount(1);
  await page.getByRole('searchbox', { name: 'Search prompts' }).fill('');
  await panel(page).getByRole('button', { name: `Pin “${storm.slice(0, 40)}…”` }).click();
  await expect(uses.nth(0)).toContainText(storm);
  await expect(uses.nth(0)).toContainText('Pinned');
  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: path.join(screens, 'prompts-light.png') });
  await expectAccessible(page, 'prompts');

  // Choosing it fills the prompt and the rest of that run's request.
  await uses.nth(0).getByRole('button', { name: new RegExp(`^${storm}`) }).click();
  await expect(panel(page)).toHaveCount(0);
  await expect(prompt(page)).toHaveValue(storm);
  await expect(page.getByLabel('Duration (s)')).toHaveValue('3');

  // The pin is kept on this computer.
  await page.reload();
  await expect(page.locator('[data-app-state="ready"]')).toBeVisible();
  await nav(page, 'Settings').click();
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Dark' }).click();
  await nav(page, 'Generate').click();
  await page.getByRole('navigation', { name: 'Tools' }).getByRole('button', { name: 'Video clip', exact: true }).click();
  await page.getByRole('button', { name: 'Recent prompts' }).click();
  await expect(uses.nth(0)).toContainText('Pinned');
  await page.screenshot({ path: path.join(screens, 'prompts-dark.png') });
  await expectAccessible(page, 'prompts');
  await page.keyboard.press('Escape');
  await expect(panel(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Recent prompts' })).toBeFocused();
  // Leave the shared app in the theme it had: the next spec's checks read it.
  await nav(page, 'Settings').click();
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'System' }).click();
});
