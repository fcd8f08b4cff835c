/**
 * A list of rows kept by id, newest first, loaded with one command and kept fresh by row
 * events: the uploads and executions stores are both one of these.
 */
import { create } from 'zustand';
import { coalesce } from '../lib/throttle';

export interface RowListState<Row> {
  byId: Record<string, Row>;
  /** Newest first. */
  order: string[];
  loaded: boolean;
}

export function createRowList<Row>(spec: { id: (row: Row) => string; createdAt: (row: Row) => number; fetch: () => Promise<Row[]> }) {
  const useRows = create<RowListState<Row>>(() => ({ byId: {}, order: [], loaded: false }));

  function sortOrder(byId: Record<string, Row>): string[] {
    return Object.values(byId)
      .sort((a, b) => spec.createdAt(b) - spec.createdAt(a) || (spec.id(a) < spec.id(b) ? 1 : -1))
      .map(spec.id);
  }

  function set(list: Row[]): void {
    const byId: Record<string, Row> = {};
    for (const row of list) byId[spec.id(row)] = row;
    useRows.setState({ byId, order: sortOrder(byId), loaded: true });
  }

  async function load(): Promise<void> {
    set(await spec.fetch());
  }

  return {
    useRows,
    set,
    load,
    /** One reload per burst of calls. */
    refresh: coalesce(() => void load().catch(() => {}), 250),
    /** A whole row (new ones go on top). */
    put(row: Row): void {
      const s = useRows.getState();
      const id = spec.id(row);
      const byId = { ...s.byId, [id]: row };
      useRows.setState({ byId, order: id in s.byId ? s.order : sortOrder(byId) });
    },
    /** Whole rows at once (one store update, however many). */
    putMany(rows: readonly Row[]): void {
      if (rows.length === 0) return;
      const s = useRows.getState();
      const byId = { ...s.byId };
      let added = false;
      for (const row of rows) {
        const id = spec.id(row);
        if (!(id in byId)) added = true;
        byId[id] = row;
      }
      useRows.setState({ byId, order: added ? sortOrder(byId) : s.order });
    },
    /** Several known rows changed in one store update; returns the ids that were not known. */
    patchMany(changes: ReadonlyMap<string, (row: Row) => Row>): string[] {
      const s = useRows.getState();
      const byId = { ...s.byId };
      const unknown: string[] = [];
      for (const [id, change] of changes) {
        const row = byId[id];
        if (row) byId[id] = change(row);
        else unknown.push(id);
      }
      if (unknown.length < changes.size) useRows.setState({ byId });
      return unknown;
    },
    /** Changes a known row in place; false when the row is not known (the list is stale). */
    patch(id: string, change: (row: Row) => Row): boolean {
      const s = useRows.getState();
      const row = s.byId[id];
      if (!row) return false;
      useRows.setState({ byId: { ...s.byId, [id]: change(row) } });
      return true;
    },
  };
}
