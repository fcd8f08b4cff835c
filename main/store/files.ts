/**
 * The library cache: files as the API describes them plus what only this app knows
 * (origin, the request that made them, pinned, archived, first-seen time, list order).
 * Merge rules for what a report says about a file (a `FileUpdate`): see files-merge.ts.
 */
import type { ExecutionRequest, FileDetail, LibraryFilter, LibraryItem, LibraryPage, LibrarySort } from '../contract';
import type { StoreContext } from './context';
import { StoreError } from './errors';
import { normalizeTag } from './organize';
import { differs, mergeFile, onlyUrlsDiffer } from './files-merge';
import type { FileUpdate, LinkedExecution, UpsertMeta } from './files-merge';
import { ITEM_COLUMNS_SQL, ROW_COLUMNS_SQL, VALUE_COLUMNS, sourceOf, toFileDetail, toLibraryItem, writeRowParams } from './files-row';
import type { FileRow, FileValues, ItemRow, SourceColumns, SourcePrefix } from './files-row';

export type { FileUpdate, PublicPreviewUpdate, SourceUpdate, UpsertMeta } from './files-merge';

export interface UpsertResult {
  /** File ids seen for the first time. */
  inserted: string[];
  /** File ids whose stored record changed (visible fields, signed URLs or list order). */
  updated: string[];
  /**
   * Of `updated`, the ids whose change was only fresh signed URLs: stored, but not announced
   * (nothing a view lists, counts or shows changed; media is resolved in main from the row).
   */
  urlsOnly: string[];
  /** How many records matched the cache exactly. */
  unchanged: number;
}

export interface LibraryQuery {
  filter?: LibraryFilter;
  sort?: LibrarySort;
  offset?: number;
  limit?: number;
}

export interface SignedSource extends SourceColumns {
  fileId: string;
}

const SORT_COLUMN: Record<LibrarySort['field'], string> = {
  updated: 'f.list_rank',
  // When it reached the library, then its place in the remote list (migration 011).
  created: 'f.created_at',
  name: 'f.display_name COLLATE NOCASE',
  size: 'f.bytes',
  duration: 'f.duration_seconds',
};
const NULLABLE_SORT = new Set<LibrarySort['field']>(['size', 'duration']);
const DEFAULT_SORT: LibrarySort = { field: 'updated', dir: 'desc' };
export const MAX_PAGE = 1000;
const INSERT_CHUNK = 200;
const TEXT_COLUMNS: readonly (keyof FileValues)[] = ['display_name', 'description', 'transcript'];

type FullRow = FileRow & { bytes: number | null; tool_type: string | null };

