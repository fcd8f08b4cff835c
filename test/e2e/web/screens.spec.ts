/**
 * Every view in light and dark, saved to test/artifacts/screens/<view>-<theme>.png for a
 * person to look at. The views are filled first (uploads, a finished generation) so the
 * pictures show the app in use, not only its empty states.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, expectReadyInLibrary, launchChromium, libraryItem, nav, openApp, repoRoot, startWebHostProcess, tempDir, test } from './fixtures';
import { samples } from './media';

const out = path.join(repoRoot, 'test/artifacts/screens');

async function setTheme(page: Page, theme: 'Light' | 'Dark' | 'System'): Promise<void> {
  await nav(page, 'Settings').click();
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: theme }).click();
  const want = theme === 'System' ? null : theme.toLowerCase();
  await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe(want);
}

async function shoot(page: Page, name: string): Promise<void> {
  // No stale notifications in the picture.
  for (const dismiss of await page.getByRole('button', { name: 'Dismiss' }).all()) await dismiss.click().catch(() => {});
  await expect(page.locator('.toast')).toHaveCount(0);
  // Let images decode and entry animations end before the picture.
  await page.evaluate(() => Promise.all([...document.images].filter((i) => !i.complete).map((i) => new Promise((r) => ((i.onload = r), (i.onerror = r))))));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: path.join(out, `${name}.png`) });
}

test('the empty library (and the Sandbox badge), in light and dark', async () => {
  // A fresh web host with its own in-process sandbox (`--sandbox`): nothing in it yet.
  const root = tempDir('empty');
  const host = await startWebHostProcess({ dataDir: path.join(root, 'app') });
  try {
    mkdirSync(out, { recursive: true });
    for (const scheme of ['light', 'dark'] as const) {
      const browser = await launchChromium(scheme);
      try {
        const page = browser.context.pages()[0] ?? (await browser.context.newPage());
        await openApp(page, host.url);
        await expect(page.getByText('Drop files here or Add files…')).toBeVisible();
        await expect(page.getByRole('contentinfo', { name: 'Status' }).getByText('Sandbox', { exact: true })).toBeVisible();
        await shoot(page, `library-empty-${scheme}`);
      } finally {
        await browser.close();
      }
    }
  } finally {
    await host.stop();
    rmSync(root, { recursive: true, force: true });
  }
});

test('screenshots of every view in light and dark', async ({ page }) => {
  test.setTimeout(240_000);
  mkdirSync(out, { recursive: true });
  const s = samples('screens');
  await page.getByTestId('add-files-input').setInputFiles(s.files);
  await page.getByTestId('add-folder-input').setInputFiles(s.folder);
  const first = path.basename(s.folderFiles[0]!);
  await expectReadyInLibrary(page, first);

  await nav(page, 'Generate').click();
  await page.getByLabel('Prompt', { exact: true }).fill('Cherry blossoms over a quiet canal at dusk, soft film grain');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await nav(page, 'Activity').click();
  await expect(page.locator('section[aria-labelledby="gen-title"] li', { hasText: 'Cherry blossoms' }).getByText('Done', { exact: true })).toBeVisible({ timeout: 90_000 });

  for (const theme of ['Light', 'Dark'] as const) {
    await setTheme(page, theme);
    const t = theme.toLowerCase();
    await nav(page, 'Library').click();
    await libraryItem(page, first).click();
    await expect(page.getByRole('complementary', { name: 'Inspector' }).getByRole('heading', { name: first })).toBeVisible();
    await shoot(page, `library-${t}`);
    await page.keyboard.press('Space');
    await expect(page.getByRole('dialog', { name: `Quick look: ${first}` }).locator('img')).toBeVisible();
    await shoot(page, `quicklook-${t}`);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'List view' }).click();
    await shoot(page, `library-list-${t}`);
    await page.getByRole('button', { name: 'Grid view' }).click();
    await page.getByRole('searchbox', { name: 'Search library' }).fill('album');
    await expect(page.getByRole('region', { name: 'In your library' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'By meaning' }).getByText('Searching…')).toHaveCount(0);
    await shoot(page, `search-${t}`);
    await page.getByRole('searchbox', { name: 'Search library' }).fill('');
    await nav(page, 'Generate').click();
    await expect(page.getByLabel('Prompt', { exact: true })).toBeVisible();
    await shoot(page, `generate-${t}`);
    await nav(page, 'Activity').click();
    await shoot(page, `activity-${t}`);
    await nav(page, 'Settings').click();
    await shoot(page, `settings-${t}`);
  }
  await setTheme(page, 'System');
});
