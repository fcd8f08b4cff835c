/**
 * Version 1: the whole first schema.
 *
 * Conventions: times are epoch milliseconds (INTEGER); booleans are 0/1; JSON columns are
 * checked with json_valid. Signed URLs are stored with their expiry in ms (the API sends
 * seconds; the repository converts). API keys are never stored in this database.
 */
import type { Migration } from './types';

const SOURCE_COLUMNS = (p: string): string => `
  ${p}_status TEXT CHECK (${p}_status IN ('pending','ready','failed','skipped')),
  ${p}_url TEXT,
  ${p}_expires_at INTEGER,
  ${p}_width INTEGER,
  ${p}_height INTEGER,
  ${p}_bytes INTEGER,`;

const FILES = `
CREATE TABLE files (
  id INTEGER PRIMARY KEY,
  file_id TEXT NOT NULL UNIQUE,
  type TEXT CHECK (type IN ('IMAGE','VIDEO','AUDIO','PDF','SLIDESHOW')),
  scope TEXT NOT NULL CHECK (scope IN ('GLOBAL','PROJECT','EXPORT','TEMPORARY','ENTITY')),
  display_name TEXT NOT NULL DEFAULT '',
  description TEXT,
  transcript TEXT,
  duration_seconds REAL,
  ${SOURCE_COLUMNS('thumb')}
  ${SOURCE_COLUMNS('preview')}
  ${SOURCE_COLUMNS('download')}
  ${SOURCE_COLUMNS('hls')}
  public_enabled INTEGER NOT NULL DEFAULT 0,
  public_url TEXT,
  public_hls_url TEXT,
  public_playback_id TEXT,
  source_tool_type TEXT,
  source_tool_execution_id TEXT,
  analysis_state TEXT CHECK (analysis_state IN ('UNATTEMPTED','LOADING','FULFILLED','REJECTED')),
  analysis_progress REAL,
  analysis_attempt INTEGER,
  origin TEXT NOT NULL CHECK (origin IN ('uploaded','generated','lipsync')),
  execution_id TEXT REFERENCES executions(id) ON DELETE SET NULL,
  uploaded_from TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  list_rank INTEGER NOT NULL,
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0,1)),
  pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0,1)),
  bytes INTEGER GENERATED ALWAYS AS (coalesce(download_bytes, preview_bytes)) VIRTUAL,
  tool_type TEXT GENERATED ALWAYS AS (coalesce(source_tool_type, CASE origin WHEN 'lipsync' THEN 'LIPSYNC' END)) VIRTUAL
);
-- One index per library sort (the list never shows archived files); "created" (first seen)
-- is insertion order, so it sorts by the rowid and needs no index.
CREATE INDEX files_by_rank ON files (list_rank, id) WHERE archived = 0;
CREATE INDEX files_by_name ON files (display_name COLLATE NOCASE, id) WHERE archived = 0;
CREATE INDEX files_by_bytes ON files (bytes, id) WHERE archived = 0;
CREATE INDEX files_by_duration ON files (duration_seconds, id) WHERE archived = 0;
-- Filters: a small covering index for counts and type/origin/scope filters, and two narrow
-- ones for the selective filters (pinned, tool type).
CREATE INDEX files_filter ON files (type, origin, scope, tool_type, pinned, created_at) WHERE archived = 0;
CREATE INDEX files_pinned ON files (list_rank) WHERE pinned = 1 AND archived = 0;
CREATE INDEX files_by_tool ON files (tool_type) WHERE archived = 0 AND tool_type IS NOT NULL;
-- The child side of the executions foreign key.
CREATE INDEX files_by_execution ON files (execution_id) WHERE execution_id IS NOT NULL;
`;

/*
 * Full-text index over name, description and transcript. External content (the text lives
 * once, in files). Only non-archived files are indexed: the triggers add a row when it is
 * inserted or un-archived and remove it (with the values it was indexed with) when it is
 * archived, changed or deleted. Never run 'rebuild' on it: that would index archived files.
 * rank = bm25 with the name weighted highest (search.ts writes the same weights out).
 *
 * Prefix index on 2 characters only: two-letter prefixes match the most terms, so they gain
 * most from a prefix index; longer prefixes match few terms and are cheap without one.
 * Measured at 100k files, prefix = '2 3' cost ~20% more per upsert with no measurable gain
 * in search time (ranking dominates). automerge = 8 (default 4) merges segments less often
 * while a sync writes pages of 200; `search.optimize()` merges them all when idle.
 */
