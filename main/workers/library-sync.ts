/**
 * Keeps the local library in step with `GET /v1/files` (most recently updated first).
 *
 * - Full pass: every page (limit 200) from the top. Each page is stored in one transaction
 *   together with the pass's cursor, so a restart resumes from the last stored page. Files
 *   get list ranks in remote order. At the end, a short catch-up walk from the top picks up
 *   files that were updated (and so jumped above the cursor) during the pass, and then every
 *   cached file the pass did not see is marked archived: the list omits archived files, so
 *   this is how a file archived elsewhere leaves the library.
 * - Incremental refresh (every minute by default): walks from the top and stops at the first
 *   page whose files all match the cache (same id, same content). Pages before it are stored
 *   one transaction each, ranked above everything else in remote order; the pass is saved
 *   page by page like a full one, so an interrupted refresh resumes where it stopped instead
 *   of meeting its own fresh pages and stopping early.
 * - Archived-elsewhere files: a refresh archives cached files ranked at or above the page it
 *   met (or all, when it walked the whole list) that it did not see: the list is complete down
 *   to there. Deeper ones are found by a full pass, which runs when the last one is older than
 *   `reconcileEveryMs` (default 24 h) and on demand (`sync({ full: true })`, "Sync now").
 *
 * A full pass fetches the next pages while earlier ones are written. The host's writer
 * (sync-writer-thread.ts) stores them on a worker thread with a connection of its own, up to
 * ten pages per transaction, so the app's event loop never waits for a sync's writes. Without
 * it (in-memory stores), each page is one transaction on the app's connection and the event
 * loop is yielded between pages; the write-ahead log is then copied into the database (a
 * checkpoint) between pages, in a turn of its own, once enough of it has built up, after the
 * log was fsynced off the event loop (`store.checkpointBetweenWrites`): otherwise SQLite
 * checkpoints inside whichever page's commit crosses its mark, and that turn blocks for the
 * page, the copy and both fsyncs.
 */
import type { GetFilesResponse, StorageFile, VideoGenClient } from '../api';
import { AppError, toAppError } from '../kernel/errors';
import type { Clock } from '../kernel/clock';
import type { Store } from '../store';
import type { Connectivity } from './connectivity';
import { withTransientRetry } from './shared/transient-retry';
import { fileUpdates } from './file-updates';
import { createBackgroundLoop } from './shared/background-loop';
import { createInlineWriter, storeSyncPages } from './sync-writer';
import type { SyncPage, SyncPageWriter } from './sync-writer';

export interface LibrarySyncOptions {
  /** With `checkpointBetweenWrites`, the log is checkpointed between pages (see above). */
  store: Pick<Store, 'files' | 'librarySync' | 'transaction'> & Partial<Pick<Store, 'checkpointBetweenWrites'>>;
  videogen: Pick<VideoGenClient, 'listFiles'>;
  clock: Clock;
  connectivity: Pick<Connectivity, 'online' | 'waitOnline'>;
  pageSize?: number;
  refreshEveryMs?: number;
  reconcileEveryMs?: number;
  log?: (message: string) => void;
  /**
   * Opens the writer a full pass stores its pages with (the host's: a worker thread with its
   * own connection, sync-writer-thread.ts). Without one, or after it failed, pages are stored
   * one per transaction on `store`'s connection.
   */
  writer?: () => SyncPageWriter;
}

export type SyncPassMode = 'full' | 'incremental';

export interface LibrarySyncStatus {
  syncing: boolean;
  mode: SyncPassMode | null;
  pages: number;
  items: number;
  /** 0..1 during a full pass (estimated from the library's size), else null. */
  progress: number | null;
  /** Epoch ms of the last completed pass of either kind. */
  syncedAt: number | null;
  lastFullSyncAt: number | null;
  lastError: string | null;
}

