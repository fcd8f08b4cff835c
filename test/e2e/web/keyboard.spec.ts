/**
 * The end-to-end flows again, by keyboard alone: add files and a folder (the Add buttons by
 * Tab; the file chooser is the system's), search, quick look, archive with its confirm,
 * generate, open the result and reuse it, settings, the shortcuts sheet, and a lip-sync. On
 * the way, every Tab stop shows a focus ring and Tab goes forward in document order (see
 * keys.ts); dialogs give focus back where it was; the live region says each finished upload
 * and generation once.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, expectReadyInLibrary, fileOption, library, libraryItem, tempDir, test } from './fixtures';
import { announcements, expectFocusRing, press, recordAnnouncements, tabAround, tabTo } from './keys';
import { m4a, mp4, samples, unique } from './media';

const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });
const heading = (page: Page, name: string) => page.getByRole('heading', { name, exact: true });

/** Tab to a button that opens the file chooser (the top bar's), press it, and pick `files` there. */
async function chooseFiles(page: Page, button: string, files: string | string[], key: 'Enter' | 'Space' = 'Enter'): Promise<void> {
  await tabTo(page, page.getByRole('button', { name: button, exact: true }).first());
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press(key)]);
  expect(chooser.isMultiple()).toBe(true);
  await chooser.setFiles(files);
}

/** How many finished uploads the live region reported ("Uploaded a.png." counts 1, "3 uploads finished." counts 3). */
function uploadsSaid(said: string[]): number {
  let n = 0;
  for (const s of said) {
    n += (s.match(/Uploaded [^.]+\.[a-z0-9]+\./g) ?? []).length;
    for (const m of s.matchAll(/(\d+) uploads finished/g)) n += Number(m[1]);
  }
  return n;
}

test('keyboard only: add files and a folder, search, quick look, archive with a confirm', async ({ page }) => {
  test.setTimeout(150_000);
  const s = samples('keys');
  await recordAnnouncements(page);
  // From the top of the page: Library, Generate, Activity, Settings, Keyboard shortcuts, Search…
  await chooseFiles(page, 'Add files', s.files);
  await chooseFiles(page, 'Add folder', s.folder, 'Space');
  const names = [...s.files, ...s.folderFiles].map((f) => path.basename(f));
  for (const name of names) await expectReadyInLibrary(page, name);
  // Each finished upload was said once (together when they ended together), no more.
  await expect.poll(async () => uploadsSaid(await announcements(page))).toBe(names.length);

  // Search: Ctrl+K, type, Tab to the results, arrows, Space for quick look, Esc back.
  const album = path.basename(s.folderFiles[0]!);
  await press(page, 'Control+K');
  await expect(page.getByRole('searchbox', { name: 'Search library' })).toBeFocused();
  await page.keyboard.type(album.split('-').slice(0, 3).join(' '));
  const local = page.getByRole('listbox', { name: 'In your library' });
  await expect(fileOption(local, album)).toBeVisible();
  await tabTo(page, local);
  await press(page, 'ArrowDown');
  await expect(fileOption(local, album)).toHaveAttribute('aria-selected', 'true');
  await expect(inspector(page).getByRole('heading', { name: album })).toBeVisible();
  await press(page, 'Space');
  const look = page.getByRole('dialog', { name: `Quick look: ${album}` });
  await expect(look).toBeVisible();
  await expect(look.getByRole('button', { name: 'Close' })).toBeFocused();
  await press(page, 'Escape');
  await expect(look).toHaveCount(0);
  await expect(local).toBeFocused();
  await press(page, 'Control+K');
  await press(page, 'Escape');
  await expect(page.getByRole('searchbox', { name: 'Search library' })).toHaveValue('');

  // Archive two files: into the grid, Home, Shift+→, Delete; the confirm starts on Cancel.
  await tabTo(page, library(page));
  await press(page, 'Home');
  await press(page, 'Shift+ArrowRight');
  await expect(inspector(page).getByRole('heading', { name: '2 selected' })).toBeVisible();
  const selected = await library(page).getByRole('option', { selected: true }).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')!.split(', ')[0]!));
  expect(selected).toHaveLength(2);
  await press(page, 'Delete');
  const confirm = page.getByRole('alertdialog', { name: 'Archive 2 files?' });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await press(page, 'Escape');
  await expect(confirm).toHaveCount(0);
  await expect(library(page)).toBeFocused();
  await press(page, 'Delete');
  await tabTo(page, confirm.getByRole('button', { name: 'Archive' }));
  await press(page, 'Enter');
  for (const name of selected) await expect(libraryItem(page, name)).toHaveCount(0);
  await expect(library(page)).toBeFocused();
});

