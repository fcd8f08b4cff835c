/**
 * The upload worker against the sandbox: the state machine, intake (folders, hidden files,
 * links, unreadable entries, type from the bytes), dedupe, expired URLs, cancel, concurrency,
 * progress rate and offline → online.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UploadState } from '../../../main/contract';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { createUploadWorker, type UploadWorker } from '../../../main/workers/uploads';
import { hashFile } from '../../../main/workers/uploads/hash';
import type { PutUpload } from '../../../main/workers/uploads/steps';
import { createWorkerEnv, makePng, throttledPut, until, type WorkerEnv } from '../../helpers/worker-harness';

const TERMINAL = new Set<UploadState>(['ready', 'failed', 'cancelled']);

let dir: string;
let sandbox: Sandbox | null = null;
let env: WorkerEnv | null = null;
let worker: UploadWorker | null = null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-uploads-'));
});

afterEach(async () => {
  await worker?.stop();
  env?.close();
  await sandbox?.close();
  worker = null;
  env = null;
  sandbox = null;
  rmSync(dir, { recursive: true, force: true });
});

async function setup(opts: {
  sandbox?: Parameters<typeof startSandbox>[0];
  concurrency?: () => number;
  put?: PutUpload;
} = {}): Promise<{ sb: Sandbox; env: WorkerEnv; worker: UploadWorker }> {
  sandbox = await startSandbox({ processingMs: 300, ...opts.sandbox });
  const sb = sandbox;
  env = createWorkerEnv({ baseUrl: sb.url, apiKey: sb.videogenKey });
  const e = env;
  worker = createUploadWorker({
    store: e.store,
    poller: e.scheduler,
    videogen: e.videogen,
    connectivity: e.connectivity,
    events: e.events,
    clock: e.clock,
    concurrency: opts.concurrency ?? (() => e.store.settings.get().uploadConcurrency),
    processingPoll: { firstDelayMs: 100, maxDelayMs: 500 },
    log: () => undefined,
    ...(opts.put ? { put: opts.put } : {}),
  });
  worker.start();
  return { sb, env: e, worker };
}

function statesOf(e: WorkerEnv, uploadId: string): UploadState[] {
  const out: UploadState[] = [];
  for (const { name, payload } of e.log) {
    if (name !== 'upload.progress') continue;
    const p = payload as { uploadId: string; state: UploadState };
    if (p.uploadId === uploadId && out[out.length - 1] !== p.state) out.push(p.state);
  }
  return out;
}

const allDone = (e: WorkerEnv) => () => e.store.uploads.list().every((u) => TERMINAL.has(u.state));

/** A file that sniffs as MP4 video: a real `ftyp` box, then `size` bytes of noise. */
function fakeMp4(path: string, size: number): void {
  const head = Buffer.from('00000020667479706973 6f6d0000020069736f6d69736f32617663316d703431'.replace(/\s/g, ''), 'hex');
  const body = Buffer.alloc(size - head.length, 7);
  writeFileSync(path, Buffer.concat([head, body]));
}

