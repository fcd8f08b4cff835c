import { describe, expect, it } from 'vitest';
import { CursorCodec } from '../../../main/sandbox/cursor';
import { SortedIndex } from '../../../main/sandbox/sorted-index';
import { SeedCatalog } from '../../../main/sandbox/videogen/seed-catalog';

describe('CursorCodec', () => {
  const codec = new CursorCodec(Buffer.from('secret'));
  it('round-trips values for the endpoint that issued them only', () => {
    const c = codec.encode('files', [1777982400000, 42]);
    expect(codec.decode('files', c)).toEqual([1777982400000, 42]);
    expect(codec.decode('tool-executions', c)).toBeNull();
    expect(codec.decode('files', `${c}x`)).toBeNull();
    expect(codec.decode('files', 'garbage')).toBeNull();
    expect(new CursorCodec(Buffer.from('other')).decode('files', c)).toBeNull();
  });
});

describe('SortedIndex', () => {
  it('iterates newest first from a key, exclusively, and removes exact keys', () => {
    const idx = new SortedIndex<string>();
    idx.insert({ at: 10, seq: 1 }, 'a');
    idx.insert({ at: 30, seq: 3 }, 'c');
    idx.insert({ at: 20, seq: 2 }, 'b');
    idx.insert({ at: 20, seq: 4 }, 'd');
    expect([...idx.descending(null)].map((e) => e.value)).toEqual(['c', 'd', 'b', 'a']);
    expect([...idx.descending({ at: 20, seq: 4 })].map((e) => e.value)).toEqual(['b', 'a']);
    expect(idx.remove({ at: 20, seq: 2 })).toBe(true);
    expect(idx.remove({ at: 20, seq: 2 })).toBe(false);
    expect(idx.size).toBe(3);
  });
});

describe('SeedCatalog', () => {
  const none = () => ({ IMAGE: undefined, VIDEO: undefined, AUDIO: undefined });
  it('makes unique, reversible, opaque ids without storing anything per file', () => {
    const cat = new SeedCatalog(50_000, 7, 1_777_982_400_000, none);
    const ids = new Set<string>();
    for (let i = 0; i < cat.count; i++) {
      const id = cat.idOf(i);
      expect(cat.indexOf(id)).toBe(i);
      ids.add(id);
    }
    expect(ids.size).toBe(cat.count);
    expect(cat.idOf(0)).toMatch(/^vg_file_[0-9A-Za-z]{22}$/);
    expect(cat.indexOf('vg_file_0000000000000000000000')).toBeNull();
    expect(new SeedCatalog(50_000, 8, 0, none).indexOf(cat.idOf(5))).toBeNull();
  });

  it('finds the first index below a key', () => {
    const cat = new SeedCatalog(100, 1, 1_000_000_000, none);
    expect(cat.firstIndexBelow(null)).toBe(0);
    expect(cat.firstIndexBelow(cat.sortKey(0))).toBe(1);
    expect(cat.firstIndexBelow(cat.sortKey(57))).toBe(58);
    expect(cat.firstIndexBelow({ at: 0, seq: 0 })).toBe(100);
  });

  it('describes files deterministically', () => {
    const a = new SeedCatalog(10, 3, 0, none);
    const b = new SeedCatalog(10, 3, 0, none);
    expect(a.text(4)).toEqual(b.text(4));
    expect(a.record(4).processing.type).toBe(a.typeOf(4));
  });
});
