import { create } from 'zustand';
import type { ContractError, FileDetail, LibraryFilter, LibraryItem, LibrarySort } from '../../main/contract';
import { api } from '../transport/client';

/** The library is read in windows of this many items, cached by offset. */
export const PAGE_SIZE = 200;
/** Pages kept in memory at most; the ones furthest from the view are dropped first. */
const MAX_PAGES = 80;
const MAX_INFLIGHT = 3;

export interface Page {
  items: LibraryItem[];
  /** The invalidation generation this page was fetched at; older than `gen` = stale. */
  gen: number;
}

interface LibraryState {
  filter: LibraryFilter;
  sort: LibrarySort;
  /** Bumps when filter or sort change: every cached page belongs to a query. */
  queryKey: number;
  /** Bumps when the files table changed: cached pages stay visible but get refetched. */
  gen: number;
  total: number | null;
  pages: Record<number, Page>;
  /** The first page has come back (even empty) at least once. */
  firstLoaded: boolean;
  error: ContractError | null;
  /** Inspector: the file shown and its detail. */
  detailId: string | null;
  detail: FileDetail | null;
  detailError: ContractError | null;
}

export const useLibrary = create<LibraryState>(() => ({
  filter: {},
  // Newest first by when it arrived: stable while files process and get analysed in the
  // background (sorting by "updated" would move items from under the pointer).
  sort: { field: 'created', dir: 'desc' },
  queryKey: 0,
  gen: 0,
  total: null,
  pages: {},
  firstLoaded: false,
  error: null,
  detailId: null,
  detail: null,
  detailError: null,
}));

// --- paging (module state, not rendered) -------------------------------------------------

let wanted = { first: 0, last: 0 };
const inflight = new Set<string>();

export function itemAt(s: Pick<LibraryState, 'pages'>, index: number): LibraryItem | undefined {
  return s.pages[Math.floor(index / PAGE_SIZE)]?.items[index % PAGE_SIZE];
}

/** The view shows items [firstIndex, lastIndex]: make sure their pages are (being) loaded. */
export function requestRange(firstIndex: number, lastIndex: number): void {
  const first = Math.floor(Math.max(0, firstIndex) / PAGE_SIZE);
  const last = Math.max(first, Math.floor(Math.max(0, lastIndex) / PAGE_SIZE));
  wanted = { first, last };
  pump();
}

function pump(): void {
  const s = useLibrary.getState();
  const maxPage = s.total == null ? wanted.last : Math.max(0, Math.ceil(s.total / PAGE_SIZE) - 1);
  // Nearest the middle of the view first.
  const mid = (wanted.first + wanted.last) / 2;
  const candidates: number[] = [];
  for (let p = wanted.first; p <= Math.min(wanted.last, maxPage); p++) candidates.push(p);
  candidates.sort((a, b) => Math.abs(a - mid) - Math.abs(b - mid));
  for (const p of candidates) {
    if (inflight.size >= MAX_INFLIGHT) return;
    const page = s.pages[p];
    if (page && page.gen >= s.gen) continue;
    const key = `${s.queryKey}:${p}:${s.gen}`;
    if (inflight.has(key)) continue;
    void fetchPage(p, s.queryKey, s.gen, key);
  }
}

