/**
 * Prepared statements, compiled once per SQL text. Repositories with a fixed set of
 * statements prepare them up front; dynamic SQL (library filters) goes through this cache,
 * whose size is bounded by the number of distinct shapes, not by the values.
 */
import type { Database, Statement } from 'better-sqlite3';

export class StatementCache {
  private readonly cache = new Map<string, Statement<unknown[], unknown>>();

  constructor(
    private readonly db: Database,
    private readonly max = 500,
  ) {}

  get<R = unknown>(sql: string): Statement<unknown[], R> {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      if (this.cache.size >= this.max) this.cache.clear();
      stmt = this.db.prepare(sql);
      this.cache.set(sql, stmt);
    }
    return stmt as Statement<unknown[], R>;
  }
}
