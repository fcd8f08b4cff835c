/**
 * UI benchmark: the built renderer in Chromium against the web host and a sandbox seeded with
 * 100,000 files (library synced first). Prints:
 *
 *   ui_ready_ms              page load → data-app-state="ready" (median of 5 loads; goal ≤ 1000)
 *   ui_scroll_frame_p95_ms   requestAnimationFrame frame times while the grid scrolls from top
 *                            to bottom (goal ≤ 20)
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
import Database from 'better-sqlite3';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, startSandboxProcess, startWebHostProcess, tempDir } from '../e2e/web/processes';

const SEED = Number(process.env['SEED_FILES'] ?? 100_000);
const log = (line: string) => process.stderr.write(`${line}\n`);

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
const median = (v: number[]) => percentile(v, 50);
const round = (n: number) => Math.round(n * 10) / 10;

/** Record when the app root first says "ready", in the page's own clock (ms since navigation start). */
const READY_PROBE = `(() => {
  const mark = () => {
    const el = document.querySelector('[data-app-state="ready"]');
    if (el && window.__readyAt == null) window.__readyAt = performance.now();
    return !!el;
  };
  const mo = new MutationObserver(() => { if (mark()) mo.disconnect(); });
  mo.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-app-state'] });
})();`;

async function waitForSync(page: Page, total: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    const state = await page.evaluate(() => ({
      count: document.querySelector('.toolbar-count')?.textContent ?? '',
      status: document.querySelector('.statusbar')?.textContent ?? '',
    }));
    const want = `${total.toLocaleString('en-US')} files`;
    if (state.count === want && !state.status.includes('Syncing')) return;
    if (Date.now() - started > 20 * 60_000) throw new Error(`library not synced after 20 min: ${JSON.stringify(state)}`);
    if ((Date.now() - started) % 15_000 < 1000) log(`waiting for the library sync: ${state.count || '…'} | ${state.status}`);
    await page.waitForTimeout(1000);
  }
}

async function measureReady(page: Page, origin: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(`${origin}/`);
    await page.waitForSelector('[data-app-state="ready"]', { timeout: 30_000 });
    times.push(await page.evaluate(() => (window as unknown as { __readyAt: number }).__readyAt));
  }
  return times;
}

/** Scroll the grid from top to bottom in `frames` steps, one per animation frame; returns frame deltas. */
async function measureScroll(page: Page, frames: number): Promise<{ deltas: number[]; rendered: number }> {
  return page.evaluate(async (frames) => {
    const el = document.querySelector('[data-testid="library-scroller"]') as HTMLElement;
    const max = el.scrollHeight - el.clientHeight;
    const step = max / frames;
    const deltas: number[] = [];
    let maxNodes = 0;
    await new Promise<void>((resolve) => {
      let last = performance.now();
      let i = 0;
      const tick = (t: number) => {
        deltas.push(t - last);
        last = t;
        maxNodes = Math.max(maxNodes, el.querySelectorAll('.cell, .lrow').length);
        if (++i > frames) return resolve();
        el.scrollTop = Math.min(max, i * step);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame((t) => {
        last = t;
        requestAnimationFrame(tick);
      });
    });
    return { deltas: deltas.slice(1), rendered: maxNodes };
  }, frames);
}

/** Type queries one key at a time; each keystroke → the frame after its results are in the DOM. */
async function measureSearch(page: Page, queries: string[]): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { __keyAt: Map<string, number>; __lat: number[] };
    w.__keyAt = new Map();
    w.__lat = [];
    const input = document.querySelector('input[aria-label="Search library"]') as HTMLInputElement;
    input.addEventListener('keydown', (e) => {
      if (e.key.length === 1) w.__keyAt.set(input.value + e.key, e.timeStamp);
    });
    const seen = new Set<string>();
    const check = () => {
      const q = document.querySelector('.search-results')?.getAttribute('data-query');
      if (!q || seen.has(q)) return;
      seen.add(q);
      const at = w.__keyAt.get(q);
      if (at == null) return;
      // Results are in the DOM: the next frame paints them.
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => w.__lat.push(performance.now() - at);
        ch.port2.postMessage(0);
      });
    };
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-query'] });
  });
  const box = page.getByRole('searchbox', { name: 'Search library' });
  for (const q of queries) {
    await box.fill('');
    await box.click();
    for (const ch of q) {
      await page.keyboard.type(ch);
      // Wait for this keystroke's results (latest-wins may skip to a later one) before the next.
      const want = (await box.inputValue()).trim();
      await page.waitForFunction((w) => document.querySelector('.search-results')?.getAttribute('data-query') === w, want, { timeout: 10_000 });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    }
  }
  await page.waitForTimeout(50);
  return page.evaluate(() => (window as unknown as { __lat: number[] }).__lat);
}

