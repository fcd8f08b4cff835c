/**
 * Cached API resource lists (TTS voices, avatar presenters, Sync models, languages): the
 * docs ask clients to cache them for hours, and offline they are all we have. Values are
 * stored as JSON; callers validate them with their schema on the way out.
 */
import type { StoreContext } from './context';

export interface CachedResource<T> {
  value: T;
  fetchedAt: number;
  /** Younger than the `maxAgeMs` asked for (always true without one). */
  fresh: boolean;
}

export function createResourcesCacheRepo(ctx: StoreContext) {
  const { db } = ctx;
  const getStmt = db.prepare<[string], { value: string; fetched_at: number }>('SELECT value, fetched_at FROM resources_cache WHERE key = ?');
  const putStmt = db.prepare(
    'INSERT INTO resources_cache (key, value, fetched_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, fetched_at = excluded.fetched_at',
  );
  const deleteStmt = db.prepare('DELETE FROM resources_cache WHERE key = ?');

  return {
    /**
     * The cached value, or null. `parse` (e.g. a zod schema's `parse`) checks it; a value
     * that fails is treated as absent (and dropped).
     */
    get<T = unknown>(key: string, opts: { maxAgeMs?: number; parse?: (v: unknown) => T } = {}): CachedResource<T> | null {
      const row = getStmt.get(key);
      if (!row) return null;
      let value: T;
      try {
        const raw: unknown = JSON.parse(row.value);
        value = opts.parse ? opts.parse(raw) : (raw as T);
      } catch {
        deleteStmt.run(key);
        return null;
      }
      const fresh = opts.maxAgeMs === undefined || ctx.now() - row.fetched_at < opts.maxAgeMs;
      return { value, fetchedAt: row.fetched_at, fresh };
    },

    put(key: string, value: unknown, fetchedAt = ctx.now()): void {
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError(`resources cache: value for ${key} is not JSON-serialisable.`);
      putStmt.run(key, json, fetchedAt);
    },

    delete: (key: string): boolean => deleteStmt.run(key).changes > 0,
  };
}

export type ResourcesCacheRepo = ReturnType<typeof createResourcesCacheRepo>;
