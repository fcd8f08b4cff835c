import { create } from 'zustand';

/**
 * Library selection. "All" is kept as a mode (not 100,000 ids): `except` are the ones
 * deselected since. `focused` is the item the inspector shows and the keyboard acts on;
 * `anchor` is where a Shift-click range starts.
 */
interface SelectionState {
  all: boolean;
  ids: ReadonlySet<string>;
  except: ReadonlySet<string>;
  focused: string | null;
  focusedIndex: number | null;
  anchor: number | null;
  /** Bumps on every change, a cheap selector for "something changed". */
  version: number;
}

const empty: ReadonlySet<string> = new Set();

export const useSelection = create<SelectionState>(() => ({
  all: false,
  ids: empty,
  except: empty,
  focused: null,
  focusedIndex: null,
  anchor: null,
  version: 0,
}));

export function isSelected(s: Pick<SelectionState, 'all' | 'ids' | 'except'>, fileId: string): boolean {
  return s.all ? !s.except.has(fileId) : s.ids.has(fileId);
}

export function selectionCount(s: Pick<SelectionState, 'all' | 'ids' | 'except'>, total: number): number {
  return s.all ? Math.max(0, total - s.except.size) : s.ids.size;
}

export interface ClickMods {
  shift: boolean;
  toggle: boolean; // Cmd on macOS, Ctrl elsewhere
}

/**
 * A click on the item at `index`. Plain: select only it. Toggle: add/remove it. Shift: the
 * range from the anchor (ids resolved by the caller, who may need to fetch them).
 */
export function clickItem(index: number, fileId: string, mods: ClickMods, rangeIds?: string[]): void {
  useSelection.setState((s) => {
    if (mods.shift && s.anchor != null && rangeIds) {
      const ids = new Set(mods.toggle && !s.all ? s.ids : []);
      for (const id of rangeIds) ids.add(id);
      return { all: false, ids, except: empty, focused: fileId, focusedIndex: index, version: s.version + 1 };
    }
    if (mods.toggle) {
      if (s.all) {
        const except = new Set(s.except);
        if (except.has(fileId)) except.delete(fileId);
        else except.add(fileId);
        return { except, focused: fileId, focusedIndex: index, anchor: index, version: s.version + 1 };
      }
      const ids = new Set(s.ids);
      if (ids.has(fileId)) ids.delete(fileId);
      else ids.add(fileId);
      return { ids, focused: fileId, focusedIndex: index, anchor: index, version: s.version + 1 };
    }
    return {
      all: false,
      ids: new Set([fileId]),
      except: empty,
      focused: fileId,
      focusedIndex: index,
      anchor: index,
      version: s.version + 1,
    };
  });
}

export function selectAll(): void {
  useSelection.setState((s) => ({ all: true, ids: empty, except: empty, version: s.version + 1 }));
}

export function selectOnly(fileIds: string[], focused?: string): void {
  useSelection.setState((s) => ({
    all: false,
    ids: new Set(fileIds),
    except: empty,
    focused: focused ?? fileIds[0] ?? null,
    focusedIndex: null,
    anchor: null,
    version: s.version + 1,
  }));
}

export function clearSelection(): void {
  useSelection.setState((s) => ({
    all: false,
    ids: empty,
    except: empty,
    focused: null,
    focusedIndex: null,
    anchor: null,
    version: s.version + 1,
  }));
}

/** Files that left the library (archived) leave the selection too. */
export function dropFromSelection(fileIds: string[]): void {
  useSelection.setState((s) => {
    const gone = new Set(fileIds);
    const ids = new Set([...s.ids].filter((id) => !gone.has(id)));
    const focused = s.focused && gone.has(s.focused) ? null : s.focused;
    return { ids, focused, focusedIndex: focused ? s.focusedIndex : null, version: s.version + 1 };
  });
}
