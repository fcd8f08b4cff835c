/**
 * Version 6: what a person adds to their library on this computer — a rating (0 none, 1–5),
 * tags, and collections. Kept by the VideoGen file id and never written by a sync, so all of
 * it survives a full re-sync, an archive and an unarchive.
 *
 * - `files.rating` and `files.tags` (the tags as one line, for full-text search) sit on the row
 *   the library lists; `file_tags` has one row per tag and file (filter and autocomplete).
 * - `collections` are named lists (`smart_json` set: a saved filter and search instead of a
 *   list); `collection_files` holds a collection's files.
 * - The full-text index gains a `tags` column, so a tag finds its files like a word in the
 *   name (bm25 weight 20: below the name, above the description). The index is rebuilt from
 *   the files table once here.
 */
import type { Migration } from './types';

export const organize: Migration = {
  version: 6,
  name: 'organize',
  up(db) {
    db.exec(`
      ALTER TABLE files ADD COLUMN rating INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE files ADD COLUMN tags TEXT NOT NULL DEFAULT '';
      CREATE INDEX files_rated ON files (list_rank) WHERE rating > 0;

      CREATE TABLE file_tags (
        tag     TEXT NOT NULL COLLATE NOCASE,
        file_id TEXT NOT NULL,
        PRIMARY KEY (tag, file_id)
      ) WITHOUT ROWID;
      CREATE INDEX file_tags_by_file ON file_tags (file_id);

      CREATE TABLE collections (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        smart_json TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE collection_files (
        collection_id INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
        file_id       TEXT NOT NULL,
        added_at      INTEGER NOT NULL,
        PRIMARY KEY (collection_id, file_id)
      ) WITHOUT ROWID;
      CREATE INDEX collection_files_by_file ON collection_files (file_id);

      DROP TRIGGER files_fts_insert;
      DROP TRIGGER files_fts_delete;
      DROP TRIGGER files_fts_update;
      DROP TABLE files_fts;
      CREATE VIRTUAL TABLE files_fts USING fts5(
        display_name, description, transcript, tags,
        content = 'files', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2'
      );
      INSERT INTO files_fts (files_fts, rank) VALUES ('rank', 'bm25(100.0, 2.0, 1.0, 20.0)');
      INSERT INTO files_fts (files_fts, rank) VALUES ('automerge', 8);

      CREATE TRIGGER files_fts_insert AFTER INSERT ON files WHEN new.archived = 0 BEGIN
        INSERT INTO files_fts (rowid, display_name, description, transcript, tags)
        VALUES (new.id, new.display_name, new.description, new.transcript, new.tags);
      END;

      CREATE TRIGGER files_fts_delete AFTER DELETE ON files WHEN old.archived = 0 BEGIN
        INSERT INTO files_fts (files_fts, rowid, display_name, description, transcript, tags)
        VALUES ('delete', old.id, old.display_name, old.description, old.transcript, old.tags);
      END;

      CREATE TRIGGER files_fts_update AFTER UPDATE OF display_name, description, transcript, tags, archived ON files
      WHEN old.archived IS NOT new.archived
        OR (new.archived = 0 AND (old.display_name IS NOT new.display_name
                                  OR old.description IS NOT new.description
                                  OR old.transcript IS NOT new.transcript
                                  OR old.tags IS NOT new.tags))
      BEGIN
        INSERT INTO files_fts (files_fts, rowid, display_name, description, transcript, tags)
        SELECT 'delete', old.id, old.display_name, old.description, old.transcript, old.tags WHERE old.archived = 0;
        INSERT INTO files_fts (rowid, display_name, description, transcript, tags)
        SELECT new.id, new.display_name, new.description, new.transcript, new.tags WHERE new.archived = 0;
      END;

      INSERT INTO files_fts (rowid, display_name, description, transcript, tags)
        SELECT id, display_name, description, transcript, tags FROM files WHERE archived = 0;
    `);
  },
};
