/**
 * The media cache behind `Core.media()`: thumbnails, previews and downloads of library files
 * kept on disk, so they show offline and the renderer never needs a signed URL.
 *
 * - `get` serves the cached file, else fetches it (hydrating first only when the stored URL
 *   is missing or about to expire; a URL refused as expired is re-hydrated once). Offline,
 *   only cached files are served. Concurrent gets of the same file and kind share one download.
 * - Downloads land in a temporary file and are renamed into place when complete.
 * - Size-capped LRU (`cacheCapBytes`, default 2 GB, read on every write); pinned files are
 *   never evicted, and pinning fetches their thumbnail and preview.
 * - `prefetch` fetches missing thumbnails in the background at a gentle rate (see prefetch.ts).
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { VideoGenClient } from '../../api';
import { AppError, toAppError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { MediaFile, MediaKind } from '../../kernel/media';
import type { Store } from '../../store';
import type { Connectivity } from '../connectivity';
import { createSingleFlight } from '../shared/single-flight';
import { sniffFile } from '../sniff';
import { downloadToFile } from './download';
import { enforceCap } from './eviction';
import { mediaLayout } from './paths';
import { createPrefetcher, type PrefetchOptions } from './prefetch';
import { createSignedUrls, type UrlResult } from './signed-url';

/** How long a refused file's links are left alone (unless the person retries). */
const REFUSAL_MS = 10 * 60_000;

export interface MediaCacheOptions {
  store: Pick<Store, 'files' | 'mediaCache' | 'settings'>;
  videogen: Pick<VideoGenClient, 'hydrateFile'>;
  dataDir: string;
  clock: Clock;
  connectivity: Pick<Connectivity, 'online' | 'waitOnline' | 'report'>;
  fetch?: typeof fetch;
  /** Overrides the `cacheCapBytes` setting (tests). */
  capBytes?: () => number;
  prefetch?: PrefetchOptions;
  log?: (message: string) => void;
}

export interface MediaCache {
  /**
   * `retry`: forget an earlier refusal. A file whose fresh link was refused too is not asked for
   * again (no hydration) for REFUSAL_MS, so a tile or image that keeps failing cannot spend
   * the hydrate budget: at most one re-hydration per refusal episode.
   */
  get(fileId: string, kind: MediaKind, opts?: { retry?: boolean }): Promise<MediaFile | null>;
  /**
   * A working signed URL of a library file's rendition: the stored one while it has over a
   * minute left, else one hydration (shared with thumbnails and playback).
   */
  signedUrl(fileId: string, kind: MediaKind): Promise<UrlResult>;
  /** Pins (never evicted; thumbnail and preview fetched now) or unpins files. */
  pin(fileIds: readonly string[], pinned: boolean): Promise<void>;
  /** Starts (or restarts) a background pass fetching missing thumbnails. */
  prefetch(): void;
  start(): void;
  stop(): Promise<void>;
}