export function createFilesRepo(ctx: StoreContext) {
  const { db, tx } = ctx;
  const cols = VALUE_COLUMNS;
  // New rows of a page go in with one multi-row INSERT: the FTS trigger then runs inside a
  // single statement (one FTS5 savepoint per page instead of one per row, ~2x faster).
  // Positional parameters: binding by name costs a lookup per column.
  const rowParams = `(${cols.map(() => '?').join(', ')})`;
  const insertSql = (n: number): string => `INSERT INTO files (${cols.join(', ')}) VALUES ${Array(n).fill(rowParams).join(', ')}`;
  // Updates that leave the searchable text alone do not name those columns, so the FTS
  // trigger is not part of the statement at all.
  const updateCols = cols.filter((c) => c !== 'file_id' && c !== 'created_at' && c !== 'archived' && c !== 'pinned');
  const quietCols = updateCols.filter((c) => !TEXT_COLUMNS.includes(c));
  const updateTextStmt = db.prepare(`UPDATE files SET ${updateCols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`);
  const updateQuietStmt = db.prepare(`UPDATE files SET ${quietCols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`);
  const seenManyStmt = db.prepare('UPDATE files SET last_seen_at = ? WHERE id IN (SELECT value FROM json_each(?))');
  const existingStmt = db.prepare<[string], FileRow>(
    `SELECT ${ROW_COLUMNS_SQL} FROM files WHERE file_id IN (SELECT value FROM json_each(?))`,
  );
  const minRankOfStmt = db.prepare<[string], { r: number | null }>('SELECT min(list_rank) AS r FROM files WHERE file_id IN (SELECT value FROM json_each(?))');
  const unseenFromStmt = db
    .prepare<[{ before: number; rank: number }], string>(
      "SELECT file_id FROM files WHERE archived = 0 AND origin != 'lipsync' AND last_seen_at < @before AND list_rank >= @rank",
    )
    .pluck();
  const maxRankStmt = db.prepare<[], { r: number | null }>('SELECT max(list_rank) AS r FROM files WHERE archived = 0');
  const execByIdStmt = db.prepare<[string], LinkedExecution>('SELECT id, provider FROM executions WHERE id = ?');
  const execByRemoteStmt = db.prepare<[string], LinkedExecution & { remote_id: string }>(
    "SELECT id, provider, remote_id FROM executions WHERE provider = 'videogen' AND remote_id IN (SELECT value FROM json_each(?))",
  );
  const getStmt = db.prepare<[string], FullRow>(`SELECT ${ROW_COLUMNS_SQL}, bytes, tool_type FROM files WHERE file_id = ?`);
  const itemStmt = db.prepare<[string], ItemRow>(`SELECT ${ITEM_COLUMNS_SQL} FROM files f WHERE f.file_id = ?`);
  const cachedKindsStmt = db.prepare<[string], string>('SELECT kind FROM media_cache WHERE file_id = ?').pluck();
  const requestStmt = db.prepare<[string], { request_json: string }>('SELECT request_json FROM executions WHERE id = ?');
  const archiveStmt = db.prepare('UPDATE files SET archived = 1, updated_at = ? WHERE file_id = ? AND archived = 0');
  const pinStmt = db.prepare('UPDATE files SET pinned = ?, updated_at = ? WHERE file_id = ? AND pinned IS NOT ?');
  const knownInOrderStmt = db.prepare<[number], string>(
    'SELECT file_id FROM files WHERE archived = 0 ORDER BY list_rank DESC, id DESC LIMIT ?',
  ).pluck();
  const knownStmt = db.prepare<[string], string>(
    'SELECT file_id FROM files WHERE file_id IN (SELECT value FROM json_each(?))',
  ).pluck();
  const missingStmt = db.prepare<[{ before: number; scopes: string | null }], string>(
    'SELECT file_id FROM files WHERE archived = 0 AND last_seen_at < @before AND (@scopes IS NULL OR scope IN (SELECT value FROM json_each(@scopes)))',
  ).pluck();

  const collectionSizeStmt = db.prepare<[number], number>('SELECT count(*) FROM collection_files WHERE collection_id = ?').pluck();
  // The highest rowid (archived files included): an O(1) stand-in for the library's size.
  const maxIdStmt = db.prepare<[], number | null>('SELECT max(id) FROM files').pluck();

  /** Library totals per filter; dropped on every change to files (and never used mid-transaction). */
  const countCache = new Map<string, number>();
  tx.onChange((c) => {
    if (c.tables.includes('files') || c.tables.includes('collections')) countCache.clear();
  });

  function maxRank(): number {
    return maxRankStmt.get()?.r ?? 0;
  }

  /** Inserts rows in chunks of 200, 128, 64, … so only a handful of statement shapes exist. */
  function insertRows(rows: readonly FileValues[]): void {
    let i = 0;
    while (i < rows.length) {
      const left = rows.length - i;
      const n = left >= INSERT_CHUNK ? INSERT_CHUNK : 2 ** Math.floor(Math.log2(left));
      const params: unknown[] = new Array(n * cols.length);
      for (let r = 0; r < n; r++) writeRowParams(rows[i + r]!, params, r * cols.length);
      ctx.statements.get(insertSql(n)).run(params);
      i += n;
    }
  }

  /** Executions these files were made by, found by the provider's execution id. */
  function linksByRemoteId(files: readonly FileUpdate[], current: Map<string, FileRow>): Map<string, LinkedExecution> {
    const wanted = files.filter((f) => f.sourceToolExecutionId && !current.get(f.fileId)?.execution_id).map((f) => f.sourceToolExecutionId!);
    const out = new Map<string, LinkedExecution>();
    if (wanted.length === 0) return out;
    for (const r of execByRemoteStmt.all(JSON.stringify([...new Set(wanted)]))) out.set(r.remote_id, { id: r.id, provider: r.provider });
    return out;
  }

  function upsert(files: readonly FileUpdate[], meta: UpsertMeta = {}): UpsertResult {
    const result: UpsertResult = { inserted: [], updated: [], urlsOnly: [], unchanged: 0 };
    if (files.length === 0) return result;
    return tx.run(() => {
      const now = ctx.now();
      let metaLink: LinkedExecution | null = null;
      if (meta.executionId !== undefined) {
        metaLink = execByIdStmt.get(meta.executionId) ?? null;
        if (!metaLink) throw new StoreError('not_found', `Cannot link files to execution ${meta.executionId}: no such execution.`);
      }
      const current = new Map<string, FileRow>();
      for (const row of existingStmt.all(JSON.stringify(files.map((f) => f.fileId)))) current.set(row.file_id, row);
      const links = metaLink ? null : linksByRemoteId(files, current);

      // Merge every record first (a file listed twice merges twice), then write.
      // Without explicit ranks, changed files go on top, the first of the batch highest.
      const top = meta.rankFrom === undefined ? maxRank() + files.length : 0;
      const merged = new Map<string, { prev: FileRow | undefined; next: FileValues }>();
      files.forEach((f, i) => {
        const seen = merged.get(f.fileId);
        const prev = seen ? seen.prev : current.get(f.fileId);
        const link = metaLink ?? (f.sourceToolExecutionId ? (links?.get(f.sourceToolExecutionId) ?? null) : null);
        const { next, visible } = mergeFile(seen ? seen.next : prev, f, meta, link, now);
        const rank = meta.rankFrom !== undefined ? meta.rankFrom - i : visible ? top - i : null;
        if (rank !== null) next.list_rank = seen ? Math.max(seen.next.list_rank, rank) : rank;
        merged.set(f.fileId, { prev, next });
      });

      const inserts: FileValues[] = [];
      const seenIds: number[] = [];
      for (const [fileId, { prev, next }] of merged) {
        if (!prev) {
          inserts.push(next);
          result.inserted.push(fileId);
        } else if (differs(prev, next)) {
          const textChanged = TEXT_COLUMNS.some((c) => prev[c] !== next[c]);
          const names = textChanged ? updateCols : quietCols;
          const params: unknown[] = names.map((c) => next[c]);
          params.push(prev.id);
          (textChanged ? updateTextStmt : updateQuietStmt).run(params);
          result.updated.push(fileId);
          if (onlyUrlsDiffer(prev, next)) result.urlsOnly.push(fileId);
        } else {
          seenIds.push(prev.id);
          result.unchanged++;
        }
      }
      insertRows(inserts);
      if (seenIds.length > 0) seenManyStmt.run(now, JSON.stringify(seenIds));
      const urlsOnlySet = new Set(result.urlsOnly);
      const announced = result.urlsOnly.length === 0 ? result.updated : result.updated.filter((id) => !urlsOnlySet.has(id));
      if (result.inserted.length + announced.length > 0) tx.record('files', [...result.inserted, ...announced]);
      return result;
    });
  }

  function markArchived(fileIds: readonly string[]): string[] {
    return tx.run(() => {
      const now = ctx.now();
      const changed = fileIds.filter((id) => archiveStmt.run(now, id).changes > 0);
      if (changed.length > 0) tx.record('files', changed);
      return changed;
    });
  }

  function setPinned(fileIds: readonly string[], pinned: boolean): string[] {
    return tx.run(() => {
      const now = ctx.now();
      const v = pinned ? 1 : 0;
      const changed = fileIds.filter((id) => pinStmt.run(v, now, id, v).changes > 0);
      if (changed.length > 0) tx.record('files', changed);
      return changed;
    });
  }

  /**
   * How a collection narrows the library. `members`: look its files up by id (cheap when it
   * holds few, but a page must then sort them all). `walk`: go down the sort's own index and
   * keep the files that are in it, stopping at a page's worth (cheap when it holds many; a
   * small one would be looked for in every file). Counts always look members up.
   */
  type CollectionPlan = 'members' | 'walk';

  function whereClause(filter: LibraryFilter, collectionPlan: CollectionPlan = 'members'): { sql: string; params: unknown[]; key: string } {
    const parts = ['f.archived = 0'];
    const params: unknown[] = [];
    const list = (column: string, values: readonly string[] | undefined): void => {
      if (values === undefined) return;
      parts.push(`${column} IN (SELECT value FROM json_each(?))`);
      params.push(JSON.stringify(values));
    };
    list('f.type', filter.types);
    list('f.scope', filter.scopes);
    list('f.origin', filter.origins);
    list('f.tool_type', filter.toolTypes);
    if (filter.createdFrom !== undefined) {
      parts.push('f.created_at >= ?');
      params.push(filter.createdFrom);
    }
    if (filter.createdTo !== undefined) {
      parts.push('f.created_at <= ?');
      params.push(filter.createdTo);
    }
    if (filter.pinnedOnly) parts.push('f.pinned = 1');
    if (filter.minRating !== undefined) {
      // `rating > 0` lets SQLite use the partial index of rated files.
      parts.push('f.rating > 0 AND f.rating >= ?');
      params.push(filter.minRating);
    }
    for (const tag of filter.tags ?? []) {
      parts.push('f.file_id IN (SELECT file_id FROM file_tags WHERE tag = ?)');
      params.push(normalizeTag(tag));
    }
    if (filter.collectionId !== undefined) {
      parts.push(
        collectionPlan === 'walk'
          ? 'EXISTS (SELECT 1 FROM collection_files c WHERE c.collection_id = ? AND c.file_id = f.file_id)'
          : 'f.file_id IN (SELECT file_id FROM collection_files WHERE collection_id = ?)',
      );
      params.push(filter.collectionId);
    }
    // Temporary files (scratch inputs, temporary outputs) only when asked for.
    if (!filter.includeTemporary && !filter.scopes?.includes('TEMPORARY')) parts.push("f.scope <> 'TEMPORARY'");
    const sql = parts.join(' AND ');
    return { sql, params, key: sql + '\u0000' + JSON.stringify(params) };
  }

  /**
   * Walking the sort index reads about `rows × files ÷ members` files to fill `rows`; looking
   * members up reads each member once and sorts them. Walk when that is the smaller read (at
   * 100,000 files, a collection of a fifth of them: 3 ms walking against 44 ms looking up).
   */
  function collectionPlan(collectionId: number, rows: number): CollectionPlan {
    const members = collectionSizeStmt.get(collectionId) ?? 0;
    if (members === 0) return 'members';
    const files = maxIdStmt.get() ?? 0;
    return (rows * files) / members < members ? 'walk' : 'members';
  }

  function orderClause(sort: LibrarySort): string {
    const dir = sort.dir === 'asc' ? 'ASC' : 'DESC';
    // NULLs (size/duration not known yet) go last in both directions.
    const nulls = NULLABLE_SORT.has(sort.field) && sort.dir === 'asc' ? ' NULLS LAST' : '';
    const then = sort.field === 'created' ? `f.list_rank ${dir}, ` : '';
    return `${SORT_COLUMN[sort.field]} ${dir}${nulls}, ${then}f.id ${dir}`;
  }

  function count(filter: LibraryFilter = {}): number {
    const where = whereClause(filter);
    const useCache = !db.inTransaction;
    const hit = useCache ? countCache.get(where.key) : undefined;
    if (hit !== undefined) return hit;
    const total = ctx.statements.get<number>(`SELECT count(*) FROM files f WHERE ${where.sql}`).pluck().get(...where.params) ?? 0;
    if (useCache) countCache.set(where.key, total);
    return total;
  }

  function query(q: LibraryQuery = {}): LibraryPage {
    const filter = q.filter ?? {};
    const sort = q.sort ?? DEFAULT_SORT;
    const offset = Math.max(0, Math.floor(q.offset ?? 0));
    const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(q.limit ?? 200)));
    const where = whereClause(filter, filter.collectionId === undefined ? 'members' : collectionPlan(filter.collectionId, offset + limit));
    const rows = ctx.statements
      .get<ItemRow>(`SELECT ${ITEM_COLUMNS_SQL} FROM files f WHERE ${where.sql} ORDER BY ${orderClause(sort)} LIMIT ? OFFSET ?`)
      .all(...where.params, limit, offset);
    return { items: rows.map(toLibraryItem), total: count(filter), offset };
  }

  function get(fileId: string): FileDetail | null {
    const row = getStmt.get(fileId);
    if (!row) return null;
    const cachedKinds = new Set(cachedKindsStmt.all(fileId));
    let request: ExecutionRequest | null = null;
    if (row.execution_id) {
      const r = requestStmt.get(row.execution_id);
      if (r) request = JSON.parse(r.request_json) as ExecutionRequest;
    }
    return toFileDetail(row, { cachedKinds, request, now: ctx.now() });
  }

  function item(fileId: string): LibraryItem | null {
    const row = itemStmt.get(fileId);
    return row ? toLibraryItem(row) : null;
  }

  /** The stored rendition including its signed URL (for workers; never sent to the renderer). */
  function signedSource(fileId: string, kind: SourcePrefix): SignedSource | null {
    const row = getStmt.get(fileId);
    return row ? { fileId, ...sourceOf(row, kind) } : null;
  }

  return {
    /** Merges what reports say about these files into the cache (one transaction, one change event). */
    upsert,
    markArchived,
    setPinned,
    query,
    count,
    get,
    item,
    signedSource,
    /** Highest list rank among non-archived files (0 when empty): the sync worker ranks pages above it. */
    maxRank,
    /** Non-archived file ids in "most recently updated" order: where an incremental refresh meets the cache. */
    knownIdsInOrder: (limit: number): string[] => knownInOrderStmt.all(limit),
    /** Which of these ids the cache holds (archived or not). */
    known: (fileIds: readonly string[]): Set<string> => new Set(knownStmt.all(JSON.stringify(fileIds))),
    /**
     * After an incremental refresh that met the cache: the list is complete from the top down
     * to the page it met, so a cached file ranked at or above that page's lowest rank and not
     * seen since `seenBefore` (the pass start) was archived elsewhere. Lip-sync results (never
     * listed by VideoGen) are left alone. Returns the archived ids.
     */
    archiveUnseenAbove(minRank: number, seenBefore: number): string[] {
      return tx.run(() => markArchived(unseenFromStmt.all({ before: seenBefore, rank: minRank })));
    },
    /** The lowest list rank among these files (null when none is cached). */
    minRankOf: (fileIds: readonly string[]): number | null => minRankOfStmt.get(JSON.stringify(fileIds))?.r ?? null,
    /**
     * After a complete full sync: archives non-archived files not seen since `seenBefore`
     * (the pass start), since the API lists every file that is not archived. Optionally only
     * within `scopes`. Returns the archived ids.
     */
    archiveMissing(seenBefore: number, opts: { scopes?: readonly string[] } = {}): string[] {
      return tx.run(() => markArchived(missingStmt.all({ before: seenBefore, scopes: opts.scopes ? JSON.stringify(opts.scopes) : null })));
    },
  };
}

export type FilesRepo = ReturnType<typeof createFilesRepo>;
