/**
 * Every view in light and dark: checked with axe-core (see axe.ts) and saved to
 * test/artifacts/screens/<view>-<theme>.png for a person to look at. The views are filled
 * first (uploads, a finished and a failed generation) so the checks and pictures see the app
 * in use, not only its empty states. Also checked: the inspector for one and for several
 * files, quick look, the archive confirm, the file picker, every Generate form (with and
 * without errors), toasts, and Activity's filters.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { expect, expectReadyInLibrary, launchChromium, libraryItem, nav, openApp, repoRoot, startWebHostProcess, tempDir, test } from './fixtures';
import { samples } from './media';

const out = path.join(repoRoot, 'test/artifacts/screens');

async function setTheme(page: Page, theme: 'Light' | 'Dark' | 'System'): Promise<void> {
  await nav(page, 'Settings').click();
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: theme }).click();
  const want = theme === 'System' ? null : theme.toLowerCase();
  await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe(want);
}

async function dismissToasts(page: Page): Promise<void> {
  // One at a time, always the first: the list shifts as each goes (an index-based list of
  // locators then misses one, and a notification under the pointer waits for it forever).
  const dismiss = page.getByRole('button', { name: 'Dismiss' });
  for (let i = 0; i < 10 && (await dismiss.count()) > 0; i++) await dismiss.first().click({ timeout: 2_000 }).catch(() => {});
  await expect(page.locator('.toast')).toHaveCount(0);
}

async function shoot(page: Page, name: string): Promise<void> {
  // No stale notifications in the picture.
  await dismissToasts(page);
  // Let images decode and entry animations end before the picture.
  await page.evaluate(() => Promise.all([...document.images].filter((i) => !i.complete).map((i) => new Promise((r) => ((i.onload = r), (i.onerror = r))))));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: path.join(out, `${name}.png`) });
}

/**
 * Shoot and check: the picture and the axe run see the same screen. `within` narrows the check
 * to what changed since the last whole-page check (a dialog, a panel): the rest was just checked.
 */
async function shootAndCheck(page: Page, name: string, within?: string): Promise<void> {
  await shoot(page, name);
  await expectAccessible(page, name.replace(/-(light|dark)$/, ''), { within });
}

test('the empty library (and the Sandbox badge), in light and dark', async () => {
  // A fresh web host with its own in-process sandbox (`--sandbox`): nothing in it yet.
  const root = tempDir('empty');
  const host = await startWebHostProcess({ dataDir: path.join(root, 'app') });
  try {
    mkdirSync(out, { recursive: true });
    const browser = await launchChromium('light');
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      await openApp(page, host.url);
      await expect(page.getByText('Drop files here or Add files…')).toBeVisible();
      await expect(page.getByRole('contentinfo', { name: 'Status' }).getByText('Sandbox', { exact: true })).toBeVisible();
      // The theme follows the system's (the browser's colour scheme) until one is chosen.
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await nav(page, 'Library').click();
        await shootAndCheck(page, `library-empty-${scheme}`);
        await nav(page, 'Activity').click();
        await expectAccessible(page, 'activity-empty');
      }
    } finally {
      await browser.close();
    }
  } finally {
    await host.stop();
    rmSync(root, { recursive: true, force: true });
  }
});