test('keyboard only: generate, open the result, reuse it; settings; the shortcuts sheet', async ({ page }) => {
  test.setTimeout(150_000);
  await recordAnnouncements(page);
  const prompt = `A paper boat on a rainy street ${unique('k')}`;
  await page.keyboard.press('Control+2');
  await expect(heading(page, 'Image')).toBeVisible();
  await tabTo(page, page.getByLabel('Prompt', { exact: true }));
  await page.keyboard.type(prompt);
  await press(page, 'Control+Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Image queued' })).toBeVisible();

  // Activity: Tab to the result, Enter opens it in the library with focus on its name.
  await page.keyboard.press('Control+3');
  const run = page.locator('section[aria-labelledby="gen-title"] li', { hasText: prompt });
  await expect(run.getByText('Done', { exact: true })).toBeVisible({ timeout: 90_000 });
  // Said once when it finished (in the words the core uses for the tool).
  await expect.poll(async () => (await announcements(page)).filter((s) => s.includes('Generate image: done')).length).toBe(1);
  const result = run.getByRole('button', { name: /^Open .* in the library$/ }).first();
  await tabTo(page, result, { max: 60 });
  await press(page, 'Enter');
  const title = inspector(page).getByRole('heading', { level: 2 });
  await expect(title).toBeFocused();
  await expect(inspector(page).getByLabel('Request parameters')).toContainText(prompt);
  await tabTo(page, inspector(page).getByRole('button', { name: 'Reuse' }));
  await press(page, 'Enter');
  await expect(heading(page, 'Image')).toBeFocused();
  await expect(page.getByLabel('Prompt', { exact: true })).toHaveValue(prompt);

  // Settings: the theme by arrow keys (one Tab stop), a switch by Space, the slider by arrows.
  await page.keyboard.press('Control+4');
  const themes = page.getByRole('radiogroup', { name: 'Theme' });
  await tabTo(page, themes.getByRole('radio', { name: 'System' }));
  await press(page, 'ArrowRight');
  await expect(themes.getByRole('radio', { name: 'Light' })).toBeFocused();
  await expect(themes.getByRole('radio', { name: 'Light' })).toHaveAttribute('aria-checked', 'true');
  await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe('light');
  await press(page, 'ArrowRight');
  await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe('dark');
  // The focus ring is drawn in the dark theme's focus colour too.
  await expectFocusRing(page);
  await press(page, 'ArrowLeft');
  await press(page, 'ArrowLeft');
  await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe(null);
  const notify = page.getByRole('switch', { name: 'Notifications' });
  await tabTo(page, notify);
  await press(page, 'Space');
  await expect(notify).not.toBeChecked();
  await press(page, 'Space');
  await expect(notify).toBeChecked();
  const slider = page.getByRole('slider', { name: 'Upload concurrency' });
  await tabTo(page, slider);
  const before = Number(await slider.inputValue());
  await press(page, before < 8 ? 'ArrowRight' : 'ArrowLeft');
  await expect(slider).toHaveValue(String(before < 8 ? before + 1 : before - 1));
  await press(page, before < 8 ? 'ArrowLeft' : 'ArrowRight');
  await expect(slider).toHaveValue(String(before));

  // The shortcuts sheet: Ctrl+/ opens it on its Close button, Tab stays inside, Esc gives focus back.
  await press(page, 'Control+/');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet.getByRole('button', { name: 'Close' })).toBeFocused();
  await expect(sheet.getByRole('heading', { name: 'Library', exact: true })).toBeVisible();
  await expect(sheet).toContainText('Search the library');
  // Tab stays inside: the list (it scrolls when the text is large) and back to Close.
  await press(page, 'Tab');
  await expect(sheet.getByRole('region', { name: 'All shortcuts' })).toBeFocused();
  await press(page, 'Tab');
  await expect(sheet.getByRole('button', { name: 'Close' })).toBeFocused();
  await press(page, 'Escape');
  await expect(sheet).toHaveCount(0);
  await expect(slider).toBeFocused();
});

test('keyboard only: a lip-sync from two library files', async ({ page }) => {
  test.setTimeout(150_000);
  const dir = tempDir('klip');
  const face = path.basename(mp4(dir, `${unique('kface')}.mp4`));
  const voice = path.basename(m4a(dir, `${unique('kvoice')}.m4a`));
  await chooseFiles(page, 'Add files', [path.join(dir, face), path.join(dir, voice)]);
  for (const name of [face, voice]) await expectReadyInLibrary(page, name);

  await page.keyboard.press('Control+2');
  await tabTo(page, page.getByRole('navigation', { name: 'Tools' }).getByRole('button', { name: 'Lip-sync', exact: true }));
  await press(page, 'Enter');
  await expect(heading(page, 'Lip-sync')).toBeVisible();

  for (const [field, name] of [
    ['visual', face],
    ['audio', voice],
  ] as const) {
    const choose = page.locator(`[data-field="${field}"]`).getByRole('button', { name: 'Choose from library…' });
    await tabTo(page, choose);
    await press(page, 'Enter');
    const picker = page.getByRole('dialog', { name: /^Choose / });
    await expect(picker.getByRole('searchbox', { name: 'Filter files' })).toBeFocused();
    await page.keyboard.type(name.split('-').slice(0, 2).join(' '));
    await expect(fileOption(picker, name)).toBeVisible();
    await tabTo(page, fileOption(picker, name));
    await press(page, 'Space');
    await expect(fileOption(picker, name)).toHaveAttribute('aria-selected', 'true');
    await tabTo(page, picker.getByRole('button', { name: 'Use file' }));
    await press(page, 'Enter');
    await expect(picker).toHaveCount(0);
    await expect(page.locator(`[data-field="${field}"] .file-chip`, { hasText: name })).toBeVisible();
    // Focus is back on the button that opened the picker.
    await expect(choose).toBeFocused();
  }
  // Sent as a run (lipsync.spec.ts follows runs like it to the end).
  await press(page, 'Control+Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Lip-sync queued' })).toBeVisible();
  await page.keyboard.press('Control+3');
  await expect(page.locator('section[aria-labelledby="gen-title"] li', { hasText: face })).toHaveCount(1);
});

test('keyboard only: every Tab stop of every view shows its focus ring, in document order', async ({ page }) => {
  for (const [key, view] of [
    ['Control+4', 'Settings'],
    ['Control+3', 'Activity'],
    ['Control+2', 'Generate'],
    ['Control+1', 'Library'],
  ] as const) {
    await page.keyboard.press(key);
    await expect(page.getByRole('main', { name: view })).toBeVisible();
    // From where focus is (the new view's start, or the sidebar after a lap) round the page.
    expect(await tabAround(page), view).toBeGreaterThan(3);
  }
});
