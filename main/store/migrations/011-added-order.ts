/**
 * Version 11: "Date added" orders by when a file reached this library, then by its place in
 * VideoGen's list. A sync pass gives every file it brings the pass's start as that time, so the
 * files of one pass keep the remote order among themselves: during a first sync of a big
 * library the newest files stay at the top of the grid instead of each new page landing above
 * the last (which replaced every visible thumbnail, and spent a hydration on each, every time
 * the list refreshed). The index serves that order.
 */
import type { Migration } from './types';

export const addedOrder: Migration = {
  version: 11,
  name: 'added-order',
  up(db) {
    db.exec('CREATE INDEX files_by_added ON files (created_at, list_rank, id) WHERE archived = 0;');
  },
};
