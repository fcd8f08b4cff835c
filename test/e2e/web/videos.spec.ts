/**
 * Whole videos, as a person makes them (by accessible names): a script drafted with AI becomes
 * a video, shown in Activity and Projects; "Export MP4" puts it in the library, where it plays.
 * An actor with a reference image is used by a storyboard scene (scenes added, removed and
 * reordered by keyboard); the project is remixed with music and a logo, and the next export
 * shows the logo. Every new screen is checked with axe-core and saved in light and dark
 * (test/artifacts/screens/video-*.png).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { expect, expectReadyInLibrary, fileOption, library, repoRoot, tempDir, test } from './fixtures';
import { m4a, png, unique } from './media';

const out = path.join(repoRoot, 'test/artifacts/screens');

const navTo = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
const newVideo = (page: Page) => page.getByRole('button', { name: 'New video', exact: true }).first().click();
const project = (page: Page, title: RegExp | string) => page.getByRole('list', { name: 'Projects' }).getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });
const runRow = (page: Page, text: string) => page.locator('section[aria-labelledby="gen-title"] li', { hasText: text });

async function shootAndCheck(page: Page, name: string, within?: string): Promise<void> {
  // One at a time, always the first: the list shifts as each goes (an index-based list of
  // locators then misses one, and a notification under the pointer waits for it forever).
  const dismiss = page.getByRole('button', { name: 'Dismiss' });
  for (let i = 0; i < 10 && (await dismiss.count()) > 0; i++) await dismiss.first().click({ timeout: 2_000 }).catch(() => {});
  await expect(page.locator('.toast')).toHaveCount(0);
  await page.evaluate(() => Promise.all([...document.images].filter((i) => !i.complete).map((i) => new Promise((r) => ((i.onload = r), (i.onerror = r))))));
  mkdirSync(out, { recursive: true });
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
  await expectAccessible(page, name.replace(/-(light|dark)$/, ''), within ? { within } : {});
}

/** Pick files by name in the library picker that `button` opens. */
async function pick(page: Page, button: Locator, names: string[]): Promise<void> {
  await button.click();
  const dialog = page.getByRole('dialog').filter({ has: page.getByRole('listbox', { name: 'Library files' }) });
  for (const n of names) await fileOption(dialog, n).click();
  await dialog.getByRole('button', { name: /^(Use file|Add \d+)$/ }).click();
  await expect(dialog).toHaveCount(0);
}

/** The project's newest export: its file id from the thumbnail's media URL. */
async function exportFileId(card: Locator): Promise<string> {
  const src = await card.locator('.project-thumb img').getAttribute('src');
  return decodeURIComponent(/\/([^/]+)\/thumb$/.exec(src ?? '')![1]!);
}

/** Mean absolute difference of the lower-right corner of a frame at 1 s, between two MP4s (0..255). */
async function cornerDifference(page: Page, a: string, b: string): Promise<number> {
  const dir = tempDir('frames');
  const frame = async (fileId: string) => {
    const b64 = await page.evaluate(async (id) => {
      // Any export thumbnail on screen gives the media route; the file id picks the MP4.
      const img = document.querySelector<HTMLImageElement>('.project-thumb img');
      const url = img!.src.replace(/[^/]+\/thumb$/, `${encodeURIComponent(id)}/download`);
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(s);
    }, fileId);
    const file = path.join(dir, `${fileId}.mp4`);
    writeFileSync(file, Buffer.from(b64, 'base64'));
    return execFileSync('ffmpeg', ['-v', 'error', '-ss', '1', '-i', file, '-frames:v', '1', '-vf', 'crop=iw/4:ih/4:iw*3/4:ih*3/4,scale=64:36', '-f', 'rawvideo', '-pix_fmt', 'gray', '-']);
  };
  const [x, y] = [await frame(a), await frame(b)];
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.abs(x[i]! - y[i]!);
  return sum / x.length;
}

