/**
 * Version 2: an index for "which cached files did this full sync not see".
 *
 * At the end of a full library pass, `files.archiveMissing(passStart)` archives the
 * non-archived files whose `last_seen_at` is older than the pass. Without an index that is a
 * scan of the whole table in one transaction (~0.3 s at 100k files, the longest pause of a
 * sync); with it, a range read of the (usually few) unseen rows. Every upsert sets
 * `last_seen_at` to "now", so new entries go in at the end of the index: cheap to keep.
 */
import type { Migration } from './types';

export const seenIndex: Migration = {
  version: 2,
  name: 'seen-index',
  up(db) {
    db.exec('CREATE INDEX files_by_seen ON files (last_seen_at) WHERE archived = 0;');
  },
};
