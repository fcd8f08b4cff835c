/**
 * Ratings, tags and collections in the local database (migration 006): kept by file id, never
 * written by a sync (so a full re-sync and an archive leave them), filtering the library, tags
 * in full-text search, counts that leave out archived files.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileUpdates } from '../../../main/workers/file-updates';
import { file, tempStore } from './helpers';
import type { TempStore } from './helpers';

let t: TempStore;
const names = { a: 'Harbour at dawn', b: 'Meadow', c: 'Sunset pier' };
beforeEach(() => {
  t = tempStore();
  t.store.files.upsert(fileUpdates(Object.entries(names).map(([fileId, displayName]) => file({ fileId, displayName }))));
});
afterEach(() => t.cleanup());

const o = () => t.store.organize;
const listed = (filter: Parameters<TempStore['store']['files']['query']>[0] extends infer Q ? (Q extends { filter?: infer F } ? F : never) : never) =>
  t.store.files
    .query({ filter })
    .items.map((i) => i.fileId)
    .sort();

describe('ratings and tags', () => {
  it('rates files, filters by "rated at least", and clears with 0', () => {
    expect(o().rate(['a', 'b'], 4)).toEqual(['a', 'b']);
    expect(o().rate(['b'], 2)).toEqual(['b']);
    expect(o().rate(['a'], 4)).toEqual([]); // already 4: no change event
    expect(t.store.files.get('a')!.rating).toBe(4);
    expect(listed({ minRating: 3 })).toEqual(['a']);
    expect(listed({ minRating: 1 })).toEqual(['a', 'b']);
    o().rate(['a'], 0);
    expect(listed({ minRating: 1 })).toEqual(['b']);
    expect(o().rate(['no-such-file'], 3)).toEqual([]);
  });

  it('tags files (trimmed, case-insensitive), suggests by prefix, finds them by search and filter', () => {
    o().tag(['a', 'c'], ['  golden   hour ', 'Boats'], []);
    o().tag(['c'], ['GOLDEN HOUR'], []);
    expect(t.store.files.get('c')!.tags).toEqual(['Boats', 'golden hour']);
    expect(o().tags('gol')).toEqual([{ tag: 'golden hour', count: 2 }]);
    expect(o().tags('').map((x) => x.tag)).toEqual(['Boats', 'golden hour']);
    expect(listed({ tags: ['Golden Hour'] })).toEqual(['a', 'c']);
    expect(listed({ tags: ['golden hour', 'boats'] })).toEqual(['a', 'c']);
    // Full-text search finds a tag like a word of the name.
    expect(t.store.search.searchLocal('golden').map((h) => h.item.fileId).sort()).toEqual(['a', 'c']);
    o().tag(['a'], [], ['golden hour']);
    expect(t.store.search.searchLocal('golden').map((h) => h.item.fileId)).toEqual(['c']);
    expect(listed({ tags: ['golden hour'] })).toEqual(['c']);
  });
});

describe('collections', () => {
  // The big one is read by walking the sort's index, the small one by looking its members up.
  it('pages a big collection and a small one in the same order, for every sort (walking the sort index or looking members up)', () => {
    const ids = Array.from({ length: 400 }, (_, i) => `f${String(i).padStart(3, '0')}`);
    t.store.files.upsert(fileUpdates(ids.map((fileId, i) => file({ fileId, displayName: `Shot ${(i * 7919) % 400}` }))));
    t.store.files.markArchived(['f010', 'f020']);
    const big = o().createCollection('Most');
    o().addToCollection(big.id, ids.filter((_, i) => i % 4 !== 0));
    const small = o().createCollection('Few');
    o().addToCollection(small.id, ['f001', 'f010', 'f399', 'a']);
    for (const collectionId of [big.id, small.id]) {
      for (const field of ['updated', 'created', 'name'] as const) {
        for (const dir of ['asc', 'desc'] as const) {
          const sort = { field, dir };
          const everything = t.store.files.query({ sort, limit: 1000 }).items.map((i) => i.fileId);
          const inIt = new Set(
            ids.filter((_, i) => (collectionId === big.id ? i % 4 !== 0 : [1, 10, 399].includes(i))).concat(collectionId === small.id ? ['a'] : []),
          );
          const expected = everything.filter((id) => inIt.has(id));
          const first = t.store.files.query({ filter: { collectionId }, sort, limit: 20 });
          expect(first.items.map((i) => i.fileId)).toEqual(expected.slice(0, 20));
          expect(first.total).toBe(expected.length);
          const later = t.store.files.query({ filter: { collectionId }, sort, offset: 100, limit: 50 });
          expect(later.items.map((i) => i.fileId)).toEqual(expected.slice(100, 150));
        }
      }
    }
  });

  it('holds files by hand, counts the ones still in the library, and filters the library', () => {
    const keep = o().createCollection('  Keepers ');
    expect(keep).toMatchObject({ name: 'Keepers', count: 0, smart: null });
    expect(o().addToCollection(keep.id, ['a', 'b', 'a'])).toBe(2);
    expect(o().addToCollection(keep.id, ['a'])).toBe(0);
    expect(listed({ collectionId: keep.id })).toEqual(['a', 'b']);
    expect(t.store.files.count({ collectionId: keep.id })).toBe(2);
    t.store.files.markArchived(['b']);
    expect(o().collections()[0]!.count).toBe(1);
    expect(t.store.files.count({ collectionId: keep.id })).toBe(1);
    o().removeFromCollection(keep.id, ['a']);
    expect(t.store.files.count({ collectionId: keep.id })).toBe(0);
    o().renameCollection(keep.id, 'Shortlist');
    expect(o().collections().map((c) => c.name)).toEqual(['Shortlist']);
    o().deleteCollection(keep.id);
    expect(o().collections()).toEqual([]);
    expect(t.store.files.count({})).toBe(2); // the files stay (b was archived above)
    expect(() => o().renameCollection(keep.id, 'x')).toThrow(/no longer exists/);
  });

  it('a smart collection keeps filters and a search, and takes no files by hand', () => {
    const smart = o().createCollection('Best', { filter: { minRating: 4 }, query: 'pier' });
    expect(smart).toMatchObject({ count: null, smart: { filter: { minRating: 4 }, query: 'pier' } });
    expect(() => o().addToCollection(smart.id, ['a'])).toThrow(/smart collection/);
  });

  it('survives what a sync does to the rows: a full re-read of every file', () => {
    const keep = o().createCollection('Keepers');
    o().addToCollection(keep.id, ['c']);
    o().rate(['c'], 5);
    o().tag(['c'], ['pier'], []);
    // What a full sync writes: every record again, with changed text.
    t.store.files.upsert(fileUpdates([file({ fileId: 'c', displayName: 'Sunset pier (edited)', description: 'New words' })]));
    const d = t.store.files.get('c')!;
    expect(d.displayName).toBe('Sunset pier (edited)');
    expect(d.rating).toBe(5);
    expect(d.tags).toEqual(['pier']);
    expect(listed({ collectionId: keep.id })).toEqual(['c']);
    expect(t.store.search.searchLocal('pier').map((h) => h.item.fileId)).toEqual(['c']);
  });
});
