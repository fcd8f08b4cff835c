/**
 * Sync's catalogue of failure codes (`GET /v2/errors`, unauthenticated): what each code means
 * and how to fix it. Kept in the resources cache for a day (one request a day at most, shared
 * by every failure), fetched when a failure first needs it; a failed fetch is not repeated
 * for ten minutes. Until it is known (offline, an old API), failures keep today's wording.
 */
import type { SyncClient } from '../../api/sync';
import type { SyncErrorCatalogEntry } from '../../api/sync-schemas';
import type { Clock } from '../../kernel/clock';
import type { Store } from '../../store';

const KEY = 'sync:error-catalog';
const MAX_AGE_MS = 24 * 3_600_000;
const RETRY_AFTER_FAILURE_MS = 10 * 60_000;

export interface SyncErrorCatalog {
  /** The catalogue's words for a failure code, or null (not loaded yet, or not listed). */
  describe(code: string): string | null;
  /** Loads the catalogue when it is missing or stale; never throws. */
  ensure(signal?: AbortSignal): Promise<void>;
}

export function createSyncErrorCatalog(deps: {
  sync: Pick<SyncClient, 'listErrors'>;
  store: Pick<Store, 'resources'>;
  clock: Pick<Clock, 'now'>;
}): SyncErrorCatalog {
  let byCode: Map<string, string> | null = null;
  let loadedAt = 0;
  let failedAt = -Infinity;
  let loading: Promise<void> | null = null;

  function use(entries: readonly SyncErrorCatalogEntry[], at: number) {
    byCode = new Map();
    for (const e of entries) {
      const text = sentence(e.message) + (e.fix ? ` ${sentence(e.fix)}` : '');
      if (e.code && text.trim()) byCode.set(e.code, text.trim());
    }
    loadedAt = at;
  }

  const cached = deps.store.resources.get<SyncErrorCatalogEntry[]>(KEY);
  if (cached && Array.isArray(cached.value)) use(cached.value, cached.fetchedAt);

  return {
    describe: (code) => byCode?.get(code) ?? null,
    ensure(signal) {
      const now = deps.clock.now();
      if (byCode && now - loadedAt < MAX_AGE_MS) return Promise.resolve();
      if (now - failedAt < RETRY_AFTER_FAILURE_MS) return Promise.resolve();
      loading ??= deps.sync
        .listErrors(signal ? { signal } : undefined)
        .then((entries) => {
          deps.store.resources.put(KEY, entries);
          use(entries, deps.clock.now());
        })
        .catch(() => {
          failedAt = deps.clock.now();
        })
        .finally(() => {
          loading = null;
        });
      return loading;
    },
  };
}

function sentence(s: string | null | undefined): string {
  const t = (s ?? '').trim();
  if (!t) return '';
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
