/**
 * Upload throughput and memory: a 1 GiB file through the upload worker (hash, create, streaming
 * PUT) against the sandbox running in its own process, vs `curl -T` of the same file to a
 * presigned URL of the same kind, in the same run. A small warm-up upload first (so one-time
 * costs — module loading, JIT, first queries — are not counted as upload memory), then five
 * alternating rounds (which of the two goes first alternates too); medians reported.
 *
 *   upload_throughput_vs_curl: median over rounds of worker MB/s ÷ curl MB/s for the PUT itself (goal ≥ 0.9)
 *     (the worker hashes the file first; the PUT is timed from its first byte, after the same
 *     disk flush curl gets right before its transfer)
 *   upload_peak_rss_growth_mb: peak RSS during the worker's uploads minus RSS before (goal ≤ 64)
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUploadWorker } from '../../main/workers/uploads';
import { streamPut } from '../../main/workers/uploads/http-put';
import { createWorkerEnv, startSandboxProcess, until } from '../helpers/worker-harness';

const SIZE = 1024 * 1024 * 1024;
const ROUNDS = 5;
const MB = 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'atelier-upload-bench-'));
const file = join(dir, 'big.pdf');
{
  // A PDF header (accepted by type, and cheap for the sandbox to "process"), then a random
  // 1 MiB block repeated: incompressible enough, and written in a second or two.
  const block = randomBytes(MB);
  const fd = openSync(file, 'w');
  const head = Buffer.from('%PDF-1.7\n');
  writeSync(fd, head);
  let written = head.length;
  while (written < SIZE) {
    const n = Math.min(MB, SIZE - written);
    writeSync(fd, block, 0, n);
    written += n;
  }
  closeSync(fd);
}

const sandbox = await startSandboxProcess(['--processing-ms', '100']);
const env = createWorkerEnv({ baseUrl: sandbox.url, apiKey: sandbox.key });

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Right before each timed transfer: the sandbox has just written (and is processing) a GiB;
 * flush the disk so that neither transfer pays for the other's write-back.
 */
async function settle(): Promise<void> {
  execFileSync('sync');
  await new Promise((r) => setTimeout(r, 500));
}

/** Each round sends different bytes (else the second would just reuse the first upload). */
function makeDistinct(round: number): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.from(`round ${round} ${Date.now()}\n`), 0, undefined, 9);
  closeSync(fd);
}

async function workerRound(path = file, size = SIZE): Promise<{ mbps: number; rssGrowthMb: number }> {
  let putMs = 0;
  let sent = false;
  const worker = createUploadWorker({
    store: env.store,
    videogen: env.videogen,
    connectivity: env.connectivity,
    events: env.events,
    clock: env.clock,
    concurrency: () => 3,
    // The worker's own PUT, timed from its first byte; the machine is settled right before
    // it (after hashing), exactly as before curl's.
    put: async (o) => {
      await settle();
      const t = performance.now();
      await streamPut(o);
      putMs = performance.now() - t;
    },
  });
  const off = env.events.on('upload.progress', (p) => {
    if (p.state === 'processing') sent = true;
  });
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  worker.start();
  await worker.add([path]);
  await until(() => sent, 'the PUT to finish', 120_000, 5);
  clearInterval(sampler);
  off();
  await worker.stop();
  return { mbps: size / MB / (putMs / 1000), rssGrowthMb: (peak - baseline) / MB };
}

async function curlRound(): Promise<number> {
  const { uploadUrl } = await env.videogen.createUpload({ displayName: 'curl.pdf', type: 'PDF' });
  await settle();
  const out = execFileSync('/usr/bin/curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code} %{time_total}', '-T', file, uploadUrl]).toString().trim();
  const [code, seconds] = out.split(' ');
  if (code !== '200') throw new Error(`curl upload answered HTTP ${code}`);
  return SIZE / MB / Number(seconds);
}

const worker: number[] = [];
const curl: number[] = [];
const rss: number[] = [];
try {
  const warm = join(dir, 'warm-up.pdf');
  writeFileSync(warm, Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(4 * MB)]));
  await workerRound(warm, 4 * MB + 9);
  for (let i = 0; i < ROUNDS; i++) {
    makeDistinct(i);
    if (i % 2 === 1) curl.push(await curlRound());
    const w = await workerRound();
    worker.push(w.mbps);
    rss.push(w.rssGrowthMb);
    if (i % 2 === 0) curl.push(await curlRound());
    console.error(`round ${i + 1}: worker ${w.mbps.toFixed(0)} MB/s (rss +${w.rssGrowthMb.toFixed(1)} MB), curl ${curl[i]!.toFixed(0)} MB/s`);
  }
} finally {
  env.close();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
}

console.log(`upload_worker_mb_per_s: ${median(worker).toFixed(1)}`);
console.log(`upload_curl_mb_per_s: ${median(curl).toFixed(1)}`);
// Per-round ratios (each pair ran back to back, under the same machine load), then the median.
console.log(`upload_throughput_vs_curl: ${median(worker.map((w, i) => w / curl[i]!)).toFixed(3)}`);
console.log(`upload_peak_rss_growth_mb: ${Math.max(...rss).toFixed(1)}`);
