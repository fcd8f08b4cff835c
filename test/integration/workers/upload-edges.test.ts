/**
 * Issue 11, the edges of uploading: files over VideoGen's size limit (refused before hashing,
 * and storage's "too large" answers), names with control characters on the path route, a
 * rejected browser upload's message (the name once), and the placeholder a refused PUT leaves.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VIDEOGEN_MAX_UPLOAD_BYTES } from '../../../main/contract';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { createUploadWorker, type UploadWorker } from '../../../main/workers/uploads';
import type { PutUpload } from '../../../main/workers/uploads/steps';
import { createWorkerEnv, makePng, until, type WorkerEnv } from '../../helpers/worker-harness';

let dir: string;
let sandbox: Sandbox | null = null;
let env: WorkerEnv | null = null;
let worker: UploadWorker | null = null;
let storage: Server | null = null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-upload-edges-'));
});

afterEach(async () => {
  await worker?.stop();
  env?.close();
  await sandbox?.close();
  await new Promise<void>((r) => (storage ? storage.close(() => r()) : r()));
  worker = null;
  env = null;
  sandbox = null;
  storage = null;
  rmSync(dir, { recursive: true, force: true });
});

async function setup(put?: PutUpload): Promise<{ sb: Sandbox; env: WorkerEnv; worker: UploadWorker }> {
  sandbox = await startSandbox({ processingMs: 300 });
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
    concurrency: () => 2,
    processingPoll: { firstDelayMs: 100, maxDelayMs: 500 },
    log: () => undefined,
    ...(put ? { put } : {}),
  });
  worker.start();
  return { sb, env: e, worker };
}

/** A sparse file of `size` bytes that starts like a PNG (reading it all would take long). */
function sparsePng(path: string, size: number): void {
  writeFileSync(path, makePng(1));
  const fd = openSync(path, 'r+');
  ftruncateSync(fd, size);
  closeSync(fd);
}

/** A stand-in for object storage that refuses every PUT the way S3/R2 do for an object too large. */
async function refusingStorage(status: 400 | 413): Promise<string> {
  storage = createServer((req, res) => {
    req.resume();
    const xml =
      status === 400
        ? '<?xml version="1.0"?><Error><Code>EntityTooLarge</Code><Message>Your proposed upload exceeds the maximum allowed object size.</Message></Error>'
        : '<html><body>413 Request Entity Too Large</body></html>';
    res.writeHead(status, { 'Content-Type': 'application/xml', Connection: 'close' });
    res.end(xml);
  });
  await new Promise<void>((r) => storage!.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(storage!.address() as AddressInfo).port}`;
}

async function listedIds(sb: Sandbox): Promise<string[]> {
  const res = await fetch(`${sb.url}/v1/files?limit=200`, { headers: { Authorization: `Bearer ${sb.videogenKey}` } });
  return ((await res.json()) as { files: Array<{ fileId: string }> }).files.map((f) => f.fileId);
}

describe('files over the size limit', () => {
  it('are refused at once, before hashing, with the limit in the message', async () => {
    const { sb, env: e, worker: w } = await setup();
    const big = join(dir, 'huge.png');
    sparsePng(big, VIDEOGEN_MAX_UPLOAD_BYTES + 1024 ** 3);
    const started = Date.now();
    const { uploadIds, rejected } = await w.add([big]);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(uploadIds).toEqual([]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toBe('Skipped: the file is 6 GB, over VideoGen’s limit of 5 GB per file.');
    expect(e.store.uploads.list()).toEqual([]);
    expect(sb.stats().requests['POST /v1/files/upload'] ?? 0).toBe(0);
  });

  for (const status of [400, 413] as const) {
    it(`a PUT storage refuses as too large (${status}) fails as "too large" and archives the placeholder`, async () => {
      const refusing = await refusingStorage(status);
      const { sb, env: e, worker: w } = await setup((url, body, opts) => e.videogen.putUpload(refusing + new URL(url).pathname + new URL(url).search, body, opts));
      writeFileSync(join(dir, 'photo.png'), makePng(2));
      const { uploadIds } = await w.add([join(dir, 'photo.png')]);
      const id = uploadIds[0]!;
      await until(() => e.store.uploads.get(id)?.state === 'failed', 'the upload to fail', 15_000);
      const u = e.store.uploads.get(id)!;
      expect(u.error?.code).toBe('file_too_large');
      expect(u.error?.message).toBe('“photo.png” is too large for VideoGen’s storage, which refused it. VideoGen takes files up to 5 GB.');
      expect(u.error?.message).not.toMatch(/try again/i);
      // One PUT, not a retry storm; the placeholder the create left is archived (leaves the list).
      await until(async () => !(await listedIds(sb)).includes(u.fileId!), 'the placeholder to be archived', 10_000);
      expect(sb.stats().requests['POST /v1/files/{fileId}/archive']).toBe(1);
    });
  }
});

describe('names and messages', () => {
  it('strips control characters from names on the path route, as the browser route does', async () => {
    const { sb, env: e, worker: w } = await setup();
    const name = 'clip\u0007 one\u001b.png';
    writeFileSync(join(dir, name), makePng(3));
    const { uploadIds } = await w.add([join(dir, name)]);
    expect(e.store.uploads.get(uploadIds[0]!)!.name).toBe('clip one.png');
    await until(() => e.store.uploads.get(uploadIds[0]!)?.state === 'ready', 'ready', 20_000);
    const res = await fetch(`${sb.url}/v1/files/${e.store.uploads.get(uploadIds[0]!)!.fileId}`, { headers: { Authorization: `Bearer ${sb.videogenKey}` } });
    expect(((await res.json()) as { displayName: string }).displayName).toBe('clip one.png');
  });

  it('a rejected browser upload names the problem, not the file twice', async () => {
    const { worker: w } = await setup();
    const temp = join(dir, 'incoming-empty');
    writeFileSync(temp, '');
    await expect(w.addIncoming(temp, 'empty.png')).rejects.toThrow(/^Skipped: the file is empty \(0 bytes\)\.$/);
  });
});
