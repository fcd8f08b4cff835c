/**
 * A list of rows kept by id, newest first (or in a list's own `compare` order), loaded with one command and kept fresh by row
 * events: the uploads and executions stores are both one of these.
 *
 * `byId` is a new `Rows` after every change (select `s.byId` to re-render on any change, or
 * `s.byId.get(id)` for one row), each reading the one Map of current rows: a 10,000-row list is
 * not copied at every update (a copy cost ~7 ms, several times a second, while a big drop
 * uploads). Rows themselves are never changed in place; a changed row is a new object. New rows are
 * merged into `order` (already sorted) instead of sorting the whole list again, and an
 * `observer` hears of every row that changes, so totals over a 10,000-row list (upload-digest.ts)
 * are kept by adding and subtracting the changed rows, not by counting all of them again.
 */
import { create } from 'zustand';
import { coalesce } from '../lib/throttle';

/**
 * The rows by id, as of now: every `Rows` of a list reads the same current Map, so one kept from
 * an earlier update shows today's rows (read it when it is handed over, don't keep it).
 */
export class Rows<Row> {
  constructor(private readonly map: ReadonlyMap<string, Row>) {}
  get(id: string): Row | undefined {
    return this.map.get(id);
  }
  values(): IterableIterator<Row> {
    return this.map.values();
  }
}

export interface RowListState<Row> {
  byId: Rows<Row>;
  /** Newest first. */
  order: string[];
  loaded: boolean;
}

/** Told of every change, before the store's subscribers are. */
export interface RowObserver<Row> {
  /** The whole list was loaded again. */
  reset(rows: readonly Row[]): void;
  /** One row was added (`prev` undefined) or replaced. */
  change(prev: Row | undefined, next: Row): void;
  /** The end of one store update. */
  commit(): void;
}

export function createRowList<Row>(spec: {
  id: (row: Row) => string;
  createdAt: (row: Row) => number;
  fetch: () => Promise<Row[]>;
  observer?: RowObserver<Row>;
  /**
   * The list's order, when it isn't simply newest first; `newestFirst` is there to break ties.
   * `moves` says when a changed row may belong elsewhere (it is taken out and merged back in).
   */
  order?: { compare: (a: Row, b: Row, newestFirst: (a: Row, b: Row) => number) => number; moves: (prev: Row, next: Row) => boolean };
}) {
  /** The current rows (changed in place; each store update hands out a new `Rows` over it). */
  let rows = new Map<string, Row>();
  const useRows = create<RowListState<Row>>(() => ({ byId: new Rows(rows), order: [], loaded: false }));
  const observer = spec.observer;

  const byAge = (a: Row, b: Row) => spec.createdAt(b) - spec.createdAt(a) || (spec.id(a) < spec.id(b) ? 1 : -1);
  const custom = spec.order;
  const newestFirst = custom ? (a: Row, b: Row) => custom.compare(a, b, byAge) : byAge;

  /** `order` without the rows that moved, then those merged back where they now belong. */
  function replace(order: string[], byId: ReadonlyMap<string, Row>, moved: Row[]): string[] {
    if (moved.length === 0) return order;
    const ids = new Set(moved.map(spec.id));
    return mergeOrder(
      order.filter((id) => !ids.has(id)),
      byId,
      moved,
    );
  }

  /** `order` (sorted) with `fresh` rows merged in: O(n), no sort of the whole list. */
  function mergeOrder(order: readonly string[], byId: ReadonlyMap<string, Row>, fresh: Row[]): string[] {
    fresh.sort(newestFirst);
    const out: string[] = [];
    let i = 0;
    for (const row of fresh) {
      while (i < order.length && newestFirst(byId.get(order[i]!)!, row) <= 0) out.push(order[i++]!);
      out.push(spec.id(row));
    }
    while (i < order.length) out.push(order[i++]!);
    return out;
  }

  function set(list: Row[]): void {
    rows = new Map();
    for (const row of list) rows.set(spec.id(row), row);
    const all = [...rows.values()];
    observer?.reset(all);
    observer?.commit();
    useRows.setState({ byId: new Rows(rows), order: all.sort(newestFirst).map(spec.id), loaded: true });
  }

  async function load(): Promise<void> {
    set(await spec.fetch());
  }

  /** Whole rows at once (one store update, however many). */
  function putMany(list: readonly Row[]): void {
    if (list.length === 0) return;
    const s = useRows.getState();
    const fresh: Row[] = [];
    const moved: Row[] = [];
    for (const row of list) {
      const id = spec.id(row);
      const prev = rows.get(id);
      if (prev === undefined) fresh.push(row);
      else if (custom?.moves(prev, row)) moved.push(row);
      rows.set(id, row);
      observer?.change(prev, row);
    }
    observer?.commit();
    const order = replace(s.order, rows, moved);
    useRows.setState({ byId: new Rows(rows), order: fresh.length > 0 ? mergeOrder(order, rows, fresh) : order });
  }

  /** Several known rows changed in one store update; returns the ids that were not known. */
  function patchMany(changes: ReadonlyMap<string, (row: Row) => Row>): string[] {
    const s = useRows.getState();
    const unknown: string[] = [];
    const moved: Row[] = [];
    for (const [id, change] of changes) {
      const row = rows.get(id);
      if (row === undefined) {
        unknown.push(id);
        continue;
      }
      const next = change(row);
      rows.set(id, next);
      if (custom?.moves(row, next)) moved.push(next);
      observer?.change(row, next);
    }
    observer?.commit();
    if (unknown.length < changes.size) {
      const byId = new Rows(rows);
      useRows.setState(moved.length > 0 ? { byId, order: replace(s.order, rows, moved) } : { byId });
    }
    return unknown;
  }

  return {
    useRows,
    set,
    load,
    /** One reload per burst of calls. */
    refresh: coalesce(() => void load().catch(() => {}), 250),
    /** A whole row (new ones go on top). */
    put: (row: Row): void => putMany([row]),
    putMany,
    patchMany,
    /** Changes a known row; false when the row is not known (the list is stale). */
    patch(id: string, change: (row: Row) => Row): boolean {
      return patchMany(new Map([[id, change]])).length === 0;
    },
  };
}