test('a script drafted with AI becomes a video: Activity, Projects, Export MP4 plays in the library', async ({ page }) => {
  test.setTimeout(180_000);
  await newVideo(page);
  await expect(page.getByRole('heading', { name: 'New video' })).toBeVisible();
  await expect(page.getByRole('radio', { name: /^Script/ })).toBeChecked();
  const script = page.getByRole('textbox', { name: 'Script' });
  await script.fill('the water cycle');
  await page.getByLabel('Draft quality').selectOption({ label: 'Low' });
  await page.getByRole('button', { name: 'Draft with AI' }).click();
  await expect(script).not.toHaveValue('the water cycle');
  await expect(script).toHaveValue(/water/i);
  await script.fill('Water rises from the sea. It falls again as rain.');
  await page.getByLabel('Pacing').selectOption({ label: 'Fast' });
  await page.getByLabel('Quality', { exact: true }).selectOption({ label: 'Low' });
  await page.getByRole('button', { name: 'Create video' }).click();

  // In Activity with its progress, then done.
  await expect(page.getByRole('heading', { name: 'Activity' })).toBeVisible();
  const row = runRow(page, 'Water rises from the sea');
  await expect(row).toBeVisible();
  await expect(row.getByText('Done')).toBeVisible({ timeout: 60_000 });

  await navTo(page, 'Projects');
  const card = project(page, /.+/).first();
  await expect(card.getByText('Ready')).toBeVisible({ timeout: 60_000 });
  await expect(card.getByText('Script video')).toBeVisible();
  await expect(card.getByRole('link', { name: 'Open in VideoGen' })).toHaveAttribute('href', /\/project\//);
  const title = (await card.getByRole('heading').textContent())!;

  await card.getByLabel('Quality').selectOption({ label: '480p' });
  await card.getByRole('button', { name: 'Export MP4' }).click();
  await expect(card.getByRole('button', { name: `Open the export of ${title} in the library` })).toBeVisible({ timeout: 90_000 });
  await card.getByRole('button', { name: `Open the export of ${title} in the library` }).click();
  await expectReadyInLibrary(page, `${title}.mp4`);
  await fileOption(library(page), `${title}.mp4`).click();
  await page.keyboard.press('Space');
  const dialog = page.getByRole('dialog', { name: `Quick look: ${title}.mp4` });
  const video = dialog.locator('video');
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 30_000 }).toBeGreaterThan(0.5);
  await page.keyboard.press('Escape');
});

