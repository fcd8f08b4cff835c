import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, expectReadyInLibrary, library, libraryItem, nav, tempDir, test } from './fixtures';
import { png, portable, unique } from './media';

/** Drop a file (from disk, via bytes) onto a form's file field, as from the desktop. */
async function dropOnField(page: Page, field: string, file: { name: string; type: string; b64: string }): Promise<void> {
  await page.locator(`[data-field="${field}"]`).evaluate((el, f) => {
    const dt = new DataTransfer();
    dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
    for (const type of ['dragenter', 'dragover', 'drop']) el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, file);
}

const generateButton = (page: Page) => page.getByRole('button', { name: 'Generate', exact: true });
const tool = (page: Page, label: string) => page.getByRole('navigation', { name: 'Tools' }).getByRole('button', { name: label, exact: true });
const runRow = (page: Page, text: string) => page.locator('section[aria-labelledby="gen-title"] li', { hasText: text });

test('an image with a dropped reference and a video clip: progress, results, request, Reuse', async ({ page }) => {
  const dir = tempDir('ref');
  const refName = `${unique('reference')}.png`;
  const ref = portable(png(dir, refName, 'mandelbrot'), 'image/png');
  const imagePrompt = `A red kite over a grey sea ${unique('p')}`;
  const clipPrompt = `Slow dolly across a misty lake ${unique('c')}`;

  // Remember every progress bar shown (runs take a few seconds in the sandbox).
  await page.evaluate(() => {
    const seen = new Set<string>();
    (window as unknown as { __progress: Set<string> }).__progress = seen;
    new MutationObserver(() => document.querySelectorAll('progress[aria-label]').forEach((p) => seen.add(p.getAttribute('aria-label')!))).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
    });
  });

  await nav(page, 'Generate').click();
  await expect(page.getByRole('heading', { name: 'Image', exact: true })).toBeVisible();

  // The limits are enforced before anything is sent.
  await generateButton(page).click();
  await expect(page.getByText('Prompt is required.')).toBeVisible();

  await page.getByLabel('Prompt', { exact: true }).fill(imagePrompt);
  await dropOnField(page, 'imageFileIds', ref);
  // The dropped file uploads first, then becomes a reference chip.
  const chip = page.locator('[data-field="imageFileIds"] .file-chip[data-file-id]', { hasText: refName });
  await expect(chip).toBeVisible({ timeout: 60_000 });
  await page.getByLabel('Prompt', { exact: true }).press('Control+Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Image queued' })).toBeVisible();

  await tool(page, 'Video clip').click();
  await expect(page.getByRole('heading', { name: 'Video clip', exact: true })).toBeVisible();
  const duration = page.getByLabel('Duration (s)');
  await duration.fill('16');
  await page.getByLabel('Prompt', { exact: true }).fill(clipPrompt);
  await generateButton(page).click();
  await expect(page.getByText('Duration (s) must be between 1 and 15.')).toBeVisible();
  await duration.fill('2');
  await generateButton(page).click();
  await expect(page.getByRole('status').filter({ hasText: 'Video clip queued' })).toBeVisible();

  // Activity: both runs with progress, then done with their results.
  await nav(page, 'Activity').click();
  const imageRun = runRow(page, imagePrompt);
  const clipRun = runRow(page, clipPrompt);
  await expect(imageRun).toBeVisible();
  await expect(clipRun).toBeVisible();
  await expect(imageRun.getByText('Done', { exact: true })).toBeVisible({ timeout: 90_000 });
  await expect(clipRun.getByText('Done', { exact: true })).toBeVisible({ timeout: 90_000 });
  await expect(imageRun.getByRole('button', { name: /^Open .* in the library$/ }).first()).toBeVisible();
  // Each run showed a progress bar named by its tool while it ran.
  const seen = await page.evaluate(() => [...(window as unknown as { __progress: Set<string> }).__progress]);
  expect(seen).toEqual(expect.arrayContaining(['Image', 'Video clip']));

  // A result opens in the library inspector with the exact request that made it.
  await imageRun.getByRole('button', { name: /^Open .* in the library$/ }).first().click();
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await expect(inspector.getByRole('button', { name: 'Reuse' })).toBeVisible();
  const params = inspector.getByLabel('Request parameters');
  await expect(params).toContainText(imagePrompt);
  await expect(params).toContainText('imageFileIds');
  await expect(library(page).getByRole('option', { selected: true })).toHaveCount(1);

  // Reuse opens Generate pre-filled.
  await inspector.getByRole('button', { name: 'Reuse' }).click();
  await expect(page.getByRole('heading', { name: 'Image', exact: true })).toBeVisible();
  await expect(page.getByLabel('Prompt', { exact: true })).toHaveValue(imagePrompt);
  await expect(page.locator('[data-field="imageFileIds"] .file-chip[data-file-id]')).toHaveCount(1);

  // The clip's result too.
  await nav(page, 'Activity').click();
  await clipRun.getByRole('button', { name: /^Open .* in the library$/ }).first().click();
  await expect(inspector.getByLabel('Request parameters')).toContainText(clipPrompt);
  await expect(inspector.getByLabel('Request parameters')).toContainText('durationSeconds');
});

test('every tool has a form with the Generate button', async ({ page }) => {
  await nav(page, 'Generate').click();
  const labels = await page.getByRole('navigation', { name: 'Tools' }).getByRole('button').allTextContents();
  expect(labels).toHaveLength(13);
  for (const label of labels) {
    await tool(page, label.trim()).click();
    await expect(page.getByRole('heading', { name: label.trim(), exact: true })).toBeVisible();
    await expect(generateButton(page)).toBeVisible();
  }
});

test('batch: one tool over the library selection', async ({ page }) => {
  const dir = tempDir('batch');
  const names = [`${unique('batch-a')}.png`, `${unique('batch-b')}.png`].map((n) => path.basename(png(dir, n)));
  await page.getByTestId('add-files-input').setInputFiles(names.map((n) => path.join(dir, n)));
  for (const name of names) await expectReadyInLibrary(page, name);
  await libraryItem(page, names[0]!).click();
  await libraryItem(page, names[1]!).click({ modifiers: ['Control'] });
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await expect(inspector.getByRole('heading', { name: '2 selected' })).toBeVisible();
  await inspector.getByRole('button', { name: 'Upscale image', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Upscale image', exact: true })).toBeVisible();
  await expect(page.getByRole('switch', { name: /Run on the library selection/ })).toBeChecked();
  await generateButton(page).click();
  await expect(page.getByRole('status').filter({ hasText: 'Upscale image: 2 runs queued' })).toBeVisible();
  await nav(page, 'Activity').click();
  // Only this test's runs: other specs in the same app may have upscaled images too.
  const runs = page.locator('section[aria-labelledby="gen-title"] li', { hasText: 'Upscale image' }).filter({ hasText: new RegExp(names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')) });
  await expect(runs).toHaveCount(2);
  await expect(runs.getByText('Done', { exact: true })).toHaveCount(2, { timeout: 90_000 });
});
