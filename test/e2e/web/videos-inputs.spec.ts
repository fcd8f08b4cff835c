/**
 * Whole videos from files on this computer, and what follows a video (by accessible names):
 *
 *  - a slideshow from a PDF chosen with "Choose a file on this computer…", a logo dropped on its
 *    field from the desktop, per-slide scripts and a caption style (top, green, extra large): the
 *    export shows the captions where and how they were asked for;
 *  - a voiceover video from an audio file in the library;
 *  - a run cancelled from Activity;
 *  - a remix saved as a new project, the original left as it was;
 *  - Projects still listed with the API gone (offline), from this computer's cache.
 *
 * Every new state is checked with axe-core and saved in light and dark
 * (test/artifacts/screens/video-*.png).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { pdfWithPages } from '../../integration/sandbox/support/documents';
import { expectAccessible } from './axe';
import { expect, expectReadyInLibrary, fileOption, launchChromium, openApp, repoRoot, startSandboxProcess, startWebHostProcess, tempDir, test } from './fixtures';
import { m4a, png, portable, unique } from './media';

const out = path.join(repoRoot, 'test/artifacts/screens');

const navTo = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
const newVideo = (page: Page) => page.getByRole('button', { name: 'New video', exact: true }).first().click();
const projects = (page: Page) => page.getByRole('list', { name: 'Projects' }).getByRole('listitem');
const project = (page: Page, title: RegExp | string) => projects(page).filter({ has: page.getByRole('heading', { name: title }) });
const runRow = (page: Page, text: string) => page.locator('section[aria-labelledby="gen-title"] li', { hasText: text });
const field = (page: Page, name: string) => page.getByRole('group', { name, exact: true });

async function setTheme(page: Page, theme: 'Light' | 'Dark' | 'System'): Promise<void> {
  await navTo(page, 'Settings');
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: theme }).click();
}

async function shootAndCheck(page: Page, name: string, within?: string): Promise<void> {
  const dismiss = page.getByRole('button', { name: 'Dismiss' });
  for (let i = 0; i < 10 && (await dismiss.count()) > 0; i++) await dismiss.first().click({ timeout: 2_000 }).catch(() => {});
  await expect(page.locator('.toast')).toHaveCount(0);
  mkdirSync(out, { recursive: true });
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
  await expectAccessible(page, name.replace(/-(light|dark)$/, ''), within ? { within } : {});
}

/** Drops a file from "the desktop" (a DataTransfer carrying it) on `target`. */
async function dropFile(target: Locator, file: { name: string; type: string; b64: string }): Promise<void> {
  await target.evaluate((el, f) => {
    const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], f.name, { type: f.type }));
    for (const type of ['dragenter', 'dragover', 'drop']) el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, file);
}

/** The project's newest export: its file id from the thumbnail's media URL. */
async function exportFileId(card: Locator): Promise<string> {
  const src = await card.locator('.project-thumb img').getAttribute('src');
  return decodeURIComponent(/\/([^/]+)\/thumb$/.exec(src ?? '')![1]!);
}

