/**
 * Issue 11: 10,000 files dropped on the web host's page at once. "Queued 10,000 files" within
 * seconds, one grouped, virtualized batch row with its counts, and when VideoGen's hourly upload
 * limit is used up, when it continues; no task on the page's main thread over 50 ms from the
 * drop being queued until every file's bytes have left the browser.
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { makePng } from '../../helpers/worker-harness';
import { expectAccessible } from './axe';
import { traceMainThread } from './main-thread';
import { bothThemes } from './themes';
import { expect, launchChromium, nav, openApp, startSandboxProcess, startWebHostProcess, tempDir, test } from './fixtures';

// Playwright's trace snapshots the whole document on the page's own main thread at every action
// and assertion (tens of ms each with 10,000 rows in the store); those would be counted as the
// app's long tasks. This file measures the app, so it records no trace.
test.use({ trace: 'off' });

const LIMIT_NOTE = /^VideoGen’s limit of uploads per hour is used up; the rest continue by themselves at \d{1,2}:\d\d( [AP]M)?\.$/;
const STATUS_LIMIT = /^[\d,]+ uploads \(VideoGen’s hourly limit: more at \d{1,2}:\d\d( [AP]M)?\)/;

/** Waits until the text of some element matching `selector` matches `re`, reading the DOM every 250 ms. */
async function untilText(page: Page, selector: string, re: RegExp, timeout = 20_000): Promise<void> {
  await page
    .waitForFunction(
      ([sel, source, flags]) => [...document.querySelectorAll(sel)].some((e) => new RegExp(source, flags).test((e.textContent ?? '').trim())),
      [selector, re.source, re.flags] as const,
      { polling: 250, timeout },
    )
    .catch((e: Error) => {
      throw new Error(`no ${selector} said ${re} within ${timeout} ms (${e.message})`);
    });
}

