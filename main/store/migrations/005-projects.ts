/**
 * Version 5: VideoGen projects (whole videos), cached so the Projects view works offline.
 * `workflow_type` is known only for projects this app started (the API's project has none);
 * `export_file_id` is the newest export that landed in the library (its thumbnail is the
 * project's).
 */
import type { Migration } from './types';

export const projects: Migration = {
  version: 5,
  name: 'projects',
  up(db) {
    db.exec(`
      CREATE TABLE projects (
        project_id     TEXT PRIMARY KEY,
        title          TEXT NOT NULL,
        status         TEXT NOT NULL,
        workflow_type  TEXT,
        aspect_w       INTEGER NOT NULL,
        aspect_h       INTEGER NOT NULL,
        project_url    TEXT NOT NULL,
        export_file_id TEXT,
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL
      );
      CREATE INDEX projects_by_updated ON projects (updated_at DESC);
    `);
  },
};
