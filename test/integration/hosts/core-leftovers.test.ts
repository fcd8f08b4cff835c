/**
 * Issue 11: what a crash leaves on disk, and who may read it. Partial files of browser uploads
 * in `incoming/` that no upload refers to are swept at start; the folder has a size cap the
 * web host enforces (507, said in words); the data folder and the database are the owner's only.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../main/core/create-core';
import { createMemorySecretStore } from '../../../main/host/layered-secrets';
import { openStore } from '../../../main/store';
import { startWebHost, type WebHost } from '../../../main/web/index';
import { login, request } from './support/http';

const dirs: string[] = [];
let host: WebHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempRoot(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'atelier-leftovers-'));
  dirs.push(d);
  return d;
}

const coreOptions = (dataDir: string, extra: Record<string, unknown> = {}) => ({
  dataDir,
  secrets: createMemorySecretStore(),
  host: 'web' as const,
  mediaBase: '/media/',
  uploadEndpoint: '/upload',
  videogenBaseUrl: 'http://127.0.0.1:9',
  syncBaseUrl: 'http://127.0.0.1:9',
  workers: false,
  ...extra,
});

describe('the data folder', () => {
  it('is created for the owner only, and so is the database', async () => {
    const dataDir = path.join(tempRoot(), 'fresh', 'Atelier');
    const core = await createCore(coreOptions(dataDir));
    await core.close();
    if (process.platform === 'win32') return;
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dataDir, 'incoming')).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dataDir, 'atelier.db')).mode & 0o777).toBe(0o600);
  });
});

describe('incoming/', () => {
  it('is swept at start: partial files no upload refers to go, queued ones stay', async () => {
    const dataDir = tempRoot();
    const incoming = path.join(dataDir, 'incoming');
    mkdirSync(incoming, { recursive: true });
    const kept = path.join(incoming, 'a1-kept.png');
    writeFileSync(kept, Buffer.alloc(1000, 1));
    writeFileSync(path.join(incoming, 'b2-partial-from-a-crash.mov'), Buffer.alloc(5000, 2));
    writeFileSync(path.join(incoming, 'c3-finished-long-ago.png'), Buffer.alloc(10, 3));
    const store = openStore(path.join(dataDir, 'atelier.db'));
    const [queued, done] = store.uploads.createMany([
      { path: kept, name: 'kept.png', size: 1000, mtime: Date.now() },
      { path: path.join(incoming, 'c3-finished-long-ago.png'), name: 'finished.png', size: 10, mtime: Date.now() },
    ]);
    store.uploads.cancel(done!.uploadId);
    expect(queued).toBeTruthy();
    store.close();

    const core = await createCore(coreOptions(dataDir));
    try {
      expect(readdirSync(incoming).sort()).toEqual(['a1-kept.png']);
    } finally {
      await core.close();
    }
  });

  it('has a size cap: a browser upload that would pass it is refused in words, and nothing is left behind', async () => {
    const dataDir = tempRoot();
    host = await startWebHost({
      core: () => createCore(coreOptions(dataDir, { maxIncomingBytes: 1024 * 1024 })),
      rendererDir: tempRoot(),
    });
    const cookie = await login(host.port, host.token);
    const first = await request(host.port, '/upload?name=one.png', { method: 'POST', headers: { cookie }, body: pngOf(600_000) });
    expect(first.status, first.text).toBe(200);
    const second = await request(host.port, '/upload?name=two.png', { method: 'POST', headers: { cookie }, body: pngOf(600_000) });
    expect(second.status).toBe(507);
    expect(JSON.parse(second.text).error).toEqual({
      code: 'incoming_full',
      message: 'Atelier’s holding folder for files from the browser is full (1 MB). Files wait there until they are uploaded; try this one again once some have finished.',
    });
    expect(readdirSync(host.core.incomingDir)).toHaveLength(1);
  });
});

function pngOf(size: number): Buffer {
  const b = Buffer.alloc(size, 0);
  Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').copy(b);
  return b;
}