const FTS = `
CREATE VIRTUAL TABLE files_fts USING fts5(
  display_name, description, transcript,
  content = 'files', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2'
);
INSERT INTO files_fts (files_fts, rank) VALUES ('rank', 'bm25(100.0, 2.0, 1.0)');
INSERT INTO files_fts (files_fts, rank) VALUES ('automerge', 8);

CREATE TRIGGER files_fts_insert AFTER INSERT ON files WHEN new.archived = 0 BEGIN
  INSERT INTO files_fts (rowid, display_name, description, transcript)
  VALUES (new.id, new.display_name, new.description, new.transcript);
END;

CREATE TRIGGER files_fts_delete AFTER DELETE ON files WHEN old.archived = 0 BEGIN
  INSERT INTO files_fts (files_fts, rowid, display_name, description, transcript)
  VALUES ('delete', old.id, old.display_name, old.description, old.transcript);
END;

CREATE TRIGGER files_fts_update AFTER UPDATE OF display_name, description, transcript, archived ON files
WHEN old.archived IS NOT new.archived
  OR (new.archived = 0 AND (old.display_name IS NOT new.display_name
                            OR old.description IS NOT new.description
                            OR old.transcript IS NOT new.transcript))
BEGIN
  INSERT INTO files_fts (files_fts, rowid, display_name, description, transcript)
  SELECT 'delete', old.id, old.display_name, old.description, old.transcript WHERE old.archived = 0;
  INSERT INTO files_fts (rowid, display_name, description, transcript)
  SELECT new.id, new.display_name, new.description, new.transcript WHERE new.archived = 0;
END;
`;

const EXECUTIONS = `
CREATE TABLE executions (
  id TEXT PRIMARY KEY,
  provider TEXT NOT NULL CHECK (provider IN ('videogen','sync')),
  tool TEXT NOT NULL,
  label TEXT NOT NULL,
  request_json TEXT NOT NULL CHECK (json_valid(request_json)),
  remote_id TEXT,
  status TEXT NOT NULL CHECK (status IN ('queued','submitting','unknown','pending','running','succeeded','failed','cancelled')),
  remote_status TEXT,
  progress REAL,
  attempt INTEGER NOT NULL DEFAULT 0,
  error_code TEXT,
  error_message TEXT,
  result_file_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(result_file_ids)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  submitted_at INTEGER,
  finished_at INTEGER,
  next_check_at INTEGER,
  checks INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX executions_by_remote ON executions (remote_id, provider) WHERE remote_id IS NOT NULL;
CREATE INDEX executions_active ON executions (next_check_at)
  WHERE status IN ('queued','submitting','unknown','pending','running');
CREATE INDEX executions_by_created ON executions (created_at);
`;

const UPLOADS = `
CREATE TABLE uploads (
  id TEXT PRIMARY KEY,
  path TEXT NOT NULL,
  name TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size >= 0),
  mtime INTEGER NOT NULL,
  sha256 TEXT,
  state TEXT NOT NULL CHECK (state IN ('queued','hashing','creating','uploading','processing','ready','failed','cancelled')),
  file_id TEXT,
  bytes_sent INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  error_code TEXT,
  error_message TEXT,
  upload_url TEXT,
  upload_url_expires_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX uploads_by_sha ON uploads (sha256) WHERE sha256 IS NOT NULL;
CREATE INDEX uploads_by_created ON uploads (created_at);
CREATE INDEX uploads_active ON uploads (created_at)
  WHERE state IN ('queued','hashing','creating','uploading','processing');
`;

const OTHERS = `
CREATE TABLE library_sync (
  feed TEXT PRIMARY KEY,
  mode TEXT NOT NULL DEFAULT 'idle' CHECK (mode IN ('idle','full','incremental')),
  cursor TEXT,
  rank_base INTEGER,
  pass_started_at INTEGER,
  pages INTEGER NOT NULL DEFAULT 0,
  items INTEGER NOT NULL DEFAULT 0,
  last_full_sync_at INTEGER,
  last_incremental_at INTEGER,
  last_error TEXT,
  updated_at INTEGER NOT NULL
);

CREATE TABLE media_cache (
  file_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('thumb','preview','download')),
  path TEXT NOT NULL,
  bytes INTEGER NOT NULL CHECK (bytes >= 0),
  mime_type TEXT,
  last_access INTEGER NOT NULL,
  pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0,1)),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (file_id, kind)
) WITHOUT ROWID;
CREATE INDEX media_cache_lru ON media_cache (last_access) WHERE pinned = 0;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value)),
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE resources_cache (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value)),
  fetched_at INTEGER NOT NULL
) WITHOUT ROWID;
`;

export const initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    // executions first: files.execution_id references it.
    db.exec(EXECUTIONS);
    db.exec(FILES);
    db.exec(FTS);
    db.exec(UPLOADS);
    db.exec(OTHERS);
  },
};