/** One frame (at `seconds`) of an export, as 64×36 RGB bytes. */
async function frame(page: Page, fileId: string, seconds: number): Promise<Buffer> {
  const b64 = await page.evaluate(async (id) => {
    const img = document.querySelector<HTMLImageElement>('.project-thumb img');
    const url = img!.src.replace(/[^/]+\/thumb$/, `${encodeURIComponent(id)}/download`);
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }, fileId);
  const file = path.join(tempDir('frames'), `${fileId}.mp4`);
  writeFileSync(file, Buffer.from(b64, 'base64'));
  return execFileSync('ffmpeg', ['-v', 'error', '-ss', String(seconds), '-i', file, '-frames:v', '1', '-vf', 'scale=64:36', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
}

/**
 * Pixels that are plainly green (the caption colour asked for), in rows [from, to) of a 64×36
 * frame, left of the logo (which sits in the lower-right corner and has green in it).
 */
function greenPixels(rgb: Buffer, from: number, to: number): number {
  let n = 0;
  for (let y = from; y < to; y++)
    for (let x = 0; x < 44; x++) {
      const i = (y * 64 + x) * 3;
      if (rgb[i + 1]! > 150 && rgb[i]! < 110 && rgb[i + 2]! < 110) n++;
    }
  return n;
}

test('a slideshow from a PDF on this computer, a dropped logo and styled captions: the export shows them as asked', async ({ page }) => {
  test.setTimeout(240_000);
  const dir = tempDir('slides');
  const deck = `${unique('deck')}.pdf`;
  writeFileSync(path.join(dir, deck), pdfWithPages(2));
  const logo = png(dir, `${unique('logo')}.png`, 'testsrc2');

  await newVideo(page);
  await page.getByRole('radio', { name: /^Slideshow/ }).check();
  // The deck, chosen in the system's file dialog.
  const chooser = page.waitForEvent('filechooser');
  await field(page, 'Slides').getByRole('button', { name: 'Choose a file on this computer…' }).click();
  await (await chooser).setFiles(path.join(dir, deck));
  await expect(field(page, 'Slides').locator('.file-chip:not(.file-chip-pending)', { hasText: deck })).toBeVisible({ timeout: 60_000 });
  // Only one deck: the chooser is gone until it is removed.
  await expect(field(page, 'Slides').getByRole('button', { name: 'Choose a file on this computer…' })).toHaveCount(0);
  // The logo, dropped on its field from the desktop.
  await dropFile(field(page, 'Logo'), portable(logo, 'image/png'));
  await expect(field(page, 'Logo').locator('.file-chip:not(.file-chip-pending)', { hasText: path.basename(logo) })).toBeVisible({ timeout: 60_000 });
  // Both are in the library too.
  await navTo(page, 'Library');
  await expectReadyInLibrary(page, deck);
  await newVideo(page);
  await expect(field(page, 'Slides').locator('.file-chip', { hasText: deck })).toBeVisible();

  await page.getByRole('textbox', { name: 'Slide scripts' }).fill('Welcome to the green caption test.\n\nThat is all for today.');
  await page.getByLabel('Caption position').selectOption({ label: 'Top' });
  await page.getByLabel('Caption size').selectOption({ label: 'Extra large' });
  await page.getByLabel('Caption background').selectOption({ label: 'None' });
  await page.getByLabel('Caption colour').fill('#00ff00');
  await expect(page.getByRole('button', { name: 'Reset colour' })).toBeVisible();
  await shootAndCheck(page, 'video-slideshow-files-light');
  await page.getByRole('button', { name: 'Create video' }).click();
  await expect(runRow(page, 'Slideshow video').getByText('Done')).toBeVisible({ timeout: 90_000 });

  await navTo(page, 'Projects');
  const card = projects(page).filter({ hasText: 'Slideshow video' }).first();
  await expect(card.getByText('Ready')).toBeVisible({ timeout: 60_000 });
  await card.getByLabel('Quality').selectOption({ label: '480p' });
  await card.getByRole('button', { name: 'Export MP4' }).click();
  await expect(card.locator('.project-thumb img')).toBeVisible({ timeout: 90_000 });
  const rgb = await frame(page, await exportFileId(card), 1);
  // Green letters in the top third of the picture, none in the bottom third.
  const top = greenPixels(rgb, 0, 12);
  const bottom = greenPixels(rgb, 24, 36);
  console.log(`green caption pixels: top ${top}, bottom ${bottom}`);
  expect(top).toBeGreaterThan(15);
  expect(bottom).toBeLessThan(2);

  await setTheme(page, 'Dark');
  await newVideo(page);
  await page.getByRole('radio', { name: /^Slideshow/ }).check();
  await shootAndCheck(page, 'video-slideshow-files-dark');
  // Leave the shared app in the theme it had: the next spec's checks read it.
  await setTheme(page, 'System');
});

test('a voiceover video from the library; a run cancelled from Activity; a remix saved as a new project', async ({ page }) => {
  test.setTimeout(240_000);
  const dir = tempDir('voiceover');
  const voice = `${unique('narration')}.m4a`;
  await page.getByTestId('add-files-input').setInputFiles([m4a(dir, voice, 4)]);
  await expectReadyInLibrary(page, voice);

  await newVideo(page);
  await page.getByRole('radio', { name: /^Voiceover/ }).check();
  await page.getByRole('button', { name: 'Create video' }).click();
  await expect(page.getByRole('alert')).toHaveText('Choose the voiceover audio: from the library or a file on this computer.');
  await field(page, 'Voiceover audio').getByRole('button', { name: 'Choose from library…' }).click();
  const picker = page.getByRole('dialog').filter({ has: page.getByRole('listbox', { name: 'Library files' }) });
  await fileOption(picker, voice).click();
  await picker.getByRole('button', { name: 'Use file' }).click();
  await expect(field(page, 'Voiceover audio').locator('.file-chip', { hasText: voice })).toBeVisible();
  await page.getByRole('switch', { name: /Captions/ }).uncheck();
  await expect(page.getByLabel('Caption position')).toHaveCount(0);
  await page.getByRole('button', { name: 'Create video' }).click();
  const title = voice.replace(/\.m4a$/, '');
  // Activity names the audio it was made from.
  await expect(runRow(page, 'Voiceover video').first()).toContainText(voice);
  await expect(runRow(page, 'Voiceover video').first().getByText('Done')).toBeVisible({ timeout: 90_000 });

  // A script video, cancelled while it runs. (The form is as it was left: Voiceover.)
  await newVideo(page);
  await expect(page.getByRole('radio', { name: /^Voiceover/ })).toBeChecked();
  await page.getByRole('radio', { name: /^Script/ }).check();
  await page.getByRole('textbox', { name: 'Script' }).fill('A video nobody needs after all.');
  await page.getByRole('button', { name: 'Create video' }).click();
  const doomed = runRow(page, 'A video nobody needs after all.');
  await doomed.getByRole('button', { name: /^Cancel / }).click();
  await expect(doomed.getByText('Cancelled')).toBeVisible({ timeout: 30_000 });
  await expect(doomed.getByRole('button', { name: /^Cancel / })).toHaveCount(0);
  await shootAndCheck(page, 'video-cancelled-light');

  // The voiceover project, remixed into a copy.
  await navTo(page, 'Projects');
  const card = projects(page).filter({ hasText: 'Voiceover video' }).first();
  await expect(card.getByText('Ready')).toBeVisible({ timeout: 60_000 });
  const name = (await card.getByRole('heading').textContent())!;
  expect(name.toLowerCase()).toContain(title.split('-')[0]!.toLowerCase());
  const before = await projects(page).count();
  await card.getByRole('button', { name: 'Remix…' }).click();
  const remix = page.getByRole('dialog', { name: `Remix “${name}”` });
  await remix.getByLabel('Action', { exact: true }).selectOption({ label: 'Show captions' });
  await remix.getByRole('button', { name: 'Add action' }).click();
  await remix.getByLabel('Caption position').selectOption({ label: 'Middle' });
  await remix.getByRole('switch', { name: /Save as a new project/ }).check();
  await remix.getByRole('button', { name: 'Remix', exact: true }).click();
  await expect(remix).toHaveCount(0);
  await expect(projects(page)).toHaveCount(before + 1, { timeout: 60_000 });
  await expect(project(page, name)).toHaveCount(2);

  await setTheme(page, 'Dark');
  await navTo(page, 'Activity');
  await expect(doomed.getByText('Cancelled')).toBeVisible();
  await shootAndCheck(page, 'video-cancelled-dark');
  await setTheme(page, 'System');
});

test('Projects stay listed with the API gone, from this computer', async () => {
  test.setTimeout(180_000);
  const root = tempDir('projects-offline');
  const sandbox = await startSandboxProcess({ dataDir: path.join(root, 'sandbox') });
  const host = await startWebHostProcess({ dataDir: path.join(root, 'app'), sandbox });
  const browser = await launchChromium();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await openApp(page, host.url);
    await newVideo(page);
    await page.getByRole('textbox', { name: 'Script' }).fill('Kept for a day without the network.');
    await page.getByRole('button', { name: 'Create video' }).click();
    await expect(runRow(page, 'Kept for a day without the network.').getByText('Done')).toBeVisible({ timeout: 90_000 });
    await navTo(page, 'Projects');
    const card = projects(page).filter({ hasText: 'Script video' }).first();
    await expect(card.getByText('Ready')).toBeVisible({ timeout: 60_000 });
    const title = (await card.getByRole('heading').textContent())!;

    await sandbox.stop();
    const status = page.getByRole('contentinfo', { name: 'Status' });
    await expect(status.getByText('Offline', { exact: true })).toBeVisible({ timeout: 60_000 });
    await page.reload();
    await expect(page.locator('[data-app-state="ready"]')).toBeVisible();
    await navTo(page, 'Projects');
    await expect(project(page, title)).toBeVisible();
    await expect(project(page, title).getByText('Script video')).toBeVisible();
    await shootAndCheck(page, 'video-projects-offline-light');
    await setTheme(page, 'Dark');
    await navTo(page, 'Projects');
    await expect(project(page, title)).toBeVisible();
    await shootAndCheck(page, 'video-projects-offline-dark');
  } finally {
    await browser.close();
    await host.stop();
    await sandbox.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
