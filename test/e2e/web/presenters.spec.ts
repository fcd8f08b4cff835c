/**
 * Avatar presenters, as a person chooses one: each tile shows the presenter's picture (served by
 * the sandbox, really loaded) and plays their preview clip while pointed at or focused (real
 * video from the sandbox, actually playing). The chosen presenter's matching voice is the one
 * VideoGen ranks them first for (checked against the sandbox's own ranking), and in New video
 * "Use <voice>'s voice" sets the Voice field, with Undo.
 */
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expectAccessible, settle } from './axe';
import { expect, nav, repoRoot, SANDBOX_KEYS, test } from './fixtures';

const screens = path.join(repoRoot, 'test/artifacts/screens');
const tool = (page: Page, label: string) => page.getByRole('navigation', { name: 'Tools' }).getByRole('button', { name: label, exact: true });

/** The clip in a tile has real frames and is playing. */
async function expectPlaying(tile: Locator): Promise<void> {
  const video = tile.locator('video');
  await expect(video).toHaveCount(1);
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => ({ w: v.videoWidth, playing: !v.paused && v.currentTime > 0 && v.readyState >= 2 })), { timeout: 20_000 })
    .toEqual({ w: 480, playing: true });
}

async function vg<T>(sandboxUrl: string, pathAndQuery: string): Promise<T> {
  const res = await fetch(`${sandboxUrl}${pathAndQuery}`, { headers: { authorization: `Bearer ${SANDBOX_KEYS.videogen}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

/** Follow the system's colours (the theme may have been forced by an earlier spec on this host). */
async function systemTheme(page: Page): Promise<void> {
  await nav(page, 'Settings').click();
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'System' }).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-theme') ?? 'system')).not.toMatch(/^(light|dark)$/);
}

/** Light and dark (the system's scheme, so the view keeps its state), each checked with axe. */
async function shootBoth(page: Page, name: string, target: Locator): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await target.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.evaluate(() => Promise.all([...document.images].filter((i) => !i.complete).map((i) => new Promise((r) => ((i.onload = r), (i.onerror = r))))));
    // Colours as they end, not mid-transition: let the new scheme start its transitions, then wait them out.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await settle(page);
    await page.screenshot({ path: path.join(screens, `${name}-${theme}.png`) });
    await expectAccessible(page, name);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('avatar presenters: picture, preview clip on hover and focus, matching voice', async ({ page, atelier }) => {
  await systemTheme(page);
  await nav(page, 'Generate').click();
  await tool(page, 'Avatar').click();
  const group = page.getByRole('radiogroup', { name: 'Presenter' });
  const tiles = group.getByRole('radio');
  await expect(tiles).toHaveCount(16);
  const first = group.getByRole('radio', { name: 'Presenter 1 · female' });
  const second = group.getByRole('radio', { name: 'Presenter 2 · male' });

  // The pictures are real images from the sandbox.
  await expect.poll(() => first.locator('img').evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
  expect(await first.locator('img').getAttribute('src')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/assets\/presenters\/vg_pres_\w+\/thumbnail\.jpg$/);
  await expect(first.locator('video')).toHaveCount(0);

  // Pointed at: the clip plays; pointer gone: the picture again.
  await first.hover();
  await expectPlaying(first);
  await page.mouse.move(0, 0);
  await expect(first.locator('video')).toHaveCount(0);

  // By keyboard: focus moves to the second presenter (arrow keys choose it), and its clip plays.
  await first.click();
  await page.mouse.move(0, 0);
  await expectPlaying(first);
  await first.press('ArrowRight');
  await expect(second).toBeFocused();
  await expect(second).toHaveAttribute('aria-checked', 'true');
  await expectPlaying(second);
  await expect(first.locator('video')).toHaveCount(0);

  // The matching voice is the one the sandbox ranks this presenter first for.
  const status = page.getByRole('status').filter({ hasText: 'Matching voice:' });
  await expect(status).toHaveText('Matching voice: Marcus · en-US · male · american');
  const voices = await vg<{ ttsVoices: Array<{ voiceId: string; displayName: string }> }>(atelier.sandbox.url, '/v1/resources/tts-voices?limit=200');
  const marcus = voices.ttsVoices.find((v) => v.displayName === 'Marcus')!;
  const ranked = await vg<{ avatarPresenters: Array<{ avatarPresenterId: string }> }>(atelier.sandbox.url, `/v1/resources/avatar-presenters?limit=1&voiceId=${marcus.voiceId}`);
  expect(ranked.avatarPresenters[0]!.avatarPresenterId).toBe(await second.getAttribute('data-presenter-id'));
  await shootBoth(page, 'generate-avatar-presenters', group);
});

test('New video: "Use <voice>\'s voice" for the chosen presenter, and Undo', async ({ page }) => {
  await systemTheme(page);
  await page.getByRole('button', { name: 'New video', exact: true }).first().click();
  const group = page.getByRole('radiogroup', { name: 'Presenter' });
  await expect(group.getByRole('radio', { name: 'None' })).toHaveAttribute('aria-checked', 'true');
  const voice = page.getByLabel('Voice', { exact: true });
  await expect(voice).toHaveValue('');

  await group.getByRole('radio', { name: 'Presenter 1 · female' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Matching voice:' })).toHaveText('Matching voice: Ava · en-US · female · american');
  await page.getByRole('button', { name: 'Use Ava’s voice' }).click();
  await expect(voice.locator('option:checked')).toHaveText('Ava (en-US)');
  await expect(page.getByRole('status').filter({ hasText: 'Voice changed' })).toHaveText('Voice changed to Ava (was the default voice).');
  await expect(page.getByRole('status').filter({ hasText: 'Matching voice:' })).toHaveText('Matching voice: Ava · en-US · female · american (in use)');
  await expect(page.getByRole('button', { name: 'Use Ava’s voice' })).toHaveCount(0);
  await shootBoth(page, 'video-presenter-voice', page.getByRole('button', { name: 'Undo' }));

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(voice).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Use Ava’s voice' })).toBeVisible();

  // Another voice chosen by hand, then the presenter's: Undo goes back to the hand-picked one.
  await voice.selectOption({ label: 'Olivia (en-GB)' });
  await page.getByRole('button', { name: 'Use Ava’s voice' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Voice changed' })).toHaveText('Voice changed to Ava (was Olivia).');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(voice.locator('option:checked')).toHaveText('Olivia (en-GB)');
});
