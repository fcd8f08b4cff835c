/**
 * Organizing the library, by accessible names: "New collection" (focus in its name field,
 * Enter creates it), files dragged onto it and added from the inspector, counts beside it,
 * the library narrowed to it; ratings by the "Rating" radio group and by keys 0–5, the "Rated"
 * filter; tags with autocomplete, found by search and by the tag filter; "Save as smart
 * collection"; rename and delete (asks; files stay). All of it survives a full re-sync
 * ("Sync now") and a restart of the app. Checked with axe and saved in light and dark
 * (test/artifacts/screens/organize-*.png).
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { expect, expectReadyInLibrary, fileOption, launchChromium, library, libraryItem, nav, openApp, repoRoot, startSandboxProcess, startWebHostProcess, tempDir, test } from './fixtures';
import { png, unique } from './media';

const screens = path.join(repoRoot, 'test/artifacts/screens');
const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });
const collections = (page: Page) => page.getByRole('region', { name: 'Collections' });
const collection = (page: Page, name: string) => collections(page).getByRole('button', { name: new RegExp(`^${name}( \\d+ files?| \\(smart collection\\))?$`) });
const count = (page: Page) => page.getByRole('toolbar', { name: 'Library filters' }).locator('.toolbar-count');

async function shoot(page: Page, name: string): Promise<void> {
  const dismiss = page.getByRole('button', { name: 'Dismiss' });
  for (let i = 0; i < 10 && (await dismiss.count()) > 0; i++) await dismiss.first().click({ timeout: 2_000 }).catch(() => {});
  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: path.join(screens, `${name}.png`) });
  await expectAccessible(page, name.replace(/-(light|dark)$/, ''));
}

async function select(page: Page, name: string): Promise<void> {
  await libraryItem(page, name).click();
  await expect(inspector(page).getByRole('heading', { name })).toBeVisible();
}

test('collections, ratings and tags: made, used to filter, kept through a full re-sync and a restart', async () => {
  test.setTimeout(240_000);
  const root = tempDir('organize');
  const sandbox = await startSandboxProcess({ dataDir: path.join(root, 'sandbox') });
  let host = await startWebHostProcess({ dataDir: path.join(root, 'app'), sandbox });
  const browser = await launchChromium();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await openApp(page, host.url);
    const dir = tempDir('organize-media');
    const [a, b, c] = ['harbour', 'meadow', 'sunset'].map((stem) => `${unique(stem)}.png`) as [string, string, string];
    await page.getByTestId('add-files-input').setInputFiles([png(dir, a, 'gradients'), png(dir, b, 'mandelbrot'), png(dir, c, 'testsrc2')]);
    for (const n of [a, b, c]) await expectReadyInLibrary(page, n);

    // New collection: its name field has focus; Enter creates it and shows it (empty).
    await collections(page).getByRole('button', { name: 'New collection' }).click();
    const nameField = page.getByRole('textbox', { name: 'New collection name' });
    await expect(nameField).toBeFocused();
    await nameField.fill('Keepers');
    await nameField.press('Enter');
    await expect(collection(page, 'Keepers')).toContainText('0');
    await expect(page.getByRole('button', { name: 'Collection: Keepers' })).toBeVisible();
    await page.getByRole('button', { name: 'Collection: Keepers' }).click();
    await expect(count(page)).toHaveText('3 files');

    // A file dragged onto it; another added from the inspector.
    await libraryItem(page, a).dragTo(collection(page, 'Keepers'));
    await expect(page.getByRole('status').filter({ hasText: 'Added 1 file to “Keepers”' })).toBeVisible();
    await expect(collection(page, 'Keepers')).toContainText('1');
    await select(page, b);
    await inspector(page).getByLabel('Add to collection').selectOption({ label: 'Keepers' });
    await expect(collection(page, 'Keepers')).toContainText('2');
    await collection(page, 'Keepers').click();
    await expect(count(page)).toHaveText('2 files');
    await expect(libraryItem(page, c)).toHaveCount(0);
    await page.getByRole('button', { name: 'Collection: Keepers' }).click();

    // Ratings: by the radio group, and by a key on the selection.
    await select(page, a);
    const rating = inspector(page).getByRole('radiogroup', { name: 'Rating' });
    await rating.getByRole('radio', { name: '4 stars' }).check();
    await expect(rating.getByRole('radio', { name: '4 stars' })).toBeChecked();
    await select(page, b);
    await libraryItem(page, b).press('2');
    await expect(inspector(page).getByRole('radiogroup', { name: 'Rating' }).getByRole('radio', { name: '2 stars' })).toBeChecked();
    await page.getByRole('combobox', { name: 'Rated', exact: true }).selectOption({ label: '3+ stars' });
    await expect(count(page)).toHaveText('1 file');
    await expect(libraryItem(page, a)).toBeVisible();
    await page.getByRole('combobox', { name: 'Rated', exact: true }).selectOption({ label: 'Rated' });
    await expect(count(page)).toHaveText('2 files');
    await page.getByRole('combobox', { name: 'Rated', exact: true }).selectOption({ label: 'Any rating' });

    // Tags: typed on one file, suggested for the next, found by search and by the tag filter.
    await select(page, c);
    const tags = inspector(page).getByRole('combobox', { name: 'Tags' });
    await tags.fill('golden hour');
    await tags.press('Enter');
    await expect(inspector(page).getByRole('list', { name: 'Tags on this file' })).toContainText('golden hour');
    await select(page, a);
    await inspector(page).getByRole('combobox', { name: 'Tags' }).fill('gol');
    await expect(inspector(page).locator('datalist option[value="golden hour"]')).toHaveCount(1);
    await inspector(page).getByRole('combobox', { name: 'Tags' }).fill('golden hour');
    await inspector(page).getByRole('combobox', { name: 'Tags' }).press('Enter');
    await expect(inspector(page).getByRole('list', { name: 'Tags on this file' })).toContainText('golden hour');
    await page.getByRole('searchbox', { name: 'Search library' }).fill('golden');
    const found = page.getByRole('region', { name: 'In your library' });
    await expect(fileOption(found, a)).toBeVisible();
    await expect(fileOption(found, c)).toBeVisible();
    await expect(fileOption(found, b)).toHaveCount(0);
    await page.getByRole('searchbox', { name: 'Search library' }).fill('');
    await page.getByRole('combobox', { name: 'Tag', exact: true }).selectOption({ label: 'Tag: golden hour' });
    await expect(count(page)).toHaveText('2 files');

    // The tag and "rated 3+" kept as a smart collection.
    await page.getByRole('combobox', { name: 'Rated', exact: true }).selectOption({ label: '3+ stars' });
    await expect(count(page)).toHaveText('1 file');
    await page.getByRole('button', { name: 'Save as smart collection' }).click();
    await page.getByRole('textbox', { name: 'Smart collection name' }).fill('Best golden');
    await page.getByRole('textbox', { name: 'Smart collection name' }).press('Enter');
    await expect(collection(page, 'Best golden')).toBeVisible();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(count(page)).toHaveText('3 files');
    await collection(page, 'Best golden').click();
    await expect(count(page)).toHaveText('1 file');
    // Shown from the smart collection, its filters are not offered to be saved again.
    await expect(page.getByRole('button', { name: 'Save as smart collection' })).toHaveCount(0);
    await expect(libraryItem(page, a)).toBeVisible();
    await select(page, a);
    await shoot(page, 'organize-light');

    // A full re-sync ("Sync now") keeps all of it.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByText(/Last synced/)).toBeVisible();
    await collection(page, 'Keepers').click();
    await expect(count(page)).toHaveText('2 files');

    // A restart of the app keeps it too.
    await host.stop();
    host = await startWebHostProcess({ dataDir: path.join(root, 'app'), sandbox });
    await openApp(page, host.url);
    await expect(collection(page, 'Keepers')).toContainText('2');
    await collection(page, 'Best golden').click();
    await expect(count(page)).toHaveText('1 file');
    // Shown from the smart collection, its filters are not offered to be saved again.
    await expect(page.getByRole('button', { name: 'Save as smart collection' })).toHaveCount(0);
    await select(page, a);
    await expect(inspector(page).getByRole('radiogroup', { name: 'Rating' }).getByRole('radio', { name: '4 stars' })).toBeChecked();
    await expect(inspector(page).getByRole('list', { name: 'Tags on this file' })).toContainText('golden hour');

    // Rename, then delete (asks; the files stay).
    await collection(page, 'Keepers').hover();
    await collections(page).getByRole('button', { name: 'Rename Keepers' }).click();
    const rename = page.getByRole('textbox', { name: 'New name for Keepers' });
    await expect(rename).toBeFocused();
    await rename.fill('Shortlist');
    await rename.press('Enter');
    await expect(collection(page, 'Shortlist')).toContainText('2');
    await collection(page, 'Shortlist').click();
    await nav(page, 'Settings').click();
    await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Dark' }).click();
    await collection(page, 'Shortlist').click();
    await select(page, b);
    await shoot(page, 'organize-dark');
    await collection(page, 'Shortlist').hover();
    await collections(page).getByRole('button', { name: 'Delete Shortlist' }).click();
    const dialog = page.getByRole('alertdialog').or(page.getByRole('dialog'));
    await expect(dialog).toContainText('its files stay in your library');
    await dialog.getByRole('button', { name: 'Delete collection' }).click();
    await expect(collection(page, 'Shortlist')).toHaveCount(0);
    await expect(count(page)).toHaveText('3 files');
    await expect(library(page).getByRole('option')).toHaveCount(3);
  } finally {
    await browser.close();
    await host.stop();
    await sandbox.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
