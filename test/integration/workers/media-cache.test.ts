/**
 * The media cache against the sandbox: fetched once, then served offline; expired signed
 * URLs re-hydrated (and only then); LRU eviction under the cap with pinned files kept;
 * concurrent requests sharing one download; never a half file in the cache.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { createMediaCache, type MediaCache, type MediaCacheOptions } from '../../../main/workers/media-cache';
import { createWorkerEnv, makePng, until, type WorkerEnv } from '../../helpers/worker-harness';
import { fileUpdates } from '../../../main/workers/file-updates';

let sb: Sandbox;
/** Uploaded images (thumbnail, preview and download ready). */
const fileIds: string[] = [];

beforeAll(async () => {
  sb = await startSandbox({ processingMs: 200 });
  const env = createWorkerEnv({ baseUrl: sb.url, apiKey: sb.videogenKey });
  for (let i = 0; i < 5; i++) {
    const { fileId, uploadUrl } = await env.videogen.createUpload({ displayName: `picture-${i}.png`, type: 'IMAGE' });
    const bytes = makePng(700 + i, 64);
    await env.videogen.putUpload(uploadUrl, bytes, { size: bytes.length });
    fileIds.push(fileId);
  }
  for (const id of fileIds) {
    await until(async () => {
      const f = await env.videogen.getFile(id);
      return f.thumbnailSource?.status === 'ready' && f.previewSource?.status === 'ready' && f.downloadSource?.status === 'ready';
    }, `${id} processed`, 30_000, 100);
  }
  env.close();
}, 60_000);
afterAll(() => sb.close());

let env: WorkerEnv | null = null;
let cache: MediaCache | null = null;
afterEach(async () => {
  await cache?.stop();
  env?.close();
  env = null;
  cache = null;
});

/** A cache on a fresh library that already knows the uploaded files (as after a sync). */
async function setup(
  extra: Partial<MediaCacheOptions> = {},
  target: { url: string; key: string; files?: string[] } = { url: sb.url, key: sb.videogenKey, files: fileIds },
): Promise<{ env: WorkerEnv; cache: MediaCache; storageGets: () => number }> {
  env = createWorkerEnv({ baseUrl: target.url, apiKey: target.key });
  const e = env;
  for (const id of target.files ?? []) e.store.files.upsert(fileUpdates([await e.videogen.getFile(id)]));
  let gets = 0;
  const counting = (async (input: RequestInfo | URL, init?: RequestInit) => {
    gets++;
    return globalThis.fetch(input, init);
  }) as typeof fetch;
  cache = createMediaCache({
    store: e.store,
    videogen: e.videogen,
    dataDir: e.dataDir,
    clock: e.clock,
    connectivity: e.connectivity,
    fetch: counting,
    prefetch: { startDelayMs: -1, intervalMs: 10 },
    log: () => undefined,
    ...extra,
  });
  cache.start();
  return { env: e, cache, storageGets: () => gets };
}

const hydrations = () => sb.stats().requests['POST /v1/files/{fileId}/hydrate'] ?? 0;

