/**
 * Activity → Usage: what each API budget has used this window, what is left, and when the next
 * request may go. The sandbox allows two tool starts an hour here, so the second generation
 * empties that budget and the panel says when it refills. Checked with axe and saved in light
 * and dark (test/artifacts/screens/usage-*.png).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { expect, launchChromium, nav, openApp, repoRoot, startAtelier, test } from './fixtures';

const screens = path.join(repoRoot, 'test/artifacts/screens');

async function generateImage(page: Page, prompt: string): Promise<void> {
  await nav(page, 'Generate').click();
  await page.getByLabel('Prompt', { exact: true }).fill(prompt);
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Image queued' }).first()).toBeVisible();
}

test('Usage shows each budget used, left, and when an empty one refills', async () => {
  test.setTimeout(180_000);
  const atelier = await startAtelier({ sandboxArgs: ['--rate-limit', 'tools.start=2'] });
  const browser = await launchChromium();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await openApp(page, atelier.url);
    await generateImage(page, 'a red kite over the dunes');
    await nav(page, 'Activity').click();
    const usage = page.getByRole('region', { name: 'Usage' });
    const starts = usage.getByRole('row', { name: /^Start tools/ });
    await expect(starts.getByRole('cell').nth(0)).toHaveText('1 of 2', { timeout: 15_000 });
    await expect(starts.getByRole('cell').nth(1)).toHaveText('1');
    await expect(starts.getByRole('cell').nth(2)).toHaveText('Now');

    await generateImage(page, 'a blue kite over the sea');
    await nav(page, 'Activity').click();
    await expect(starts.getByRole('cell').nth(0)).toHaveText('2 of 2', { timeout: 15_000 });
    await expect(starts.getByRole('cell').nth(1)).toHaveText('0');
    await expect(starts.getByRole('cell').nth(2)).toHaveText(/^At \d{1,2}:\d{2}.* \(in (59|60) min\)$/);
    // Other budgets the app spent from are listed too (reading the library, for one).
    await expect(usage.getByRole('row', { name: /^Read the library/ })).toBeVisible();

    mkdirSync(screens, { recursive: true });
    await page.getByRole('heading', { name: 'Usage' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screens, 'usage-light.png') });
    await expectAccessible(page, 'usage');
    await nav(page, 'Settings').click();
    await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Dark' }).click();
    await nav(page, 'Activity').click();
    await page.getByRole('heading', { name: 'Usage' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screens, 'usage-dark.png') });
    await expectAccessible(page, 'usage');
  } finally {
    await browser.close();
    await atelier.stop();
  }
});
