/**
 * The app at 200% zoom and with large text, in forced colours and with less motion. At 200%
 * (a 1440×900 window zoomed in: 720×450 CSS pixels, two device pixels each) and at a 24px
 * default font size (the browser's "Very large"; Electron's defaultFontSize), every view is
 * checked for text cut off, controls covered and sideways scrolling (layout.ts), and saved to
 * test/artifacts/screens/zoom200-light-<view>.png and text-large-dark-<view>.png to be looked at.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { CHROMIUM_ARGS, CHROMIUM_PATH, expect, expectReadyInLibrary, fileOption, libraryItem, nav, openApp, repoRoot, tempDir, test } from './fixtures';
import { expectNothingCutOffOrCovered } from './layout';
import { samples } from './media';

const out = path.join(repoRoot, 'test/artifacts/screens');

interface Look {
  zoom?: boolean;
  fontSize?: number;
  colorScheme?: 'light' | 'dark';
  forcedColors?: 'active' | 'none';
  reducedMotion?: 'reduce' | 'no-preference';
}

/** A fresh Chromium profile that looks the way `look` says (the font size is a profile preference). */
async function open(url: string, look: Look): Promise<{ page: Page; close(): Promise<void> }> {
  const profile = tempDir('look');
  if (look.fontSize) {
    mkdirSync(path.join(profile, 'Default'), { recursive: true });
    writeFileSync(path.join(profile, 'Default', 'Preferences'), JSON.stringify({ webkit: { webprefs: { default_font_size: look.fontSize } } }));
  }
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    viewport: look.zoom ? { width: 720, height: 450 } : { width: 1440, height: 900 },
    deviceScaleFactor: look.zoom ? 2 : 1,
    colorScheme: look.colorScheme ?? 'light',
    forcedColors: look.forcedColors ?? 'none',
    reducedMotion: look.reducedMotion ?? 'no-preference',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await openApp(page, url);
  return {
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const dismiss of await page.getByRole('button', { name: 'Dismiss' }).all()) await dismiss.click().catch(() => {});
  await page.evaluate(() => Promise.all([...document.images].filter((i) => !i.complete).map((i) => new Promise((r) => ((i.onload = r), (i.onerror = r))))));
  await page.screenshot({ path: path.join(out, `${name}.png`), animations: 'disabled' });
}

/** Every view, checked and shot under `prefix` (and a dialog or two), keyboard-driven where it can be. */
async function everyView(page: Page, prefix: string, files: { still: string; clip: string }): Promise<void> {
  const check = async (name: string) => {
    await expectNothingCutOffOrCovered(page, `${prefix}-${name}`);
    await shoot(page, `${prefix}-${name}`);
  };
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await libraryItem(page, files.still).click();
  await expect(inspector.getByRole('heading', { name: files.still })).toBeVisible();
  await check('library');
  // The inspector sits below the files when the window is narrow: scrolled to, it is all there.
  await inspector.getByRole('button', { name: 'Archive' }).scrollIntoViewIfNeeded();
  await check('library-inspector');
  await page.keyboard.press('Control+k');
  await page.keyboard.type(files.still.split('-').slice(0, 2).join(' '));
  await expect(fileOption(page.getByRole('listbox', { name: 'In your library' }), files.still)).toBeVisible();
  await check('search');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'List view' }).click();
  await check('library-list');
  await page.getByRole('button', { name: 'Grid view' }).click();
  await libraryItem(page, files.clip).click();
  await page.keyboard.press('Space');
  await expect(page.getByRole('dialog', { name: `Quick look: ${files.clip}` })).toBeVisible();
  await check('quicklook');
  await page.keyboard.press('Escape');
  await nav(page, 'Generate').click();
  await expect(page.getByLabel('Prompt', { exact: true })).toBeVisible();
  await check('generate');
  await page.getByRole('navigation', { name: 'Tools' }).getByRole('button', { name: 'Lip-sync', exact: true }).click();
  await check('generate-lipsync');
  await page.locator('[data-field="visual"]').getByRole('button', { name: 'Choose from library…' }).click();
  await expect(page.getByRole('dialog', { name: /^Choose / }).getByRole('option').first()).toBeVisible();
  await check('file-picker');
  await page.keyboard.press('Escape');
  await nav(page, 'Activity').click();
  await check('activity');
  await nav(page, 'Settings').click();
  await check('settings');
  await page.keyboard.press('Control+/');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await check('shortcuts');
  await page.keyboard.press('Escape');
  await nav(page, 'Library').click();
}