export interface LibrarySync {
  start(): void;
  stop(): Promise<void>;
  /** Runs a pass now (or joins the one running) and resolves when a pass started after this call ends. */
  sync(opts?: { full?: boolean }): Promise<void>;
  status(): LibrarySyncStatus;
  onProgress(listener: (status: LibrarySyncStatus) => void): () => void;
}

const PAGE_SIZE = 200;
/**
 * Log pages (4 KiB) that trigger a checkpoint between pages: ~13 pages of new files (~550
 * log pages each). Just under SQLite's own mark (8192, db.ts), so that one never fires
 * inside a page's commit, and no lower: each checkpoint costs two fsyncs and rewrites the
 * same hot index pages, so at half the mark a 100k-file sync spent ~50% more in them.
 */
const CHECKPOINT_LOG_PAGES = 7168;
/** Ranks a pass may hand out above the current maximum. */
const RANK_SPAN = 10_000_000;
const ROLLBACK = Symbol('rollback');

export function createLibrarySync(opts: LibrarySyncOptions): LibrarySync {
  const { store, videogen, clock, connectivity } = opts;
  const pageSize = Math.min(200, Math.max(1, opts.pageSize ?? PAGE_SIZE));
  const refreshEveryMs = opts.refreshEveryMs ?? 60_000;
  const reconcileEveryMs = opts.reconcileEveryMs ?? 24 * 3_600_000;
  const log = opts.log ?? ((m: string) => console.warn(m));

  const listeners = new Set<(s: LibrarySyncStatus) => void>();
  let wakeCtrl = new AbortController();
  let active: { mode: SyncPassMode; expected: number } | null = null;
  let fullRequested = false;
  type Waiter = { resolve: () => void; reject: (e: unknown) => void };
  /** Callers of `sync()` waiting for the next pass to end. */
  let waiters: Waiter[] = [];
  /** The host's writer failed once: full passes store their pages inline from then on. */
  let writerFailed = false;
  /** Callers served by the pass running now. */
  let served: Waiter[] = [];

  function status(): LibrarySyncStatus {
    const s = store.librarySync.get();
    const syncedAt = Math.max(s.lastFullSyncAt ?? 0, s.lastIncrementalAt ?? 0) || null;
    const progress =
      active?.mode === 'full' && s.mode === 'full' && active.expected > 0 ? Math.min(0.99, s.items / active.expected) : null;
    return {
      syncing: active !== null,
      mode: active?.mode ?? null,
      pages: s.pages,
      items: s.items,
      progress,
      syncedAt,
      lastFullSyncAt: s.lastFullSyncAt,
      lastError: s.lastError,
    };
  }

  function notify(): void {
    if (listeners.size === 0) return;
    const s = status();
    for (const l of [...listeners]) {
      try {
        l(s);
      } catch {
        // a listener's failure never stops the sync
      }
    }
  }

  function fetchPage(cursor: string | null, signal: AbortSignal): Promise<GetFilesResponse> {
    return withTransientRetry(() => videogen.listFiles({ limit: pageSize, cursor }, { signal }), {
      clock,
      connectivity,
      signal,
      maxFailures: 10,
    });
  }

  // ---- passes ------------------------------------------------------------------------

  /** True when every file of the page already matches the cache (their "seen" time is kept). */
  function matchesCache(files: readonly StorageFile[]): boolean {
    try {
      store.transaction(() => {
        const r = store.files.upsert(fileUpdates(files));
        if (r.unchanged !== files.length) throw ROLLBACK;
      });
      return true;
    } catch (e) {
      if (e === ROLLBACK) return false;
      throw e;
    }
  }

  /**
   * One pass, persisted page by page: a full pass walks to the end, an incremental one to the
   * first page the cache already has. A pass of the same mode left unfinished (quit, crash)
   * resumes from its saved cursor.
   */
  async function runPass(mode: SyncPassMode, signal: AbortSignal): Promise<void> {
    let state = store.librarySync.get();
    const resuming = state.mode === mode;
    if (!resuming) state = store.librarySync.begin(mode, store.files.maxRank() + RANK_SPAN);
    active = { mode, expected: mode === 'full' ? store.files.count({ includeTemporary: true }) : 0 };
    notify();

    let page: GetFilesResponse | null;
    try {
      page = await fetchPage(state.cursor, signal);
    } catch (e) {
      // A saved cursor the server no longer accepts: start the pass again from the top.
      if (!resuming || state.cursor === null || toAppError(e).kind !== 'invalid') throw e;
      log('library sync: the saved position was refused; starting again from the top.');
      store.librarySync.begin(mode, store.files.maxRank() + RANK_SPAN);
      page = await fetchPage(null, signal);
    }

    if (mode === 'full') {
      await storeFullPass(page, signal);
      await catchUp(signal);
      const passStartedAt = store.librarySync.get().passStartedAt ?? 0;
      // Indexed (migration 002): reads only the files the pass did not see.
      store.transaction(() => {
        store.files.archiveMissing(passStartedAt);
        store.librarySync.finish();
      });
      return;
    }

    /** The page the refresh met the cache on (the list is known down to it). */
    let met: GetFilesResponse | null = null;
    while (page) {
      signal.throwIfAborted();
      if (matchesCache(page.files)) {
        met = page;
        break;
      }
      const current: GetFilesResponse = page;
      storeSyncPages(store, [current]);
      notify();
      await betweenPages();
      page = current.hasMore && current.nextCursor ? await fetchPage(current.nextCursor, signal) : null;
    }

    const passStartedAt = store.librarySync.get().passStartedAt ?? 0;
    // Archived elsewhere, near the top: a file ranked at or above the page the refresh met,
    // yet not listed in this pass, has left the list (the list omits archived files). The
    // whole list walked (no page met) means every unseen file left it.
    const floor = met ? store.files.minRankOf(met.files.map((f) => f.fileId)) : Number.MIN_SAFE_INTEGER;
    store.transaction(() => {
      if (floor !== null && (met === null || met.files.length > 0)) store.files.archiveUnseenAbove(floor, passStartedAt);
      store.librarySync.finish();
    });
  }

  /** The writer a full pass stores its pages with: the host's, unless it failed before. */
  function openWriter(): { writer: SyncPageWriter; own: boolean } {
    if (opts.writer && !writerFailed) {
      try {
        return { writer: opts.writer(), own: true };
      } catch (e) {
        writerFailed = true;
        log(`library sync: ${toAppError(e).message} Storing pages on the app's connection instead.`);
      }
    }
    return { writer: createInlineWriter(store, betweenPages), own: false };
  }

  /**
   * A full pass from its first page to the end of the list. Pages are fetched one after
   * another (each one's cursor comes from the one before) while the writer stores those
   * already here, taking what has piled up (up to `pagesPerWrite`) in one transaction; the
   * fetching waits when two writes' worth are waiting. A pass that stops early (an error, or
   * the app quitting) lets the write in flight finish; pages fetched but not stored are
   * fetched again when it resumes from the stored cursor.
   */
  async function storeFullPass(first: GetFilesResponse, signal: AbortSignal): Promise<void> {
    const { writer, own } = openWriter();
    const queue: SyncPage[] = [];
    // Set from `drain` (a closure), so kept in an object the checks below read afresh.
    const w: { failure: { error: unknown } | null; writing: Promise<void> | null; wake: (() => void) | null } = {
      failure: null,
      writing: null,
      wake: null,
    };
    const wake = (): void => {
      const f = w.wake;
      w.wake = null;
      f?.();
    };
    const writingNow = (): boolean => w.writing !== null;
    async function drain(): Promise<void> {
      try {
        while (queue.length > 0 && !w.failure) {
          await writer.write(queue.splice(0, writer.pagesPerWrite));
          notify();
          wake();
        }
      } catch (e) {
        w.failure ??= { error: e };
        if (own) writerFailed = true;
      } finally {
        w.writing = null;
        wake();
      }
    }
    try {
      let page: GetFilesResponse | null = first;
      while (page) {
        signal.throwIfAborted();
        if (w.failure) throw w.failure.error;
        queue.push({ files: page.files, nextCursor: page.nextCursor });
        w.writing ??= drain();
        const next: Promise<GetFilesResponse> | null = page.hasMore && page.nextCursor ? fetchPage(page.nextCursor, signal) : null;
        next?.catch(() => undefined); // awaited below; never an unhandled rejection
        while (queue.length >= 2 * writer.pagesPerWrite && writingNow() && !w.failure) await new Promise<void>((r) => (w.wake = r));
        page = next ? await next : null;
      }
      while (w.writing) await w.writing;
      if (w.failure) throw w.failure.error;
    } finally {
      queue.length = 0;
      while (w.writing) await w.writing;
      await writer.close();
    }
  }

  /**
   * After a page's transaction: lets the event loop run, then checkpoints the log if enough
   * of it has built up, in a turn of its own (so no turn holds both a page and a checkpoint).
   */
  async function betweenPages(): Promise<void> {
    await yieldToEventLoop();
    if (await store.checkpointBetweenWrites?.(CHECKPOINT_LOG_PAGES)) await yieldToEventLoop();
  }

  /**
   * End of a full pass: files updated while it ran moved above its cursor. Walk from the top
   * to the first page the cache has, ranking what changed above everything, so they count as
   * seen before the unseen ones are marked archived.
   */
  async function catchUp(signal: AbortSignal): Promise<void> {
    const base = store.files.maxRank() + RANK_SPAN;
    let written = 0;
    let page: GetFilesResponse | null = await fetchPage(null, signal);
    while (page && !matchesCache(page.files)) {
      signal.throwIfAborted();
      const current: GetFilesResponse = page;
      store.transaction(() => store.files.upsert(fileUpdates(current.files), { rankFrom: base - written }));
      written += current.files.length;
      await betweenPages();
      page = current.hasMore && current.nextCursor ? await fetchPage(current.nextCursor, signal) : null;
    }
  }

  // ---- scheduling --------------------------------------------------------------------

  function nextMode(): SyncPassMode {
    const s = store.librarySync.get();
    if (fullRequested || s.mode === 'full' || s.lastFullSyncAt === null) return 'full';
    return clock.now() - s.lastFullSyncAt >= reconcileEveryMs ? 'full' : 'incremental';
  }

  async function loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      served = waiters;
      waiters = [];
      const mode = nextMode();
      fullRequested = false;
      try {
        await runPass(mode, signal);
        served.forEach((w) => w.resolve());
      } catch (e) {
        if (signal.aborted) {
          waiters.push(...served);
          break;
        }
        const err = toAppError(e);
        store.librarySync.fail(err.message);
        log(`library sync: ${err.message}`);
        served.forEach((w) => w.reject(err));
      } finally {
        active = null;
        notify();
      }
      if (waiters.length > 0) continue;
      if (wakeCtrl.signal.aborted) wakeCtrl = new AbortController();
      try {
        await clock.sleep(refreshEveryMs, AbortSignal.any([signal, wakeCtrl.signal]));
      } catch {
        // woken by sync() or stopped
      }
    }
    const rest = waiters;
    waiters = [];
    rest.forEach((w) => w.reject(new AppError({ kind: 'cancelled', retryable: false, message: 'Library sync stopped before it finished; it resumes when Atelier starts again.' })));
  }

  const background = createBackgroundLoop(loop);

  return {
    start: () => background.start(),
    stop: () => background.stop(),
    sync(o = {}) {
      if (!background.running) return Promise.reject(new AppError({ kind: 'local', message: 'Library sync is not running yet; try again in a moment.' }));
      return new Promise<void>((resolve, reject) => {
        // A pass already running serves the call when it is enough (full, or none asked for).
        if (active && (!o.full || active.mode === 'full')) {
          served.push({ resolve, reject });
          return;
        }
        if (o.full) fullRequested = true;
        waiters.push({ resolve, reject });
        wakeCtrl.abort();
      });
    },
    status,
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
