import path from 'node:path';
import { mkdirSync, rmSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { expectReadyInLibrary, fileOption, launchChromium, libraryItem, nav, openApp, repoRoot, startSandboxProcess, startWebHostProcess, tempDir } from './fixtures';
import { samples } from './media';

// This suite runs its own sandbox process (so it can stop it and start it again on the same
// port) and its own web host pointed at it, with the sandbox keys from the environment.

const screens = path.join(repoRoot, 'test/artifacts/screens');

async function setTheme(page: Page, theme: 'Light' | 'Dark' | 'System'): Promise<void> {
  await nav(page, 'Settings').click();
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: theme }).click();
  const want = theme === 'System' ? null : theme.toLowerCase();
  await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe(want);
}

test('offline: the library still browses, work waits in the queue and runs when the API returns', async () => {
  test.setTimeout(240_000);
  const root = tempDir('offline');
  const sandboxDir = path.join(root, 'sandbox');
  let sandbox = await startSandboxProcess({ dataDir: sandboxDir });
  const host = await startWebHostProcess({ dataDir: path.join(root, 'app'), sandbox });
  const browser = await launchChromium();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await openApp(page, host.url);
    const status = page.getByRole('contentinfo', { name: 'Status' });
    await expect(status.getByText('Online')).toBeVisible();

    // Something to browse: a still, processed and thumbnailed, and a clip pinned for offline.
    const s = samples('offline');
    const still = path.basename(s.files[0]!);
    const clip = path.basename(s.files[1]!);
    await page.getByTestId('add-files-input').setInputFiles(s.files);
    const item = libraryItem(page, still);
    await expectReadyInLibrary(page, still);
    await expectReadyInLibrary(page, clip);
    await expect.poll(() => item.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 30_000 }).toBeGreaterThan(0);
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    await libraryItem(page, clip).click();
    await inspector.getByRole('button', { name: 'Pin offline' }).click();
    await expect(inspector.getByRole('button', { name: 'Unpin' })).toBeVisible();
    // Kept on this computer: the preview rendition is cached.
    await expect(inspector.locator('.meta-row', { hasText: 'Preview' })).toContainText('cached', { timeout: 60_000 });

    // The API goes away.
    await sandbox.stop();
    await expect(status.getByText('Offline', { exact: true })).toBeVisible({ timeout: 60_000 });

    // A fresh load still browses the library, with thumbnails from the cache.
    await page.reload();
    await expect(page.locator('[data-app-state="ready"]')).toBeVisible();
    await expect(status.getByText('Offline', { exact: true })).toBeVisible();
    await expect(item).toBeVisible();
    await expect.poll(() => item.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 30_000 }).toBeGreaterThan(0);
    await item.click();
    await expect(inspector.getByRole('heading', { name: still })).toBeVisible();
    mkdirSync(screens, { recursive: true });
    await page.screenshot({ path: path.join(screens, 'offline-library-light.png') });
    await expectAccessible(page, 'library-offline');
    // The same in dark (the theme is a local setting: it changes offline too).
    await setTheme(page, 'Dark');
    await nav(page, 'Library').click();
    await expect(inspector.getByRole('heading', { name: still })).toBeVisible();
    await page.screenshot({ path: path.join(screens, 'offline-library-dark.png') });
    await expectAccessible(page, 'library-offline');
    await setTheme(page, 'System');
    await nav(page, 'Library').click();

    // The pinned clip still plays.
    await libraryItem(page, clip).click();
    await page.keyboard.press('Space');
    const dialog = page.getByRole('dialog', { name: `Quick look: ${clip}` });
    await expect.poll(() => dialog.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 30_000 }).toBeGreaterThan(0.3);
    await page.keyboard.press('Escape');

    // Local search works offline; search by meaning says it is waiting for the network.
    await page.getByRole('searchbox', { name: 'Search library' }).fill(still.split('-').slice(0, 3).join(' '));
    await expect(fileOption(page.getByRole('region', { name: 'In your library' }), still)).toBeVisible();
    await expect(page.getByText(/Offline — search by meaning/)).toBeVisible();
    await expectAccessible(page, 'search-offline');
    // In dark too: with the System theme, the browser's colour scheme decides.
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(page, 'search-offline');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('searchbox', { name: 'Search library' }).fill('');

    // A generation asked for while offline waits in the queue.
    const prompt = `Queued while offline ${Date.now()}`;
    await nav(page, 'Generate').click();
    await expect(page.getByText('Offline: it will wait in the queue')).toBeVisible();
    await page.getByLabel('Prompt', { exact: true }).fill(prompt);
    await page.screenshot({ path: path.join(screens, 'offline-generate-light.png') });
    await expectAccessible(page, 'generate-offline');
    await setTheme(page, 'Dark');
    await nav(page, 'Generate').click();
    await expect(page.getByText('Offline: it will wait in the queue')).toBeVisible();
    await expectAccessible(page, 'generate-offline');
    await setTheme(page, 'System');
    await nav(page, 'Generate').click();
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Image queued' })).toBeVisible();
    await nav(page, 'Activity').click();
    const run = page.locator('section[aria-labelledby="gen-title"] li', { hasText: prompt });
    await expect(run).toBeVisible();
    await expect(run.getByText('Done', { exact: true })).toHaveCount(0);

    // The API comes back on the same port: the app says so and the queued run goes through.
    sandbox = await startSandboxProcess({ dataDir: sandboxDir, port: sandbox.port });
    await expect(status.getByText('Online')).toBeVisible({ timeout: 60_000 });
    await expect(run.getByText('Done', { exact: true })).toBeVisible({ timeout: 120_000 });
  } finally {
    await browser.close();
    await host.stop();
    await sandbox.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
