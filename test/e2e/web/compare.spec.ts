/**
 * Compare, by accessible names: two images selected → "Compare": one zoom and pan for both,
 * then the A/B "Compare slider"; two videos (Shift+C) play and seek together; an upscaled image
 * offers "Compare with input". Checked with axe and saved in light and dark
 * (test/artifacts/screens/compare-*.png).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { expect, expectReadyInLibrary, libraryItem, nav, repoRoot, tempDir, test } from './fixtures';
import { mp4, png, unique } from './media';

const screens = path.join(repoRoot, 'test/artifacts/screens');
const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });
const stages = (page: Page) => page.getByRole('dialog', { name: /^Compare \d files$/ }).locator('.compare-stage');

async function selectTwo(page: Page, a: string, b: string): Promise<void> {
  await libraryItem(page, a).click();
  await libraryItem(page, b).click({ modifiers: ['Control'] });
  await expect(inspector(page).getByRole('heading', { name: '2 selected' })).toBeVisible();
}

test('compare two images (shared zoom and pan, A/B slider), two videos in step, and an output with its input', async ({ page }) => {
  test.setTimeout(240_000);
  const dir = tempDir('compare');
  const [a, b] = [`${unique('cmp-a')}.png`, `${unique('cmp-b')}.png`];
  const [v1, v2] = [`${unique('cmp-v1')}.mp4`, `${unique('cmp-v2')}.mp4`];
  await page.getByTestId('add-files-input').setInputFiles([png(dir, a, 'gradients'), png(dir, b, 'mandelbrot'), mp4(dir, v1, 4), mp4(dir, v2, 4)]);
  for (const n of [a, b, v1, v2]) await expectReadyInLibrary(page, n);

  await selectTwo(page, a, b);
  await inspector(page).getByRole('button', { name: 'Compare', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Compare 2 files' });
  await expect(dialog.getByRole('img', { name: a })).toBeVisible();
  await expect(dialog.getByRole('img', { name: b })).toBeVisible();
  await dialog.getByRole('button', { name: 'Zoom in' }).click();
  await dialog.getByRole('button', { name: 'Zoom in' }).click();
  await expect(dialog.getByLabel('Zoom level')).toHaveText('156%');
  // Dragging one pane pans both.
  const pane = dialog.locator('.compare-pane').first();
  const box = (await pane.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 20, { steps: 5 });
  await page.mouse.up();
  const transforms = await stages(page).evaluateAll((els) => els.map((e) => (e as HTMLElement).style.transform));
  expect(transforms).toHaveLength(2);
  expect(transforms[0]).toBe(transforms[1]);
  expect(transforms[0]).toMatch(/translate\(60px, 20px\) scale\(1\.56\)/);
  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: path.join(screens, 'compare-light.png') });
  await expectAccessible(page, 'compare');

  await dialog.getByRole('button', { name: 'Slider' }).click();
  const slider = dialog.getByRole('slider', { name: 'Compare slider' });
  await slider.fill('30');
  await expect(dialog.locator('.compare-top')).toHaveAttribute('style', /inset\(0px 0px 0px 30%\)/);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // Two videos by keyboard: Shift+C, then play and seek together.
  await selectTwo(page, v1, v2);
  await libraryItem(page, v2).press('Shift+C');
  const videos = page.getByRole('dialog', { name: 'Compare 2 files' }).locator('video');
  await expect(videos).toHaveCount(2);
  await page.getByRole('button', { name: 'Play all' }).click();
  await expect.poll(() => videos.evaluateAll((vs) => Math.min(...vs.map((v) => (v as HTMLVideoElement).currentTime))), { timeout: 20_000 }).toBeGreaterThan(0.5);
  await page.getByRole('button', { name: 'Pause all' }).click();
  await page.getByRole('slider', { name: 'Position' }).fill('2');
  await expect.poll(() => videos.evaluateAll((vs) => vs.map((v) => Math.round((v as HTMLVideoElement).currentTime * 10) / 10))).toEqual([2, 2]);
  await page.keyboard.press('Escape');

  // An upscaled image: "Compare with input" opens it beside the image it was made from.
  await selectTwo(page, a, b);
  await inspector(page).getByRole('button', { name: 'Upscale image', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Upscale image', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Upscale image: 2 runs queued' })).toBeVisible();
  await nav(page, 'Activity').click();
  const runs = page.locator('section[aria-labelledby="gen-title"] li', { hasText: 'Upscale image' });
  await expect(runs.getByText('Done', { exact: true })).toHaveCount(2, { timeout: 90_000 });
  await runs.first().getByRole('button', { name: /^Open .* in the library$/ }).first().click();
  await inspector(page).getByRole('button', { name: 'Compare with input' }).click();
  const withInput = page.getByRole('dialog', { name: 'Compare 2 files' });
  await expect(withInput.getByRole('img')).toHaveCount(2);
  await expect(withInput.getByRole('img', { name: new RegExp(`^(${a}|${b})$`) })).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(withInput).toHaveCount(0);
  await nav(page, 'Settings').click();
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Dark' }).click();
  await nav(page, 'Library').click();
  await selectTwo(page, a, b);
  await inspector(page).getByRole('button', { name: 'Compare', exact: true }).click();
  await page.getByRole('dialog', { name: 'Compare 2 files' }).getByRole('button', { name: 'Slider' }).click();
  await page.screenshot({ path: path.join(screens, 'compare-dark.png') });
  await expectAccessible(page, 'compare');
  await page.keyboard.press('Escape');
  // Leave the shared app in the theme it had: the next spec's checks read it.
  await nav(page, 'Settings').click();
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'System' }).click();
});
