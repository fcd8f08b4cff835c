/**
 * What it costs, by accessible names: a monthly lip-sync cap set in Settings; a lip-sync whose
 * estimate would pass it asks first ("Run anyway" or Cancel, and Cancel sends nothing); Activity
 * → Spend shows today's and this month's estimated spend against the cap. Checked with axe and
 * saved in light and dark (test/artifacts/screens/spend-*.png).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { expect, expectReadyInLibrary, fileOption, launchChromium, nav, openApp, repoRoot, startAtelier, tempDir, test } from './fixtures';
import { lipsyncRun, openLipsyncForm, runs } from './lipsync-steps';
import { m4a, mp4, unique } from './media';
import { dismissToasts } from './toasts';

const screens = path.join(repoRoot, 'test/artifacts/screens');

async function pick(page: Page, field: 'visual' | 'audio', name: string): Promise<void> {
  await page.locator(`[data-field="${field}"]`).getByRole('button', { name: 'Choose from library…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Choose / });
  await fileOption(dialog, name).click();
  await dialog.getByRole('button', { name: 'Use file' }).click();
  await expect(page.locator(`[data-field="${field}"] .file-chip`, { hasText: name })).toBeVisible();
}

test('a monthly cap asks before a lip-sync that would pass it; Spend shows the estimates', async () => {
  test.setTimeout(180_000);
  // Its own app: the totals count every lip-sync this month, so none from other specs.
  const atelier = await startAtelier();
  const browser = await launchChromium();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await openApp(page, atelier.url);
    await checkSpend(page);
  } finally {
    await browser.close();
    await atelier.stop();
  }
});

async function checkSpend(page: Page): Promise<void> {
  await nav(page, 'Settings').click();
  const cap = page.getByRole('spinbutton', { name: 'Monthly lip-sync cap (USD)' });
  await cap.fill('-3');
  await cap.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'A cap is an amount from $0.01 to $1,000,000.' })).toBeVisible();
  await cap.fill('0.01');
  await cap.press('Enter');
  await expect(page.getByRole('button', { name: 'Remove cap' })).toBeVisible();
  mkdirSync(screens, { recursive: true });
  await page.getByRole('heading', { name: 'Spending' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screens, 'spend-settings-light.png') });
  await expectAccessible(page, 'settings-spend');

  await nav(page, 'Library').click();
  const dir = tempDir('spend');
  const face = `${unique('spend-face')}.mp4`;
  const voice = `${unique('spend-voice')}.m4a`;
  await page.getByTestId('add-files-input').setInputFiles([mp4(dir, face), m4a(dir, voice)]);
  for (const n of [face, voice]) await expectReadyInLibrary(page, n);
  await openLipsyncForm(page);
  await pick(page, 'visual', face);
  await pick(page, 'audio', voice);
  const shown = page.getByText(/^Estimated \$\d+\.\d\d/);
  await expect(shown).toBeVisible({ timeout: 30_000 });
  const estimate = /\$(\d+\.\d\d)/.exec((await shown.textContent())!)![1]!;

  // Past the cap: it asks; Cancel sends nothing.
  await dismissToasts(page);
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  const ask = page.getByRole('alertdialog').or(page.getByRole('dialog', { name: 'Go past your monthly cap?' }));
  await expect(ask).toContainText(`estimated at $${estimate}`);
  await expect(ask).toContainText('of your $0.01 cap');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await nav(page, 'Activity').click();
  await expect(runs(page).filter({ hasText: 'Lip-sync' })).toHaveCount(0);

  // Run anyway: it goes, and Spend counts its estimate.
  await nav(page, 'Generate').click();
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await ask.getByRole('button', { name: 'Run anyway' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Lip-sync queued' })).toBeVisible();
  await lipsyncRun(page, face);
  const spend = page.getByRole('region', { name: 'Spend' });
  await expect(spend.getByRole('definition').nth(1)).toContainText(`$${estimate} · 1 lip-sync`, { timeout: 15_000 });
  await expect(spend.getByRole('definition').nth(0)).toContainText(`$${estimate} · 1 lip-sync`);
  await expect(spend.getByRole('definition').nth(2)).toContainText('$0.01 · $0.00 left');
  await page.getByRole('heading', { name: 'Spend' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screens, 'spend-light.png') });
  await expectAccessible(page, 'activity-spend');
  await nav(page, 'Settings').click();
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Dark' }).click();
  await nav(page, 'Activity').click();
  await page.getByRole('heading', { name: 'Spend' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screens, 'spend-dark.png') });
  await expectAccessible(page, 'activity-spend');
  // Leave the shared app in the theme it had: the next spec's checks read it.
  await nav(page, 'Settings').click();
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'System' }).click();
}
