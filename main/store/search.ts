/**
 * Offline full-text search over the library cache (FTS5, see migration 001): name,
 * description, transcript and tags; bm25 with the name weighted highest; archived files excluded.
 */
import type { SearchHit } from '../contract';
import type { StoreContext } from './context';
import { ITEM_COLUMNS_SQL, toLibraryItem } from './files-row';
import type { ItemRow } from './files-row';
import { buildMatchQuery } from './search-query';

export const MAX_SEARCH_RESULTS = 200;
/**
 * bm25 column weights: display_name, description, transcript, tags (migration 006). FTS5's bm25 adds the weighted
 * counts of all columns before saturating, so the name's weight is large enough that one
 * match in the name outranks even a description or transcript that repeats the word many
 * times (a description-only hit needs ~50 repetitions to catch up); among name matches,
 * shorter documents and extra matches still order the results. Written out in the query
 * rather than `ORDER BY rank` (same weights are configured as the table's rank): FTS5's
 * rank sorter costs ~1.5x more on broad queries.
 */
export const BM25 = 'bm25(files_fts, 100.0, 2.0, 1.0, 20.0)';

export function createSearchRepo(ctx: StoreContext) {
  // Every match is ranked (no window of the newest): the best file is found however broad
  // the query. The inner query keeps only the best `n` (SQLite's sorter keeps a top-n heap),
  // ties broken by rowid, so the order is exactly the engine's own full ranking; only those
  // `n` rows are then read from the files table.
  const searchStmt = ctx.db.prepare<[string, number], ItemRow & { rank: number }>(
    `SELECT ${ITEM_COLUMNS_SQL}, r.bm AS rank
       FROM (SELECT rowid, ${BM25} AS bm FROM files_fts WHERE files_fts MATCH ? ORDER BY bm, rowid LIMIT ?) AS r
       JOIN files f ON f.id = r.rowid
      WHERE f.archived = 0
      ORDER BY r.bm, f.id`,
  );

  /**
   * Best matches first. `score` is the bm25 relevance relative to the best hit of this
   * query: 1 for the best, towards 0 for weaker ones. Never throws on odd input: text
   * without words gives no hits.
   */
  function searchLocal(query: string, limit = 50): SearchHit[] {
    const match = buildMatchQuery(query);
    if (match === null) return [];
    const n = Math.min(MAX_SEARCH_RESULTS, Math.max(1, Math.floor(limit)));
    const rows = searchStmt.all(match, n);
    const best = rows.length > 0 ? -rows[0]!.rank : 0;
    return rows.map((r) => ({
      item: toLibraryItem(r),
      source: 'local' as const,
      score: best > 0 ? Math.max(0, Math.min(1, -r.rank / best)) : 1,
    }));
  }

  /**
   * Merges the full-text index into one segment: slightly faster searches after a big
   * sync. Blocks for ~0.3 s per 100k files, so run it when idle (e.g. after a full sync).
   */
  function optimize(): void {
    ctx.tx.run(() => ctx.db.prepare("INSERT INTO files_fts (files_fts) VALUES ('optimize')").run());
  }

  return { searchLocal, optimize };
}

export type SearchRepo = ReturnType<typeof createSearchRepo>;
