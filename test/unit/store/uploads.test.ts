import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStoreError } from '../../../main/store/index';
import { T0, tempStore } from './helpers';
import type { TempStore } from './helpers';

let t: TempStore;
beforeEach(() => {
  t = tempStore();
});
afterEach(() => t.cleanup());

const SHA = 'a'.repeat(64);
const NEW = { path: '/Users/me/clip.mov', name: 'clip.mov', size: 10_000_000, mtime: T0 - 86_400_000 };

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isStoreError(e) ? e.code : `not a StoreError: ${String(e)}`;
  }
  return undefined;
}

function toUploading(id: string, sha = SHA) {
  t.store.uploads.startHashing(id);
  t.store.uploads.setHash(id, sha);
  t.store.uploads.startCreating(id);
  return t.store.uploads.startUploading(id, { fileId: 'vg_file_1', uploadUrl: 'https://r2.example/put?X-Amz-Expires=900', expiresAt: T0 + 900_000 });
}

describe('uploads', () => {
  it('creates queued uploads; a folder drop is one transaction and one event', () => {
    const u = t.store.uploads.create(NEW);
    expect(u).toEqual({
      uploadId: u.uploadId,
      path: NEW.path,
      name: NEW.name,
      size: NEW.size,
      state: 'queued',
      bytesSent: 0,
      speedBps: null,
      fileId: null,
      attempts: 0,
      error: null,
      batchId: null,
      temporary: false,
      queueOrder: 1,
      createdAt: T0,
      updatedAt: T0,
    });
    t.changes.length = 0;
    const many = t.store.uploads.createMany(Array.from({ length: 150 }, (_, i) => ({ ...NEW, path: `/d/${i}.jpg`, name: `${i}.jpg` })));
    expect(many).toHaveLength(150);
    // One event naming the 150 (uploads name up to 5,000: the page reads just those rows).
    expect(t.changes).toHaveLength(1);
    expect(t.changes[0]!.tables).toEqual(['uploads']);
    expect([...(t.changes[0]!.ids?.uploads ?? [])].sort()).toEqual(many.map((m) => m.uploadId).sort());
    expect(t.store.uploads.list()).toHaveLength(151);
    t.changes.length = 0;
    t.store.uploads.createMany(Array.from({ length: 5_001 }, (_, i) => ({ ...NEW, path: `/e/${i}.jpg`, name: `${i}.jpg` })));
    expect(t.changes).toEqual([{ tables: ['uploads'] }]); // over 5,000: the table only (the page reloads the list)
    expect(code(() => t.store.uploads.create({ ...NEW, size: -1 }))).toBe('invalid_value');
    expect(code(() => t.store.uploads.create({ ...NEW, path: '' }))).toBe('invalid_value');
    expect(code(() => t.store.uploads.createMany([{ ...NEW }, { ...NEW, size: 1.5 }]))).toBe('invalid_value');
    expect(t.store.uploads.list()).toHaveLength(5_152); // nothing of the bad batch
  });

  it('walks queued → hashing → creating → uploading → processing → ready', () => {
    const { uploadId: id } = t.store.uploads.create(NEW);
    const up = toUploading(id);
    expect(up).toMatchObject({ state: 'uploading', attempts: 1, fileId: 'vg_file_1', sha256: SHA, uploadUrlExpiresAt: T0 + 900_000, bytesSent: 0 });

    t.changes.length = 0;
    t.store.uploads.setProgress(id, 1_000_000);
    t.clock.advance(500);
    t.store.uploads.setProgress(id, 2_000_000);
    t.clock.advance(500);
    t.store.uploads.setProgress(id, 3_000_000);
    expect(t.changes).toEqual([]); // progress is not a change event
    const view = t.store.uploads.get(id)!;
    expect(view.bytesSent).toBe(3_000_000);
    expect(view.speedBps).toBe(2_000_000); // 2 MB over 1 s

    const proc = t.store.uploads.markProcessing(id);
    expect(proc).toMatchObject({ state: 'processing', bytesSent: NEW.size, speedBps: null, uploadUrl: null });
    const ready = t.store.uploads.markReady(id);
    expect(ready).toMatchObject({ state: 'ready', fileId: 'vg_file_1', error: null });
    expect(t.store.uploads.resumable()).toEqual([]);
  });

  it('guards transitions and allows retry from failed or cancelled only', () => {
    const { uploadId: id } = t.store.uploads.create(NEW);
    expect(code(() => t.store.uploads.startUploading(id, { fileId: 'f', uploadUrl: 'u', expiresAt: null }))).toBe('invalid_transition');
    expect(code(() => t.store.uploads.markReady(id))).toBe('invalid_transition');
    expect(code(() => t.store.uploads.retry(id))).toBe('invalid_transition');
    expect(code(() => t.store.uploads.setHash(id, 'not-hex'))).toBe('invalid_value');
    expect(code(() => t.store.uploads.cancel('missing'))).toBe('not_found');

    toUploading(id);
    const failed = t.store.uploads.markFailed(id, { code: 'network', message: 'The connection dropped.' });
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'network', message: 'The connection dropped.' }, uploadUrl: null });
    expect(code(() => t.store.uploads.markProcessing(id))).toBe('invalid_transition');
    const again = t.store.uploads.retry(id);
    expect(again).toMatchObject({ state: 'queued', error: null, bytesSent: 0, fileId: null, attempts: 1 });
    toUploading(id);
    expect(t.store.uploads.job(id)!.attempts).toBe(2);
    t.store.uploads.markProcessing(id);
    t.store.uploads.markReady(id);
    for (const fn of [() => t.store.uploads.cancel(id), () => t.store.uploads.retry(id), () => t.store.uploads.markFailed(id, { code: 'x', message: 'y' })]) {
      expect(code(fn)).toBe('invalid_transition');
    }
    const c = t.store.uploads.create(NEW);
    expect(t.store.uploads.cancel(c.uploadId).state).toBe('cancelled');
    expect(t.store.uploads.retry(c.uploadId).state).toBe('queued');
  });

  it('an expired upload URL goes back to creating; a restart requeues the step', () => {
    const { uploadId: id } = t.store.uploads.create(NEW);
    toUploading(id);
    t.store.uploads.setProgress(id, 5_000);
    const renewed = t.store.uploads.renewTarget(id);
    expect(renewed).toMatchObject({ state: 'creating', fileId: null, uploadUrl: null, bytesSent: 0 });
    t.store.uploads.startUploading(id, { fileId: 'vg_file_2', uploadUrl: 'https://r2.example/put2', expiresAt: null });
    expect(t.store.uploads.requeue(id)).toMatchObject({ state: 'queued', bytesSent: 0, uploadUrl: null });
  });

  it('survives a restart: non-terminal uploads resume, progress is kept (written at most once a second)', () => {
    const a = t.store.uploads.create(NEW);
    const b = t.store.uploads.create({ ...NEW, path: '/b.mov' });
    const c = t.store.uploads.create({ ...NEW, path: '/c.mov' });
    t.store.uploads.cancel(c.uploadId);
    toUploading(a.uploadId);
    t.store.uploads.setProgress(a.uploadId, 100);
    const raw = () => t.store.db.prepare('SELECT bytes_sent FROM uploads WHERE id = ?').pluck().get(a.uploadId);
    expect(raw()).toBe(0);
    t.clock.advance(1_000);
    t.store.uploads.setProgress(a.uploadId, 4_000);
    expect(raw()).toBe(4_000);
    t.store.uploads.setProgress(a.uploadId, 5_000);
    expect(raw()).toBe(4_000);
    t.reopen(); // close() flushes
    const resumable = t.store.uploads.resumable();
    expect(resumable.map((u) => [u.uploadId, u.state, u.bytesSent])).toEqual([
      [a.uploadId, 'uploading', 5_000],
      [b.uploadId, 'queued', 0],
    ]);
    expect(resumable[0]!.uploadUrl).toBe('https://r2.example/put?X-Amz-Expires=900');
  });

  it('progress for an upload that is not uploading is ignored', () => {
    const { uploadId: id } = t.store.uploads.create(NEW);
    t.clock.advance(5_000);
    t.store.uploads.setProgress(id, 999);
    expect(t.store.uploads.get(id)!.bytesSent).toBe(0);
    t.reopen();
    expect(t.store.uploads.get(id)!.bytesSent).toBe(0);
  });

  it('findBySha returns a ready or in-flight upload of the same bytes, ready first, never itself', () => {
    const a = t.store.uploads.create(NEW);
    const b = t.store.uploads.create({ ...NEW, path: '/copy.mov' });
    const c = t.store.uploads.create({ ...NEW, path: '/again.mov' });
    toUploading(a.uploadId);
    t.store.uploads.startHashing(b.uploadId);
    t.store.uploads.setHash(b.uploadId, SHA);
    expect(t.store.uploads.findBySha(SHA, b.uploadId)!.uploadId).toBe(a.uploadId);
    expect(t.store.uploads.findBySha(SHA, a.uploadId)).toBeNull(); // b is only hashing
    t.store.uploads.markProcessing(a.uploadId);
    t.store.uploads.markReady(a.uploadId);
    t.store.uploads.startHashing(c.uploadId);
    t.store.uploads.setHash(c.uploadId, SHA);
    t.store.uploads.startCreating(c.uploadId);
    expect(t.store.uploads.findBySha(SHA, b.uploadId)).toMatchObject({ uploadId: a.uploadId, state: 'ready', fileId: 'vg_file_1' });
    // The duplicate reuses the finished file.
    expect(t.store.uploads.markReady(b.uploadId, 'vg_file_1')).toMatchObject({ state: 'ready', fileId: 'vg_file_1' });
    expect(t.store.uploads.findBySha('b'.repeat(64))).toBeNull();
  });

  it('clearFinished removes terminal uploads only', () => {
    const a = t.store.uploads.create(NEW);
    const b = t.store.uploads.create(NEW);
    const c = t.store.uploads.create(NEW);
    t.store.uploads.cancel(a.uploadId);
    t.store.uploads.markFailed(b.uploadId, { code: 'x', message: 'y' });
    expect(t.store.uploads.clearFinished(['cancelled'])).toEqual([a.uploadId]);
    expect(t.store.uploads.clearFinished().sort()).toEqual([b.uploadId]);
    expect(t.store.uploads.list().map((u) => u.uploadId)).toEqual([c.uploadId]);
  });
});