describe('media cache', () => {
  it('fetches a thumbnail once into <dataDir>/media, then serves it offline', async () => {
    const { env: e, cache: c, storageGets } = await setup();
    const thumb = await c.get(fileIds[0]!, 'thumb');
    expect(thumb).not.toBeNull();
    expect(thumb!.path.startsWith(join(e.dataDir, 'media'))).toBe(true);
    expect(thumb!.mimeType).toMatch(/^image\//);
    expect(statSync(thumb!.path).size).toBe(thumb!.size);
    expect(e.store.files.get(fileIds[0]!)?.sources.thumbnail?.cached).toBe(true);
    expect(readdirSync(join(e.dataDir, 'media', '.tmp'))).toEqual([]);

    // The API goes away: the cached thumbnail is still served, with no request.
    e.connectivity.report({ ok: false, kind: 'network' });
    e.connectivity.report({ ok: false, kind: 'network' });
    expect(e.connectivity.online).toBe(false);
    const before = storageGets();
    const again = await c.get(fileIds[0]!, 'thumb');
    expect(again).toEqual(thumb);
    expect(storageGets()).toBe(before);
    // Not cached and offline: nothing, at once.
    expect(await c.get(fileIds[1]!, 'thumb')).toBeNull();
  });

  it('keeps serving cached media when the sandbox is really closed', async () => {
    const local = await startSandbox({ processingMs: 100 });
    const { fileId, uploadUrl } = await (async () => {
      const tmp = createWorkerEnv({ baseUrl: local.url, apiKey: local.videogenKey });
      const r = await tmp.videogen.createUpload({ displayName: 'offline.png', type: 'IMAGE' });
      const bytes = makePng(4242, 64);
      await tmp.videogen.putUpload(r.uploadUrl, bytes, { size: bytes.length });
      await until(async () => (await tmp.videogen.getFile(r.fileId)).thumbnailSource?.status === 'ready', 'processed');
      tmp.close();
      return r;
    })();
    void uploadUrl;
    env = createWorkerEnv({ baseUrl: local.url, apiKey: local.videogenKey });
    const e = env;
    e.store.files.upsert(fileUpdates([await e.videogen.getFile(fileId)]));
    cache = createMediaCache({ store: e.store, videogen: e.videogen, dataDir: e.dataDir, clock: e.clock, connectivity: e.connectivity, prefetch: { startDelayMs: -1 }, log: () => undefined });
    cache.start();
    const thumb = await cache.get(fileId, 'thumb');
    expect(thumb).not.toBeNull();
    await local.close();
    // The network really fails now; still the cached file comes back.
    await expect(fetch(local.url)).rejects.toBeDefined();
    expect(await cache.get(fileId, 'thumb')).toEqual(thumb);
  }, 30_000);

  it('hydrates only when the URL is missing or expired, and once more when storage refuses it', async () => {
    const { cache: c } = await setup();
    const h0 = hydrations();
    expect(await c.get(fileIds[1]!, 'thumb')).not.toBeNull(); // no URL yet: hydrate
    expect(hydrations()).toBe(h0 + 1);
    expect(await c.get(fileIds[1]!, 'preview')).not.toBeNull(); // URL from that hydration: none
    expect(hydrations()).toBe(h0 + 1);

    // Two hours pass on the server: the stored download URL (still "valid" by our clock) is refused.
    sb.advance(2 * 3_600_000);
    expect(await c.get(fileIds[1]!, 'download')).not.toBeNull();
    expect(hydrations()).toBe(h0 + 2);
  });

  it('re-hydrates when stored URLs expire (signed URL lifetime of 1 s)', async () => {
    const short = await startSandbox({ processingMs: 100, signedUrlTtlS: 1 });
    try {
      const tmp = createWorkerEnv({ baseUrl: short.url, apiKey: short.videogenKey });
      const r = await tmp.videogen.createUpload({ displayName: 'short.png', type: 'IMAGE' });
      const bytes = makePng(99, 64);
      await tmp.videogen.putUpload(r.uploadUrl, bytes, { size: bytes.length });
      await until(async () => (await tmp.videogen.getFile(r.fileId)).previewSource?.status === 'ready', 'processed');
      tmp.close();
      const { env: e, cache: c } = await setup({}, { url: short.url, key: short.videogenKey, files: [r.fileId] });
      const count = () => short.stats().requests['POST /v1/files/{fileId}/hydrate'] ?? 0;
      expect(await c.get(r.fileId, 'thumb')).not.toBeNull();
      expect(count()).toBe(1);
      const stored = e.store.files.signedSource(r.fileId, 'preview');
      // Stored in epoch ms (the API sends Unix seconds), about a second ahead.
      expect(stored?.expires_at).toBeGreaterThan(Date.now() - 2_000);
      expect(stored?.expires_at).toBeLessThan(Date.now() + 5_000);
      expect(await c.get(r.fileId, 'preview')).not.toBeNull();
      expect(count()).toBe(2);
    } finally {
      await short.close();
    }
  }, 30_000);

  it('a file whose fresh link is refused too is left alone (no hydration) until the person retries', async () => {
    // Every storage GET finds the server's clock two hours on: each link is refused (403).
    const refusing = (async (input: RequestInfo | URL, init?: RequestInit) => {
      sb.advance(2 * 3_600_000);
      return globalThis.fetch(input, init);
    }) as typeof fetch;
    const { cache: c } = await setup({ fetch: refusing });
    const h0 = hydrations();
    expect(await c.get(fileIds[3]!, 'preview')).toBeNull();
    const episode = hydrations() - h0;
    expect(episode).toBeGreaterThanOrEqual(1);
    expect(episode).toBeLessThanOrEqual(2);
    for (let i = 0; i < 20; i++) expect(await c.get(fileIds[3]!, 'preview')).toBeNull();
    expect(hydrations() - h0).toBe(episode);
    // Retry: a new episode, bounded the same way.
    expect(await c.get(fileIds[3]!, 'preview', { retry: true })).toBeNull();
    expect(hydrations() - h0).toBeLessThanOrEqual(2 * episode);
    expect(hydrations() - h0).toBeGreaterThan(episode);
  });

  it('shares one download between concurrent requests for the same file', async () => {
    const { cache: c, storageGets } = await setup();
    const results = await Promise.all(Array.from({ length: 6 }, () => c.get(fileIds[2]!, 'preview')));
    expect(results.every((r) => r !== null && r.path === results[0]!.path)).toBe(true);
    expect(storageGets()).toBe(1);
  });

  it('evicts least recently used media over the cap, never pinned files', async () => {
    const { env: e, cache: c } = await setup();
    const first = await c.get(fileIds[0]!, 'download');
    const size = first!.size;
    // Room for about two and a half images.
    const cap = Math.floor(size * 2.5);
    await c.stop();
    cache = createMediaCache({
      store: e.store,
      videogen: e.videogen,
      dataDir: e.dataDir,
      clock: e.clock,
      connectivity: e.connectivity,
      capBytes: () => cap,
      prefetch: { startDelayMs: -1, intervalMs: 10 },
      log: () => undefined,
    });
    const c2 = cache;
    c2.start();
    await c2.pin([fileIds[0]!], true);
    expect(e.store.files.item(fileIds[0]!)?.pinned).toBe(true);
    const paths: Record<string, string> = {};
    for (const id of fileIds.slice(1)) {
      const m = await c2.get(id, 'download');
      paths[id] = m!.path;
      await new Promise((r) => setTimeout(r, 5));
    }
    // Pinning also fetched the pinned file's thumbnail and preview in the background.
    await until(() => e.store.mediaCache.get(fileIds[0]!, 'preview') !== null, 'pinned preview fetched');
    const total = e.store.mediaCache.totalBytes();
    const kept = (id: string) => e.store.mediaCache.get(id, 'download') !== null;
    expect(kept(fileIds[0]!)).toBe(true); // pinned
    expect(kept(fileIds[4]!)).toBe(true); // most recent
    expect(kept(fileIds[1]!)).toBe(false); // least recently used
    expect(existsSync(paths[fileIds[1]!]!)).toBe(false);
    // Over the cap only by what is pinned.
    const pinnedBytes = e.store.mediaCache.forFile(fileIds[0]!).reduce((s, m) => s + m.bytes, 0);
    expect(total - pinnedBytes).toBeLessThanOrEqual(cap);

    await c2.pin([fileIds[0]!], false);
    expect(e.store.mediaCache.totalBytes()).toBeLessThanOrEqual(cap);
  });

  it('prefetches missing thumbnails in the background within its share of the hydrate budget', async () => {
    // Fresh files nobody hydrated yet (list and GET records carry no URLs).
    const fresh = await startSandbox({ processingMs: 100 });
    try {
      const tmp = createWorkerEnv({ baseUrl: fresh.url, apiKey: fresh.videogenKey });
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await tmp.videogen.createUpload({ displayName: `fresh-${i}.png`, type: 'IMAGE' });
        const bytes = makePng(800 + i, 64);
        await tmp.videogen.putUpload(r.uploadUrl, bytes, { size: bytes.length });
        ids.push(r.fileId);
      }
      for (const id of ids) await until(async () => (await tmp.videogen.getFile(id)).thumbnailSource?.status === 'ready', `${id} processed`);
      tmp.close();
      const count = () => fresh.stats().requests['POST /v1/files/{fileId}/hydrate'] ?? 0;
      const { env: e, cache: c } = await setup(
        { prefetch: { startDelayMs: -1, intervalMs: 20, hydratesPerHour: 3 } },
        { url: fresh.url, key: fresh.videogenKey, files: ids },
      );
      const cachedThumbs = () => ids.filter((id) => e.store.mediaCache.get(id, 'thumb')).length;
      c.prefetch();
      await until(() => cachedThumbs() === 3, 'three thumbnails prefetched');
      await new Promise((r) => setTimeout(r, 300));
      // The allowance is spent: the other two wait until asked for (or the next hour).
      expect(count()).toBe(3);
      expect(cachedThumbs()).toBe(3);
      const rest = ids.find((id) => !e.store.mediaCache.get(id, 'thumb'))!;
      expect(await c.get(rest, 'thumb')).not.toBeNull();
      expect(count()).toBe(4);
    } finally {
      await fresh.close();
    }
  }, 30_000);
});
