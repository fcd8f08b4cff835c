/**
 * UI benchmark: the built renderer in Chromium against the web host and a sandbox seeded with
 * 100,000 files (library synced first). Prints:
 *
 *   ui_ready_ms              page load → data-app-state="ready" (median of 5 loads; goal ≤ 1000)
 *   ui_scroll_frame_p95_ms   requestAnimationFrame frame times while the grid scrolls from top
 *                            to bottom (goal ≤ 16.7: one frame at 60 Hz)
 *   ui_search_p95_ms         keystroke in the search box → its results painted (goal ≤ 50)
 *   ui_collection_filter_p95_ms  a click on a collection (or the Rated filter) in the sidebar →
 *                            the narrowed library painted (goal ≤ 50). A collection of every
 *                            5th file and a rating on every 7th are written into the app's
 *                            database first (the same rows the UI would write, 20,000 of them).
 *
 * Run: `npm run build && npm run bench -- ui` (or `npx tsx test/bench/ui.bench.ts`).
 * SEED_FILES overrides the library size (default 100000).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, startSandboxProcess, startWebHostProcess, tempDir } from '../e2e/web/processes';
import { READY_PROBE, log, measureCountChange, measureBrowsing, median, percentile, round, seedOrganize, waitForSync } from './ui-measure';

const SEED = Number(process.env['SEED_FILES'] ?? 100_000);

async function main(): Promise<void> {
  const root = tempDir('ui-bench');
  log(`starting a sandbox with ${SEED.toLocaleString('en-US')} files…`);
  const sandbox = await startSandboxProcess({ dataDir: path.join(root, 'sandbox'), extra: ['--seed-files', String(SEED)], timeoutMs: 300_000 });
  const host = await startWebHostProcess({ dataDir: path.join(root, 'app'), sandbox });
  const profile = tempDir('ui-bench-profile');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
  });
  try {
    // tsx (esbuild keepNames) wraps named functions in __name(); give the page a no-op one.
    await context.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
    await context.addInitScript(READY_PROBE);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(host.url); // sets the session cookie
    await page.waitForSelector('[data-app-state="ready"]', { timeout: 60_000 });
    log('synchronising the library…');
    await waitForSync(page, SEED);
    const origin = new URL(host.url).origin;

    const { ready, scroll, search } = await measureBrowsing(page, origin);

    seedOrganize(path.join(root, 'app', 'atelier.db'));
    await page.goto(`${origin}/`);
    await page.waitForSelector('[data-app-state="ready"]', { timeout: 30_000 });
    await page.getByRole('region', { name: 'Collections' }).getByRole('button', { name: /^Every fifth/ }).waitFor();
    const collections = page.getByRole('region', { name: 'Collections' });
    const filter = await measureCountChange(
      page,
      [() => collections.getByRole('button', { name: /^Every fifth/ }).click(), () => collections.getByRole('button', { name: /^Rated 4\+/ }).click()],
      10,
    );
    log(`collection filter: ${filter.length} switches, median ${round(median(filter))} ms`);

    console.log(`ui_ready_ms: ${round(median(ready))}`);
    console.log(`ui_scroll_frame_p95_ms: ${round(percentile(scroll.deltas, 95))}`);
    console.log(`ui_search_p95_ms: ${round(percentile(search, 95))}`);
    console.log(`ui_collection_filter_p95_ms: ${round(percentile(filter, 95))}`);
  } finally {
    await context.close();
    await host.stop();
    await sandbox.stop();
    rmSync(profile, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
