import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExecutionView, LibraryItem, SearchHit, UploadView } from '../../../main/contract';
import { setClient } from '../../../renderer/transport/client';
import {
  PAGE_SIZE,
  idsInRange,
  invalidateLibrary,
  itemAt,
  requestRange,
  resetLibraryPaging,
  setFilter,
  useLibrary,
} from '../../../renderer/state/library';
import { applyUploadProgress, putUploads, setUploads, useUploads } from '../../../renderer/state/uploads';
import { uploadDigest } from '../../../renderer/state/upload-digest';
import { applyExecution, setExecutions, useExecutions } from '../../../renderer/state/executions';
import { clickItem, isSelected, selectAll, selectionCount, useSelection, clearSelection } from '../../../renderer/state/selection';
import { mergeHits, resetSearch, setQuery, useSearch, SEMANTIC_DELAY_MS } from '../../../renderer/state/search';
import { lowBudgets, useStatus } from '../../../renderer/state/status';
import { onStoreChanged } from '../../../renderer/state/wire';
import { fakeClient, flush, type FakeClient } from './fake-client';

export function item(i: number, patch: Partial<LibraryItem> = {}): LibraryItem {
  return {
    fileId: `f${i}`,
    displayName: `File ${i}`,
    type: 'IMAGE',
    scope: 'GLOBAL',
    origin: 'uploaded',
    toolType: null,
    executionId: null,
    durationSeconds: null,
    width: 100,
    height: 100,
    bytes: 1000,
    createdAt: 1,
    updatedAt: 1,
    status: 'ready',
    hasThumbnail: true,
    pinned: false,
    archived: false,
    rating: 0,
    tags: [],
    ...patch,
  };
}

function libraryOf(total: number, c: FakeClient, gen = { v: 0 }) {
  c.handle('library.query', ({ offset = 0, limit = 200 }) => ({
    items: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, k) => item(offset + k, { updatedAt: gen.v })),
    total,
    offset,
  }));
}

const initialLibrary = useLibrary.getState();

let c: FakeClient;
beforeEach(() => {
  c = fakeClient();
  setClient(c);
  resetLibraryPaging();
  useLibrary.setState(initialLibrary, true);
  clearSelection();
});
afterEach(() => setClient(null));

describe('library paging', () => {
  it('fetches only the pages covering the visible range, in windows of PAGE_SIZE', async () => {
    libraryOf(100_000, c);
    requestRange(0, 40);
    await flush();
    expect(c.callsOf('library.query')).toEqual([
      { filter: {}, sort: { field: 'created', dir: 'desc' }, offset: 0, limit: PAGE_SIZE },
    ]);
    expect(useLibrary.getState().total).toBe(100_000);
    expect(useLibrary.getState().firstLoaded).toBe(true);
    requestRange(50_000, 50_250);
    await flush();
    const offsets = (c.callsOf('library.query') as Array<{ offset: number }>).map((x) => x.offset);
    expect(offsets).toEqual([0, 50_000, 50_200]);
    expect(itemAt(useLibrary.getState(), 50_199)?.fileId).toBe('f50199');
    expect(itemAt(useLibrary.getState(), 1000)).toBeUndefined();
  });

  it('caches pages by offset: scrolling back fetches nothing', async () => {
    libraryOf(1000, c);
    requestRange(0, 10);
    await flush();
    requestRange(400, 410);
    await flush();
    requestRange(0, 10);
    await flush();
    expect(c.callsOf('library.query')).toHaveLength(2);
  });

  it('keeps stale rows on screen and refetches only the visible pages after store.changed', async () => {
    const gen = { v: 1 };
    libraryOf(1000, c, gen);
    requestRange(0, 10);
    await flush();
    requestRange(600, 610);
    await flush();
    expect(c.callsOf('library.query')).toHaveLength(2);
    gen.v = 2;
    invalidateLibrary();
    // The old row is still there while the refetch runs.
    expect(itemAt(useLibrary.getState(), 600)?.updatedAt).toBe(1);
    await flush();
    expect(c.callsOf('library.query')).toHaveLength(3);
    expect((c.callsOf('library.query')[2] as { offset: number }).offset).toBe(600);
    expect(itemAt(useLibrary.getState(), 600)?.updatedAt).toBe(2);
  });

  it('a filter change starts a new query from the top', async () => {
    libraryOf(500, c);
    requestRange(300, 310);
    await flush();
    setFilter({ types: ['VIDEO'], origins: [] });
    await flush();
    const last = c.callsOf('library.query').at(-1) as { filter: unknown; offset: number };
    expect(last).toMatchObject({ filter: { types: ['VIDEO'] }, offset: 0 });
    expect(useLibrary.getState().filter).toEqual({ types: ['VIDEO'] });
  });

  it('an error is kept for the view and not retried in a loop', async () => {
    c.handle('library.query', () => {
      throw { code: 'internal', message: 'db locked' };
    });
    requestRange(0, 10);
    await flush();
    expect(useLibrary.getState().error).toMatchObject({ code: 'internal' });
    expect(useLibrary.getState().firstLoaded).toBe(true);
    expect(c.callsOf('library.query')).toHaveLength(1);
  });

  it('idsInRange uses the cache when it can and the core when it must', async () => {
    libraryOf(5000, c);
    requestRange(0, 10);
    await flush();
    expect(await idsInRange(3, 1)).toEqual(['f1', 'f2', 'f3']);
    expect(c.callsOf('library.query')).toHaveLength(1);
    const ids = await idsInRange(150, 1300);
    expect(ids).toHaveLength(1151);
    expect(ids[0]).toBe('f150');
    expect(ids.at(-1)).toBe('f1300');
  });
});

