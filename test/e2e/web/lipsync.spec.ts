/**
 * Lip-sync with the Sync API, end to end, in Chromium through the web host and the sandbox:
 *
 *  - library video + library audio → Activity (progress, Done) → the result in the library:
 *    a poster frame for a thumbnail, the request in the inspector, Reuse, playback, and
 *    screenshots in light and dark (test/artifacts/screens/lipsync-<theme>.png);
 *  - a script (text-to-speech) instead of an audio file;
 *  - a failing run (the sandbox fails inputs named `noface`): words a person can act on, the
 *    inputs kept, Retry and Edit offered;
 *  - "Add to VideoGen library": a normal upload with progress, then an uploaded video.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { expect, expectReadyInLibrary, fileOption, library, libraryItem, nav, openApp, repoRoot, SANDBOX_KEYS, tempDir, test } from './fixtures';
import { m4a, mp4, unique } from './media';
import { dismissToasts } from './toasts';

const screens = path.join(repoRoot, 'test/artifacts/screens');

const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });
const generateButton = (page: Page) => page.getByRole('button', { name: 'Generate', exact: true });
const tool = (page: Page, label: string) => page.getByRole('navigation', { name: 'Tools' }).getByRole('button', { name: label, exact: true });
const runs = (page: Page) => page.locator('section[aria-labelledby="gen-title"] li');
const uploadRows = (page: Page) => page.locator('section[aria-labelledby="up-title"] li');
/** A library tile or row by the start of its name (lip-sync results end in a generated suffix). */
const itemStartingWith = (page: Page, prefix: string) => library(page).getByRole('option', { name: new RegExp(`^${prefix}`) });

/** Every progress bar shown from now on, by its accessible name (runs and uploads can be quick). */
async function recordProgressBars(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen = new Set<string>();
    (window as unknown as { __progress: Set<string> }).__progress = seen;
    const scan = () => document.querySelectorAll('progress[aria-label]').forEach((p) => seen.add(p.getAttribute('aria-label')!));
    scan();
    new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}
const progressSeen = (page: Page) => page.evaluate(() => [...(window as unknown as { __progress: Set<string> }).__progress]);

/** A talking-head clip and a voice track, uploaded and ready in the library. */
async function faceAndVoice(page: Page, stem: string): Promise<{ face: string; voice: string }> {
  const dir = tempDir(stem);
  const face = path.basename(mp4(dir, `${unique(`${stem}-face`)}.mp4`));
  const voice = path.basename(m4a(dir, `${unique(`${stem}-voice`)}.m4a`));
  await page.getByTestId('add-files-input').setInputFiles([path.join(dir, face), path.join(dir, voice)]);
  for (const name of [face, voice]) await expectReadyInLibrary(page, name);
  return { face, voice };
}

async function openLipsyncForm(page: Page): Promise<void> {
  await nav(page, 'Generate').click();
  await tool(page, 'Lip-sync').click();
  await expect(page.getByRole('heading', { name: 'Lip-sync', exact: true })).toBeVisible();
}

/** "Choose from library…" on a lip-sync input, then the file by name. */
async function pick(page: Page, field: 'visual' | 'audio', name: string): Promise<void> {
  await page.locator(`[data-field="${field}"]`).getByRole('button', { name: /Choose from library|Change/ }).click();
  const dialog = page.getByRole('dialog', { name: /^Choose / });
  await fileOption(dialog, name).click();
  await dialog.getByRole('button', { name: 'Use file' }).click();
  await expect(page.locator(`[data-field="${field}"] .file-chip`, { hasText: name })).toBeVisible();
}

async function moreOptions(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: /More options/ });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

async function submitLipsync(page: Page): Promise<void> {
  await generateButton(page).click();
  await expect(page.getByRole('status').filter({ hasText: 'Lip-sync queued' })).toBeVisible();
}

/** The Activity row of the newest lip-sync run that mentions `text`. */
async function lipsyncRun(page: Page, text: string): Promise<Locator> {
  await nav(page, 'Activity').click();
  const row = runs(page).filter({ hasText: 'Lip-sync' }).filter({ hasText: text }).first();
  await expect(row).toBeVisible();
  return row;
}

async function setTheme(page: Page, theme: 'Light' | 'Dark' | 'System'): Promise<void> {
  await nav(page, 'Settings').click();
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: theme }).click();
  const want = theme === 'System' ? null : theme.toLowerCase();
  await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe(want);
}

async function shoot(page: Page, name: string): Promise<void> {
  await dismissToasts(page);
  await page.evaluate(() => Promise.all([...document.images].filter((i) => !i.complete).map((i) => new Promise((r) => ((i.onload = r), (i.onerror = r))))));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  mkdirSync(screens, { recursive: true });
  // Finite animations end (a video's finished loading spinner is on its last turn), so the
  // picture shows the app at rest.
  await page.screenshot({ path: path.join(screens, `${name}.png`), animations: 'disabled' });
}