/** Collections and ratings on a big library, written as the store writes them (one transaction). */
function seedOrganize(dbFile: string): void {
  const db = new Database(dbFile);
  try {
    db.pragma('busy_timeout = 10000');
    db.transaction(() => {
      const now = Date.now();
      const a = Number(db.prepare("INSERT INTO collections (name, smart_json, created_at) VALUES ('Every fifth', NULL, ?)").run(now).lastInsertRowid);
      db.prepare("INSERT INTO collections (name, smart_json, created_at) VALUES ('Rated 4+', ?, ?)").run(JSON.stringify({ filter: { minRating: 4 }, query: '' }), now);
      db.prepare('INSERT INTO collection_files (collection_id, file_id, added_at) SELECT ?, file_id, ? FROM files WHERE id % 5 = 0').run(a, now);
      db.prepare('UPDATE files SET rating = 4 WHERE id % 7 = 0').run();
    })();
  } finally {
    db.close();
  }
}

/** Click a sidebar collection → the library's count changes and the next frame paints it. */
async function measureCollections(page: Page, names: string[], rounds: number): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { __clickAt: number | null; __lat: number[] };
    w.__lat = [];
    w.__clickAt = null;
    document.addEventListener('click', (e) => {
      if ((e.target as Element).closest('.collection-item')) w.__clickAt = e.timeStamp;
    }, true);
    const count = () => document.querySelector('.toolbar-count')?.textContent ?? '';
    let last = count();
    new MutationObserver(() => {
      const now = count();
      if (now === last || w.__clickAt == null) return;
      last = now;
      const at = w.__clickAt;
      w.__clickAt = null;
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => w.__lat.push(performance.now() - at);
        ch.port2.postMessage(0);
      });
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  for (let i = 0; i < rounds; i++) {
    for (const name of names) {
      const before = await page.evaluate(() => document.querySelector('.toolbar-count')?.textContent ?? '');
      await page.getByRole('region', { name: 'Collections' }).getByRole('button', { name: new RegExp(`^${name}`) }).click();
      await page.waitForFunction((b) => (document.querySelector('.toolbar-count')?.textContent ?? '') !== b, before, { timeout: 10_000 });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    }
  }
  await page.waitForTimeout(50);
  return page.evaluate(() => (window as unknown as { __lat: number[] }).__lat);
}

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
    await context.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
  await context.addInitScript(READY_PROBE);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(host.url); // sets the session cookie
    await page.waitForSelector('[data-app-state="ready"]', { timeout: 60_000 });
    log('synchronising the library…');
    await waitForSync(page, SEED);
    const origin = new URL(host.url).origin;

    const ready = await measureReady(page, origin);
    log(`ready loads (ms): ${ready.map(round).join(', ')}`);
    await page.getByRole('button', { name: 'Grid view' }).click();
    await page.waitForSelector('[data-testid="library-scroller"] [role="option"]');
    const scroll = await measureScroll(page, 1200);
    log(`scroll: ${scroll.deltas.length} frames, max ${round(Math.max(...scroll.deltas))} ms, at most ${scroll.rendered} item nodes in the DOM`);
    const search = await measureSearch(page, ['golden retriever', 'lighthouse at night', 'jellyfish', 'neon street watercolor', 'koi pond']);
    log(`search: ${search.length} keystrokes, median ${round(median(search))} ms`);

    seedOrganize(path.join(root, 'app', 'atelier.db'));
    await page.goto(`${origin}/`);
    await page.waitForSelector('[data-app-state="ready"]', { timeout: 30_000 });
    await page.getByRole('region', { name: 'Collections' }).getByRole('button', { name: /^Every fifth/ }).waitFor();
    const filter = await measureCollections(page, ['Every fifth', 'Rated 4\\+'], 10);
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
