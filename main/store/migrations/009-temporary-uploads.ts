/**
 * Version 9: an upload can be temporary (VideoGen's `isTemporary`: kept at least 24 hours, then
 * archivable at any time; never analysed). The choice is written down with the upload, before
 * any request, so an upload resumed after a restart is created the same way. (A file's own
 * record already says so: `files.scope` is `TEMPORARY`, as the API reports it on every sync.)
 */
import type { Migration } from './types';

export const temporaryUploads: Migration = {
  version: 9,
  name: 'temporary-uploads',
  up(db) {
    db.exec(`
      ALTER TABLE uploads ADD COLUMN is_temporary INTEGER NOT NULL DEFAULT 0 CHECK (is_temporary IN (0, 1));
      CREATE INDEX files_temporary ON files (scope) WHERE scope = 'TEMPORARY';
    `);
  },
};
