/**
 * What a person adds to their library here (migration 006): ratings, tags and collections.
 * Everything is keyed by the VideoGen file id and never touched by a sync, so it outlives a
 * full re-sync and an archive. Writes record `files` (the rows' rating and tags changed) and
 * `collections` so open views refresh.
 */
import type { CollectionView, LibraryFilter, SmartCollection, TagCount } from '../contract';
import type { StoreContext } from './context';
import { StoreError } from './errors';

export const MAX_TAG_CHARS = 60;
export const MAX_TAGS_PER_FILE = 50;

/** A tag as stored: trimmed, inner whitespace collapsed; empty when nothing is left. */
export function normalizeTag(raw: string): string {
  return raw.normalize('NFC').trim().replace(/\s+/g, ' ').slice(0, MAX_TAG_CHARS);
}

interface CollectionRow {
  id: number;
  name: string;
  smart_json: string | null;
  created_at: number;
  n: number;
}

export function createOrganizeRepo(ctx: StoreContext) {
  const { db, tx } = ctx;
  const rateStmt = db.prepare('UPDATE files SET rating = ? WHERE file_id = ? AND rating IS NOT ?');
  const tagsOfStmt = db.prepare<[string], string>('SELECT tag FROM file_tags WHERE file_id = ? ORDER BY tag COLLATE NOCASE').pluck();
  const addTagStmt = db.prepare('INSERT OR IGNORE INTO file_tags (tag, file_id) VALUES (?, ?)');
  const removeTagStmt = db.prepare('DELETE FROM file_tags WHERE tag = ? AND file_id = ?');
  const writeTagsStmt = db.prepare('UPDATE files SET tags = ? WHERE file_id = ? AND tags IS NOT ?');
  const knownFileStmt = db.prepare<[string], number>('SELECT 1 FROM files WHERE file_id = ?').pluck();
  const tagCountsStmt = db.prepare<[string, number], { tag: string; n: number }>(
    `SELECT t.tag AS tag, count(*) AS n FROM file_tags t JOIN files f ON f.file_id = t.file_id AND f.archived = 0
      WHERE t.tag LIKE ? ESCAPE '\\' GROUP BY t.tag COLLATE NOCASE ORDER BY n DESC, t.tag COLLATE NOCASE LIMIT ?`,
  );
  const listStmt = db.prepare<[], CollectionRow>(
    `SELECT c.id, c.name, c.smart_json, c.created_at,
            (SELECT count(*) FROM collection_files cf JOIN files f ON f.file_id = cf.file_id AND f.archived = 0 WHERE cf.collection_id = c.id) AS n
       FROM collections c ORDER BY c.name COLLATE NOCASE, c.id`,
  );
  const getStmt = db.prepare<[number], { id: number; name: string; smart_json: string | null }>('SELECT id, name, smart_json FROM collections WHERE id = ?');
  const createStmt = db.prepare('INSERT INTO collections (name, smart_json, created_at) VALUES (?, ?, ?)');
  const renameStmt = db.prepare('UPDATE collections SET name = ? WHERE id = ?');
  const deleteStmt = db.prepare('DELETE FROM collections WHERE id = ?');
  const addFileStmt = db.prepare('INSERT OR IGNORE INTO collection_files (collection_id, file_id, added_at) VALUES (?, ?, ?)');
  const removeFileStmt = db.prepare('DELETE FROM collection_files WHERE collection_id = ? AND file_id = ?');
  const inCollectionsStmt = db.prepare<[string], number>('SELECT collection_id FROM collection_files WHERE file_id = ?').pluck();

  const toView = (r: CollectionRow): CollectionView => ({
    id: r.id,
    name: r.name,
    smart: r.smart_json ? (JSON.parse(r.smart_json) as SmartCollection) : null,
    count: r.smart_json ? null : r.n,
  });

  function collection(id: number) {
    const c = getStmt.get(id);
    if (!c) throw new StoreError('not_found', 'That collection no longer exists.');
    return c;
  }

  function known(fileIds: readonly string[]): string[] {
    return fileIds.filter((id) => knownFileStmt.get(id) === 1);
  }

  /** Rewrites the row's searchable tag line from file_tags. */
  function syncTagLine(fileId: string): boolean {
    const line = tagsOfStmt.all(fileId).join('\n');
    return writeTagsStmt.run(line, fileId, line).changes > 0;
  }

  return {
    /** 0 clears the rating. Returns the files whose rating changed. */
    rate(fileIds: readonly string[], rating: number): string[] {
      return tx.run(() => {
        const changed = known(fileIds).filter((id) => rateStmt.run(rating, id, rating).changes > 0);
        if (changed.length) tx.record('files', changed);
        return changed;
      });
    },

    /** Adds and removes tags on files (already there / not there: nothing happens). */
    tag(fileIds: readonly string[], add: readonly string[], remove: readonly string[]): string[] {
      const adding = [...new Set(add.map(normalizeTag).filter(Boolean))];
      const removing = [...new Set(remove.map(normalizeTag).filter(Boolean))];
      return tx.run(() => {
        const changed: string[] = [];
        for (const id of known(fileIds)) {
          for (const t of removing) removeTagStmt.run(t, id);
          for (const t of adding) {
            if (tagsOfStmt.all(id).length >= MAX_TAGS_PER_FILE) throw new StoreError('invalid_value', `A file can have at most ${MAX_TAGS_PER_FILE} tags.`);
            addTagStmt.run(t, id);
          }
          if (syncTagLine(id)) changed.push(id);
        }
        if (changed.length) tx.record('files', changed);
        return changed;
      });
    },

    tagsOf: (fileId: string): string[] => tagsOfStmt.all(fileId),

    /** Tags in use (on files still in the library), most used first; `prefix` narrows them. */
    tags(prefix = '', limit = 20): TagCount[] {
      const like = `${normalizeTag(prefix).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return tagCountsStmt.all(like, limit).map((r) => ({ tag: r.tag, count: r.n }));
    },

    collections: (): CollectionView[] => listStmt.all().map(toView),

    collectionsOf: (fileId: string): number[] => inCollectionsStmt.all(fileId),

    createCollection(name: string, smart: SmartCollection | null = null): CollectionView {
      return tx.run(() => {
        const id = Number(createStmt.run(name.trim(), smart ? JSON.stringify(smart) : null, ctx.now()).lastInsertRowid);
        tx.record('collections', [String(id)]);
        return toView({ id, name: name.trim(), smart_json: smart ? JSON.stringify(smart) : null, created_at: ctx.now(), n: 0 });
      });
    },

    renameCollection(id: number, name: string): void {
      tx.run(() => {
        collection(id);
        renameStmt.run(name.trim(), id);
        tx.record('collections', [String(id)]);
      });
    },

    /** The collection goes; its files stay in the library. */
    deleteCollection(id: number): void {
      tx.run(() => {
        collection(id);
        deleteStmt.run(id);
        tx.record('collections', [String(id)]);
      });
    },

    /** Returns how many files were newly added. */
    addToCollection(id: number, fileIds: readonly string[]): number {
      return tx.run(() => {
        if (collection(id).smart_json) throw new StoreError('invalid_value', 'A smart collection shows what matches its filters; files cannot be added to it by hand.');
        const now = ctx.now();
        let added = 0;
        for (const f of known(fileIds)) added += addFileStmt.run(id, f, now).changes;
        tx.record('collections', [String(id)]);
        return added;
      });
    },

    removeFromCollection(id: number, fileIds: readonly string[]): void {
      tx.run(() => {
        collection(id);
        for (const f of fileIds) removeFileStmt.run(id, f);
        tx.record('collections', [String(id)]);
      });
    },

    /** A smart collection's saved filter and search (null for a plain collection). */
    smartOf(id: number): { filter: LibraryFilter; query: string } | null {
      const c = collection(id);
      return c.smart_json ? (JSON.parse(c.smart_json) as SmartCollection) : null;
    },
  };
}

export type OrganizeRepo = ReturnType<typeof createOrganizeRepo>;
