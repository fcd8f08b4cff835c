/**
 * Progress of walking the remote file list (`GET /v1/files`, most recently updated first),
 * so a full sync resumes from its cursor after a restart. One row per feed ("files").
 *
 * A pass gives the files it sees list ranks counting down from `rankBase`, so the local
 * "updated" order matches the remote one: the worker calls `begin` with a base above every
 * cached rank (e.g. `files.maxRank() + 1e9`), then for each page, in one transaction,
 * `files.upsert(fileUpdates(page), { rankFrom: sync.nextRankFrom() })` and `sync.savePage(...)`.
 */
import type { StoreContext } from './context';
import { StoreError } from './errors';

export type SyncMode = 'idle' | 'full' | 'incremental';

export interface LibrarySyncState {
  feed: string;
  mode: SyncMode;
  /** `nextCursor` of the last page stored in this pass (null: start from the top). */
  cursor: string | null;
  rankBase: number | null;
  passStartedAt: number | null;
  pages: number;
  items: number;
  /** When a full pass last completed. */
  lastFullSyncAt: number | null;
  /** When any pass (full or incremental) last completed: how fresh the top of the library is. */
  lastIncrementalAt: number | null;
  lastError: string | null;
  updatedAt: number | null;
}

interface SyncRow {
  feed: string;
  mode: SyncMode;
  cursor: string | null;
  rank_base: number | null;
  pass_started_at: number | null;
  pages: number;
  items: number;
  last_full_sync_at: number | null;
  last_incremental_at: number | null;
  last_error: string | null;
  updated_at: number;
}

const DEFAULT_FEED = 'files';

function toState(feed: string, r: SyncRow | undefined): LibrarySyncState {
  return {
    feed,
    mode: r?.mode ?? 'idle',
    cursor: r?.cursor ?? null,
    rankBase: r?.rank_base ?? null,
    passStartedAt: r?.pass_started_at ?? null,
    pages: r?.pages ?? 0,
    items: r?.items ?? 0,
    lastFullSyncAt: r?.last_full_sync_at ?? null,
    lastIncrementalAt: r?.last_incremental_at ?? null,
    lastError: r?.last_error ?? null,
    updatedAt: r?.updated_at ?? null,
  };
}

export function createLibrarySyncRepo(ctx: StoreContext) {
  const { db, tx } = ctx;
  const getStmt = db.prepare<[string], SyncRow>('SELECT * FROM library_sync WHERE feed = ?');
  const ensureStmt = db.prepare('INSERT INTO library_sync (feed, updated_at) VALUES (?, ?) ON CONFLICT (feed) DO NOTHING');

  function get(feed = DEFAULT_FEED): LibrarySyncState {
    return toState(feed, getStmt.get(feed));
  }

  function patch(feed: string, values: Partial<SyncRow>): LibrarySyncState {
    return tx.run(() => {
      const now = ctx.now();
      ensureStmt.run(feed, now);
      const full: Record<string, unknown> = { ...values, updated_at: now };
      const keys = Object.keys(full);
      ctx.statements.get(`UPDATE library_sync SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE feed = @__feed`).run({ ...full, __feed: feed });
      tx.record('library_sync', [feed]);
      return get(feed);
    });
  }

  return {
    get,

    /** Starts a pass from the top of the list (a running pass is abandoned). */
    begin(mode: Exclude<SyncMode, 'idle'>, rankBase: number, feed = DEFAULT_FEED): LibrarySyncState {
      if (!Number.isSafeInteger(rankBase)) throw new StoreError('invalid_value', `rankBase must be a safe integer (got ${rankBase}).`);
      return patch(feed, { mode, cursor: null, rank_base: rankBase, pass_started_at: ctx.now(), pages: 0, items: 0, last_error: null });
    },

    /** The `rankFrom` for the next page of the current pass. */
    nextRankFrom(feed = DEFAULT_FEED): number {
      const s = get(feed);
      if (s.mode === 'idle' || s.rankBase === null) throw new StoreError('invalid_transition', `No ${feed} sync pass is running.`);
      return s.rankBase - s.items;
    },

    /** A page of `items` files was stored; `cursor` is the page's `nextCursor`. */
    savePage(cursor: string | null, items: number, feed = DEFAULT_FEED): LibrarySyncState {
      return tx.run(() => {
        const s = get(feed);
        if (s.mode === 'idle') throw new StoreError('invalid_transition', `No ${feed} sync pass is running.`);
        return patch(feed, { cursor, pages: s.pages + 1, items: s.items + items, last_error: null });
      });
    },

    /** The pass reached its end (last page, or where an incremental pass met the cache). */
    finish(feed = DEFAULT_FEED): LibrarySyncState {
      return tx.run(() => {
        const s = get(feed);
        if (s.mode === 'idle') throw new StoreError('invalid_transition', `No ${feed} sync pass is running.`);
        const now = ctx.now();
        return patch(feed, {
          mode: 'idle',
          cursor: null,
          ...(s.mode === 'full' ? { last_full_sync_at: now } : {}),
          last_incremental_at: now,
          last_error: null,
        });
      });
    },

    /** The pass stopped on an error; its cursor stays so it can resume. */
    fail(message: string, feed = DEFAULT_FEED): LibrarySyncState {
      return patch(feed, { last_error: message });
    },
  };
}

export type LibrarySyncRepo = ReturnType<typeof createLibrarySyncRepo>;
