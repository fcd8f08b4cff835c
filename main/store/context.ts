/** What every repository gets: the connection, transactions + change events, the clock. */
import type { Database } from 'better-sqlite3';
import type { TxManager } from './changes';
import { StatementCache } from './statements';

export interface StoreContext {
  readonly db: Database;
  readonly tx: TxManager;
  readonly statements: StatementCache;
  /** Epoch ms. */
  now(): number;
}

export function createContext(db: Database, tx: TxManager, now: () => number): StoreContext {
  return { db, tx, statements: new StatementCache(db), now };
}
