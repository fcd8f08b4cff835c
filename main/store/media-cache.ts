/**
 * Index of media files kept on disk (thumbnails, previews, downloads). The media-cache
 * worker owns the files; this table says what is where, how big, and when it was last
 * used. Eviction is least-recently-used, and never touches pinned entries or media of
 * files pinned in the library.
 */
import type { MediaKind } from '../kernel/media';
import type { StoreContext } from './context';
import { StoreError } from './errors';

export interface MediaEntry {
  fileId: string;
  kind: MediaKind;
  path: string;
  bytes: number;
  mimeType: string | null;
  lastAccess: number;
  pinned: boolean;
  createdAt: number;
}

interface MediaRow {
  file_id: string;
  kind: MediaKind;
  path: string;
  bytes: number;
  mime_type: string | null;
  last_access: number;
  pinned: 0 | 1;
  created_at: number;
}

function toEntry(r: MediaRow): MediaEntry {
  return {
    fileId: r.file_id,
    kind: r.kind,
    path: r.path,
    bytes: r.bytes,
    mimeType: r.mime_type,
    lastAccess: r.last_access,
    pinned: r.pinned === 1,
    createdAt: r.created_at,
  };
}

export function createMediaCacheRepo(ctx: StoreContext) {
  const { db, tx } = ctx;
  const upsertStmt = db.prepare(
    `INSERT INTO media_cache (file_id, kind, path, bytes, mime_type, last_access, pinned, created_at)
     VALUES (@file_id, @kind, @path, @bytes, @mime_type, @now, @pinned, @now)
     ON CONFLICT (file_id, kind) DO UPDATE SET
       path = excluded.path, bytes = excluded.bytes, mime_type = excluded.mime_type,
       last_access = excluded.last_access, pinned = max(media_cache.pinned, excluded.pinned)`,
  );
  const getStmt = db.prepare<[string, string], MediaRow>('SELECT * FROM media_cache WHERE file_id = ? AND kind = ?');
  const touchStmt = db.prepare('UPDATE media_cache SET last_access = ? WHERE file_id = ? AND kind = ?');
  const totalStmt = db.prepare<[], number>('SELECT coalesce(sum(bytes), 0) FROM media_cache').pluck();
  const lruStmt = db.prepare<[], MediaRow>(
    `SELECT m.* FROM media_cache m
      WHERE m.pinned = 0
        AND NOT EXISTS (SELECT 1 FROM files f WHERE f.file_id = m.file_id AND f.pinned = 1)
      ORDER BY m.last_access, m.file_id, m.kind`,
  );
  const removeStmt = db.prepare('DELETE FROM media_cache WHERE file_id = ? AND kind = ?');
  const pinStmt = db.prepare('UPDATE media_cache SET pinned = ? WHERE file_id = ? AND pinned IS NOT ?');
  const forFileStmt = db.prepare<[string], MediaRow>('SELECT * FROM media_cache WHERE file_id = ? ORDER BY kind');

  return {
    /** A file was written to disk (replaces an earlier entry of the same file and kind). */
    record(e: { fileId: string; kind: MediaKind; path: string; bytes: number; mimeType?: string | null; pinned?: boolean }): MediaEntry {
      if (!Number.isSafeInteger(e.bytes) || e.bytes < 0) throw new StoreError('invalid_value', `Cached media size must be a whole number of bytes (got ${e.bytes}).`);
      return tx.run(() => {
        upsertStmt.run({
          file_id: e.fileId,
          kind: e.kind,
          path: e.path,
          bytes: e.bytes,
          mime_type: e.mimeType ?? null,
          now: ctx.now(),
          pinned: e.pinned ? 1 : 0,
        });
        tx.record('media_cache', [e.fileId]);
        return toEntry(getStmt.get(e.fileId, e.kind)!);
      });
    },

    get(fileId: string, kind: MediaKind): MediaEntry | null {
      const row = getStmt.get(fileId, kind);
      return row ? toEntry(row) : null;
    },

    forFile: (fileId: string): MediaEntry[] => forFileStmt.all(fileId).map(toEntry),

    /** Marks an entry used now. Frequent and invisible: no change event. */
    touch(fileId: string, kind: MediaKind, at = ctx.now()): boolean {
      return touchStmt.run(at, fileId, kind).changes > 0;
    },

    totalBytes: (): number => totalStmt.get() ?? 0,

    /**
     * Eviction candidates, least recently used first, adding up to at least `overBytes`
     * (or all evictable entries if they add up to less). Never pinned ones.
     */
    lru(overBytes: number): MediaEntry[] {
      const out: MediaEntry[] = [];
      if (overBytes <= 0) return out;
      let sum = 0;
      for (const row of lruStmt.iterate()) {
        out.push(toEntry(row));
        sum += row.bytes;
        if (sum >= overBytes) break;
      }
      return out;
    },

    /** The file on disk is gone (evicted or missing). */
    remove(entries: ReadonlyArray<{ fileId: string; kind: MediaKind }>): number {
      return tx.run(() => {
        let n = 0;
        const ids = new Set<string>();
        for (const e of entries) {
          if (removeStmt.run(e.fileId, e.kind).changes > 0) {
            n++;
            ids.add(e.fileId);
          }
        }
        if (ids.size > 0) tx.record('media_cache', ids);
        return n;
      });
    },

    /** Keeps (or releases) every cached kind of these files regardless of LRU. */
    setPinned(fileIds: readonly string[], pinned: boolean): number {
      return tx.run(() => {
        const v = pinned ? 1 : 0;
        const changed = fileIds.filter((id) => pinStmt.run(v, id, v).changes > 0);
        if (changed.length > 0) tx.record('media_cache', changed);
        return changed.length;
      });
    },
  };
}

export type MediaCacheRepo = ReturnType<typeof createMediaCacheRepo>;
