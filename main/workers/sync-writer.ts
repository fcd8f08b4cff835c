/**
 * Where a full library sync stores its pages. The sync fetches pages one after another (each
 * page's cursor comes from the one before); a writer stores them, several pages per
 * transaction when it can, each transaction ending with the cursor of its last page, so a
 * restart resumes after the last stored page.
 *
 * - `createInlineWriter`: on the caller's connection, one page per transaction, yielding to
 *   the event loop (and checkpointing the log) between pages. Used where there is no database
 *   file a second connection could open (in-memory test stores).
 * - `createThreadWriter` (sync-writer-thread.ts): on a connection of its own in a worker
 *   thread, so the app's event loop never waits for a sync's writes and the next pages are
 *   fetched and parsed while the previous ones are written.
 */
import type { StorageFile } from '../api/videogen-schemas';
import type { Store } from '../store';
import { fileUpdates } from './file-updates';

/** One list page as the sync stores it. */
export interface SyncPage {
  files: readonly StorageFile[];
  /** The page's `nextCursor`: where a resumed pass continues. */
  nextCursor: string | null;
}

export interface SyncPageWriter {
  /** Most pages one `write` takes (one transaction). */
  readonly pagesPerWrite: number;
  /** Stores the pages, in order, in one transaction. Resolves once it is committed. */
  write(pages: readonly SyncPage[]): Promise<void>;
  /** Finishes the write in flight and lets go of what the writer holds. */
  close(): Promise<void>;
}

/**
 * The pages in one transaction: each page's files ranked below the previous page's, counted as
 * added when the pass started (so "Date added" keeps a pass's files in remote order), and the
 * pass's cursor moved past it.
 */
export function storeSyncPages(store: Pick<Store, 'files' | 'librarySync' | 'transaction'>, pages: readonly SyncPage[]): void {
  store.transaction(() => {
    const addedAt = store.librarySync.get().passStartedAt ?? undefined;
    for (const page of pages) {
      store.files.upsert(fileUpdates(page.files), { rankFrom: store.librarySync.nextRankFrom(), addedAt });
      store.librarySync.savePage(page.nextCursor, page.files.length);
    }
  });
}

/**
 * One page per transaction on the caller's connection; after each, `between` runs (the sync
 * yields to the event loop and checkpoints there), so no turn of the event loop holds more
 * than one page's write.
 */
export function createInlineWriter(store: Pick<Store, 'files' | 'librarySync' | 'transaction'>, between: () => Promise<void>): SyncPageWriter {
  return {
    pagesPerWrite: 1,
    async write(pages) {
      for (const page of pages) {
        storeSyncPages(store, [page]);
        await between();
      }
    },
    close: async () => undefined,
  };
}
