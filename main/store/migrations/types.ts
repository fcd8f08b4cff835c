import type { Database } from 'better-sqlite3';

/** One schema step. `up` runs inside a transaction; the runner bumps `user_version` after it. */
export interface Migration {
  /** 1, 2, 3, … with no gaps: the value `PRAGMA user_version` holds once it has run. */
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}