describe('upload worker', () => {
  it('takes files through queued → hashing → creating → uploading → processing → ready', async () => {
    const { sb, env: e, worker: w } = await setup();
    writeFileSync(join(dir, 'a.png'), makePng(1));
    execFileSync('/usr/bin/ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=s=64x64:d=0.5', '-c:v', 'mpeg4', join(dir, 'clip.mp4')]);

    const { uploadIds, rejected } = await w.add([join(dir, 'a.png'), join(dir, 'clip.mp4')]);
    expect(rejected).toEqual([]);
    expect(uploadIds).toHaveLength(2);
    await until(allDone(e), 'both uploads finished', 30_000);

    for (const id of uploadIds) {
      const u = e.store.uploads.get(id)!;
      expect(u.state, JSON.stringify(u.error)).toBe('ready');
      expect(statesOf(e, id)).toEqual(['queued', 'hashing', 'creating', 'uploading', 'processing', 'ready']);
      const item = e.store.files.item(u.fileId!);
      expect(item?.origin).toBe('uploaded');
      expect(e.store.files.get(u.fileId!)?.uploadedFrom).toBe(u.path);
    }
    const types = uploadIds.map((id) => e.store.files.item(e.store.uploads.get(id)!.fileId!)?.type).sort();
    expect(types).toEqual(['IMAGE', 'VIDEO']);
    expect(sb.stats().requests['POST /v1/files/upload']).toBe(2);
    expect(sb.stats().requests['PUT /storage/uploads/{fileId}/primary-source']).toBe(2);
    const finished = e.log.filter((l) => l.name === 'work.finished');
    expect(finished).toHaveLength(2);
  });

  it('walks a folder: hidden files, a symlink loop and unreadable entries are reported, not fatal', async () => {
    const { sb, env: e, worker: w } = await setup();
    mkdirSync(join(dir, 'drop/nested'), { recursive: true });
    writeFileSync(join(dir, 'drop/one.png'), makePng(10));
    writeFileSync(join(dir, 'drop/nested/two.png'), makePng(11));
    writeFileSync(join(dir, 'drop/.hidden.png'), makePng(12));
    symlinkSync(join(dir, 'drop'), join(dir, 'drop/nested/loop'));
    execFileSync('mkfifo', [join(dir, 'drop/pipe.wav')]);
    symlinkSync(join(dir, 'drop/deleted.png'), join(dir, 'drop/vanished.png'));
    const unreadable = join(dir, 'drop/locked.png');
    writeFileSync(unreadable, makePng(13));
    chmodSync(unreadable, 0o000);
    const root = process.getuid?.() === 0;
    if (root) {
      console.log('running as root: a chmod 000 file is still readable, so unreadability is covered by a FIFO and a dangling link here');
    }

    const { uploadIds, rejected } = await w.add([join(dir, 'drop')]);
    const reasons = Object.fromEntries(rejected.map((r) => [r.path.slice(dir.length + 1), r.reason]));
    expect(reasons['drop/.hidden.png']).toMatch(/hidden/);
    expect(reasons['drop/nested/loop']).toMatch(/symbolic link loop/);
    expect(reasons['drop/pipe.wav']).toMatch(/not a regular file/);
    expect(reasons['drop/vanished.png']).toMatch(/no longer exists/);
    if (root) expect(uploadIds).toHaveLength(3);
    else {
      expect(reasons['drop/locked.png']).toMatch(/permission denied/);
      expect(uploadIds).toHaveLength(2);
    }
    await until(allDone(e), 'folder uploads finished', 30_000);
    expect(e.store.uploads.list().every((u) => u.state === 'ready')).toBe(true);
    expect(sb.stats().requests['POST /v1/files/upload']).toBe(uploadIds.length);
  });

  it('rejects empty and unsupported files before any request, by their bytes', async () => {
    const { sb, worker: w } = await setup();
    writeFileSync(join(dir, 'empty.png'), '');
    writeFileSync(join(dir, 'notes.mp4'), 'just some text pretending to be a video\n');
    writeFileSync(join(dir, 'archive.jpg'), Buffer.from('504b0304140000000800', 'hex'));
    writeFileSync(join(dir, 'photo.txt'), makePng(2)); // a PNG with the wrong name is fine

    const { uploadIds, rejected } = await w.add([dir]);
    const reasons = Object.fromEntries(rejected.map((r) => [r.path.slice(dir.length + 1), r.reason]));
    expect(reasons['empty.png']).toMatch(/empty \(0 bytes\)/);
    expect(reasons['notes.mp4']).toMatch(/not an image, video, audio or PDF file.*text/);
    expect(reasons['archive.jpg']).toMatch(/ZIP/);
    expect(uploadIds).toHaveLength(1);

    await w.stop();
    const { uploadIds: none } = await w.add([join(dir, 'empty.png'), join(dir, 'notes.mp4')]);
    expect(none).toEqual([]);
    // Only the accepted PNG may have caused requests (the worker was stopped right away).
    const requests = sb.stats().requests;
    expect(Object.keys(requests).filter((k) => !k.includes('/v1/files') && !k.includes('/storage/'))).toEqual([]);
  });

  it('sends no request at all for a drop with only rejected files', async () => {
    const { sb, worker: w } = await setup();
    writeFileSync(join(dir, 'empty.mov'), '');
    writeFileSync(join(dir, 'readme.md'), '# hello\n');
    const { uploadIds, rejected } = await w.add([dir]);
    expect(uploadIds).toEqual([]);
    expect(rejected).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(sb.stats().requests).toEqual({});
  });

  it('reuses a file already uploaded with the same bytes, and attaches to one in flight', async () => {
    const { sb, env: e, worker: w } = await setup();
    const bytes = makePng(42);
    writeFileSync(join(dir, 'first.png'), bytes);
    const [first] = (await w.add([join(dir, 'first.png')])).uploadIds;
    await until(allDone(e), 'first upload');
    const fileId = e.store.uploads.get(first!)!.fileId;
    expect(fileId).toBeTruthy();

    writeFileSync(join(dir, 'copy.png'), bytes);
    const [copy] = (await w.add([join(dir, 'copy.png')])).uploadIds;
    await until(allDone(e), 'copy reused');
    expect(e.store.uploads.get(copy!)).toMatchObject({ state: 'ready', fileId });
    expect(statesOf(e, copy!)).toEqual(['queued', 'hashing', 'ready']);
    expect(sb.stats().requests['POST /v1/files/upload']).toBe(1);

    // Two copies of new bytes in one drop: one uploads, the other waits for it.
    const twin = makePng(43);
    writeFileSync(join(dir, 'twin-a.png'), twin);
    writeFileSync(join(dir, 'twin-b.png'), twin);
    const ids = (await w.add([join(dir, 'twin-a.png'), join(dir, 'twin-b.png')])).uploadIds;
    await until(allDone(e), 'twins');
    const [a, b] = ids.map((id) => e.store.uploads.get(id)!);
    expect(a!.state).toBe('ready');
    expect(b!.state).toBe('ready');
    expect(a!.fileId).toBe(b!.fileId);
    expect(sb.stats().requests['POST /v1/files/upload']).toBe(2);
    expect(sb.stats().requests['PUT /storage/uploads/{fileId}/primary-source']).toBe(2);
  });

  it('an expired upload URL gets a new upload, not a failure (the stale one is archived)', async () => {
    let firstPut = true;
    let sbRef: Sandbox | null = null;
    const { sb, env: e, worker: w } = await setup({
      sandbox: { uploadUrlTtlS: 60 },
      // The first PUT arrives two minutes "later" on the sandbox's clock: its URL has expired.
      put: async (url, body, o) => {
        if (firstPut) {
          firstPut = false;
          sbRef!.advance(120_000);
        }
        return env!.videogen.putUpload(url, body, o);
      },
    });
    sbRef = sb;
    writeFileSync(join(dir, 'late.png'), makePng(7));
    const [id] = (await w.add([join(dir, 'late.png')])).uploadIds;
    await until(allDone(e), 'upload after expiry', 30_000);
    const u = e.store.uploads.get(id!)!;
    expect(u.state, JSON.stringify(u.error)).toBe('ready');
    expect(statesOf(e, id!)).toEqual(['queued', 'hashing', 'creating', 'uploading', 'creating', 'uploading', 'processing', 'ready']);
    expect(sb.stats().requests['POST /v1/files/upload']).toBe(2);
    await until(() => (sb.stats().requests['POST /v1/files/{fileId}/archive'] ?? 0) === 1, 'stale target archived');
    const listed = await e.videogen.listFiles({ limit: 50 });
    expect(listed.files.map((f) => f.fileId)).toEqual([u.fileId]);
  });

  it('cancel aborts the PUT in flight and archives the unfinished remote file', async () => {
    const { sb, env: e, worker: w } = await setup({ put: throttledPut(() => 4 * 1024 * 1024) });
    fakeMp4(join(dir, 'big.mp4'), 12 * 1024 * 1024);
    const [id] = (await w.add([join(dir, 'big.mp4')])).uploadIds;
    await until(() => (e.store.uploads.get(id!)?.bytesSent ?? 0) > 1024 * 1024 || progressBytes(e, id!) > 1024 * 1024, 'some bytes sent');
    w.cancel(id!);
    expect(e.store.uploads.get(id!)!.state).toBe('cancelled');
    await until(() => (sb.stats().requests['POST /v1/files/{fileId}/archive'] ?? 0) === 1, 'remote file archived');
    await new Promise((r) => setTimeout(r, 500));
    expect(e.store.uploads.get(id!)!.state).toBe('cancelled');
    expect((await e.videogen.listFiles({ limit: 10 })).files).toEqual([]);

    // Retry sends it again from the start.
    w.retry(id!);
    await until(() => e.store.uploads.get(id!)!.state === 'uploading', 'uploading again');
    w.cancel(id!);
  });

  it('respects the concurrency setting, live, and sends progress at most ~10 times a second', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const slow = throttledPut(() => 8 * 1024 * 1024);
    const counting: PutUpload = async (url, body, o) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await slow(url, body, o);
      } finally {
        inFlight--;
      }
    };
    const { env: e, worker: w } = await setup({ put: counting });
    e.store.settings.set({ uploadConcurrency: 2 });
    for (let i = 0; i < 8; i++) fakeMp4(join(dir, `clip-${i}.mp4`), 3 * 1024 * 1024 + i);
    const started = Date.now();
    const { uploadIds } = await w.add([dir]);
    await until(() => e.store.uploads.list().filter((u) => u.state === 'processing' || TERMINAL.has(u.state)).length >= 3, 'three sent', 30_000);
    expect(maxInFlight).toBe(2);
    e.store.settings.set({ uploadConcurrency: 4 });
    await until(() => maxInFlight === 4, 'four at once after the setting changed', 10_000);
    await until(() => e.store.uploads.list().every((u) => u.state !== 'uploading' && u.state !== 'queued' && u.state !== 'hashing' && u.state !== 'creating'), 'all sent', 30_000);
    expect(maxInFlight).toBe(4);

    for (const id of uploadIds) {
      const byteEvents = e.log.filter((l) => {
        const p = l.payload as { uploadId?: string; state?: string };
        return l.name === 'upload.progress' && p.uploadId === id && p.state === 'uploading';
      });
      const span = (byteEvents[byteEvents.length - 1]!.at - byteEvents[0]!.at) / 1000;
      // ≤ 10/s, plus the state change and the final value.
      expect(byteEvents.length).toBeLessThanOrEqual(Math.ceil(span * 10) + 3);
      const withSpeed = byteEvents.filter((l) => ((l.payload as { speedBps: number | null }).speedBps ?? 0) > 0);
      if (span > 0.5) expect(withSpeed.length).toBeGreaterThan(0);
    }
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('waits while offline and resumes by itself when the API is back', async () => {
    const probe = await startSandbox();
    const port = probe.port;
    await probe.close();
    // Nothing listens on `port` yet: the API is unreachable.
    env = createWorkerEnv({ baseUrl: `http://127.0.0.1:${port}`, apiKey: 'vg_sandbox_key' });
    const e = env;
    worker = createUploadWorker({
      store: e.store,
      poller: e.scheduler,
      videogen: e.videogen,
      connectivity: e.connectivity,
      events: e.events,
      clock: e.clock,
      concurrency: () => 3,
      processingPoll: { firstDelayMs: 100, maxDelayMs: 500 },
      log: () => undefined,
    });
    worker.start();
    writeFileSync(join(dir, 'offline.png'), makePng(99));
    const [id] = (await worker.add([join(dir, 'offline.png')])).uploadIds;
    await until(() => !e.connectivity.online, 'offline detected', 20_000);
    expect(e.store.uploads.get(id!)!.state).toBe('creating');
    expect(e.log.some((l) => l.name === 'connectivity.changed' && (l.payload as { online: boolean }).online === false)).toBe(true);

    sandbox = await startSandbox({ port, processingMs: 300 });
    await until(() => e.store.uploads.get(id!)!.state === 'ready', 'resumed and finished', 45_000);
    expect(e.connectivity.online).toBe(true);
    expect(e.store.uploads.get(id!)!.error).toBeNull();
  }, 60_000);
});

