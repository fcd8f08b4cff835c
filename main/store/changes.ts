/**
 * Transactions and change events. Every write in the store runs inside `run()`; repositories
 * `record()` which tables (and ids) they touched, and once the outermost transaction commits
 * one event per transaction goes to the listeners. A rolled-back transaction (or savepoint)
 * reports nothing.
 */
import type { Database, Transaction } from 'better-sqlite3';
import type { StoreTable } from '../contract';

export interface StoreChange {
  tables: StoreTable[];
  ids?: Partial<Record<StoreTable, string[]>>;
}
export type ChangeListener = (change: StoreChange) => void;

/** Above this many ids for one table, the event names only the table. */
export const MAX_IDS_PER_TABLE = 100;
/**
 * Uploads name up to this many: a 10,000-file drop is written in chunks of a few thousand, and a
 * view that can read just the named rows (a few hundred at a time) never has to reload them all.
 */
const MAX_IDS: Partial<Record<StoreTable, number>> = { uploads: 5_000 };

class ChangeSet {
  /** table → ids, or null once there are too many to list (or a table-wide change). */
  private readonly byTable = new Map<StoreTable, Set<string> | null>();

  get empty(): boolean {
    return this.byTable.size === 0;
  }

  add(table: StoreTable, ids?: Iterable<string>): void {
    const current = this.byTable.get(table);
    if (current === null) return;
    if (ids === undefined) {
      this.byTable.set(table, null);
      return;
    }
    const set = current ?? new Set<string>();
    for (const id of ids) {
      set.add(id);
      if (set.size > (MAX_IDS[table] ?? MAX_IDS_PER_TABLE)) {
        this.byTable.set(table, null);
        return;
      }
    }
    this.byTable.set(table, set);
  }

  merge(other: ChangeSet): void {
    for (const [table, ids] of other.byTable) this.add(table, ids ?? undefined);
  }

  toEvent(): StoreChange {
    const tables = [...this.byTable.keys()];
    const ids: Partial<Record<StoreTable, string[]>> = {};
    let any = false;
    for (const [table, set] of this.byTable) {
      if (set && set.size > 0) {
        ids[table] = [...set];
        any = true;
      }
    }
    return any ? { tables, ids } : { tables };
  }
}

export class TxManager {
  private readonly frames: ChangeSet[] = [];
  private readonly listeners = new Set<ChangeListener>();
  private readonly runner: Transaction<(fn: () => unknown) => unknown>;

  constructor(
    db: Database,
    private readonly reportListenerError: (err: unknown) => void,
  ) {
    this.runner = db.transaction((fn: () => unknown) => {
      const result = fn();
      // Thrown inside the transaction so that it rolls back.
      if (result instanceof Promise) throw new TypeError('store.transaction(fn): fn must be synchronous (it returned a Promise).');
      return result;
    });
  }

  /**
   * Runs `fn` in a transaction (a savepoint when nested). `fn` must be synchronous: a
   * returned promise would commit before its work is done, so it is refused.
   */
  run<T>(fn: () => T): T {
    const frame = new ChangeSet();
    this.frames.push(frame);
    let committed = false;
    let result: T;
    try {
      result = this.runner.immediate(fn) as T;
      committed = true;
    } finally {
      this.frames.pop();
      if (committed) {
        const parent = this.frames[this.frames.length - 1];
        if (parent) parent.merge(frame);
        else if (!frame.empty) this.emit(frame.toEvent());
      }
    }
    return result;
  }

  /** Notes a change in the current transaction; outside one, reports it at once. */
  record(table: StoreTable, ids?: Iterable<string>): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame) {
      frame.add(table, ids);
      return;
    }
    const single = new ChangeSet();
    single.add(table, ids);
    this.emit(single.toEvent());
  }

  /** Reports a change committed by another connection to the same library (see `Store.announce`). */
  announce(change: StoreChange): void {
    this.emit(change);
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: StoreChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (err) {
        this.reportListenerError(err);
      }
    }
  }
}
