/**
 * Steps shared by the lip-sync specs that use files on this computer and Sync's options: the
 * form by its accessible names, a local file through the real file chooser, and what the
 * sandbox received, read back through Sync's own API (assets, generations).
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, nav, SANDBOX_KEYS } from './fixtures';
import { dismissToasts } from './toasts';

export const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });
const tool = (page: Page, label: string) => page.getByRole('navigation', { name: 'Tools' }).getByRole('button', { name: label, exact: true });
export const runs = (page: Page) => page.locator('section[aria-labelledby="gen-title"] li');

export async function openLipsyncForm(page: Page): Promise<void> {
  await nav(page, 'Generate').click();
  await tool(page, 'Lip-sync').click();
  await expect(page.getByRole('heading', { name: 'Lip-sync', exact: true })).toBeVisible();
}

export async function moreOptions(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: /More options/ });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

/** A lip-sync input by its label ("Face video or image", "Audio", "Segment 1 audio"). */
export const input = (page: Page, label: string) => page.getByRole('group', { name: label, exact: true });

/** "Choose a file on this computer…" on an input, and the file picked in the browser's chooser. */
export async function chooseLocal(page: Page, label: string, file: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await input(page, label).getByRole('button', { name: 'Choose a file on this computer…' }).click();
  await (await chooser).setFiles(file);
}

/** The chip of a local file: its name and its size. */
export function localChip(page: Page, label: string, file: string): Locator {
  return input(page, label).locator('.file-chip', { hasText: path.basename(file) });
}

export function sizeText(file: string): RegExp {
  const mb = statSync(file).size / 1024 / 1024;
  return mb >= 1 ? new RegExp(`${mb.toFixed(1).replace('.', '\\.')} MB`) : /\d+(\.\d)? KB/;
}

export async function submitLipsync(page: Page): Promise<void> {
  await dismissToasts(page);
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Lip-sync queued' })).toBeVisible();
}

/** The Activity row of the newest lip-sync run that mentions `text`. */
export async function lipsyncRun(page: Page, text: string): Promise<Locator> {
  await nav(page, 'Activity').click();
  const row = runs(page).filter({ hasText: 'Lip-sync' }).filter({ hasText: text }).first();
  await expect(row).toBeVisible();
  return row;
}

/** Wait for Done and open the result in the inspector. */
export async function openResult(page: Page, run: Locator): Promise<void> {
  await expect(run.getByText('Done', { exact: true })).toBeVisible({ timeout: 90_000 });
  await run.getByRole('button', { name: /^Open .* in the library$/ }).click();
  await expect(inspector(page).getByLabel('Request parameters')).toBeVisible();
}

/** Sync's API on the sandbox, with the Sync key, as any client would read it. */
export async function syncGet<T>(sandboxUrl: string, p: string): Promise<T> {
  const res = await fetch(`${sandboxUrl}${p}`, { headers: { 'x-api-key': SANDBOX_KEYS.sync } });
  expect(res.status, `GET ${p}`).toBe(200);
  return (await res.json()) as T;
}

export interface SyncGeneration {
  id: string;
  status: string;
  input: Array<{ type: string; url?: string | null; assetId?: string | null; refId?: string | null; provider?: Record<string, unknown> }>;
  options?: Record<string, unknown> | null;
  segments?: unknown[] | null;
  outputFileName?: string | null;
}

/** A video of more than 20 MB (mpeg4 at a high bit rate), so it must go to Sync as an asset. */
export function bigVideo(dir: string, name: string): string {
  const out = path.join(dir, name);
  execFileSync('/usr/bin/ffmpeg', [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-f', 'lavfi', '-i', `sine=frequency=${300 + Math.floor(Math.random() * 500)}`,
    '-t', '3', '-c:v', 'mpeg4', '-b:v', '80M', '-minrate', '80M', '-maxrate', '80M', '-bufsize', '10M', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', out,
  ]);
  return out;
}