async function fetchPage(page: number, queryKey: number, gen: number, key: string): Promise<void> {
  inflight.add(key);
  const { filter, sort } = useLibrary.getState();
  let ok = false;
  try {
    const res = await api().invoke('library.query', { filter, sort, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
    const s = useLibrary.getState();
    if (s.queryKey !== queryKey) return;
    const pages = { ...s.pages, [page]: { items: shareItems(s.pages[page]?.items, res.items), gen } };
    // A shrunken total leaves pages past the end: drop them.
    const lastPage = Math.max(0, Math.ceil(res.total / PAGE_SIZE) - 1);
    for (const k of Object.keys(pages)) if (Number(k) > lastPage) delete pages[Number(k)];
    evict(pages);
    useLibrary.setState({ pages, total: res.total, firstLoaded: true, error: null });
    ok = true;
  } catch (err) {
    const s = useLibrary.getState();
    if (s.queryKey === queryKey) useLibrary.setState({ error: err as ContractError, firstLoaded: true });
  } finally {
    inflight.delete(key);
    // After a failure, wait for a retry (reloadLibrary) or the next change instead of looping.
    if (ok) pump();
  }
}

/** Keep the old object for every item that did not change, so its cell does not re-render. */
function shareItems(old: LibraryItem[] | undefined, fresh: LibraryItem[]): LibraryItem[] {
  if (!old) return fresh;
  let same = old.length === fresh.length;
  const out = fresh.map((it, i) => {
    const prev = old[i];
    if (prev && sameItem(prev, it)) return prev;
    same = false;
    return it;
  });
  return same ? old : out;
}

function sameItem(a: LibraryItem, b: LibraryItem): boolean {
  for (const k of Object.keys(b) as (keyof LibraryItem)[]) {
    if (a[k] === b[k]) continue;
    // Tags arrive as a new array each time: equal when their words are.
    if (k === 'tags' && a.tags.length === b.tags.length && a.tags.every((t, i) => t === b.tags[i])) continue;
    return false;
  }
  return Object.keys(a).length === Object.keys(b).length;
}

function evict(pages: Record<number, Page>): void {
  const keys = Object.keys(pages).map(Number);
  if (keys.length <= MAX_PAGES) return;
  const mid = (wanted.first + wanted.last) / 2;
  keys.sort((a, b) => Math.abs(b - mid) - Math.abs(a - mid));
  for (const k of keys.slice(0, keys.length - MAX_PAGES)) delete pages[k];
}

export function setFilter(patch: Partial<LibraryFilter>): void {
  const s = useLibrary.getState();
  const filter: LibraryFilter = { ...s.filter, ...patch };
  for (const k of Object.keys(filter) as (keyof LibraryFilter)[]) {
    const v = filter[k];
    if (v === undefined || (Array.isArray(v) && v.length === 0) || v === false) delete filter[k];
  }
  resetQuery({ filter });
}

/** Replaces the whole filter (a collection opened, a smart collection's saved filters). */
export function resetQueryFilter(filter: LibraryFilter): void {
  resetQuery({ filter });
}

export function clearFilter(): void {
  resetQuery({ filter: {} });
}

export function setSort(sort: LibrarySort): void {
  resetQuery({ sort });
}

function resetQuery(patch: Partial<Pick<LibraryState, 'filter' | 'sort'>>): void {
  useLibrary.setState((s) => ({ ...patch, queryKey: s.queryKey + 1, pages: {}, total: null, error: null }));
  wanted = { first: 0, last: 0 };
  pump();
}

// While the person scrolls, refreshes wait: background churn (sync, caching) must not cost frames.
let scrolling = false;
let deferred: { all: boolean; ids: Set<string> } | null = null;

export function setScrolling(on: boolean): void {
  if (on === scrolling) return;
  scrolling = on;
  if (!on && deferred) {
    const d = deferred;
    deferred = null;
    invalidateLibrary(d.all ? undefined : [...d.ids]);
  }
}

/** The files table changed: refetch what is on screen, keep showing the old rows meanwhile. */
export function invalidateLibrary(changedIds?: string[]): void {
  if (scrolling) {
    deferred ??= { all: false, ids: new Set() };
    if (!changedIds) deferred.all = true;
    else for (const id of changedIds) deferred.ids.add(id);
    return;
  }
  useLibrary.setState((s) => ({ gen: s.gen + 1 }));
  pump();
  const { detailId } = useLibrary.getState();
  if (detailId && (!changedIds || changedIds.includes(detailId))) void loadDetail(detailId);
}

/** Retry after an error. */
export function reloadLibrary(): void {
  useLibrary.setState((s) => ({ error: null, gen: s.gen + 1 }));
  pump();
}

// --- inspector ------------------------------------------------------------------------------

export async function loadDetail(fileId: string | null): Promise<void> {
  if (!fileId) {
    useLibrary.setState({ detailId: null, detail: null, detailError: null });
    return;
  }
  const prev = useLibrary.getState();
  if (prev.detailId !== fileId) useLibrary.setState({ detailId: fileId, detail: null, detailError: null });
  try {
    const detail = await api().invoke('library.get', { fileId });
    if (useLibrary.getState().detailId === fileId) useLibrary.setState({ detail, detailError: null });
  } catch (err) {
    if (useLibrary.getState().detailId === fileId) useLibrary.setState({ detailError: err as ContractError });
  }
}

export function setDetail(detail: FileDetail): void {
  if (useLibrary.getState().detailId === detail.fileId) useLibrary.setState({ detail });
}

/** File ids of items [from, to] (inclusive), from the cache where loaded, else from the core. */
export async function idsInRange(from: number, to: number): Promise<string[]> {
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  const s = useLibrary.getState();
  const out: string[] = [];
  let complete = true;
  for (let i = lo; i <= hi; i++) {
    const it = itemAt(s, i);
    if (!it) {
      complete = false;
      break;
    }
    out.push(it.fileId);
  }
  if (complete) return out;
  const ids: string[] = [];
  for (let off = lo; off <= hi; off += 1000) {
    const res = await api().invoke('library.query', {
      filter: s.filter,
      sort: s.sort,
      offset: off,
      limit: Math.min(1000, hi - off + 1),
    });
    for (const it of res.items) ids.push(it.fileId);
  }
  return ids;
}

/** Test hook: forget the module-level paging state. */
export function resetLibraryPaging(): void {
  wanted = { first: 0, last: 0 };
  inflight.clear();
  scrolling = false;
  deferred = null;
}
