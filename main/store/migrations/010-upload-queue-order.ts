/**
 * Version 10: the upload queue can be reordered ("Move to top", drag in Activity). `queue_order`
 * is each upload's place in line: pending uploads start lowest first. Existing rows are numbered
 * in the order they were created, so an upgraded queue runs in the same order it would have.
 */
import type { Migration } from './types';

export const uploadQueueOrder: Migration = {
  version: 10,
  name: 'upload-queue-order',
  up(db) {
    db.exec(`
      ALTER TABLE uploads ADD COLUMN queue_order INTEGER NOT NULL DEFAULT 0;
      UPDATE uploads SET queue_order = (
        SELECT n FROM (SELECT id, row_number() OVER (ORDER BY created_at, rowid) AS n FROM uploads) AS numbered
         WHERE numbered.id = uploads.id
      );
      -- The back of the line (max) for every upload added or received, and the line itself.
      CREATE INDEX uploads_by_queue_order ON uploads (queue_order);
      CREATE INDEX uploads_in_line ON uploads (queue_order) WHERE state = 'queued';
    `);
  },
};
