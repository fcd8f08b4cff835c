import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, library, libraryItem, nav, test } from './fixtures';
import { portable, samples } from './media';

/** Remember every progress bar the Activity view ever shows (uploads can be quick). */
async function recordProgressBars(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen = new Set<string>();
    (window as unknown as { __progress: Set<string> }).__progress = seen;
    const scan = () => document.querySelectorAll('progress[aria-label]').forEach((p) => seen.add(p.getAttribute('aria-label')!));
    new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}
const progressSeen = (page: Page) => page.evaluate(() => [...(window as unknown as { __progress: Set<string> }).__progress]);

async function expectUploadsReady(page: Page, names: string[]): Promise<void> {
  await nav(page, 'Activity').click();
  const uploads = page.getByRole('region', { name: 'Uploads' }).or(page.locator('section[aria-labelledby="up-title"]'));
  for (const name of names) {
    const row = uploads.locator('li', { hasText: name });
    await expect(row).toBeVisible();
    await expect(row.getByText('Ready', { exact: true })).toBeVisible({ timeout: 60_000 });
  }
}

async function expectInLibrary(page: Page, names: string[]): Promise<void> {
  await nav(page, 'Library').click();
  await expect(library(page)).toBeVisible();
  for (const name of names) await expect(libraryItem(page, name)).toBeVisible({ timeout: 30_000 });
}

test('Add files and Add folder: progress, then ready in the library', async ({ page }) => {
  const s = samples('picked');
  await nav(page, 'Activity').click();
  await recordProgressBars(page);
  await page.getByTestId('add-files-input').setInputFiles(s.files);
  await page.getByTestId('add-folder-input').setInputFiles(s.folder);
  const names = [...s.files, ...s.folderFiles].map((f) => path.basename(f));
  await expect(page.getByRole('status').filter({ hasText: /Queued/ }).first()).toBeVisible();
  await expectUploadsReady(page, names);
  // Every file had a progress bar named after it at some point.
  expect((await progressSeen(page)).filter((n) => names.includes(n)).sort()).toEqual([...names].sort());
  await expectInLibrary(page, names);
});

test('files and a folder dropped anywhere on the window become uploads', async ({ page }) => {
  const s = samples('dropped');
  const files = [portable(s.files[0]!, 'image/png'), portable(s.files[1]!, 'video/mp4')];
  const folder = { name: path.basename(s.folder), files: s.folderFiles.map((f) => portable(f, 'image/png')) };
  await nav(page, 'Activity').click();
  await recordProgressBars(page);
  // A synthetic drop: a DataTransfer built in the page, the folder as a directory entry (what
  // Finder/Explorer drops produce through webkitGetAsEntry).
  await page.evaluate(
    ({ files, folder }) => {
      const toFile = (f: { name: string; type: string; b64: string }) =>
        new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { type: f.type });
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(toFile(f));
      const marker = new File([''], folder.name);
      dt.items.add(marker);
      const folderFiles = folder.files.map(toFile);
      const fileEntry = (file: File) => ({ isFile: true, isDirectory: false, name: file.name, file: (ok: (f: File) => void) => ok(file) });
      const dirEntry = {
        isFile: false,
        isDirectory: true,
        name: folder.name,
        createReader() {
          let done = false;
          return {
            readEntries(ok: (e: unknown[]) => void) {
              const batch = done ? [] : folderFiles.map(fileEntry);
              done = true;
              setTimeout(() => ok(batch)); // asynchronous, like the real API
            },
          };
        },
      };
      const original = DataTransferItem.prototype.getAsFile;
      const proto = DataTransferItem.prototype as unknown as { webkitGetAsEntry: () => unknown };
      proto.webkitGetAsEntry = function (this: DataTransferItem) {
        const f = original.call(this);
        if (!f) return null;
        return f.name === folder.name ? dirEntry : fileEntry(f);
      };
      const target = document.querySelector('main') ?? document.body;
      target.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: dt }));
      target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }));
      (window as unknown as { __drop: () => void }).__drop = () =>
        target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
    },
    { files, folder },
  );
  // The whole window shows it will take the drop…
  await expect(page.getByText('Drop to upload')).toBeVisible();
  await page.evaluate(() => (window as unknown as { __drop: () => void }).__drop());
  await expect(page.getByText('Drop to upload')).toHaveCount(0);
  const names = [...s.files, ...s.folderFiles].map((f) => path.basename(f));
  await expectUploadsReady(page, names);
  expect((await progressSeen(page)).filter((n) => names.includes(n)).sort()).toEqual([...names].sort());
  await expectInLibrary(page, names);
});

test('a pasted image is uploaded', async ({ page }) => {
  const s = samples('pasted');
  const f = portable(s.files[0]!, 'image/png');
  await page.evaluate((f) => {
    const dt = new DataTransfer();
    dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], 'image.png', { type: 'image/png' }));
    window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, f);
  await nav(page, 'Activity').click();
  await expect(page.locator('section[aria-labelledby="up-title"] li', { hasText: /^Pasted image / }).first()).toBeVisible();
});
