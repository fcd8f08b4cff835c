/**
 * Issue 12 against a sandbox that refuses: every signed media URL it hands out is already
 * expired (`--signed-url-ttl-s 0`: previews, images and thumbnails answer 403) and the
 * account is out of credits (`--fault-insufficient-credits`). One sandbox, one browser.
 *  - Playback asks for fresh links at most once per refusal episode, then says "Can't play
 *    this file right now" with Retry (counted: the media requests the page makes, none more
 *    while the message shows). Images too. (The stream's own refusal loop is counted in
 *    test/unit/renderer/playback.test.ts and test/integration/hosts/hydrate-budget.test.ts.)
 *  - A generation refused for credits says so plainly, with where to top up.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { expectAccessible } from './axe';
import { expect, expectReadyInLibrary, launchChromium, libraryItem, nav, openApp, repoRoot, startAtelier, test } from './fixtures';
import { dismissToasts } from './toasts';
import { samples } from './media';

const shots = path.join(repoRoot, 'test/artifacts/screens');

async function setTheme(page: Page, theme: 'Light' | 'Dark'): Promise<void> {
  await nav(page, 'Settings').click();
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: theme }).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe(theme.toLowerCase());
}

/** axe over the page, and a picture for a person: test/artifacts/screens/<name>-<theme>.png. */
async function shootAndCheck(page: Page, name: string): Promise<void> {
  await dismissToasts(page);
  const theme = (await page.evaluate(() => document.documentElement.getAttribute('data-theme'))) ?? 'light';
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}-${theme}.png`) });
  await expectAccessible(page, name);
}

test('a refusing sandbox: playback stops after one fresh link (Retry), images too; out of credits says where to top up', async () => {
  test.setTimeout(180_000);
  const atelier = await startAtelier({ sandboxArgs: ['--signed-url-ttl-s', '0', '--fault-insufficient-credits'] });
  const browser = await launchChromium();
  try {
    const page: Page = browser.context.pages()[0] ?? (await browser.context.newPage());
    // Every request for a file's media (the host's media route, which asks the sandbox).
    const mediaRequests: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/media/')) mediaRequests.push(r.url());
    });
    await openApp(page, atelier.url);
    const s = samples('refused');
    await page.getByTestId('add-files-input').setInputFiles(s.files);
    const [still, clip] = s.files.map((f) => path.basename(f));
    for (const name of [still!, clip!]) await expectReadyInLibrary(page, name);

    // Playback (the inspector's player): the links the sandbox hands out are refused; after
    // one fresh link (and the preview rendition) it stops and says so.
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    const cantPlay = inspector.getByRole('alert').filter({ hasText: "Can't play this file right now" });
    const clipRequests = () => mediaRequests.filter((u) => u.includes('/preview')).length;
    await libraryItem(page, clip!).click();
    await expect(cantPlay).toBeVisible({ timeout: 30_000 });
    const afterEpisode = clipRequests();
    expect(afterEpisode).toBeGreaterThanOrEqual(1);
    expect(afterEpisode).toBeLessThanOrEqual(3);
    // Nothing more is asked for while the message shows.
    await page.waitForTimeout(3_000); // a quiet period: the count must not grow in it
    expect(clipRequests()).toBe(afterEpisode);
    // Retry starts a new episode: again a bounded few requests, then the same message.
    await cantPlay.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(clipRequests).toBeGreaterThan(afterEpisode);
    await expect(cantPlay).toBeVisible({ timeout: 30_000 });
    expect(clipRequests() - afterEpisode).toBeLessThanOrEqual(3);

    // An image whose links are refused: the same, with Retry.
    await libraryItem(page, still!).click();
    const cantShow = inspector.getByRole('alert').filter({ hasText: "Can't show this image right now" });
    await expect(cantShow).toBeVisible({ timeout: 30_000 });
    await expect(cantShow.getByRole('button', { name: 'Retry' })).toBeVisible();
    await shootAndCheck(page, 'library-image-refused');

    // The player's message in both themes (checked and pictured).
    await libraryItem(page, clip!).click();
    await expect(cantPlay).toBeVisible({ timeout: 30_000 });
    await shootAndCheck(page, 'library-playback-refused');
    await setTheme(page, 'Dark');
    await nav(page, 'Library').click();
    await libraryItem(page, clip!).click();
    await expect(cantPlay).toBeVisible({ timeout: 30_000 });
    await shootAndCheck(page, 'library-playback-refused');
    await libraryItem(page, still!).click();
    await expect(cantShow).toBeVisible({ timeout: 30_000 });
    await shootAndCheck(page, 'library-image-refused');

    // Out of credits: plainly, with where to top up.
    await nav(page, 'Generate').click();
    await page.getByLabel('Prompt', { exact: true }).fill('A lighthouse at dusk');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect(page.getByText('Your VideoGen account is out of credits. Top up at app.videogen.io (Settings → Billing), then try again.').first()).toBeVisible({
      timeout: 30_000,
    });
  } finally {
    await browser.close();
    await atelier.stop();
  }
});
