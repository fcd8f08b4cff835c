/**
 * The local database of Atelier: `openStore(path)` opens (or creates) the library, runs the
 * migrations, and groups one repository per table family. Every write happens in a
 * transaction and, once committed, one change event names the tables (and ids, when few)
 * it touched.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { Database } from 'better-sqlite3';
import { TxManager } from './changes';
import type { ChangeListener, StoreChange } from './changes';
import { createContext } from './context';
import { openDatabase } from './db';
import type { OpenDatabaseOptions } from './db';
import { createExecutionsRepo } from './executions';
import { createFilesRepo } from './files';
import { createLibrarySyncRepo } from './library-sync';
import { createMediaCacheRepo } from './media-cache';
import { createProjectsRepo } from './projects';
import { createOrganizeRepo } from './organize';
import { createPromptsRepo } from './prompts';
import { createResourcesCacheRepo } from './resources-cache';
import { createSearchRepo } from './search';
import { createSettingsRepo } from './settings';
import { createUploadsRepo } from './uploads';

export type { StoreChange, ChangeListener } from './changes';
export { StoreError, isStoreError } from './errors';
export type { StoreErrorCode } from './errors';
export type { FileUpdate, PublicPreviewUpdate, SourceUpdate, UpsertMeta, UpsertResult, LibraryQuery, SignedSource, FilesRepo } from './files';
export type { RemoteUpdate, RemoteStatus, CreateExecutionOptions, ExecutionJob, ExecutionsRepo } from './executions';
export { TERMINAL_EXECUTION } from './executions';
export type { NewUpload, UploadJob, UploadsRepo } from './uploads';
export { TERMINAL_UPLOAD } from './uploads';
export type { MediaEntry, MediaCacheRepo } from './media-cache';
export type { LibrarySyncState, SyncMode, LibrarySyncRepo } from './library-sync';
export type { CachedResource, ResourcesCacheRepo } from './resources-cache';
export type { SearchRepo } from './search';
export type { ProjectUpdate, ProjectsRepo } from './projects';
export type { SettingsRepo } from './settings';
export { DEFAULT_SETTINGS } from './settings';
export { buildMatchQuery } from './search-query';
export { nodeSqliteBinding } from './db';

export interface OpenStoreOptions extends OpenDatabaseOptions {
  /** Epoch ms (tests pass a fake clock). */
  now?: () => number;
  /** A change listener threw: the write is committed regardless; this hears about it. */
  onListenerError?: (err: unknown) => void;
}

export interface Store {
  readonly path: string;
  readonly files: ReturnType<typeof createFilesRepo>;
  readonly search: ReturnType<typeof createSearchRepo>;
  readonly executions: ReturnType<typeof createExecutionsRepo>;
  readonly uploads: ReturnType<typeof createUploadsRepo>;
  readonly librarySync: ReturnType<typeof createLibrarySyncRepo>;
  readonly mediaCache: ReturnType<typeof createMediaCacheRepo>;
  readonly settings: ReturnType<typeof createSettingsRepo>;
  readonly resources: ReturnType<typeof createResourcesCacheRepo>;
  readonly projects: ReturnType<typeof createProjectsRepo>;
  readonly organize: ReturnType<typeof createOrganizeRepo>;
  readonly prompts: ReturnType<typeof createPromptsRepo>;
  /** After each committed transaction that changed something: which tables (and ids, ≤ 100 per table). */
  onChange(listener: ChangeListener): () => void;
  /**
   * Tells the listeners about a transaction another connection to this library committed (the
   * library sync's writer thread), as if it had been committed here.
   */
  announce(change: StoreChange): void;
  /** Runs `fn` (synchronous) in one transaction; repository calls inside join it; one change event at the end. */
  transaction<T>(fn: () => T): T;
  /**
   * Copies the write-ahead log into the database file without blocking writers (PASSIVE).
   * Checkpoints also run automatically every ~32 MB of log, inside the commit that crosses
   * that mark; calling this when idle (e.g. after a full library sync) keeps that fsync work
   * out of the next burst of writes. With `ifLogPagesAtLeast`, only when at least that many
   * log pages wait to be copied (finding out costs next to nothing); `ran` says whether it did.
   */
  checkpoint(opts?: { ifLogPagesAtLeast?: number }): { logPages: number; checkpointedPages: number; ran: boolean };
  /**
   * `checkpoint({ ifLogPagesAtLeast })` for a bulk writer (the library sync), called between
   * its transactions so that SQLite's own checkpoint never lands inside one: first fsyncs the
   * log file on libuv's thread pool (the event loop stays free meanwhile), so the
   * checkpoint's own fsync of the log finds nothing left to write and the loop only blocks
   * for copying pages into the database and its fsync. Resolves with whether it ran.
   */
  checkpointBetweenWrites(minLogPages: number): Promise<boolean>;
  /** The raw connection, for diagnostics and benchmarks. Do not write through it. */
  readonly db: Database;
  close(): void;
}