function progressBytes(e: WorkerEnv, id: string): number {
  let max = 0;
  for (const l of e.log) {
    const p = l.payload as { uploadId?: string; bytesSent?: number };
    if (l.name === 'upload.progress' && p.uploadId === id) max = Math.max(max, p.bytesSent ?? 0);
  }
  return max;
}

describe('upload worker resuming from the database', () => {
  function newWorker(e: WorkerEnv, put?: PutUpload): UploadWorker {
    return createUploadWorker({
      store: e.store,
      poller: e.scheduler,
      videogen: e.videogen,
      connectivity: e.connectivity,
      events: e.events,
      clock: e.clock,
      concurrency: () => 3,
      processingPoll: { firstDelayMs: 100, maxDelayMs: 500 },
      log: () => undefined,
      ...(put ? { put } : {}),
    });
  }

  it('re-PUTs to a still-valid URL after a restart, and re-hashes a file changed meanwhile', async () => {
    const { sb, env: e, worker: first } = await setup({ put: throttledPut(() => 2 * 1024 * 1024) });
    // A decodable image with trailing bytes: big enough to stop half-way, processed fine.
    writeFileSync(join(dir, 'poster.png'), Buffer.concat([makePng(299), Buffer.alloc(6 * 1024 * 1024, 1)]));
    writeFileSync(join(dir, 'still.png'), makePng(300));
    const [movie] = (await first.add([join(dir, 'poster.png')])).uploadIds;
    await until(() => progressBytes(e, movie!) > 512 * 1024, 'the poster half sent');
    await first.stop();
    worker = null;
    expect(e.store.uploads.get(movie!)!.state).toBe('uploading');

    // Queued while stopped, then changed on disk before the next start.
    await first.add([join(dir, 'still.png')]);
    const still = e.store.uploads.list().find((u) => u.name === 'still.png')!;
    expect(still.state).toBe('queued');
    writeFileSync(join(dir, 'still.png'), makePng(301));

    worker = newWorker(e);
    worker.start();
    await until(allDone(e), 'both finished after the restart', 30_000);
    expect(e.store.uploads.get(movie!)!.state).toBe('ready');
    expect(e.store.uploads.get(still.uploadId)!.state).toBe('ready');
    // The poster kept its target: no second create, a second PUT to the same URL.
    expect(sb.stats().requests['POST /v1/files/upload']).toBe(2);
    expect(e.store.uploads.job(still.uploadId)!.sha256).toBe(createHash('sha256').update(makePng(301)).digest('hex'));
  });

  it('an upload URL that expired while Atelier was closed gets a new upload', async () => {
    const { sb, env: e, worker: first } = await setup({ sandbox: { uploadUrlTtlS: 600 }, put: throttledPut(() => 2 * 1024 * 1024) });
    fakeMp4(join(dir, 'long.mp4'), 6 * 1024 * 1024);
    const [id] = (await first.add([join(dir, 'long.mp4')])).uploadIds;
    await until(() => progressBytes(e, id!) > 512 * 1024, 'half sent');
    await first.stop();
    worker = null;
    const staleFileId = e.store.uploads.get(id!)!.fileId;
    sb.advance(3_600_000); // an hour later on the server

    worker = newWorker(e);
    worker.start();
    await until(allDone(e), 'finished after the restart', 30_000);
    const u = e.store.uploads.get(id!)!;
    // The fake MP4 is not decodable, so processing fails; what matters is the new target.
    expect(u.fileId).not.toBe(staleFileId);
    expect(sb.stats().requests['POST /v1/files/upload']).toBe(2);
    await until(() => (sb.stats().requests['POST /v1/files/{fileId}/archive'] ?? 0) >= 1, 'stale target archived');
    const listed = (await e.videogen.listFiles({ limit: 10 })).files.map((f) => f.fileId);
    expect(listed).toEqual([u.fileId]);
  });
});

describe('hashFile (two reused buffers)', () => {
  it('matches sha256 of the bytes, whatever the size against its 1 MiB reads; stops when aborted', async () => {
    for (const size of [0, 1, 1024 * 1024, 1024 * 1024 + 1, 2.5 * 1024 * 1024 + 7]) {
      const bytes = randomBytes(size);
      const file = join(dir, `h-${size}.bin`);
      writeFileSync(file, bytes);
      const h = await hashFile(file);
      expect([h.size, h.sha256]).toEqual([size, createHash('sha256').update(bytes).digest('hex')]);
    }
    const ctrl = new AbortController();
    ctrl.abort(new Error('stop'));
    await expect(hashFile(join(dir, 'h-1.bin'), ctrl.signal)).rejects.toThrow('stop');
  });
});