/** A thumbnail that is a real picture: loaded, and neither blank nor black (the clips are colour bars). */
async function expectPicture(thumb: Locator): Promise<void> {
  await expect(thumb).toBeVisible({ timeout: 30_000 });
  await expect
    .poll(
      () =>
        thumb.evaluate((img: HTMLImageElement) => {
          if (!img.complete || !img.naturalWidth) return 'loading';
          const c = document.createElement('canvas');
          c.width = 32;
          c.height = 18;
          const g = c.getContext('2d')!;
          g.drawImage(img, 0, 0, c.width, c.height);
          const d = g.getImageData(0, 0, c.width, c.height).data;
          let lit = 0;
          for (let i = 0; i < d.length; i += 4) if (d[i]! + d[i + 1]! + d[i + 2]! > 96) lit++;
          return lit > (c.width * c.height) / 4 ? 'picture' : 'blank';
        }),
      { timeout: 30_000 },
    )
    .toBe('picture');
}

/** Run a lip-sync of library files named `outName…`, wait for Done, open the result. Returns its name. */
async function lipsyncFromLibrary(page: Page, stem: string, outName: string): Promise<{ face: string; voice: string; result: string }> {
  const { face, voice } = await faceAndVoice(page, stem);
  await openLipsyncForm(page);
  await pick(page, 'visual', face);
  await pick(page, 'audio', voice);
  await moreOptions(page);
  await page.getByLabel('Output file name').fill(outName);
  await submitLipsync(page);
  const run = await lipsyncRun(page, face);
  await expect(run.getByText('Done', { exact: true })).toBeVisible({ timeout: 90_000 });
  const open = run.getByRole('button', { name: /^Open .* in the library$/ });
  const label = (await open.getAttribute('aria-label'))!;
  await open.click();
  const result = /^Open (.*) in the library$/.exec(label)![1]!;
  expect(result.startsWith(outName)).toBe(true);
  await expect(inspector(page).getByRole('heading', { name: result })).toBeVisible();
  return { face, voice, result };
}

test('lip-sync of a library video and audio: progress, result, request, Reuse, playback, screenshots', async ({ page }) => {
  test.setTimeout(240_000);
  const { face, voice } = await faceAndVoice(page, 'ls');
  const outName = unique('talking').replace(/[^A-Za-z0-9_-]/g, '_');
  await recordProgressBars(page);

  await openLipsyncForm(page);
  await pick(page, 'visual', face);
  await pick(page, 'audio', voice);
  await moreOptions(page);
  await page.getByLabel('Length mismatch').selectOption('loop');
  await page.getByLabel('Output file name').fill(outName);
  await expect(page.getByText(/^Estimated /)).toBeVisible();
  await submitLipsync(page);

  // Activity: a progress bar while it runs, then Done with the result.
  const run = await lipsyncRun(page, face);
  await expect(run).toContainText(voice);
  await expect(run.getByText('Done', { exact: true })).toBeVisible({ timeout: 90_000 });
  expect(await progressSeen(page)).toContain('Lip-sync');
  const open = run.getByRole('button', { name: new RegExp(`^Open ${outName}.* in the library$`) });
  // The result has a picture: a frame of the video (Sync outputs have no VideoGen thumbnail).
  await expectPicture(open.locator('img'));

  // The result in the library, with the request that made it.
  await open.click();
  const insp = inspector(page);
  const name = await insp.getByRole('heading', { level: 2 }).textContent();
  expect(name?.startsWith(outName)).toBe(true);
  await expect(insp.getByText('Lip-sync', { exact: true }).first()).toBeVisible();
  const params = insp.getByLabel('Request parameters');
  await expect(params).toContainText('sync-3');
  await expect(params).toContainText(face);
  await expect(params).toContainText(voice);
  await expect(params).toContainText('Length mismatch');
  await expect(params).toContainText('loop');
  await expect(params).toContainText(outName);
  // In the grid too, a frame instead of the blank placeholder.
  await expectPicture(itemStartingWith(page, outName).locator('img'));
  // Actions that need VideoGen say why they don't apply.
  await expect(insp.getByRole('button', { name: 'Archive' })).toBeDisabled();
  await expect(insp.getByRole('button', { name: 'Archive' })).toHaveAttribute('title', /only on this computer/);
  await expect(insp.getByRole('switch', { name: /Public preview/ })).toHaveCount(0);
  await expect(insp.getByRole('button', { name: 'Add to VideoGen library' })).toBeVisible();

  // The preview plays.
  const media = insp.getByTestId('preview-media');
  await expect(media).toBeVisible();
  await media.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await expect.poll(() => media.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 }).toBeGreaterThan(0.3);
  await media.evaluate((v: HTMLVideoElement) => v.pause());

  // Reuse: the lip-sync form, filled in as it was.
  await insp.getByRole('button', { name: 'Reuse' }).click();
  await expect(page.getByRole('heading', { name: 'Lip-sync', exact: true })).toBeVisible();
  await expect(page.locator('[data-field="visual"] .file-chip', { hasText: face })).toBeVisible();
  await expect(page.locator('[data-field="audio"] .file-chip', { hasText: voice })).toBeVisible();
  await moreOptions(page);
  await expect(page.getByLabel('Length mismatch')).toHaveValue('loop');
  await expect(page.getByLabel('Output file name')).toHaveValue(outName);

  // Screenshots of the result in the inspector, light and dark.
  for (const theme of ['Light', 'Dark'] as const) {
    await setTheme(page, theme);
    await nav(page, 'Library').click();
    await itemStartingWith(page, outName).click();
    await expect(insp.getByRole('heading', { level: 2 })).toHaveText(name!);
    await expectPicture(itemStartingWith(page, outName).locator('img'));
    await expect(insp.getByLabel('Request parameters')).toContainText(face);
    // The video's first frame is up and nothing is loading any more (no spinner in the picture).
    await expect
      .poll(() => insp.getByTestId('preview-media').evaluate((v: HTMLVideoElement) => v.readyState >= 2 && v.networkState !== v.NETWORK_LOADING && !v.seeking))
      .toBe(true);
    await shoot(page, `lipsync-${theme.toLowerCase()}`);
    await expectAccessible(page, 'inspector-lipsync');
  }
  await setTheme(page, 'System');
});

