/**
 * The real pieces the data-plane workers run on, wired as the core wires them: a store in
 * a temporary folder, the VideoGen client against a (sandbox) URL with a shared rate
 * budget, and connectivity fed by the client's real outcomes. For integration tests,
 * benchmarks and the upload child process.
 */
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { createRateBudget, createVideoGenClient, type VideoGenClient } from '../../main/api';
import { systemClock } from '../../main/kernel/clock';
import type { EventName } from '../../main/contract';
import { createEventBus } from '../../main/kernel/events';
import type { Clock } from '../../main/kernel/clock';
import type { EventBus } from '../../main/kernel/events';
import { openStore, type Store } from '../../main/store';
import { createConnectivity, httpProbe, type Connectivity } from '../../main/workers/connectivity';
import { createPollScheduler, type PollScheduler } from '../../main/workers/poller';
import { putBytes, type UploadFile } from '../../main/api/upload';

export interface WorkerEnv {
  dataDir: string;
  store: Store;
  videogen: VideoGenClient;
  connectivity: Connectivity;
  events: EventBus;
  clock: Clock;
  /** The poll scheduler workers add their sources to (started; stopped by `close`). */
  scheduler: PollScheduler;
  /** The rate budget the client spends (tests can drain it, as a server's headers would). */
  budget: ReturnType<typeof createRateBudget>;
  /** Every event emitted, in order. */
  log: Array<{ name: EventName; payload: unknown; at: number }>;
  close(opts?: { keepData?: boolean }): void;
}

export function createWorkerEnv(opts: {
  baseUrl: string;
  apiKey: string;
  dataDir?: string;
  clock?: Clock;
  timeoutMs?: number;
  /** Wraps the network (e.g. to slow PUT bodies down or move the sandbox clock). */
  fetch?: typeof fetch;
}): WorkerEnv {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'atelier-workers-'));
  const clock = opts.clock ?? systemClock;
  const store = openStore(join(dataDir, 'library.db'));
  const events = createEventBus();
  const log: WorkerEnv['log'] = [];
  events.onAny((name, payload) => log.push({ name, payload, at: Date.now() }));
  const baseUrl = opts.baseUrl;
  const connectivity = createConnectivity({
    clock,
    events,
    probe: httpProbe(`${baseUrl}/v1/me`),
  });
  const budget = createRateBudget({ clock });
  const videogen = createVideoGenClient({
    baseUrl,
    apiKey: () => opts.apiKey,
    fetch: opts.fetch ?? globalThis.fetch,
    clock,
    budget,
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    onOutcome: (o) => connectivity.report(o),
  });
  const scheduler = createPollScheduler({ clock });
  scheduler.start();
  return {
    dataDir,
    store,
    videogen,
    connectivity,
    events,
    clock,
    scheduler,
    budget,
    log,
    close(closeOpts = {}) {
      void scheduler.stop();
      connectivity.stop();
      store.close();
      if (!closeOpts.keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resolves when `check()` is true, polling every `everyMs`; rejects with `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000, everyMs = 25): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * An upload PUT (`videogen.putUpload`'s signature, on the same `putBytes`) whose bytes flow at
 * about `bytesPerSecond` (a slow uplink): the body goes through in 64 KiB slices, each delayed.
 */
export function throttledPut(bytesPerSecond: () => number): VideoGenClient['putUpload'] {
  return (url, body, opts) => {
    // The worker sends files as `{ path }`.
    const source = body instanceof Readable ? body : body instanceof Uint8Array ? Readable.from([body]) : createReadStream((body as UploadFile).path);
    const slow = new Transform({
      transform(chunk: Buffer, _enc, done) {
        const slices: Buffer[] = [];
        for (let i = 0; i < chunk.length; i += 64 * 1024) slices.push(chunk.subarray(i, i + 64 * 1024));
        const next = () => {
          const slice = slices.shift();
          if (!slice) return done();
          setTimeout(() => {
            this.push(slice);
            next();
          }, (slice.length / bytesPerSecond()) * 1000);
        };
        next();
      },
    });
    source.on('error', (e: Error) => slow.destroy(e));
    slow.on('close', () => source.destroy());
    return putBytes({ ...opts, url, body: source.pipe(slow), service: 'VideoGen', endpoint: 'videogen:PUT upload' });
  };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A small, valid, distinct PNG (a `size`² RGB image whose pixels follow `seed`). */
export function makePng(seed: number, size = 16): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows: Buffer[] = [];
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let i = 1; i < row.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      row[i] = x & 0xff;
    }
    rows.push(row);
  }
  const idat = deflateSync(Buffer.concat(rows));
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
}

/**
 * The sandbox in its own process (`main/sandbox/cli.ts`), for benchmarks: its CPU and memory
 * are then not counted as the worker's.
 */
export async function startSandboxProcess(args: string[] = []): Promise<{ url: string; key: string; close(): Promise<void> }> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'main/sandbox/cli.ts'), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /sandbox listening on (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`sandbox process exited (${code}) before listening: ${stderr}`)));
  });
  return {
    url,
    key: 'vg_sandbox_key',
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
