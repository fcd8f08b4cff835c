import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeFiles } from '../../bench/store-corpus';
import { file, tempStore } from './helpers';
import type { TempStore } from './helpers';
import { fileUpdates } from '../../../main/workers/file-updates';

let t: TempStore;
beforeEach(() => {
  t = tempStore();
});
afterEach(() => t.cleanup());

const REQUEST = { provider: 'videogen' as const, tool: 'generate-image', params: { prompt: 'p', quality: 'LOW' } };

describe('change events', () => {
  it('one event per transaction, naming every table and id it touched', () => {
    const result = t.store.transaction(() => {
      t.store.files.upsert(fileUpdates([file({ fileId: 'a' }), file({ fileId: 'b' })]));
      const e = t.store.executions.create(REQUEST);
      const u = t.store.uploads.create({ path: '/x', name: 'x', size: 1, mtime: 0 });
      t.store.settings.set({ theme: 'dark' });
      t.store.files.setPinned(['a'], true);
      return { e, u };
    });
    expect(t.changes).toEqual([
      {
        tables: ['files', 'executions', 'uploads', 'settings'],
        ids: { files: ['a', 'b'], executions: [result.e.id], uploads: [result.u.uploadId], settings: ['theme'] },
      },
    ]);
  });

  it('a page of 200 files is one event (tables only above 100 ids)', () => {
    t.store.files.upsert(fileUpdates(makeFiles(200)));
    expect(t.changes).toEqual([{ tables: ['files'] }]);
    t.changes.length = 0;
    t.store.files.upsert(fileUpdates(makeFiles(100, 2)));
    expect(t.changes).toHaveLength(1);
    expect(t.changes[0]!.ids!.files).toHaveLength(100);
  });

  it('a rolled-back transaction reports nothing and keeps nothing', () => {
    expect(() =>
      t.store.transaction(() => {
        t.store.files.upsert(fileUpdates([file({ fileId: 'a' })]));
        t.store.executions.create(REQUEST);
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(t.changes).toEqual([]);
    expect(t.store.files.count()).toBe(0);
    expect(t.store.executions.list()).toEqual([]);
  });

  it('a failed inner step (savepoint) is dropped, the rest commits as one event', () => {
    t.store.transaction(() => {
      t.store.files.upsert(fileUpdates([file({ fileId: 'kept' })]));
      try {
        t.store.transaction(() => {
          t.store.files.upsert(fileUpdates([file({ fileId: 'dropped' })]));
          throw new Error('inner');
        });
      } catch {
        // handled
      }
    });
    expect(t.changes).toEqual([{ tables: ['files'], ids: { files: ['kept'] } }]);
    expect(t.store.files.known(['kept', 'dropped'])).toEqual(new Set(['kept']));
  });

  it('refuses an async function (it would commit before its work) and rolls back', () => {
    expect(() =>
      t.store.transaction((() => {
        t.store.files.upsert(fileUpdates([file({ fileId: 'a' })]));
        return Promise.resolve();
      }) as () => unknown),
    ).toThrow(/must be synchronous/);
    expect(t.store.files.count()).toBe(0);
    expect(t.changes).toEqual([]);
  });

  it('a listener that throws does not undo the write or starve other listeners', () => {
    t.reopen({ onListenerError: vi.fn() });
    const seen: string[] = [];
    const off = t.store.onChange(() => {
      throw new Error('listener bug');
    });
    t.store.onChange((c) => seen.push(c.tables.join()));
    t.store.settings.set({ notifications: false });
    expect(seen).toEqual(['settings']);
    expect(t.store.settings.get().notifications).toBe(false);
    off();
    t.store.settings.set({ notifications: true });
    expect(seen).toEqual(['settings', 'settings']);
  });

  it('writes that change nothing emit nothing', () => {
    t.store.settings.set({ theme: 'system' }); // the default already
    t.store.files.setPinned(['nope'], true);
    t.store.files.markArchived([]);
    t.store.mediaCache.touch('nope', 'thumb');
    expect(t.changes).toEqual([]);
  });
});