/**
 * fdatasync of the write-ahead log (`<db>-wal`) through a handle of our own: any handle
 * flushes the file. Safe next to SQLite's: it never locks the log file (its locks are on the
 * database and `-shm` files), and flushing early changes nothing about what is durable when.
 * Any failure (no log file, in-memory database) is left to the checkpoint's own fsync.
 */
async function flushLog(dbPath: string): Promise<void> {
  if (dbPath === '' || dbPath === ':memory:') return;
  let fh: FileHandle | undefined;
  try {
    fh = await open(`${dbPath}-wal`, 'r+');
    await fh.datasync();
  } catch {
    // the checkpoint syncs the log itself
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  const db = openDatabase(path, options);
  const report = options.onListenerError ?? ((err: unknown) => console.error('store change listener failed:', err));
  const tx = new TxManager(db, report);
  const ctx = createContext(db, tx, options.now ?? Date.now);
  const uploads = createUploadsRepo(ctx);
  let closed = false;
  /** `wal_checkpoint` in a mode; NOOP (recent SQLite, the bundled one is 3.53) copies nothing. */
  function logState(mode: 'NOOP' | 'PASSIVE'): { logPages: number; checkpointedPages: number } {
    const [r] = db.pragma(`wal_checkpoint(${mode})`) as Array<{ busy: number; log: number; checkpointed: number }>;
    return { logPages: Math.max(0, r?.log ?? 0), checkpointedPages: Math.max(0, r?.checkpointed ?? 0) };
  }
  return {
    path,
    files: createFilesRepo(ctx),
    search: createSearchRepo(ctx),
    executions: createExecutionsRepo(ctx),
    uploads,
    librarySync: createLibrarySyncRepo(ctx),
    mediaCache: createMediaCacheRepo(ctx),
    settings: createSettingsRepo(ctx),
    resources: createResourcesCacheRepo(ctx),
    projects: createProjectsRepo(ctx),
    organize: createOrganizeRepo(ctx),
    prompts: createPromptsRepo(ctx),
    onChange: (listener) => tx.onChange(listener),
    announce: (change) => tx.announce(change),
    transaction: (fn) => tx.run(fn),
    checkpoint(opts = {}) {
      const min = opts.ifLogPagesAtLeast;
      if (min !== undefined) {
        const q = logState('NOOP');
        if (q.logPages - q.checkpointedPages < min) return { ...q, ran: false };
      }
      return { ...logState('PASSIVE'), ran: true };
    },
    async checkpointBetweenWrites(minLogPages) {
      const q = logState('NOOP');
      if (q.logPages - q.checkpointedPages < minLogPages) return false;
      await flushLog(path);
      if (closed) return false;
      logState('PASSIVE');
      return true;
    },
    db,
    close() {
      if (closed) return;
      closed = true;
      try {
        uploads.flush();
        db.pragma('optimize');
      } finally {
        db.close();
      }
    },
  };
}
