/**
 * What the UI benchmarks (ui.bench.ts at 100,000 files, million.bench.ts at 1,000,000) measure
 * in the built renderer, the same way in both: load to ready, scrolling, search keystrokes,
 * and filter or collection changes, each to the frame that paints the result.
 */
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';

export const log = (line: string) => process.stderr.write(`${line}\n`);

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
export const median = (v: number[]) => percentile(v, 50);
export const round = (n: number) => Math.round(n * 10) / 10;

/** Record when the app root first says "ready", in the page's own clock (ms since navigation start). */
export const READY_PROBE = `(() => {
  const mark = () => {
    const el = document.querySelector('[data-app-state="ready"]');
    if (el && window.__readyAt == null) window.__readyAt = performance.now();
    return !!el;
  };
  const mo = new MutationObserver(() => { if (mark()) mo.disconnect(); });
  mo.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-app-state'] });
})();`;

export async function waitForSync(page: Page, total: number, pollMs = 1000): Promise<void> {
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
    await page.waitForTimeout(pollMs);
  }
}

export async function measureReady(page: Page, origin: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(`${origin}/`);
    await page.waitForSelector('[data-app-state="ready"]', { timeout: 30_000 });
    times.push(await page.evaluate(() => (window as unknown as { __readyAt: number }).__readyAt));
  }
  return times;
}

/** Scroll the grid from top to bottom in `frames` steps, one per animation frame; returns frame deltas. */
export async function measureScroll(page: Page, frames: number): Promise<{ deltas: number[]; rendered: number }> {
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
export async function measureSearch(page: Page, queries: string[]): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { __keyAt: Map<string, number>; __lat: number[]; __latQ: string[] };
    w.__keyAt = new Map();
    w.__lat = [];
    w.__latQ = [];
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
        ch.port1.onmessage = () => {
          w.__lat.push(performance.now() - at);
          w.__latQ.push(q);
        };
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
  const { lat, latQ } = await page.evaluate(() => {
    const w = window as unknown as { __lat: number[]; __latQ: string[] };
    return { lat: w.__lat, latQ: w.__latQ };
  });
  const slowest = lat.map((ms, i) => ({ ms, q: latQ[i]! })).sort((a, b) => b.ms - a.ms).slice(0, 6);
  log(`search: slowest keystrokes ${slowest.map((x) => `"${x.q}" ${round(x.ms)} ms`).join(', ')}`);
  return lat;
}

/** Collections and ratings on a big library, written as the store writes them (one transaction). */
export function seedOrganize(dbFile: string): void {
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

/**
 * Each action (a click on a collection, a filter chip, a filter menu choice) → the library's
 * count changes and the next frame paints it. The time starts at the input event (`click`
 * or `change`, as the browser stamped it).
 */
export async function measureCountChange(page: Page, actions: Array<() => Promise<unknown>>, rounds: number): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { __clickAt: number | null; __lat: number[]; __armed: boolean };
    w.__lat = [];
    w.__clickAt = null;
    w.__armed = false;
    const stamp = (e: Event) => {
      if (w.__armed) w.__clickAt = e.timeStamp;
    };
    document.addEventListener('click', stamp, true);
    document.addEventListener('change', stamp, true);
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
    for (const act of actions) {
      const before = await page.evaluate(() => {
        (window as unknown as { __armed: boolean }).__armed = true;
        return document.querySelector('.toolbar-count')?.textContent ?? '';
      });
      await act();
      await page
        .waitForFunction((b) => (document.querySelector('.toolbar-count')?.textContent ?? '') !== b, before, { timeout: 30_000 })
        .catch((err: unknown) => {
          throw new Error(`action ${actions.indexOf(act) + 1} of ${actions.length} left the library count at "${before}": ${String(err)}`);
        });
      await page.evaluate(() => ((window as unknown as { __armed: boolean }).__armed = false));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    }
  }
  await page.waitForTimeout(50);
  const lat = await page.evaluate(() => (window as unknown as { __lat: number[] }).__lat);
  log(`each action in order (ms): ${lat.map(round).join(', ')}`);
  return lat;
}


/**
 * What both UI benches time on a synced library, in this order: five fresh loads to ready, the
 * grid scrolled top to bottom in 1,200 frames, then five queries typed a key at a time.
 */
export async function measureBrowsing(page: Page, origin: string): Promise<{ ready: number[]; scroll: { deltas: number[]; rendered: number }; search: number[] }> {
  const ready = await measureReady(page, origin);
  log(`ready loads (ms): ${ready.map(round).join(', ')}`);
  await page.getByRole('button', { name: 'Grid view' }).click();
  await page.waitForSelector('[data-testid="library-scroller"] [role="option"]');
  const scroll = await measureScroll(page, 1200);
  log(`scroll: ${scroll.deltas.length} frames, max ${round(Math.max(...scroll.deltas))} ms, at most ${scroll.rendered} item nodes in the DOM`);
  // At 60 Hz a frame on time measures 16.6–16.8 ms (timer jitter): count the ones that were not.
  log(`scroll: ${scroll.deltas.filter((d) => d > 20).length} of ${scroll.deltas.length} frames took longer than 20 ms`);
  const search = await measureSearch(page, ['golden retriever', 'lighthouse at night', 'jellyfish', 'neon street watercolor', 'koi pond']);
  log(`search: ${search.length} keystrokes, median ${round(median(search))} ms`);
  return { ready, scroll, search };
}
