/**
 * The upload line in Activity, by accessible names, one upload at a time (Upload concurrency 1,
 * a sandbox that takes 2.5 s per request so the line waits). The line is the order the files were
 * picked in; "Move to top" on the last queued upload makes it the next to start, a drag puts one before another, both survive a restart of
 * the app, and the uploads start in exactly that order. Checked with axe and saved in light and
 * dark (test/artifacts/screens/activity-upload-order-*.png). Runs on its own app: it changes
 * the concurrency and restarts the host.
 */
import path from 'node:path';
import { rmSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, launchChromium, nav, openApp, startSandboxProcess, startWebHostProcess, tempDir, test } from './fixtures';
import { png, unique } from './media';
import { bothThemes } from './themes';

const uploadsRegion = (page: Page) => page.locator('section[aria-labelledby="up-title"]');
const row = (page: Page, name: string) => uploadsRegion(page).locator('[data-upload-id]', { hasText: name });
const badge = (r: Locator, text: string) => r.getByText(text, { exact: true });

/** Remember the order in which rows first show a state past Queued (the order uploads start). */
async function recordStarts(page: Page): Promise<void> {
  await page.evaluate(() => {
    const starts: string[] = [];
    (window as unknown as { __starts: string[] }).__starts = starts;
    const scan = () => {
      for (const r of document.querySelectorAll('[data-upload-id]')) {
        const name = r.querySelector('.arow-name')?.textContent ?? '';
        const state = r.querySelector('.badge')?.textContent ?? '';
        if (name && state !== 'Queued' && state !== 'Receiving' && !starts.includes(name)) starts.push(name);
      }
    };
    scan();
    new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}
const starts = (page: Page) => page.evaluate(() => [...(window as unknown as { __starts: string[] }).__starts]);

/** The queued rows, top to bottom, as the list shows them. */
const queuedOrder = (page: Page) =>
  uploadsRegion(page)
    .locator('[data-upload-id]')
    .evaluateAll((rows) => rows.filter((r) => r.querySelector('.badge')?.textContent === 'Queued').map((r) => r.querySelector('.arow-name')?.textContent ?? ''));

test('upload line: Move to top and a drag decide what uploads next, and the order survives a restart', async () => {
  test.setTimeout(240_000);
  const root = tempDir('upload-order');
  const sandbox = await startSandboxProcess({ dataDir: path.join(root, 'sandbox'), extra: ['--latency-ms', '2500'] });
  let host = await startWebHostProcess({ dataDir: path.join(root, 'app'), sandbox });
  const browser = await launchChromium();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await openApp(page, host.url);

    // One upload at a time, so the rest wait in line.
    await nav(page, 'Settings').click();
    const slider = page.getByRole('slider', { name: 'Upload concurrency' });
    await slider.focus();
    await slider.press('Home');
    await expect(slider).toHaveValue('1');

    const dir = tempDir('upload-order-media');
    const [a, b, c, d, e] = ['first', 'second', 'third', 'fourth', 'fifth'].map((s) => `${unique(s)}.png`) as [string, string, string, string, string];
    const files = [a, b, c, d, e].map((n, i) => png(dir, n, i % 2 ? 'mandelbrot' : 'gradients'));
    await nav(page, 'Activity').click();
    await recordStarts(page);
    await page.getByTestId('add-files-input').setInputFiles(files);
    // The browser sends the five side by side, so whichever arrives first starts at once; the
    // rest wait in the order they were picked, however their bytes arrive. Read the line once
    // all five have arrived and one is under way.
    await expect(row(page, e)).toBeVisible({ timeout: 30_000 });
    await expect.poll(async () => (await queuedOrder(page)).length + (await starts(page)).length, { timeout: 30_000 }).toBe(5);
    await expect.poll(() => starts(page)).toHaveLength(1);
    const line0 = await queuedOrder(page);
    const [first] = await starts(page);
    expect(line0).toEqual([a, b, c, d, e].filter((n) => n !== first));
    // Only queued rows can be moved or dragged: the one under way has neither.
    await expect(row(page, first!).getByRole('button', { name: 'Move to top' })).toHaveCount(0);
    await expect(row(page, first!)).not.toHaveAttribute('draggable', 'true');

    // "Move to top" on the last one, from the keyboard: it is first in line, and the focus stays
    // on its button. Its name is the button's description.
    const last = line0[3]!;
    const line1 = [last, ...line0.slice(0, 3)];
    const toTop = row(page, last).getByRole('button', { name: 'Move to top' });
    await expect(toTop).toHaveAccessibleDescription(last);
    await toTop.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => queuedOrder(page)).toEqual(line1);
    await expect(toTop).toBeFocused();

    // Drag the fourth in line onto the upper half of the second: just before it.
    const line2 = [line1[0]!, line1[3]!, line1[1]!, line1[2]!];
    await row(page, line1[3]!).dragTo(row(page, line1[1]!), { targetPosition: { x: 40, y: 4 } });
    await expect.poll(async () => (await queuedOrder(page)).filter((n) => n !== line1[0])).toEqual(line2.slice(1));
    expect(await starts(page)).toEqual([first]);

    // A restart of the app keeps the line.
    const before = await starts(page);
    await host.stop();
    host = await startWebHostProcess({ dataDir: path.join(root, 'app'), sandbox });
    await openApp(page, host.url);
    await nav(page, 'Activity').click();
    await recordStarts(page);
    await expect(row(page, line2[3]!)).toBeVisible();
    const line = await queuedOrder(page);
    expect(line.length).toBeGreaterThanOrEqual(2);
    expect(line).toEqual(line2.filter((n) => line.includes(n)));

    await bothThemes(page, 'Activity', 'activity-upload-order');

    for (const n of [a, b, c, d, e]) await expect(badge(row(page, n), 'Ready')).toBeVisible({ timeout: 90_000 });
    const after = await starts(page);
    expect([...before, ...after.filter((n) => !before.includes(n))]).toEqual([first, ...line2]);
  } finally {
    await browser.close();
    await host.stop();
    await sandbox.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