test('lip-sync with a script read by a text-to-speech voice', async ({ page }) => {
  const { face } = await faceAndVoice(page, 'tts');
  const script = `Hello from Atelier, ${unique('take')}.`;
  await openLipsyncForm(page);
  await pick(page, 'visual', face);
  await page.getByLabel('Voice from').selectOption('text');
  await page.getByLabel('Voice id').fill('21m00Tcm4TlvDq8ikWAM');
  await page.getByLabel('Script', { exact: true }).fill(script);
  await submitLipsync(page);

  const run = await lipsyncRun(page, script);
  await expect(run.getByText('Done', { exact: true })).toBeVisible({ timeout: 90_000 });
  await run.getByRole('button', { name: /^Open .* in the library$/ }).click();
  const params = inspector(page).getByLabel('Request parameters');
  await expect(params).toContainText(face);
  await expect(params).toContainText(script);
  await expect(params).toContainText('21m00Tcm4TlvDq8ikWAM');

  await inspector(page).getByRole('button', { name: 'Reuse' }).click();
  await expect(page.getByLabel('Voice from')).toHaveValue('text');
  await expect(page.getByLabel('Script', { exact: true })).toHaveValue(script);
});

/**
 * A link to a video "with no face": the sandbox fails any input whose URL names a `noface`
 * file. Its signed download links serve the file under any last path segment, so a fresh link
 * to a library video (asked of the sandbox as VideoGen's hydrate) is renamed.
 */
