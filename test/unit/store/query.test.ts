import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryFilter, LibraryItem, LibrarySort } from '../../../main/contract';
import type { StorageFile } from '../../../main/api/videogen-schemas';
import { makeFiles } from '../../bench/store-corpus';
import { T0, tempStore } from './helpers';
import type { TempStore } from './helpers';
import { fileUpdates } from '../../../main/workers/file-updates';

const N = 5_000;
let t: TempStore;
let all: StorageFile[];
const createdAt = new Map<string, number>();
const pinned = new Set<string>();
const archived = new Set<string>();

beforeAll(() => {
  t = tempStore();
  all = makeFiles(N, 3);
  for (let i = 0; i < N; i += 200) {
    t.clock.set(T0 + i * 1000);
    const page = all.slice(i, i + 200);
    t.store.files.upsert(fileUpdates(page));
    for (const f of page) createdAt.set(f.fileId, T0 + i * 1000);
  }
  for (let i = 0; i < N; i += 37) pinned.add(all[i]!.fileId);
  for (let i = 5; i < N; i += 101) archived.add(all[i]!.fileId);
  t.store.files.setPinned([...pinned], true);
  t.store.files.markArchived([...archived]);
});
afterAll(() => t.cleanup());

function expected(filter: LibraryFilter): StorageFile[] {
  return all.filter((f) => {
    if (archived.has(f.fileId)) return false;
    const origin = f.sourceToolType ? 'generated' : 'uploaded';
    if (filter.types && !filter.types.includes(f.type as never)) return false;
    if (filter.scopes && !filter.scopes.includes(f.scope)) return false;
    // Temporary files are hidden unless asked for (a filter, or the scope itself).
    if (f.scope === 'TEMPORARY' && !filter.includeTemporary && !filter.scopes?.includes('TEMPORARY')) return false;
    if (filter.origins && !filter.origins.includes(origin)) return false;
    if (filter.toolTypes && !filter.toolTypes.includes(f.sourceToolType ?? '')) return false;
    const c = createdAt.get(f.fileId)!;
    if (filter.createdFrom !== undefined && c < filter.createdFrom) return false;
    if (filter.createdTo !== undefined && c > filter.createdTo) return false;
    if (filter.pinnedOnly && !pinned.has(f.fileId)) return false;
    return true;
  });
}

function everything(filter: LibraryFilter, sort: LibrarySort, limit = 700): LibraryItem[] {
  const out: LibraryItem[] = [];
  for (let offset = 0; ; offset += limit) {
    const page = t.store.files.query({ filter, sort, offset, limit });
    expect(page.offset).toBe(offset);
    out.push(...page.items);
    if (page.items.length < limit) {
      expect(page.total).toBe(out.length);
      return out;
    }
  }
}

const key: Record<LibrarySort['field'], (i: LibraryItem) => number | string | null> = {
  updated: () => 0, // checked separately (list rank is not in the view)
  created: (i) => i.createdAt,
  name: (i) => i.displayName.toLowerCase(),
  size: (i) => i.bytes,
  duration: (i) => i.durationSeconds,
};

function assertSorted(items: LibraryItem[], sort: LibrarySort): void {
  const k = key[sort.field];
  const values = items.map(k);
  // Unknown sizes/durations come last in both directions.
  const firstNull = values.findIndex((v) => v === null);
  if (firstNull >= 0) expect(values.slice(firstNull).every((v) => v === null)).toBe(true);
  const known = (firstNull >= 0 ? values.slice(0, firstNull) : values) as (number | string)[];
  for (let i = 1; i < known.length; i++) {
    const ok = sort.dir === 'asc' ? known[i - 1]! <= known[i]! : known[i - 1]! >= known[i]!;
    if (!ok) throw new Error(`${sort.field} ${sort.dir}: ${String(known[i - 1])} then ${String(known[i])} at ${i}`);
  }
}

describe(`files.query over ${N} files`, () => {
  it('counts and pages through the whole library exactly once in every sort', () => {
    const visible = expected({}).length;
    expect(t.store.files.count()).toBe(visible);
    for (const field of ['updated', 'created', 'name', 'size', 'duration'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        const items = everything({}, { field, dir });
        expect(items.length).toBe(visible);
        expect(new Set(items.map((i) => i.fileId)).size).toBe(visible);
        assertSorted(items, { field, dir });
      }
    }
  });

  it('"updated" follows the remote order (first of the newest page first)', () => {
    const items = everything({ includeTemporary: true }, { field: 'updated', dir: 'desc' });
    const order = all.filter((f) => !archived.has(f.fileId));
    // Pages arrived oldest page first here, each newer page on top of the previous one.
    const expectedOrder: string[] = [];
    for (let i = Math.floor((N - 1) / 200) * 200; i >= 0; i -= 200) {
      expectedOrder.push(...order.filter((f) => all.indexOf(f) >= i && all.indexOf(f) < i + 200).map((f) => f.fileId));
    }
    expect(items.map((i) => i.fileId)).toEqual(expectedOrder);
  });

  const filters: Array<[string, LibraryFilter]> = [
    ['types', { types: ['VIDEO', 'AUDIO'] }],
    ['scopes', { scopes: ['TEMPORARY'] }],
    ['includeTemporary', { includeTemporary: true }],
    ['includeTemporary with types', { includeTemporary: true, types: ['AUDIO'] }],
    ['origins', { origins: ['generated'] }],
    ['toolTypes', { toolTypes: ['TEXT_TO_SPEECH', 'GENERATE_IMAGE'] }],
    ['created range', { createdFrom: T0 + 1_000_000, createdTo: T0 + 2_000_000 }],
    ['pinned', { pinnedOnly: true }],
    ['combined', { types: ['IMAGE'], origins: ['uploaded'], scopes: ['GLOBAL'], createdFrom: T0 + 600_000 }],
    ['empty result', { types: ['SLIDESHOW'] }],
  ];
  for (const [name, filter] of filters) {
    it(`filters by ${name}`, () => {
      const want = expected(filter).map((f) => f.fileId);
      const sort: LibrarySort = { field: 'size', dir: 'desc' };
      const items = everything(filter, sort, 300);
      expect(items.map((i) => i.fileId).sort()).toEqual([...want].sort());
      expect(t.store.files.query({ filter, limit: 1 }).total).toBe(want.length);
      assertSorted(items, sort);
    });
  }

  it('views carry the contract fields', () => {
    const page = t.store.files.query({ limit: 3 });
    for (const item of page.items) {
      expect(Object.keys(item).sort()).toEqual(
        ['archived', 'bytes', 'createdAt', 'displayName', 'durationSeconds', 'executionId', 'fileId', 'hasThumbnail', 'height', 'origin', 'pinned', 'rating', 'scope', 'status', 'tags', 'toolType', 'type', 'updatedAt', 'width'].sort(),
      );
    }
  });

  it('clamps paging arguments and keeps the cached total in step with writes', () => {
    expect(t.store.files.query({ limit: 0 }).items.length).toBe(1);
    expect(t.store.files.query({ limit: 5_000 }).items.length).toBe(1000);
    expect(t.store.files.query({ offset: N * 2 }).items).toEqual([]);
    const before = t.store.files.query({ filter: { types: ['PDF'] } }).total;
    const pdf = all.find((f) => f.type === 'PDF' && !archived.has(f.fileId))!;
    t.store.files.markArchived([pdf.fileId]);
    expect(t.store.files.query({ filter: { types: ['PDF'] } }).total).toBe(before - 1);
    archived.add(pdf.fileId);
  });
});
