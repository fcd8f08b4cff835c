import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, expectReadyInLibrary, fileOption, library, libraryItem, nav, SANDBOX_KEYS, test } from './fixtures';
import { samples } from './media';

async function uploadAndWait(page: Page, stem: string): Promise<string[]> {
  const s = samples(stem);
  await page.getByTestId('add-files-input').setInputFiles(s.files);
  const names = s.files.map((f) => path.basename(f));
  for (const name of names) await expectReadyInLibrary(page, name);
  return names;
}

test('search finds files as you type, labelled by where they came from', async ({ page }) => {
  const [still] = await uploadAndWait(page, 'searchable');
  const box = page.getByRole('searchbox', { name: 'Search library' });
  await page.keyboard.press('Control+K');
  await expect(box).toBeFocused();
  // Whole words (the last one may be a prefix of two or more letters): "searchable still 1234".
  await box.pressSequentially(still!.split('-').slice(0, 3).join(' '), { delay: 20 });
  const local = page.getByRole('region', { name: 'In your library' });
  await expect(fileOption(local, still!)).toBeVisible();
  await expect(page.getByRole('region', { name: 'By meaning' })).toBeVisible();
  await box.press('Escape');
  await expect(box).toHaveValue('');
  await expect(library(page)).toBeVisible();
});

test('quick look plays a video (currentTime advances) and Esc closes it', async ({ page }) => {
  const [, clip] = await uploadAndWait(page, 'playable');
  await libraryItem(page, clip!).click();
  await page.keyboard.press('Space');
  const dialog = page.getByRole('dialog', { name: `Quick look: ${clip}` });
  await expect(dialog).toBeVisible();
  const video = dialog.locator('video');
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 30_000 }).toBeGreaterThan(0.5);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test('multi-select, then archive with a confirm removes the files', async ({ page }) => {
  const [a, b] = await uploadAndWait(page, 'archivable');
  await libraryItem(page, a!).click();
  await libraryItem(page, b!).click({ modifiers: ['Control'] });
  await expect(page.getByRole('complementary', { name: 'Inspector' }).getByRole('heading', { name: '2 selected' })).toBeVisible();
  await page.keyboard.press('Delete');
  const confirm = page.getByRole('alertdialog', { name: 'Archive 2 files?' });
  await expect(confirm).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(libraryItem(page, a!)).toBeVisible();
  await library(page).focus();
  await page.keyboard.press('Delete');
  await confirm.getByRole('button', { name: 'Archive' }).click();
  await expect(libraryItem(page, a!)).toHaveCount(0);
  await expect(libraryItem(page, b!)).toHaveCount(0);
});

test('filters and list mode; Sync now (button and shortcut) takes out a file archived elsewhere', async ({ page, atelier }) => {
  const [still, clip] = await uploadAndWait(page, 'filterable');
  await page.getByRole('toolbar', { name: 'Library filters' }).getByRole('button', { name: 'Videos' }).click();
  await expect(libraryItem(page, clip!)).toBeVisible();
  await expect(libraryItem(page, still!)).toHaveCount(0);
  await page.getByRole('button', { name: 'List view' }).click();
  await expect(libraryItem(page, clip!)).toBeVisible();
  await page.getByRole('toolbar', { name: 'Library filters' }).getByRole('button', { name: 'All', exact: true }).click();
  await page.getByRole('button', { name: 'Grid view' }).click();
  await expect(libraryItem(page, still!)).toBeVisible();

  // Archived elsewhere (another app on the same account): gone after "Sync now".
  await expect(page.getByText(/^Last synced (just now|\d+ min ago)$/)).toBeVisible();
  await libraryItem(page, still!).click();
  const fileId = await page.getByRole('complementary', { name: 'Inspector' }).locator('dt:text-is("File id") + dd').innerText();
  const archived = await fetch(`${atelier.sandbox.url}/v1/files/${encodeURIComponent(fileId.trim())}/archive`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SANDBOX_KEYS.videogen}` },
  });
  expect(archived.status).toBe(200);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(libraryItem(page, still!)).toHaveCount(0);
  await expect(libraryItem(page, clip!)).toBeVisible();
  await expect(page.getByText('Last synced just now')).toBeVisible();
  // The shortcut does the same, and the Keyboard shortcuts sheet lists it.
  await library(page).focus();
  await page.keyboard.press('Control+Shift+S');
  await expect(page.getByText('Last synced just now')).toBeVisible();
  await page.keyboard.press('Control+/');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet.getByText('Sync the library with VideoGen now')).toBeVisible();
  await page.keyboard.press('Escape');

  await nav(page, 'Settings').click();
  await expect(page.getByRole('heading', { name: 'API keys' })).toBeVisible();
});
