/**
 * Temporary inputs, as a person adds scratch files to a Generate form: files added from this
 * computer (the form's "From this computer…", or a drop on the field) are temporary by default,
 * with a visible switch; VideoGen stores them as TEMPORARY (read back from the sandbox). The
 * library hides temporary files until "Show temporary files" is ticked, marks them, says what
 * temporary means, and keeps them temporary across "Sync now".
 */
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expectAccessible, settle } from './axe';
import { expect, libraryItem, nav, repoRoot, SANDBOX_KEYS, tempDir, test } from './fixtures';
import { png, portable, unique } from './media';

const screens = path.join(repoRoot, 'test/artifacts/screens');

async function dropOnField(page: Page, field: string, file: { name: string; type: string; b64: string }): Promise<void> {
  await page.locator(`[data-field="${field}"]`).evaluate((el, f) => {
    const dt = new DataTransfer();
    dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
    for (const type of ['dragenter', 'dragover', 'drop']) el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, file);
}

async function scopeOf(sandboxUrl: string, fileId: string): Promise<string> {
  const res = await fetch(`${sandboxUrl}/v1/files/${encodeURIComponent(fileId)}`, { headers: { authorization: `Bearer ${SANDBOX_KEYS.videogen}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { scope: string }).scope;
}

async function systemTheme(page: Page): Promise<void> {
  await nav(page, 'Settings').click();
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'System' }).click();
}

async function shootBoth(page: Page, name: string, target: Locator): Promise<void> {
  const dismiss = page.getByRole('button', { name: 'Dismiss' });
  for (let i = 0; i < 10 && (await dismiss.count()) > 0; i++) await dismiss.first().click({ timeout: 2_000 }).catch(() => {});
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await target.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    // Colours as they end, not mid-transition: let the new scheme start its transitions, then wait them out.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await settle(page);
    await page.screenshot({ path: path.join(screens, `${name}-${theme}.png`) });
    await expectAccessible(page, name);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('scratch inputs from this computer are temporary by default; the library shows them only when asked', async ({ page, atelier }) => {
  const dir = tempDir('temporary');
  const scratchName = `${unique('scratch')}.png`;
  const keptName = `${unique('kept')}.png`;
  const scratch = png(dir, scratchName);
  const kept = portable(png(dir, keptName, 'mandelbrot'), 'image/png');
  await systemTheme(page);

  await nav(page, 'Generate').click();
  const field = page.getByRole('group', { name: 'Reference images' });
  const temporary = field.getByRole('checkbox', { name: /^Temporary \(VideoGen keeps files added from this computer at least 24 hours, then may archive them\)$/ });
  await expect(temporary).toBeChecked();
  await shootBoth(page, 'generate-temporary-input', field);

  // From this computer, temporary (the default).
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), field.getByRole('button', { name: 'From this computer…' }).click()]);
  await chooser.setFiles(scratch);
  const scratchChip = page.locator('[data-field="imageFileIds"] .file-chip[data-file-id]', { hasText: scratchName });
  await expect(scratchChip).toBeVisible({ timeout: 60_000 });
  const scratchId = (await scratchChip.getAttribute('data-file-id'))!;
  expect(await scopeOf(atelier.sandbox.url, scratchId)).toBe('TEMPORARY');

  // Switched off, a dropped file is kept.
  await temporary.uncheck();
  await dropOnField(page, 'imageFileIds', kept);
  const keptChip = page.locator('[data-field="imageFileIds"] .file-chip[data-file-id]', { hasText: keptName });
  await expect(keptChip).toBeVisible({ timeout: 60_000 });
  const keptId = (await keptChip.getAttribute('data-file-id'))!;
  expect(await scopeOf(atelier.sandbox.url, keptId)).toBe('GLOBAL');

  // The library: the kept file shows, the temporary one only with the filter.
  await nav(page, 'Library').click();
  await expect(libraryItem(page, keptName)).toBeVisible({ timeout: 60_000 });
  await expect(libraryItem(page, scratchName)).toHaveCount(0);
  const showTemporary = page.getByRole('checkbox', { name: 'Show temporary files' });
  await showTemporary.check();
  const scratchItem = libraryItem(page, scratchName);
  await expect(scratchItem).toBeVisible();
  await expect(scratchItem).toHaveAccessibleName(new RegExp(`^${scratchName.replace(/\./g, '\\.')}, Image · Temporary`));
  await expect(libraryItem(page, keptName)).toBeVisible();
  await scratchItem.click();
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await expect(inspector.locator('.insp-badges').getByText('Temporary', { exact: true })).toBeVisible();
  await expect(inspector.getByText('Temporary: VideoGen keeps it at least 24 hours after it was made, then may archive it at any time. VideoGen gives no exact date.')).toBeVisible();
  await shootBoth(page, 'library-temporary', scratchItem);

  // A full re-sync keeps it temporary: still hidden without the filter, shown and marked with it.
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByText(/^Last synced (just now|\d+ min ago)$/)).toBeVisible();
  await expect(libraryItem(page, scratchName)).toHaveAccessibleName(/· Temporary/);
  await showTemporary.uncheck();
  await expect(libraryItem(page, scratchName)).toHaveCount(0);
  await expect(libraryItem(page, keptName)).toBeVisible();
});
