/**
 * A working signed URL for one rendition of a file. The one in the library cache is used
 * while it has more than a minute left; otherwise the file is hydrated
 * (`POST /v1/files/{id}/hydrate`, 2,500/h: only here, only when needed) and the fresh record
 * is stored, so every other rendition of the file gets its URL too. Concurrent needs of the
 * same file share one hydration. (The store keeps expiry in epoch ms; the API sends seconds.)
 */
import type { FileSource, StorageFile, VideoGenClient } from '../../api';
import type { Clock } from '../../kernel/clock';
import type { MediaKind } from '../../kernel/media';
import type { Store } from '../../store';
import { createSingleFlight } from '../shared/single-flight';
import { fileUpdate } from '../file-updates';

const PREFIX = { thumb: 'thumb', preview: 'preview', download: 'download' } as const;
const SOURCE_KEY = { thumb: 'thumbnailSource', preview: 'previewSource', download: 'downloadSource' } as const;
const MIN_LIFETIME_MS = 60_000;
/** After a hydration found a rendition not ready yet, don't hydrate the file again this soon. */
const PENDING_RECHECK_MS = 30_000;

export type UrlResult =
  | { ok: true; url: string }
  /** `pending`: not made yet (or still processing); `absent`: failed or not applicable to this file. */
  | { ok: false; why: 'pending' | 'absent' };

export interface SignedUrls {
  /** `fresh`: ignore the stored URL (it was refused). */
  resolve(fileId: string, kind: MediaKind, opts?: { fresh?: boolean; signal?: AbortSignal; hydrate?: boolean }): Promise<UrlResult>;
  /** Hydrations done so far (for the prefetcher's own allowance). */
  readonly hydrations: number;
}

export function createSignedUrls(deps: {
  store: Pick<Store, 'files'>;
  videogen: Pick<VideoGenClient, 'hydrateFile'>;
  clock: Pick<Clock, 'now'>;
}): SignedUrls {
  const flights = createSingleFlight<StorageFile>();
  const notReadyUntil = new Map<string, number>();
  let hydrations = 0;

  function fromStore(fileId: string, kind: MediaKind): UrlResult | null {
    const s = deps.store.files.signedSource(fileId, PREFIX[kind]);
    if (!s || s.status === null) return null;
    if (s.status === 'failed' || s.status === 'skipped') return { ok: false, why: 'absent' };
    if (s.status === 'ready' && s.url && s.expires_at !== null && s.expires_at - MIN_LIFETIME_MS > deps.clock.now()) {
      return { ok: true, url: s.url };
    }
    return null;
  }

  function fromRecord(source: FileSource | null | undefined): UrlResult {
    if (!source || source.status === 'pending') return { ok: false, why: 'pending' };
    if (source.status === 'ready' && source.url) return { ok: true, url: source.url };
    return { ok: false, why: source.status === 'ready' ? 'pending' : 'absent' };
  }

  return {
    async resolve(fileId, kind, opts = {}) {
      if (!opts.fresh) {
        const stored = fromStore(fileId, kind);
        if (stored) return stored;
      }
      if (opts.hydrate === false) return { ok: false, why: 'pending' };
      const key = `${fileId}:${kind}`;
      if (!opts.fresh && (notReadyUntil.get(key) ?? 0) > deps.clock.now()) return { ok: false, why: 'pending' };
      const file = await flights.run(fileId, async () => {
        hydrations++;
        const f = await deps.videogen.hydrateFile(fileId, opts.signal ? { signal: opts.signal } : {});
        deps.store.files.upsert([fileUpdate(f)]);
        return f;
      });
      const result = fromRecord(file[SOURCE_KEY[kind]]);
      if (!result.ok && result.why === 'pending') notReadyUntil.set(key, deps.clock.now() + PENDING_RECHECK_MS);
      else notReadyUntil.delete(key);
      return result;
    },
    get hydrations() {
      return hydrations;
    },
  };
}
