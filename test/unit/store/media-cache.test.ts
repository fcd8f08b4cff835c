import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0, file, tempStore } from './helpers';
import type { TempStore } from './helpers';
import { fileUpdates } from '../../../main/workers/file-updates';

let t: TempStore;
beforeEach(() => {
  t = tempStore();
});
afterEach(() => t.cleanup());

describe('media cache index', () => {
  it('records, reads, totals and replaces entries', () => {
    const e = t.store.mediaCache.record({ fileId: 'f1', kind: 'thumb', path: '/cache/f1/thumb.jpg', bytes: 1000, mimeType: 'image/jpeg' });
    expect(e).toEqual({ fileId: 'f1', kind: 'thumb', path: '/cache/f1/thumb.jpg', bytes: 1000, mimeType: 'image/jpeg', lastAccess: T0, pinned: false, createdAt: T0 });
    t.store.mediaCache.record({ fileId: 'f1', kind: 'preview', path: '/cache/f1/preview.mp4', bytes: 5000 });
    t.clock.advance(10);
    t.store.mediaCache.record({ fileId: 'f1', kind: 'thumb', path: '/cache/f1/thumb2.jpg', bytes: 1500 });
    expect(t.store.mediaCache.get('f1', 'thumb')).toMatchObject({ path: '/cache/f1/thumb2.jpg', bytes: 1500, createdAt: T0, lastAccess: T0 + 10 });
    expect(t.store.mediaCache.get('f1', 'download')).toBeNull();
    expect(t.store.mediaCache.totalBytes()).toBe(6500);
    expect(t.store.mediaCache.forFile('f1').map((m) => m.kind)).toEqual(['preview', 'thumb']);
    expect(() => t.store.mediaCache.record({ fileId: 'f1', kind: 'thumb', path: '/x', bytes: -1 })).toThrow(/whole number of bytes/);
  });

  it('the file detail and library item say what is cached', () => {
    t.store.files.upsert(fileUpdates([file({ fileId: 'f1', type: 'AUDIO', thumbnailSource: { status: 'skipped' } })]));
    expect(t.store.files.item('f1')!.hasThumbnail).toBe(false);
    t.store.mediaCache.record({ fileId: 'f1', kind: 'thumb', path: '/t', bytes: 1 });
    t.store.mediaCache.record({ fileId: 'f1', kind: 'download', path: '/d', bytes: 1 });
    expect(t.store.files.item('f1')!.hasThumbnail).toBe(true);
    const d = t.store.files.get('f1')!;
    expect(d.sources.download).toMatchObject({ cached: true });
    expect(d.sources.preview).toBeNull();
  });

  it('LRU candidates: least recently used first, enough to free the bytes asked, never pinned', () => {
    t.store.files.upsert(fileUpdates([file({ fileId: 'pinnedFile' })]));
    t.store.files.setPinned(['pinnedFile'], true);
    const add = (fileId: string, bytes: number, at: number, pinned = false) => {
      t.clock.set(T0 + at);
      t.store.mediaCache.record({ fileId, kind: 'preview', path: `/c/${fileId}`, bytes, pinned });
    };
    add('old', 100, 1);
    add('pinnedEntry', 1000, 0, true);
    add('pinnedFile', 1000, 2);
    add('mid', 200, 3);
    add('new', 300, 4);
    expect(t.store.mediaCache.lru(250).map((e) => e.fileId)).toEqual(['old', 'mid']);
    // Touching makes an entry recent.
    t.store.mediaCache.touch('old', 'preview', T0 + 10);
    expect(t.store.mediaCache.lru(250).map((e) => e.fileId)).toEqual(['mid', 'new']);
    // Asking for more than exists returns every evictable entry and nothing pinned.
    expect(t.store.mediaCache.lru(1e12).map((e) => e.fileId)).toEqual(['mid', 'new', 'old']);
    expect(t.store.mediaCache.lru(0)).toEqual([]);
    // Unpinning releases; pinning a cached entry protects it.
    t.store.files.setPinned(['pinnedFile'], false);
    t.store.mediaCache.setPinned(['mid'], true);
    expect(t.store.mediaCache.lru(1e12).map((e) => e.fileId)).toEqual(['pinnedFile', 'new', 'old']);
    // Re-recording a pinned entry keeps it pinned.
    t.store.mediaCache.record({ fileId: 'mid', kind: 'preview', path: '/c/mid2', bytes: 1 });
    expect(t.store.mediaCache.get('mid', 'preview')!.pinned).toBe(true);

    expect(t.store.mediaCache.remove([{ fileId: 'old', kind: 'preview' }, { fileId: 'ghost', kind: 'thumb' }])).toBe(1);
    expect(t.store.mediaCache.get('old', 'preview')).toBeNull();
  });
});
