import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_SETTINGS, isStoreError } from '../../../main/store/index';
import { T0, tempStore } from './helpers';
import type { TempStore } from './helpers';

let t: TempStore;
beforeEach(() => {
  t = tempStore();
});
afterEach(() => t.cleanup());

describe('settings', () => {
  it('starts from the defaults', () => {
    expect(t.store.settings.get()).toEqual({
      uploadConcurrency: 3,
      cacheCapBytes: 2 * 1024 * 1024 * 1024,
      notifications: true,
      theme: 'system',
      libraryView: 'grid',
      spendingCapUsd: null,
    });
    expect(DEFAULT_SETTINGS.cacheCapBytes).toBe(2147483648);
  });

  it('keeps a monthly spending cap, refuses one out of range, and clears it with null', () => {
    expect(t.store.settings.set({ spendingCapUsd: 25.5 }).spendingCapUsd).toBe(25.5);
    expect(() => t.store.settings.set({ spendingCapUsd: 0 })).toThrow(/spendingCapUsd/);
    expect(t.store.settings.get().spendingCapUsd).toBe(25.5);
    expect(t.store.settings.set({ spendingCapUsd: null }).spendingCapUsd).toBeNull();
  });

  it('saves a valid partial change and keeps it across restarts', () => {
    const after = t.store.settings.set({ theme: 'dark', uploadConcurrency: 5 });
    expect(after).toMatchObject({ theme: 'dark', uploadConcurrency: 5, notifications: true });
    expect(t.changes).toHaveLength(1);
    expect(t.changes[0]!.tables).toEqual(['settings']);
    expect([...t.changes[0]!.ids!.settings!].sort()).toEqual(['theme', 'uploadConcurrency']);
    t.reopen();
    expect(t.store.settings.get()).toMatchObject({ theme: 'dark', uploadConcurrency: 5 });
    expect(t.store.settings.reset(['theme']).theme).toBe('system');
    expect(t.store.settings.reset().uploadConcurrency).toBe(3);
  });

  it('rejects invalid values with a clear message and changes nothing', () => {
    const bad: unknown[] = [
      { uploadConcurrency: 0 },
      { uploadConcurrency: 2.5 },
      { cacheCapBytes: 10 },
      { theme: 'purple' },
      { notifications: 'yes' },
      { apiKey: 'sk-123' },
      null,
      'dark',
    ];
    for (const patch of bad) {
      let err: unknown;
      try {
        t.store.settings.set(patch);
      } catch (e) {
        err = e;
      }
      expect(isStoreError(err, 'invalid_value'), JSON.stringify(patch)).toBe(true);
      expect((err as Error).message).toMatch(/^Invalid settings: /);
    }
    expect(t.store.settings.get()).toEqual(DEFAULT_SETTINGS);
    expect(t.changes).toEqual([]);
  });

  it('a damaged stored value falls back to its default', () => {
    t.store.settings.set({ uploadConcurrency: 6, theme: 'light' });
    t.store.db.prepare("UPDATE settings SET value = '99' WHERE key = 'uploadConcurrency'").run();
    t.store.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('stale_key', '1', 0)").run();
    expect(t.store.settings.get()).toMatchObject({ uploadConcurrency: 3, theme: 'light' });
    expect(t.store.settings.get()).not.toHaveProperty('stale_key');
  });
});

describe('resources cache', () => {
  const voices = [{ voiceId: 'vg_voic_1', displayName: 'Ava' }];
  const Voices = z.array(z.object({ voiceId: z.string(), displayName: z.string() }));

  it('stores JSON with its fetch time and says whether it is fresh', () => {
    expect(t.store.resources.get('tts-voices')).toBeNull();
    t.store.resources.put('tts-voices', voices);
    expect(t.store.resources.get('tts-voices', { parse: (v) => Voices.parse(v) })).toEqual({ value: voices, fetchedAt: T0, fresh: true });
    t.clock.advance(4 * 3600_000);
    expect(t.store.resources.get('tts-voices', { maxAgeMs: 3 * 3600_000 })!.fresh).toBe(false);
    expect(t.store.resources.get('tts-voices', { maxAgeMs: 5 * 3600_000 })!.fresh).toBe(true);
  });

  it('drops a value that no longer passes its schema', () => {
    t.store.resources.put('tts-voices', [{ voiceId: 1 }]);
    expect(t.store.resources.get('tts-voices', { parse: (v) => Voices.parse(v) })).toBeNull();
    expect(t.store.resources.get('tts-voices')).toBeNull();
    expect(() => t.store.resources.put('x', undefined)).toThrow(/not JSON-serialisable/);
    expect(t.store.resources.delete('nope')).toBe(false);
  });
});

describe('library sync state', () => {
  it('tracks a full pass page by page, resumable, and ranks pages in remote order', () => {
    expect(t.store.librarySync.get()).toMatchObject({ mode: 'idle', cursor: null, lastFullSyncAt: null });
    t.store.librarySync.begin('full', 1_000_000);
    expect(t.store.librarySync.nextRankFrom()).toBe(1_000_000);
    t.store.librarySync.savePage('cursor-1', 200);
    expect(t.store.librarySync.nextRankFrom()).toBe(999_800);
    t.reopen();
    expect(t.store.librarySync.get()).toMatchObject({ mode: 'full', cursor: 'cursor-1', pages: 1, items: 200, passStartedAt: T0 });
    t.store.librarySync.fail('Network is offline');
    expect(t.store.librarySync.get()).toMatchObject({ mode: 'full', cursor: 'cursor-1', lastError: 'Network is offline' });
    t.clock.advance(5_000);
    t.store.librarySync.savePage(null, 50);
    const done = t.store.librarySync.finish();
    expect(done).toMatchObject({ mode: 'idle', cursor: null, items: 250, lastFullSyncAt: T0 + 5_000, lastIncrementalAt: T0 + 5_000, lastError: null });
    expect(() => t.store.librarySync.savePage('x', 1)).toThrow(/No files sync pass is running/);
    expect(() => t.store.librarySync.nextRankFrom()).toThrow(/No files sync pass/);
    t.store.librarySync.begin('incremental', 5);
    expect(t.store.librarySync.finish().lastFullSyncAt).toBe(T0 + 5_000);
    expect(() => t.store.librarySync.begin('full', 1.5)).toThrow(/safe integer/);
  });

  it('a page of files and its cursor commit together', () => {
    t.store.librarySync.begin('full', 10_000);
    expect(() =>
      t.store.transaction(() => {
        t.store.librarySync.savePage('c2', 1);
        throw new Error('crash before the files were stored');
      }),
    ).toThrow();
    expect(t.store.librarySync.get().cursor).toBeNull();
  });
});