test('every view in light and dark: no axe violations, and screenshots', async ({ page }) => {
  test.setTimeout(360_000);
  mkdirSync(out, { recursive: true });
  const s = samples('screens');
  await page.getByTestId('add-files-input').setInputFiles(s.files);
  await page.getByTestId('add-folder-input').setInputFiles(s.folder);
  const first = path.basename(s.folderFiles[0]!);
  const second = path.basename(s.folderFiles[1]!);
  const clip = path.basename(s.files[1]!);
  await expectReadyInLibrary(page, first);
  await expectReadyInLibrary(page, second);
  await expectReadyInLibrary(page, clip);

  // A run that finishes and one that fails (the sandbox fails prompts that say "fail").
  await nav(page, 'Generate').click();
  const prompt = page.getByLabel('Prompt', { exact: true });
  await prompt.fill('Cherry blossoms over a quiet canal at dusk, soft film grain');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await prompt.fill('A lighthouse that will fail to render');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await nav(page, 'Activity').click();
  const runs = page.locator('section[aria-labelledby="gen-title"] li');
  await expect(runs.filter({ hasText: 'Cherry blossoms' }).getByText('Done', { exact: true })).toBeVisible({ timeout: 90_000 });
  await expect(runs.filter({ hasText: 'lighthouse' }).getByText('Failed', { exact: true })).toBeVisible({ timeout: 90_000 });

  const notes = path.join(tempDir('notes'), 'notes.txt');
  writeFileSync(notes, 'not a picture\n');
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  const tools = page.getByRole('navigation', { name: 'Tools' });

  for (const theme of ['Light', 'Dark'] as const) {
    await setTheme(page, theme);
    const t = theme.toLowerCase();
    await nav(page, 'Library').click();
    await libraryItem(page, first).click();
    await expect(inspector.getByRole('heading', { name: first })).toBeVisible();
    await shootAndCheck(page, `library-${t}`);

    await page.keyboard.press('Space');
    await expect(page.getByRole('dialog', { name: `Quick look: ${first}` }).locator('img')).toBeVisible();
    await shootAndCheck(page, `quicklook-${t}`, '.quicklook');
    await page.keyboard.press('Escape');

    await libraryItem(page, clip).click();
    await expect(inspector.getByRole('heading', { name: clip })).toBeVisible();
    await expectAccessible(page, 'inspector-video', { within: '.inspector' });

    await libraryItem(page, first).click();
    await libraryItem(page, second).click({ modifiers: ['Control'] });
    await expect(inspector.getByRole('heading', { name: '2 selected' })).toBeVisible();
    await expectAccessible(page, 'inspector-multiple', { within: '.inspector' });
    await page.keyboard.press('Delete');
    await expect(page.getByRole('alertdialog', { name: 'Archive 2 files?' })).toBeVisible();
    await expectAccessible(page, 'confirm-dialog', { within: '[role="alertdialog"]' });
    await page.keyboard.press('Escape');
    await expect(page.getByRole('alertdialog')).toHaveCount(0);

    // Notifications: an error (a file that is not media) and a success.
    await page.getByTestId('add-files-input').setInputFiles(notes);
    await expect(page.getByRole('alert').filter({ hasText: 'Could not upload notes.txt' })).toBeVisible();
    await libraryItem(page, first).click();
    await inspector.getByRole('button', { name: 'Pin offline' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Pinned 1 file for offline' })).toBeVisible();
    await expectAccessible(page, 'toasts', { within: '.toasts' });
    await inspector.getByRole('button', { name: 'Unpin' }).click();
    await dismissToasts(page);

    await page.getByRole('button', { name: 'List view' }).click();
    await shootAndCheck(page, `library-list-${t}`);
    await page.getByRole('button', { name: 'Grid view' }).click();
    await page.getByRole('searchbox', { name: 'Search library' }).fill('album');
    await expect(page.getByRole('region', { name: 'In your library' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'By meaning' }).getByText('Searching…')).toHaveCount(0);
    await shootAndCheck(page, `search-${t}`, '.library-content');
    await page.getByRole('searchbox', { name: 'Search library' }).fill('');

    await nav(page, 'Generate').click();
    await expect(page.getByLabel('Prompt', { exact: true })).toBeVisible();
    await shootAndCheck(page, `generate-${t}`);
    // The limits, said before anything is sent.
    await page.getByLabel('Prompt', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect(page.getByText('Prompt is required.')).toBeVisible();
    await expectAccessible(page, 'generate-errors', { within: '.tool-pane' });
    await page.locator('[data-field="imageFileIds"]').getByRole('button', { name: 'Choose from library…' }).click();
    const picker = page.getByRole('dialog', { name: /^Choose / });
    await expect(picker.getByRole('option').first()).toBeVisible();
    await expectAccessible(page, 'file-picker', { within: '[role="dialog"]' });
    await page.keyboard.press('Escape');
    await expect(picker).toHaveCount(0);
    // Every other tool's form, the lip-sync one with its extra options open.
    for (const label of (await tools.getByRole('button').allTextContents()).map((x) => x.trim()).slice(1)) {
      await tools.getByRole('button', { name: label, exact: true }).click();
      await expect(page.getByRole('heading', { name: label, exact: true })).toBeVisible();
      const more = page.getByRole('button', { name: /More options/ });
      if ((await more.count()) && (await more.getAttribute('aria-expanded')) !== 'true') await more.click();
      await expectAccessible(page, `generate-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, { within: '.tool-pane' });
    }
    await tools.getByRole('button', { name: 'Image', exact: true }).click();

    await nav(page, 'Activity').click();
    await shootAndCheck(page, `activity-${t}`);
    await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'Failed' }).click();
    await expect(runs.filter({ hasText: 'lighthouse' })).toBeVisible();
    await expectAccessible(page, 'activity-failed', { within: '.activity-layout' });
    await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'All' }).click();

    await nav(page, 'Settings').click();
    await shootAndCheck(page, `settings-${t}`);

    await page.keyboard.press('Control+/');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await shootAndCheck(page, `shortcuts-${t}`, '[role="dialog"]');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
  }
  await setTheme(page, 'System');
});