describe('the upload line (queue order)', () => {
  const add = (names: string[]) => t.store.uploads.createMany(names.map((n) => ({ ...NEW, path: `/q/${n}`, name: n })));
  const line = () => t.store.uploads.resumable().filter((u) => u.state === 'queued').map((u) => u.name);
  const idOf = (name: string) => t.store.uploads.list().find((u) => u.name === name)!.uploadId;

  it('new uploads join the back of the line in the order they came', () => {
    add(['a', 'b']);
    add(['c']);
    expect(line()).toEqual(['a', 'b', 'c']);
    const orders = t.store.uploads.list().map((u) => u.queueOrder);
    expect(orders).toEqual([...orders].sort((x, y) => x - y));
    expect(new Set(orders).size).toBe(3);
  });

  it('moves a queued upload to the top, before or after another; the line survives a restart', () => {
    add(['a', 'b', 'c', 'd', 'e']);
    t.changes.length = 0;
    expect(t.store.uploads.move(idOf('e'), 'top')).toEqual({ moved: true, inLine: ['e', 'a', 'b', 'c', 'd'].map(idOf) });
    expect(line()).toEqual(['e', 'a', 'b', 'c', 'd']);
    // Only the rows whose place changed are named in the change.
    expect(t.changes).toHaveLength(1);
    expect([...(t.changes[0]!.ids?.uploads ?? [])].sort()).toEqual(['e', 'a', 'b', 'c', 'd'].map(idOf).sort());
    t.store.uploads.move(idOf('d'), { before: idOf('a') });
    expect(line()).toEqual(['e', 'd', 'a', 'b', 'c']);
    t.store.uploads.move(idOf('e'), { after: idOf('c') });
    expect(line()).toEqual(['d', 'a', 'b', 'c', 'e']);
    t.changes.length = 0;
    t.store.uploads.move(idOf('d'), 'top'); // already there: nothing written
    expect(t.changes).toEqual([]);
    t.reopen();
    expect(line()).toEqual(['d', 'a', 'b', 'c', 'e']);
    // Added later: behind the whole line, however it was arranged.
    add(['f']);
    expect(line()).toEqual(['d', 'a', 'b', 'c', 'e', 'f']);
  });

  it('work under way resumes first, then the line in its order', () => {
    add(['a', 'b', 'c']);
    t.store.uploads.move(idOf('c'), 'top');
    toUploading(idOf('b'));
    expect(t.store.uploads.resumable().map((u) => u.name)).toEqual(['b', 'c', 'a']);
  });

  it('an upload that has started (or finished) is not moved, and an anchor that has started counts as the top', () => {
    add(['a', 'b', 'c']);
    t.store.uploads.startHashing(idOf('a'));
    t.changes.length = 0;
    expect(t.store.uploads.move(idOf('a'), 'top')).toEqual({ moved: false, inLine: [] });
    expect(t.changes).toEqual([]);
    expect(t.store.uploads.move(idOf('c'), { after: idOf('a') })).toMatchObject({ moved: true });
    expect(line()).toEqual(['c', 'b']);
    t.store.uploads.cancel(idOf('b'));
    expect(t.store.uploads.move(idOf('b'), 'top').moved).toBe(false);
    expect(code(() => t.store.uploads.move('missing', 'top'))).toBe('not_found');
  });

  it('a browser file keeps the place it was picked in when its bytes arrive; a retried upload goes to the back', () => {
    add(['a', 'b']);
    const [r] = t.store.uploads.reserveMany([{ ...NEW, path: '/in/r', name: 'r' }]);
    add(['c']);
    t.store.uploads.received(r!.uploadId, { path: '/in/r', size: 10, mtime: T0 });
    expect(line()).toEqual(['a', 'b', 'r', 'c']);
    t.store.uploads.cancel(idOf('a'));
    t.store.uploads.retry(idOf('a'));
    expect(line()).toEqual(['b', 'r', 'c', 'a']);
  });
});