test('200% zoom and large text: nothing cut off or covered in any view; forced colours; less motion', async ({ page, atelier }) => {
  test.setTimeout(300_000);
  mkdirSync(out, { recursive: true });
  const s = samples('scaled');
  await page.getByTestId('add-files-input').setInputFiles(s.files);
  const files = { still: path.basename(s.files[0]!), clip: path.basename(s.files[1]!) };
  await expectReadyInLibrary(page, files.still);
  await expectReadyInLibrary(page, files.clip);
  await nav(page, 'Generate').click();
  await page.getByLabel('Prompt', { exact: true }).fill('A long quiet train crossing snowy fields at night, warm windows');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await nav(page, 'Activity').click();
  await expect(page.locator('section[aria-labelledby="gen-title"] li').first().getByText('Done', { exact: true })).toBeVisible({ timeout: 90_000 });

  // 200% zoom in light, large text in dark: the layout is the same in both themes.
  const zoomed = await open(atelier.url, { zoom: true, colorScheme: 'light' });
  try {
    await everyView(zoomed.page, 'zoom200-light', files);
  } finally {
    await zoomed.close();
  }

  const large = await open(atelier.url, { fontSize: 24, colorScheme: 'dark' });
  try {
    // The text really is larger: the app's 13px body text follows the 24px default (×1.5).
    await expect.poll(() => large.page.evaluate(() => getComputedStyle(document.body).fontSize)).toBe('19.5px');
    await everyView(large.page, 'text-large-dark', files);
  } finally {
    await large.close();
  }

  // Forced colours (Windows high contrast): switches, progress, selection and focus keep an edge.
  const forced = await open(atelier.url, { forcedColors: 'active' });
  try {
    const p = forced.page;
    await libraryItem(p, files.still).click();
    const selected = await libraryItem(p, files.still).evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(selected).not.toBe('none');
    const allChip = p.getByRole('toolbar', { name: 'Library filters' }).getByRole('button', { name: 'All', exact: true });
    expect(await allChip.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(await p.evaluate(() => getComputedStyle(document.body).backgroundColor));
    await shoot(p, 'forced-colors-library');
    await nav(p, 'Settings').click();
    const sw = p.getByRole('switch', { name: 'Notifications' });
    expect(await sw.evaluate((el) => parseFloat(getComputedStyle(el).borderTopWidth))).toBeGreaterThan(0);
    const key = p.getByLabel('VideoGen API key');
    await key.focus();
    expect(await key.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    await shoot(p, 'forced-colors-settings');
    await expectAccessible(p, 'settings-forced-colors');
  } finally {
    await forced.close();
  }

  // Less motion: a dialog appears without animating, and quick look does not start the video.
  const calm = await open(atelier.url, { reducedMotion: 'reduce' });
  try {
    const p = calm.page;
    await libraryItem(p, files.clip).click();
    // The dialog's entrance animation, read the moment the dialog is added to the page.
    await p.evaluate(() => {
      const durations: number[] = [];
      (window as unknown as { __entrance: number[] }).__entrance = durations;
      const watch = new MutationObserver(() => {
        const dialog = document.querySelector('[role="dialog"]');
        if (!dialog) return;
        watch.disconnect();
        for (const a of dialog.getAnimations()) durations.push(Number(a.effect?.getComputedTiming().duration));
      });
      watch.observe(document.body, { childList: true, subtree: true });
    });
    await p.keyboard.press('Space');
    const look = p.getByRole('dialog', { name: `Quick look: ${files.clip}` });
    const video = look.locator('video');
    await expect(video).toBeVisible();
    // It has one (a pop-in of 140 ms with full motion), cut to nothing.
    const entrance = await p.evaluate(() => (window as unknown as { __entrance: number[] }).__entrance);
    expect(entrance).toHaveLength(1);
    expect(entrance[0]).toBeLessThanOrEqual(1);
    // Whatever is animating (the dialog's entrance, spinners, thumbnails fading in) lasts
    // no time and runs once; with full motion these take 140 ms and more, spinners forever.
    expect(
      await p.evaluate(() =>
        document
          .getAnimations()
          .filter((a) => {
            const t = a.effect?.getComputedTiming();
            return !t || Number(t.duration) > 1 || (t.iterations ?? 1) > 1;
          })
          .map((a) => `${(a as CSSAnimation).animationName ?? 'a transition'} on <${(a.effect as KeyframeEffect)?.target?.nodeName.toLowerCase()} class="${(a.effect as KeyframeEffect)?.target?.className}">`),
      ),
    ).toEqual([]);
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(1);
    expect(await video.evaluate((v: HTMLVideoElement) => v.paused && v.currentTime === 0)).toBe(true);
  } finally {
    await calm.close();
  }
});
