/**
 * Keeps the cache under its cap: least recently used entries go first; pinned entries (and
 * media of files pinned in the library) never do, and neither does the entry just written
 * (a single file larger than the cap stays until something newer replaces it).
 */
import { rm } from 'node:fs/promises';
import type { MediaKind } from '../../kernel/media';
import type { Store } from '../../store';

export async function enforceCap(
  store: Pick<Store, 'mediaCache'>,
  capBytes: number,
  keep?: { fileId: string; kind: MediaKind },
): Promise<number> {
  const over = store.mediaCache.totalBytes() - capBytes;
  if (over <= 0) return 0;
  const victims = store.mediaCache
    .lru(over + (keep ? (store.mediaCache.get(keep.fileId, keep.kind)?.bytes ?? 0) : 0))
    .filter((e) => !(keep && e.fileId === keep.fileId && e.kind === keep.kind));
  let freed = 0;
  const gone: Array<{ fileId: string; kind: MediaKind }> = [];
  for (const v of victims) {
    if (freed >= over) break;
    await rm(v.path, { force: true });
    gone.push({ fileId: v.fileId, kind: v.kind });
    freed += v.bytes;
  }
  store.mediaCache.remove(gone);
  return freed;
}