export function createMediaCache(opts: MediaCacheOptions): MediaCache {
  const { store, clock, connectivity } = opts;
  const fetchImpl = opts.fetch ?? globalThis.fetch;
  const log = opts.log ?? ((m: string) => console.warn(m));
  const layout = mediaLayout(opts.dataDir);
  const urls = createSignedUrls({ store, videogen: opts.videogen, clock });
  const flights = createSingleFlight<MediaFile | null>();
  const capBytes = opts.capBytes ?? (() => store.settings.get().cacheCapBytes);
  let stopCtrl = new AbortController();
  /** `fileId:kind` → until when its links count as refused (a stale and a fresh one both were). */
  const refusedUntil = new Map<string, number>();
  let evicting: Promise<unknown> = Promise.resolve();
  /** Leftovers of downloads cut short by a crash or quit are removed before new ones start. */
  let cleaned: Promise<unknown> = Promise.resolve();

  /** The cached file if it is really there; a row whose file vanished is forgotten. */
  async function cached(fileId: string, kind: MediaKind): Promise<MediaFile | null> {
    const entry = store.mediaCache.get(fileId, kind);
    if (!entry) return null;
    try {
      const st = await stat(entry.path);
      if (st.isFile() && st.size === entry.bytes) {
        store.mediaCache.touch(fileId, kind, clock.now());
        return { path: entry.path, size: entry.bytes, mimeType: entry.mimeType ?? 'application/octet-stream' };
      }
    } catch {
      // missing: fall through and forget it
    }
    store.mediaCache.remove([{ fileId, kind }]);
    return null;
  }

  async function download(fileId: string, kind: MediaKind, signal: AbortSignal, allowHydrate: boolean): Promise<MediaFile | null> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const target = await urls.resolve(fileId, kind, { fresh: attempt > 0, signal, hydrate: allowHydrate });
      if (!target.ok) return null;
      try {
        const got = await downloadToFile({
          fetch: fetchImpl,
          url: target.url,
          dest: (contentType) => layout.pathFor(fileId, kind, contentType),
          tmpDir: layout.tmpDir,
          signal,
        });
        connectivity.report({ ok: true });
        const previous = store.mediaCache.get(fileId, kind);
        const sniffed = await sniffFile(got.path).catch(() => null);
        const mimeType = sniffed?.mimeType ?? got.contentType?.split(';')[0]?.trim() ?? 'application/octet-stream';
        store.mediaCache.record({ fileId, kind, path: got.path, bytes: got.bytes, mimeType, pinned: store.files.item(fileId)?.pinned ?? false });
        if (previous && previous.path !== got.path) await rm(previous.path, { force: true });
        await capToSetting({ fileId, kind });
        return { path: got.path, size: got.bytes, mimeType };
      } catch (e) {
        const err = toAppError(e);
        connectivity.report({ ok: false, kind: err.kind });
        if (err.code === 'signed_url_expired' && attempt === 0 && allowHydrate) continue;
        if (err.code === 'signed_url_expired' && attempt > 0) {
          refusedUntil.set(`${fileId}:${kind}`, clock.now() + REFUSAL_MS);
          return null;
        }
        throw err;
      }
    }
    return null;
  }

  function capToSetting(keep?: { fileId: string; kind: MediaKind }): Promise<unknown> {
    evicting = evicting.catch(() => undefined).then(() => enforceCap(store, capBytes(), keep));
    return evicting;
  }

  async function fetchInto(fileId: string, kind: MediaKind, opts2: { allowHydrate: boolean }): Promise<MediaFile | null> {
    const hit = await cached(fileId, kind);
    if (hit) return hit;
    if (!connectivity.online) return null;
    if ((refusedUntil.get(`${fileId}:${kind}`) ?? 0) > clock.now()) return null;
    return flights.run(`${fileId}:${kind}`, async () => {
      await cleaned;
      const again = await cached(fileId, kind);
      if (again) return again;
      try {
        return await download(fileId, kind, stopCtrl.signal, opts2.allowHydrate);
      } catch (e) {
        if (stopCtrl.signal.aborted) return null;
        const err = toAppError(e);
        if (err.kind === 'not_found') return null;
        log(`media cache: ${kind} of ${fileId} could not be fetched: ${err.message}`);
        return null;
      }
    });
  }

  const prefetcher = createPrefetcher({
    store,
    clock,
    connectivity,
    hydrations: () => urls.hydrations,
    fetchThumb: (fileId, allowHydrate) => fetchInto(fileId, 'thumb', { allowHydrate }),
    fetchPreview: (fileId) => fetchInto(fileId, 'preview', { allowHydrate: true }),
    ...opts.prefetch,
  });

  return {
    get(fileId, kind, getOpts) {
      if (kind !== 'thumb' && kind !== 'preview' && kind !== 'download') {
        return Promise.reject(new AppError({ kind: 'invalid', retryable: false, message: `Unknown media kind “${String(kind)}”.` }));
      }
      if (getOpts?.retry) refusedUntil.delete(`${fileId}:${kind}`);
      return fetchInto(fileId, kind, { allowHydrate: true });
    },

    signedUrl: (fileId, kind) => urls.resolve(fileId, kind),

    async pin(fileIds, pinned) {
      store.files.setPinned(fileIds, pinned);
      store.mediaCache.setPinned(fileIds, pinned);
      if (pinned) prefetcher.pinned(fileIds);
      else await capToSetting();
    },

    prefetch: () => prefetcher.run(),

    start() {
      stopCtrl = new AbortController();
      cleaned = readdir(layout.tmpDir)
        .then((names) => Promise.all(names.map((n) => rm(join(layout.tmpDir, n), { force: true }))))
        .catch(() => undefined);
      prefetcher.start();
    },

    async stop() {
      stopCtrl.abort();
      await prefetcher.stop();
      await evicting.catch(() => undefined);
    },
  };
}
