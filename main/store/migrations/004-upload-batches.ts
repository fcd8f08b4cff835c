/**
 * Version 4: uploads come in batches, and a browser's files are queued before their bytes arrive.
 *
 * - `batch_id`: the uploads of one drop (a folder, a 10,000-file selection) share it, so Activity
 *   can show them as one row with counts, progress and time left.
 * - state `receiving`: the web host wrote the upload down when the browser listed its files
 *   (`uploads.reserve`), before the bytes came through `/upload`. The CHECK on `state` is part of
 *   the table, so the table is rebuilt with the new list (SQLite can't alter a CHECK).
 */
import type { Migration } from './types';

export const uploadBatches: Migration = {
  version: 4,
  name: 'upload-batches',
  up(db) {
    db.exec(`
CREATE TABLE uploads_v4 (
  id TEXT PRIMARY KEY,
  path TEXT NOT NULL,
  name TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size >= 0),
  mtime INTEGER NOT NULL,
  sha256 TEXT,
  state TEXT NOT NULL CHECK (state IN ('receiving','queued','hashing','creating','uploading','processing','ready','failed','cancelled')),
  file_id TEXT,
  bytes_sent INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  error_code TEXT,
  error_message TEXT,
  upload_url TEXT,
  upload_url_expires_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  failed_in TEXT,
  batch_id TEXT
);
INSERT INTO uploads_v4 (id, path, name, size, mtime, sha256, state, file_id, bytes_sent, attempts, error_code, error_message,
                        upload_url, upload_url_expires_at, created_at, updated_at, failed_in, batch_id)
  SELECT id, path, name, size, mtime, sha256, state, file_id, bytes_sent, attempts, error_code, error_message,
         upload_url, upload_url_expires_at, created_at, updated_at, failed_in, NULL FROM uploads;
DROP TABLE uploads;
ALTER TABLE uploads_v4 RENAME TO uploads;
CREATE INDEX uploads_by_sha ON uploads (sha256) WHERE sha256 IS NOT NULL;
CREATE INDEX uploads_by_created ON uploads (created_at);
CREATE INDEX uploads_active ON uploads (created_at)
  WHERE state IN ('receiving','queued','hashing','creating','uploading','processing');
`);
  },
};