test('an actor in a storyboard scene, then a remix with music and a logo shows in the next export', async ({ page }) => {
  test.setTimeout(300_000);
  const dir = tempDir('studio');
  const face = `${unique('face')}.png`;
  const logo = `${unique('logo')}.png`;
  const music = `${unique('music')}.m4a`;
  await page.getByTestId('add-files-input').setInputFiles([png(dir, face, 'mandelbrot'), png(dir, logo, 'testsrc2'), m4a(dir, music, 3)]);
  for (const n of [face, logo, music]) await expectReadyInLibrary(page, n);

  // An actor with a reference image.
  await navTo(page, 'Actors & styles');
  await page.getByLabel('Kind').selectOption({ label: 'Actor' });
  const actor = unique('Ada');
  await page.getByRole('textbox', { name: 'Name' }).fill(actor);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  const actorCard = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: actor }) });
  await expect(actorCard).toBeVisible();
  await pick(page, actorCard.getByRole('button', { name: 'Add reference images' }), [face]);
  await expect(actorCard.getByText('No reference images yet')).toHaveCount(0);

  // A storyboard: three scenes, the last removed, the second moved up by keyboard.
  await newVideo(page);
  await page.getByRole('radio', { name: /^Storyboard/ }).check();
  const scene = (n: number) => page.getByRole('group', { name: `Scene ${n}` });
  await scene(1).getByLabel('Prompt').fill('A lighthouse at dawn');
  await scene(1).getByLabel('Duration (seconds)').fill('2');
  await page.getByRole('button', { name: 'Add scene' }).click();
  await expect(scene(2).getByLabel('Prompt')).toBeFocused();
  await scene(2).getByLabel('Prompt').fill(`${actor} waves from the shore`);
  await scene(2).getByLabel('Duration (seconds)').fill('2');
  await scene(2).getByLabel('Actor').selectOption({ label: actor });
  await page.getByRole('button', { name: 'Add scene' }).click();
  await scene(3).getByLabel('Prompt').fill('a scene to remove');
  await scene(3).getByRole('button', { name: 'Remove' }).click();
  await expect(scene(3)).toHaveCount(0);
  await scene(2).getByLabel('Prompt').press('Alt+ArrowUp');
  await expect(scene(1).getByLabel('Prompt')).toHaveValue(`${actor} waves from the shore`);
  await expect(scene(1).getByLabel('Actor')).toHaveValue(/.+/);
  await expect(scene(2).getByLabel('Prompt')).toHaveValue('A lighthouse at dawn');
  // And by dragging a scene by its handle (there and back).
  await scene(2).locator('.scene-handle').dragTo(scene(1));
  await expect(scene(1).getByLabel('Prompt')).toHaveValue('A lighthouse at dawn');
  await scene(2).locator('.scene-handle').dragTo(scene(1));
  await expect(scene(1).getByLabel('Prompt')).toHaveValue(`${actor} waves from the shore`);
  // Captions at the end, as a remix action carried by the request.
  await page.getByRole('button', { name: /^Remix actions to apply at the end/ }).click();
  await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Show captions' });
  await page.getByRole('button', { name: 'Add action' }).click();
  await expect(page.getByRole('group', { name: '1. Show captions' })).toBeVisible();
  await shootAndCheck(page, 'video-storyboard-light');
  await page.getByRole('button', { name: 'Create video' }).click();
  await expect(runRow(page, 'Storyboard video')).toBeVisible();
  await expect(runRow(page, 'Storyboard video').getByText('Done')).toBeVisible({ timeout: 90_000 });

  await navTo(page, 'Projects');
  const card = project(page, /.+/).first();
  await expect(card.getByText('Storyboard video')).toBeVisible();
  await expect(card.getByText('Ready')).toBeVisible({ timeout: 60_000 });
  const title = (await card.getByRole('heading').textContent())!;
  await card.getByLabel('Quality').selectOption({ label: '480p' });
  await card.getByRole('button', { name: 'Export MP4' }).click();
  const thumb = card.getByRole('button', { name: `Open the export of ${title} in the library` });
  await expect(thumb).toBeVisible({ timeout: 90_000 });
  const before = await exportFileId(card);

  // Remix: music, then a logo.
  await card.getByRole('button', { name: 'Remix…' }).click();
  const remix = page.getByRole('dialog', { name: `Remix “${title}”` });
  await remix.getByLabel('Action', { exact: true }).selectOption({ label: 'Background music' });
  await remix.getByRole('button', { name: 'Add action' }).click();
  await pick(page, remix.getByRole('group', { name: 'Music', exact: true }).getByRole('button', { name: 'Choose from library…' }), [music]);
  await remix.getByLabel('Action', { exact: true }).selectOption({ label: 'Logo' });
  await remix.getByRole('button', { name: 'Add action' }).click();
  await pick(page, remix.getByRole('group', { name: 'Logo image', exact: true }).getByRole('button', { name: 'Choose from library…' }), [logo]);
  await remix.getByLabel('Size (% of the width)').fill('30');
  await expect(remix.getByRole('group', { name: '1. Background music' })).toBeVisible();
  await expect(remix.getByRole('group', { name: '2. Logo' })).toBeVisible();
  await shootAndCheck(page, 'video-remix-light', '.remix-dialog');
  await remix.getByRole('button', { name: 'Remix', exact: true }).click();
  await expect(remix).toHaveCount(0);
  await navTo(page, 'Activity');
  const remixRow = runRow(page, `${title}: Background music, Logo`);
  await expect(remixRow.getByText('Done')).toBeVisible({ timeout: 90_000 });

  await navTo(page, 'Projects');
  await card.getByLabel('Quality').selectOption({ label: '480p' });
  await card.getByRole('button', { name: 'Export MP4' }).click();
  await expect.poll(() => exportFileId(card), { timeout: 90_000 }).not.toBe(before);
  const after = await exportFileId(card);
  // The logo covers a quarter of the lower-right corner at 30 % of the width.
  expect(await cornerDifference(page, before, after)).toBeGreaterThan(8);
  await shootAndCheck(page, 'video-projects-light');

  // Every new screen again in dark.
  await navTo(page, 'Settings');
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Dark' }).click();
  await navTo(page, 'Projects');
  await shootAndCheck(page, 'video-projects-dark');
  await card.getByRole('button', { name: 'Remix…' }).click();
  await remix.getByRole('button', { name: 'Add action' }).click();
  await shootAndCheck(page, 'video-remix-dark', '.remix-dialog');
  await remix.getByRole('button', { name: 'Cancel' }).click();
  await navTo(page, 'Actors & styles');
  await expect(actorCard).toBeVisible();
  await shootAndCheck(page, 'video-entities-dark');
  await newVideo(page);
  // The form is kept as it was left (Storyboard); back to Script.
  await page.getByRole('radio', { name: /^Script/ }).check();
  await shootAndCheck(page, 'video-script-dark');
  await page.getByRole('radio', { name: /^Storyboard/ }).check();
  await shootAndCheck(page, 'video-storyboard-dark');
  for (const kind of ['Voiceover', 'Slideshow'] as const) {
    await page.getByRole('radio', { name: new RegExp(`^${kind}`) }).check();
    await shootAndCheck(page, `video-${kind.toLowerCase()}-dark`);
  }
  await navTo(page, 'Settings');
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Light' }).click();
  await newVideo(page);
  await page.getByRole('radio', { name: /^Script/ }).check();
  await shootAndCheck(page, 'video-script-light');
  for (const kind of ['Voiceover', 'Slideshow'] as const) {
    await page.getByRole('radio', { name: new RegExp(`^${kind}`) }).check();
    await shootAndCheck(page, `video-${kind.toLowerCase()}-light`);
  }
  await navTo(page, 'Actors & styles');
  await shootAndCheck(page, 'video-entities-light');
});
