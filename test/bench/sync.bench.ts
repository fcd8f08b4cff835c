/**
 * Library sync speed: 100,000 seeded files (sandbox in its own process) synced into an empty
 * library by the library-sync worker — the full pass, page by page, each page one transaction
 * with its cursor, plus the closing catch-up walk — against a baseline measured in the same
 * run: a plain fetch + JSON.parse of every page, with no validation and no store.
 *
 *   sync_files_per_s: files ÷ seconds for the worker's full sync (goal ≥ 10,000)
 *   sync_baseline_files_per_s: the same pages fetched raw
 *   sync_cpu_ms: CPU time (user + system) of this process during the sync: on a shared,
 *     loaded machine the wall-clock rate swings with the load; this is what the work costs
 *   sync_worst_event_loop_lag_ms: how late a 10 ms timer fired at worst during the sync
 *     (goal < 50: the app stays responsive)
 */
import { cpus, loadavg } from 'node:os';
import { createLibrarySync } from '../../main/workers/library-sync';
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
  // Time spent writing (the store's transactions) vs everything else (network, parsing, waiting).
  let writeMs = 0;
  let slowestWriteMs = 0;
  const writeTimes: number[] = [];
  // …and the checkpoints the worker runs between pages (copying the log into the database),
  // including the log's fsync on the thread pool before each (the event loop is free then).
  let checkpointMs = 0;
  let checkpoints = 0;
  let slowestCheckpointMs = 0;
  const timedStore = {
    files: env.store.files,
    librarySync: env.store.librarySync,
    transaction<T>(fn: () => T): T {
      const t = performance.now();
      try {
        return env.store.transaction(fn);
      } finally {
        const took = performance.now() - t;
        writeMs += took;
        writeTimes.push(took);
        slowestWriteMs = Math.max(slowestWriteMs, took);
      }
    },
    async checkpointBetweenWrites(minLogPages: number): Promise<boolean> {
      const t = performance.now();
      const ran = await env.store.checkpointBetweenWrites(minLogPages);
      if (ran) {
        const took = performance.now() - t;
        checkpoints++;
        checkpointMs += took;
        slowestCheckpointMs = Math.max(slowestCheckpointMs, took);
      }
      return ran;
    },
  };
  const sync = createLibrarySync({ store: timedStore, videogen: env.videogen, clock: env.clock, connectivity: env.connectivity });
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
  console.log(`sync_checkpoint_ms: ${checkpointMs.toFixed(0)}`);
  console.log(`sync_slowest_checkpoint_ms: ${slowestCheckpointMs.toFixed(1)}`);
  console.log(`# ${checkpoints} checkpoints between pages`);
  console.log(`sync_worst_event_loop_lag_ms: ${worstLagMs.toFixed(1)}`);
  console.log(`sync_cpu_ms: ${((cpu.user + cpu.system) / 1000).toFixed(0)}`);
  console.log(`# machine load average (1 min): ${load0.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end, ${cpus().length} cores`);
} finally {
  await sandbox.close();
}