async function nofaceLink(page: Page, sandboxUrl: string, face: string): Promise<{ url: string; name: string }> {
  await nav(page, 'Library').click();
  await libraryItem(page, face).click();
  const fileId = (await inspector(page).locator('.meta-row', { hasText: 'File id' }).locator('code').textContent())!.trim();
  const res = await fetch(`${sandboxUrl}/v1/files/${encodeURIComponent(fileId)}/hydrate`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${SANDBOX_KEYS.videogen}` },
  });
  expect(res.ok).toBe(true);
  const file = (await res.json()) as { downloadSource?: { url?: string | null } | null };
  const signed = file.downloadSource?.url;
  expect(signed).toBeTruthy();
  const name = `${unique('noface-take')}.mp4`;
  return { url: signed!.replace(/[^/]+$/, name), name };
}

test('a failing lip-sync says what to do, keeps its inputs, and offers Retry', async ({ page, atelier }) => {
  test.setTimeout(180_000);
  const { face, voice } = await faceAndVoice(page, 'nf');
  const { url, name: nofaceName } = await nofaceLink(page, atelier.sandbox.url, face);

  await openLipsyncForm(page);
  const visual = page.getByRole('group', { name: 'Face video or image source' });
  await visual.getByRole('button', { name: 'URL' }).click();
  await page.getByLabel('Face video or image', { exact: true }).fill(url);
  await pick(page, 'audio', voice);
  await submitLipsync(page);

  const run = await lipsyncRun(page, nofaceName);
  await expect(run.getByText('Failed', { exact: true })).toBeVisible({ timeout: 90_000 });
  // Words a person can act on (the catalog's code is kept beside them, small).
  await expect(run).toContainText('No face was found in the video. Use a clip where one face is clearly visible and facing the camera.');
  await expectAccessible(page, 'activity-lipsync-failed');
  // The inputs are kept: on the row, and in the form.
  await expect(run).toContainText(voice);
  await nav(page, 'Generate').click();
  await expect(page.getByLabel('Face video or image', { exact: true })).toHaveValue(url);
  await expect(page.locator('[data-field="audio"] .file-chip', { hasText: voice })).toBeVisible();
  // Retry is offered on the failed run (in Generate's recent runs and in Activity).
  await expect(page.getByRole('complementary', { name: 'Recent runs' }).getByRole('button', { name: 'Retry Lip-sync' }).first()).toBeVisible();

  const failedRow = await lipsyncRun(page, nofaceName);
  const before = await runs(page).filter({ hasText: nofaceName }).count();
  await failedRow.getByRole('button', { name: 'Retry Lip-sync' }).click();
  // The same request goes again as a new run (and fails again the same way).
  await expect(runs(page).filter({ hasText: nofaceName })).toHaveCount(before + 1);
  await expect(runs(page).filter({ hasText: nofaceName }).getByText('Failed', { exact: true })).toHaveCount(before + 1, { timeout: 90_000 });

  // Edit opens the form with those inputs, to change the video.
  await runs(page).filter({ hasText: nofaceName }).first().getByRole('button', { name: 'Edit Lip-sync inputs' }).click();
  await expect(page.getByRole('heading', { name: 'Lip-sync', exact: true })).toBeVisible();
  await expect(page.getByLabel('Face video or image', { exact: true })).toHaveValue(url);

  // A link Sync can't download: the words come from Sync's own error catalogue (/v2/errors).
  const gone = `${unique('gone')}.mp4`;
  await page.getByLabel('Face video or image', { exact: true }).fill(`https://unreachable.example/${gone}`);
  await dismissToasts(page);
  await submitLipsync(page);
  const goneRun = await lipsyncRun(page, gone);
  await expect(goneRun.getByText('Failed', { exact: true })).toBeVisible({ timeout: 90_000 });
  await expect(goneRun).toContainText('An input URL could not be downloaded. Use a publicly reachable URL, or upload the file as an asset and pass its assetId.');
});

test('Add to VideoGen library: a normal upload, then an uploaded video in the library', async ({ page, atelier }) => {
  test.setTimeout(180_000);
  const outName = unique('keep').replace(/[^A-Za-z0-9_-]/g, '_');
  const { result } = await lipsyncFromLibrary(page, 'send', outName);
  await recordProgressBars(page);
  const insp = inspector(page);

  await insp.getByRole('button', { name: 'Add to VideoGen library' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Adding “${result}” to your VideoGen library` })).toBeVisible();
  // Followed in the inspector until VideoGen has it.
  await expect(insp.getByRole('status').filter({ hasText: 'In your VideoGen library' })).toBeVisible({ timeout: 60_000 });

  // Activity shows it as an upload that went through (with a progress bar on the way).
  await nav(page, 'Activity').click();
  const row = uploadRows(page).filter({ hasText: result });
  await expect(row).toHaveCount(1);
  await expect(row.getByText('Ready', { exact: true })).toBeVisible({ timeout: 60_000 });
  const seen = await progressSeen(page);
  expect(seen.some((n) => n === result || n === 'Adding to VideoGen library')).toBe(true);

  // In the library: the uploaded video, next to the local lip-sync result.
  await row.getByRole('button', { name: result }).click();
  await expect(insp.getByRole('heading', { name: result })).toBeVisible();
  const badges = insp.locator('.insp-badges');
  await expect(badges.getByText('Uploaded', { exact: true })).toBeVisible();
  await expect(badges.getByText('Video', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(insp.getByRole('switch', { name: /Public preview/ })).toBeVisible();
  await expect(libraryItem(page, result)).toHaveCount(2);

  // Sending again (even after a restart of the window) doesn't upload twice.
  await openApp(page, atelier.url);
  await itemStartingWith(page, outName).filter({ hasText: 'Lip-sync' }).click();
  await insp.getByRole('button', { name: 'Add to VideoGen library' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'is already in your VideoGen library' })).toBeVisible();
  await nav(page, 'Activity').click();
  await expect(uploadRows(page).filter({ hasText: result })).toHaveCount(1);
});
