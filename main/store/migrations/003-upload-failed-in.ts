/**
 * Version 3: the state an upload failed in (`failed_in`). Retry depends on it: an upload that
 * failed while VideoGen was processing its file had already sent its bytes, so Retry checks
 * that file again instead of archiving it and sending the bytes a second time.
 */
import type { Migration } from './types';

export const uploadFailedIn: Migration = {
  version: 3,
  name: 'upload-failed-in',
  up(db) {
    db.exec('ALTER TABLE uploads ADD COLUMN failed_in TEXT;');
  },
};