test('10,000 files dropped at once: queued within seconds, one grouped batch, and the hourly limit said', async () => {
  test.setTimeout(360_000);
  const root = tempDir('tenk');
  const sandbox = await startSandboxProcess({ dataDir: path.join(root, 'sandbox'), extra: ['--rate-limit', 'files.upload=20'] });
  const host = await startWebHostProcess({ dataDir: path.join(root, 'app'), sandbox });
  const browser = await launchChromium();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await openApp(page, host.url);
    await nav(page, 'Activity').click();
    // Every main-thread task longer than 50 ms (wall time) from now on, with when it happened.
    await page.evaluate(() => {
      const w = window as unknown as { __long: Array<{ at: number; ms: number }> };
      w.__long = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__long.push({ at: e.startTime, ms: e.duration });
      }).observe({ type: 'longtask', buffered: false });
      // What ran in them (Long Animation Frames name the scripts), for the failure message.
      const v = window as unknown as { __frames: string[] };
      v.__frames = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as Array<{ startTime: number; duration: number; scripts: Array<{ invoker: string; sourceFunctionName: string; sourceCharPosition: number; duration: number }> }>) {
          const scripts = e.scripts.filter((x) => x.duration >= 10).map((x) => `${x.invoker} ${x.sourceFunctionName}@${x.sourceCharPosition} ${Math.round(x.duration)} ms`);
          v.__frames.push(`${Math.round(e.startTime)}: ${Math.round(e.duration)} ms [${scripts.join('; ')}]`);
        }
      }).observe({ type: 'long-animation-frame', buffered: false });
    });
    // 10,000 distinct small PNG files (one real image, each with its number after the end chunk,
    // which decoders ignore), dropped on the window as a person would drop them.
    const png = makePng(1, 8).toString('base64');
    const droppedAt = await page.evaluate((b64) => {
      const dt = new DataTransfer();
      const base = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      for (let i = 0; i < 10_000; i++) {
        const bytes = new Uint8Array(base.length + 2);
        bytes.set(base);
        bytes[base.length] = i & 255;
        bytes[base.length + 1] = (i >> 8) & 255;
        dt.items.add(new File([bytes], `frame-${String(i).padStart(5, '0')}.png`, { type: 'image/png' }));
      }
      const target = document.querySelector('main') ?? document.body;
      target.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: dt }));
      target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }));
      const at = performance.now();
      target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
      return at;
    }, png);
    // On screen (the notification) and said once by the live region.
    await expect(page.getByText('Queued 10,000 files', { exact: true })).toBeVisible({ timeout: 30_000 });
    const queuedAt = await page.evaluate(() => performance.now());
    const trace = await traceMainThread(browser.context, page);
    const queuedMs = Math.round(queuedAt - droppedAt);
    // While the trace runs, the page is checked with plain DOM reads (untilText): a Playwright
    // assertion that has to retry takes an aria snapshot of the whole page at each try, 20-40 ms
    // on the page's main thread that the trace would count against the app. The same facts are
    // asserted the usual way once the trace has stopped.
    const uploads = page.locator('section[aria-labelledby="up-title"]');
    const batch = uploads.locator('[data-batch-id]');
    await untilText(page, '[data-testid="live-region"]', /Queued 10,000 files\./);
    await untilText(page, '[data-batch-id] .arow-name', /^10,000 files$/);
    // Virtualized: a screenful of rows in the document, not 10,000. Unfolding is measured too.
    await batch.getByRole('button', { name: 'Show 10,000 files' }).click();
    await untilText(page, '[data-upload-id] .arow-name', /^frame-\d{5}\.png$/);
    const rowsShown = await page.evaluate(() => document.querySelectorAll('[data-upload-id]').length);
    await batch.getByRole('button', { name: 'Hide files' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-upload-id]').length === 0, undefined, { polling: 250 });
    // 20 creates an hour on this sandbox: the batch says when it continues, and so does the
    // status bar instead of "9,980 uploading".
    await untilText(page, '[data-batch-id] .arow-note-warn', LIMIT_NOTE, 120_000);
    await untilText(page, '[data-batch-id] .arow-sub', /\d+ ready/, 60_000);
    await untilText(page, 'footer.statusbar *', STATUS_LIMIT);
    // The heaviest part for the page: the files' bytes leave the browser (4 at a time) and the rows
    // change state by the thousand. Measured until none is still coming from the browser, or for
    // at most 150 s of it (on a loaded 2-core machine sending all 10,000 can take longer), and then
    // only if at least 2,000 files went through in that time.
    const allSent = await page
      .waitForFunction(() => ![...document.querySelectorAll('[data-batch-id] .arow-sub')].some((e) => e.textContent?.includes('coming from the browser')), undefined, { polling: 1_000, timeout: 150_000 })
      .then(() => true)
      .catch(() => false);
    // Every one of the 10,000 accounted for on the row, none failed:
    // "20 ready · 7,488 queued · 2,492 coming from the browser · 5.27 KB of 2.57 MB".
    const counts = (await batch.locator('.arow-sub').first().innerText()).split(' · ');
    const count = (what: string) => counts.map((c) => new RegExp(`^([\\d,]+) ${what}$`).exec(c)).reduce((t, m) => t + (m ? Number(m[1]!.replace(/,/g, '')) : 0), 0);
    const receiving = count('coming from the browser');
    expect(count('(ready|uploading|processing|queued)') + receiving, counts.join(' · ')).toBe(10_000);
    expect(allSent || 10_000 - receiving >= 2_000, counts.join(' · ')).toBe(true);
    await page.waitForTimeout(5_000);
    const tasks = await trace.stop();
    // What was checked above with DOM reads, asserted as a person sees it (except the live region,
    // which has moved on to progress summaries by now).
    await expect(batch).toHaveCount(1);
    await expect(batch.getByText('10,000 files', { exact: true })).toBeVisible();
    expect(rowsShown).toBeGreaterThan(0);
    expect(rowsShown).toBeLessThan(60);
    await expect(batch.getByText(LIMIT_NOTE)).toBeVisible();
    await expect(batch.getByText(/\d+ ready/)).toBeVisible();
    await expect(page.getByRole('contentinfo', { name: 'Status' }).getByText(STATUS_LIMIT)).toBeVisible();
    const long = await page.evaluate((from) => (window as unknown as { __long: Array<{ at: number; ms: number }> }).__long.filter((t) => t.at >= from), queuedAt);
    const longestWall = Math.round(Math.max(0, ...long.map((t) => t.ms)));
    const frames = await page.evaluate(() => (window as unknown as { __frames: string[] }).__frames);
    const byCpu = [...tasks].sort((x, y) => y.cpuMs - x.cpuMs);
    if (process.env['DROP_10K_FRAMES']) console.log(`${frames.join('\n')}\nlongest tasks (CPU ms): ${JSON.stringify(byCpu.slice(0, 10))}`);
    const longestCpu = Math.round(byCpu[0]?.cpuMs ?? 0);
    const load = loadavg()[0]!.toFixed(1);
    console.log(
      `10,000-file drop: "Queued 10,000 files" after ${queuedMs} ms. While ${10_000 - receiving} files' bytes were sent (${tasks.length} main-thread tasks, machine load ${load}): ` +
        `longest task ${longestCpu} ms of CPU time; in wall time ${longestWall} ms (${long.length} tasks over 50 ms).`,
    );
    test.info().annotations.push({ type: 'measure', description: `queued ${queuedMs} ms; longest task ${longestCpu} ms CPU, ${longestWall} ms wall; load ${load}` });
    expect(queuedMs).toBeLessThan(10_000);
    expect(tasks.length, 'the trace saw the page main thread').toBeGreaterThan(1_000);
    // The 50 ms goal, in the time the page's main thread was running: wall time on this shared
    // machine also counts the moments the OS ran other processes (printed above, not asserted).
    expect(longestCpu, `longest tasks (CPU ms): ${JSON.stringify(byCpu.slice(0, 10))}\nlong frames:\n${frames.slice(-20).join('\n')}`).toBeLessThanOrEqual(50);

    // The batch row, folded and unfolded, checked with axe in both themes.
    await bothThemes(page, 'Activity', 'activity-10000-files');
    await batch.getByRole('button', { name: 'Show 10,000 files' }).click();
    await expect(uploads.locator('[data-upload-id]').first()).toBeVisible();
    await expectAccessible(page, 'activity-10000-files-expanded', { within: '.activity-layout' });
  } finally {
    await browser.close();
    await host.stop();
    await sandbox.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
