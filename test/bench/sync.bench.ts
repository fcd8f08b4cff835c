/**
 * Library sync speed: 100,000 seeded files (sandbox in its own process) synced into an empty
 * library by the library-sync worker as the core runs it — pages fetched one after another on
 * this thread while a writer thread (its own connection) stores them, up to ten pages per
 * transaction with the cursor, plus the closing catch-up walk — against a floor measured in
 * the same run: the same pages fetched with a plain fetch + JSON.parse, with no validation and
 * no store. The floor is the fastest the list can be read at all; the sync cannot beat it.
 *
 *   sync_files_per_s: files ÷ seconds for the worker's full sync (goal ≥ 20,000)
 *   sync_vs_raw_fetch: floor time ÷ sync time (goal ≥ 0.5)
 *   sync_baseline_files_per_s: the same pages fetched raw
 *   sync_store_write_ms: time inside the writer's transactions (on its thread)
 *   sync_cpu_ms: CPU time (user + system) of this process, both threads, during the sync: on a
 *     shared, loaded machine the wall-clock rate swings with the load; this is what the work costs
 *   sync_worst_event_loop_lag_ms: how late a 10 ms timer fired at worst during the sync
 *     (goal < 50: the app stays responsive)
 */
import { cpus, loadavg } from 'node:os';
import { createLibrarySync } from '../../main/workers/library-sync';
import { createThreadWriter } from '../../main/workers/sync-writer-thread';
import { createWorkerEnv, startSandboxProcess } from '../helpers/worker-harness';

const FILES = 100_000;
const sandbox = await startSandboxProcess(['--seed-files', String(FILES)]);

async function rawPass(): Promise<{ files: number; ms: number; signature: string }> {
  const t0 = performance.now();
  let cursor: string | null = null;
  let files = 0;
  let signature = '';
  do {
    const res = await fetch(`${sandbox.url}/v1/files?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
      headers: { Authorization: `Bearer ${sandbox.key}` },
    });
    const page = (await res.json()) as { files: unknown[]; nextCursor: string | null };
    files += page.files.length;
    if (!cursor) signature = JSON.stringify(page.files);
    cursor = page.nextCursor;
  } while (cursor);
  return { files, ms: performance.now() - t0, signature };
}

try {
  // The seeded files share renditions the sandbox makes at start: let them settle first, so
  // the remote list does not change under the measured sync.
  let previous = '';
  for (let i = 0; i < 60; i++) {
    const r = await rawPass();
    if (r.signature === previous) break;
    previous = r.signature;
  }
  const baseline = await rawPass();
  if (baseline.files !== FILES) throw new Error(`the sandbox listed ${baseline.files} files, expected ${FILES}`);

  const env = createWorkerEnv({ baseUrl: sandbox.url, apiKey: sandbox.key });
  // The app's writer: a worker thread with its own connection, as the core sets it up. Time
  // spent inside its transactions (in that thread) is counted from what it reports.
  let writeMs = 0;
  let slowestWriteMs = 0;
  const writeTimes: number[] = [];
  let pagesWritten = 0;
  const sync = createLibrarySync({
    store: env.store,
    videogen: env.videogen,
    clock: env.clock,
    connectivity: env.connectivity,
    writer: () =>
      createThreadWriter({
        dbPath: env.store.path,
        onChange: (c) => env.store.announce(c),
        onWrite: ({ pages, ms }) => {
          writeMs += ms;
          pagesWritten += pages;
          writeTimes.push(ms);
          slowestWriteMs = Math.max(slowestWriteMs, ms);
        },
      }),
  });
  // Something else that must keep running during the sync: how late does a 10 ms timer fire?
  let worstLagMs = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    worstLagMs = Math.max(worstLagMs, now - last - 10);
    last = now;
  }, 10);
  const load0 = loadavg()[0]!;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  sync.start();
  await sync.sync();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(ticker);
  const stored = env.store.files.count();
  await sync.stop();
  env.close();
  if (stored !== FILES) throw new Error(`the library holds ${stored} files after the sync, expected ${FILES}`);

  console.error(`baseline ${baseline.ms.toFixed(0)} ms, sync ${ms.toFixed(0)} ms`);
  console.log(`sync_baseline_files_per_s: ${Math.round((FILES / baseline.ms) * 1000)}`);
  console.log(`sync_files_per_s: ${Math.round((FILES / ms) * 1000)}`);
  console.log(`sync_vs_raw_fetch: ${(baseline.ms / ms).toFixed(3)}`);
  console.log(`sync_store_write_ms: ${writeMs.toFixed(0)}`);
  console.log(`sync_slowest_page_write_ms: ${slowestWriteMs.toFixed(1)}`);
  const sortedWrites = [...writeTimes].sort((a, b) => a - b);
  console.log(`# ${writeTimes.length} writes: median ${sortedWrites[Math.floor(sortedWrites.length / 2)]!.toFixed(1)} ms, p95 ${sortedWrites[Math.floor(sortedWrites.length * 0.95)]!.toFixed(1)} ms, p99 ${sortedWrites[Math.floor(sortedWrites.length * 0.99)]!.toFixed(1)} ms`);
  console.log(`# ${pagesWritten} pages in ${writeTimes.length} transactions (checkpoints run inside the writer's commits)`);
  console.log(`sync_worst_event_loop_lag_ms: ${worstLagMs.toFixed(1)}`);
  console.log(`sync_cpu_ms: ${((cpu.user + cpu.system) / 1000).toFixed(0)}`);
  console.log(`# machine load average (1 min): ${load0.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end, ${cpus().length} cores`);
} finally {
  await sandbox.close();
}