describe('store.changed refreshes only what changed', () => {
  it('routes tables to their stores', async () => {
    vi.useFakeTimers();
    try {
      c.handle('uploads.list', () => []);
      c.handle('executions.list', () => []);
      c.handle('settings.get', () => ({ uploadConcurrency: 3, cacheCapBytes: 1e9, notifications: true, theme: 'dark', libraryView: 'grid', spendingCapUsd: null }));
      libraryOf(10, c);
      onStoreChanged({ tables: ['uploads'] });
      await vi.advanceTimersByTimeAsync(1000);
      expect(c.calls.map((x) => x.cmd)).toEqual(['uploads.list']);
      onStoreChanged({ tables: ['executions', 'settings'] });
      await vi.advanceTimersByTimeAsync(1000);
      expect(c.calls.map((x) => x.cmd).sort()).toEqual(['executions.list', 'settings.get', 'uploads.list']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a change that names its execution rows reloads nothing: the rows come with execution.updated', async () => {
    vi.useFakeTimers();
    try {
      c.handle('executions.list', () => []);
      onStoreChanged({ tables: ['executions'], ids: { executions: ['e1', 'e2'] } });
      await vi.advanceTimersByTimeAsync(1000);
      expect(c.callsOf('executions.list')).toHaveLength(0);
      onStoreChanged({ tables: ['executions'] });
      await vi.advanceTimersByTimeAsync(1000);
      expect(c.callsOf('executions.list')).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('coalesces a flood of files changes into few refetches', async () => {
    vi.useFakeTimers();
    try {
      libraryOf(10, c);
      requestRange(0, 5);
      await vi.advanceTimersByTimeAsync(10);
      const before = c.callsOf('library.query').length;
      for (let i = 0; i < 50; i++) onStoreChanged({ tables: ['files'], ids: { files: [`f${i}`] } });
      await vi.advanceTimersByTimeAsync(1000);
      expect(c.callsOf('library.query').length - before).toBeLessThanOrEqual(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('uploads and executions patch single rows', () => {
  const up = (id: string, patch: Partial<UploadView> = {}): UploadView => ({
    uploadId: id,
    temporary: false,
    queueOrder: 1,
    batchId: null,
    path: `/x/${id}`,
    name: `${id}.png`,
    size: 1000,
    state: 'uploading',
    bytesSent: 0,
    speedBps: null,
    fileId: null,
    attempts: 1,
    error: null,
    createdAt: Number(id.slice(1)),
    updatedAt: 0,
    ...patch,
  });

  it('Activity order: work under way (newest first), then the line in the order it starts, then finished ones; a row moves when it changes band or place', async () => {
    setUploads([
      up('u1', { state: 'ready' }),
      up('u2', { state: 'uploading' }),
      up('u3', { state: 'queued', queueOrder: 30 }),
      up('u4', { state: 'queued', queueOrder: 10 }),
      up('u5', { state: 'queued', queueOrder: 20 }),
      up('u6', { state: 'failed' }),
      up('u7', { state: 'processing' }),
    ]);
    expect(useUploads.getState().order).toEqual(['u7', 'u2', 'u4', 'u5', 'u3', 'u6', 'u1']);
    // Moved to the top of the line (main sends the changed rows whole).
    putUploads([up('u3', { state: 'queued', queueOrder: 5 }), up('u4', { state: 'queued', queueOrder: 10 })]);
    expect(useUploads.getState().order).toEqual(['u7', 'u2', 'u3', 'u4', 'u5', 'u6', 'u1']);
    // It starts: out of the line, among the work under way; the one sending finishes.
    applyUploadProgress({ uploadId: 'u3', state: 'hashing', bytesSent: 0, size: 1000, speedBps: null });
    applyUploadProgress({ uploadId: 'u2', state: 'ready', bytesSent: 1000, size: 1000, speedBps: null });
    await new Promise((r) => setTimeout(r, 300)); // progress is applied in bursts
    expect(useUploads.getState().order).toEqual(['u7', 'u3', 'u4', 'u5', 'u6', 'u2', 'u1']);
    await new Promise((r) => setTimeout(r, 300)); // the burst window closes: the next test's first event applies at once
  });

  it('upload.progress updates one row and leaves the others untouched', () => {
    setUploads([up('u1'), up('u2')]);
    const other = useUploads.getState().byId.get('u2');
    applyUploadProgress({ uploadId: 'u1', state: 'uploading', bytesSent: 500, size: 1000, speedBps: 250 });
    const s = useUploads.getState();
    expect(s.byId.get('u1')).toMatchObject({ bytesSent: 500, speedBps: 250 });
    expect(s.byId.get('u2')).toBe(other);
    expect(s.order).toEqual(['u2', 'u1']);
  });

  it('progress for an unknown upload reloads the list', async () => {
    vi.useFakeTimers();
    try {
      c.handle('uploads.list', () => [up('u9')]);
      setUploads([]);
      applyUploadProgress({ uploadId: 'u9', state: 'uploading', bytesSent: 1, size: 2, speedBps: null });
      await vi.advanceTimersByTimeAsync(3000);
      expect(useUploads.getState().byId.get('u9')).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });

  it("a batch's totals follow each changed row (kept, not recounted), and only a changed batch is a new object", () => {
    const b = (id: string, batchId: string, state: UploadView['state'], patch: Partial<UploadView> = {}) => up(id, { batchId, state, ...patch });
    setUploads([b('u1', 'A', 'receiving'), b('u2', 'A', 'receiving'), b('u3', 'B', 'queued'), up('u4', { state: 'ready' })]);
    expect(uploadDigest()).toMatchObject({ active: 3, failed: 0, done: 1 });
    const before = uploadDigest().batches.get('B');
    // Rows of batch A move on: bytes arrive, one is sent, one fails.
    putUploads([b('u1', 'A', 'uploading', { bytesSent: 400 }), b('u2', 'A', 'failed')]);
    expect(uploadDigest().batches.get('A')).toEqual({ total: 2, counts: { uploading: 1, failed: 1 }, bytesTotal: 2000, bytesDone: 1400, active: 1, paused: 0 });
    expect(uploadDigest().batches.get('B')).toBe(before);
    vi.useFakeTimers();
    try {
      applyUploadProgress({ uploadId: 'u1', state: 'processing', bytesSent: 1000, size: 1000, speedBps: null });
      vi.advanceTimersByTime(1000);
    } finally {
      vi.useRealTimers();
    }
    expect(uploadDigest().batches.get('A')).toMatchObject({ counts: { processing: 1, failed: 1 }, bytesDone: 2000, active: 1 });
    // A key rejected while a row waits: the batch counts it as paused.
    putUploads([b('u3', 'B', 'queued', { error: { code: 'key_rejected', message: 'Paused: the VideoGen key was rejected' } })]);
    expect(uploadDigest().batches.get('B')).toMatchObject({ total: 1, active: 1, paused: 1 });
    expect(uploadDigest()).toMatchObject({ active: 2, failed: 1, done: 1 });
    // Loaded again: the same totals as counting from scratch.
    setUploads([...useUploads.getState().byId.values()]);
    expect(uploadDigest()).toMatchObject({ active: 2, failed: 1, done: 1 });
    expect(uploadDigest().batches.get('A')).toMatchObject({ total: 2, bytesDone: 2000 });
  });

  it('execution.updated replaces its row; new ones go on top', () => {
    const ex = (id: string, createdAt: number, patch: Partial<ExecutionView> = {}): ExecutionView => ({
      id,
      remoteId: null,
      provider: 'videogen',
      tool: 'generate-image',
      label: 'Image',
      request: { provider: 'videogen', tool: 'generate-image', params: {} },
      status: 'running',
      remoteStatus: null,
      progress: 10,
      attempt: 0,
      error: null,
      resultFileIds: [],
      createdAt,
      updatedAt: createdAt,
      nextCheckAt: null,
      ...patch,
    });
    setExecutions([ex('e1', 1), ex('e2', 2)]);
    applyExecution(ex('e1', 1, { progress: 60, attempt: 1 }));
    expect(useExecutions.getState().byId.get('e1')).toMatchObject({ progress: 60, attempt: 1 });
    expect(useExecutions.getState().order).toEqual(['e2', 'e1']);
    applyExecution(ex('e3', 3));
    expect(useExecutions.getState().order).toEqual(['e3', 'e2', 'e1']);
  });
});

describe('selection', () => {
  it('click selects one, toggle adds/removes, shift selects a range', () => {
    clickItem(2, 'f2', { shift: false, toggle: false });
    expect([...useSelection.getState().ids]).toEqual(['f2']);
    clickItem(5, 'f5', { shift: false, toggle: true });
    expect([...useSelection.getState().ids].sort()).toEqual(['f2', 'f5']);
    clickItem(5, 'f5', { shift: false, toggle: true });
    expect([...useSelection.getState().ids]).toEqual(['f2']);
    clickItem(2, 'f2', { shift: false, toggle: false });
    clickItem(6, 'f6', { shift: true, toggle: false }, ['f2', 'f3', 'f4', 'f5', 'f6']);
    expect(useSelection.getState().ids.size).toBe(5);
    expect(useSelection.getState().focused).toBe('f6');
    expect(useSelection.getState().anchor).toBe(2);
  });

  it('select all is a mode with exceptions, not 100,000 ids', () => {
    selectAll();
    const s = useSelection.getState();
    expect(isSelected(s, 'anything')).toBe(true);
    expect(selectionCount(s, 100_000)).toBe(100_000);
    clickItem(3, 'f3', { shift: false, toggle: true });
    expect(isSelected(useSelection.getState(), 'f3')).toBe(false);
    expect(selectionCount(useSelection.getState(), 100_000)).toBe(99_999);
  });
});

describe('search', () => {
  const hit = (i: number, source: 'local' | 'semantic'): SearchHit => ({ item: item(i), source, score: 0.5 });

  beforeEach(() => {
    resetSearch();
    useStatus.setState({ online: true });
  });

  it('local search is latest-wins: a slow old reply never replaces a newer one', async () => {
    const resolvers: Array<(h: SearchHit[]) => void> = [];
    c.handle('library.search', () => new Promise<SearchHit[]>((r) => resolvers.push(r)));
    c.handle('library.searchSemantic', () => []);
    setQuery('c');
    setQuery('ca');
    setQuery('cat');
    // One in flight; the newest waits its turn, the middle one is dropped.
    expect(c.callsOf('library.search')).toEqual([{ query: 'c', limit: 60 }]);
    resolvers[0]!([hit(1, 'local')]);
    await flush();
    expect(useSearch.getState().localFor).toBe('');
    expect(c.callsOf('library.search')).toEqual([
      { query: 'c', limit: 60 },
      { query: 'cat', limit: 60 },
    ]);
    resolvers[1]!([hit(2, 'local')]);
    await flush();
    expect(useSearch.getState()).toMatchObject({ localFor: 'cat' });
    expect(useSearch.getState().local.map((h) => h.item.fileId)).toEqual(['f2']);
  });

  it('meaning search joins after a short pause when online, and not at all offline', async () => {
    vi.useFakeTimers();
    try {
      c.handle('library.search', () => [hit(1, 'local')]);
      c.handle('library.searchSemantic', () => [hit(1, 'semantic'), hit(7, 'semantic')]);
      setQuery('sunset');
      expect(c.callsOf('library.searchSemantic')).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(SEMANTIC_DELAY_MS + 10);
      expect(c.callsOf('library.searchSemantic')).toEqual([{ query: 'sunset', limit: 20 }]);
      const s = useSearch.getState();
      const merged = mergeHits(s.local, s.semantic);
      expect(merged.local.map((h) => h.item.fileId)).toEqual(['f1']);
      expect(merged.semantic.map((h) => h.item.fileId)).toEqual(['f7']);

      useStatus.setState({ online: false });
      setQuery('dog');
      await vi.advanceTimersByTimeAsync(SEMANTIC_DELAY_MS + 10);
      expect(c.callsOf('library.searchSemantic')).toHaveLength(1);
      expect(useSearch.getState().semanticState).toBe('offline');
      expect(useSearch.getState().localFor).toBe('dog');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('status', () => {
  it('warns about rate budgets under 20 %', () => {
    const status = {
      online: true,
      sandbox: false,
      queue: { uploads: 0, executions: 0, processing: 0 },
      library: { total: 0, syncing: false, syncedAt: null, progress: null },
      keysRejected: [],
      uploadsWaitUntil: null,
      rateBudget: [
        { endpoint: 'POST /v1/tools/*', limit: 500, remaining: 99, resetAt: 0 },
        { endpoint: 'GET /v1/files', limit: 50_000, remaining: 10_000, resetAt: 0 },
      ],
    };
    expect(lowBudgets(status).map((b) => b.endpoint)).toEqual(['POST /v1/tools/*']);
    expect(lowBudgets(null)).toEqual([]);
  });
});

describe('structural sharing', () => {
  it('a refetched page keeps the objects of unchanged items (their cells do not re-render)', async () => {
    const gen = { v: 1 };
    libraryOf(300, c, gen);
    requestRange(0, 10);
    await flush();
    const before = useLibrary.getState().pages[0]!.items;
    invalidateLibrary();
    await flush();
    expect(useLibrary.getState().pages[0]!.items).toBe(before);
    gen.v = 2;
    invalidateLibrary();
    await flush();
    const after = useLibrary.getState().pages[0]!.items;
    expect(after).not.toBe(before);
    expect(after[0]!.updatedAt).toBe(2);
  });
});

describe('refreshes wait while the person scrolls', () => {
  it('holds invalidations during a scroll and runs one when it stops', async () => {
    const { setScrolling } = await import('../../../renderer/state/library');
    const gen = { v: 1 };
    libraryOf(300, c, gen);
    requestRange(0, 10);
    await flush();
    const calls = () => c.callsOf('library.query').length;
    const before = calls();
    setScrolling(true);
    invalidateLibrary(['f1']);
    invalidateLibrary(['f2']);
    await flush();
    expect(calls()).toBe(before);
    setScrolling(false);
    await flush();
    expect(calls()).toBe(before + 1);
  });
});
