// @vitest-environment happy-dom
// What screen readers and keyboards get that the eye does not see: the words of the live
// region, item names, and the arrow-key arithmetic of composite widgets.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExecutionView, UploadView } from '../../../main/contract';
import { announce, createFinishAnnouncer, progressSummary, setLiveRegion } from '../../../renderer/lib/announce';
import { itemLabel } from '../../../renderer/lib/format';
import { moveIndex } from '../../../renderer/lib/roving';
import { holdToasts, toast, useUi } from '../../../renderer/state/ui';

afterEach(() => {
  vi.useRealTimers();
  setLiveRegion(null);
});

function upload(over: Partial<UploadView>): UploadView {
  return { uploadId: 'u', batchId: null, temporary: false, queueOrder: 1, path: '/x', name: 'a.png', size: 100, state: 'uploading', bytesSent: 0, speedBps: null, fileId: null, attempts: 1, error: null, createdAt: 1, updatedAt: 1, ...over };
}
function run(over: Partial<ExecutionView>): ExecutionView {
  return {
    id: 'e',
    remoteId: null,
    provider: 'videogen',
    tool: 'generate-image',
    label: '',
    request: { provider: 'videogen', tool: 'generate-image', params: {} },
    status: 'running',
    remoteStatus: null,
    progress: 40,
    attempt: 0,
    error: null,
    resultFileIds: [],
    createdAt: 1,
    updatedAt: 1,
    nextCheckAt: null,
    ...over,
  } as ExecutionView;
}
const label = (tool: string) => (tool === 'generate-image' ? 'Image' : 'Video clip');

describe('progress in words', () => {
  it('sums up uploads and names each generation', () => {
    const text = progressSummary(
      [upload({ uploadId: '1', size: 100, bytesSent: 50 }), upload({ uploadId: '2', size: 300, bytesSent: 30, state: 'queued' }), upload({ uploadId: '3', state: 'processing' }), upload({ uploadId: '4', state: 'ready' })],
      [run({ id: 'a', progress: 62.7 }), run({ id: 'b', tool: 'generate-video-clip', status: 'pending', progress: null }), run({ id: 'c', status: 'succeeded' })],
      label,
    );
    expect(text).toBe('Uploading 2 files, 20%. 1 file processing on VideoGen. Image 62%. Video clip waiting.');
  });

  it('says nothing when nothing is in progress, and averages many runs', () => {
    expect(progressSummary([upload({ state: 'ready' })], [run({ status: 'failed' })], label)).toBe('');
    const many = [10, 20, 30, 41].map((p, i) => run({ id: String(i), progress: p }));
    expect(progressSummary([], many, label)).toBe('4 generations running, 25% on average.');
  });
});

describe('finished work', () => {
  it('is said once per piece of work, grouped when several finish together, failures left to their alerts', () => {
    vi.useFakeTimers();
    const said: string[] = [];
    const f = createFinishAnnouncer((t) => said.push(t), 1000);
    expect(f.finished({ kind: 'upload', id: '1', ok: true, title: 'Uploaded a.png' })).toBe(true);
    expect(f.finished({ kind: 'upload', id: '1', ok: true, title: 'Uploaded a.png' })).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(said).toEqual(['Uploaded a.png']);
    for (const id of ['2', '3', '4']) f.finished({ kind: 'upload', id, ok: true, title: `Uploaded ${id}` });
    f.finished({ kind: 'execution', id: 'x', ok: true, title: 'Image: done' });
    expect(f.finished({ kind: 'execution', id: 'y', ok: false, title: 'Image failed' })).toBe(true);
    vi.advanceTimersByTime(1000);
    expect(said).toEqual(['Uploaded a.png', '3 uploads finished', 'Image: done']);
  });
});

describe('the live region', () => {
  it('is emptied, then filled with what arrived together; the same words again are a change again', () => {
    vi.useFakeTimers();
    const el = document.createElement('div');
    setLiveRegion(el);
    announce('Image queued');
    announce('Uploading 2 files.');
    expect(el.textContent).toBe('');
    vi.advanceTimersByTime(200);
    expect(el.textContent).toBe('Image queued. Uploading 2 files.');
    announce('Image queued');
    expect(el.textContent).toBe('');
    vi.advanceTimersByTime(200);
    expect(el.textContent).toBe('Image queued.');
  });
});

describe('item names', () => {
  it('read what the tile shows, in order, with "pinned" last; blanks and dashes are left out', () => {
    expect(itemLabel(['sunset.png', 'Image · Generated', null, 'Processing'], true)).toBe('sunset.png, Image · Generated, Processing, pinned');
    expect(itemLabel(['clip.mp4', 'Video', '—', '\u00a0', ''])).toBe('clip.mp4, Video');
  });
});

describe('arrow keys in composite widgets', () => {
  it('move, wrap or stop at the ends, and jump a row in a grid', () => {
    expect(moveIndex('ArrowRight', 2, 3)).toBe(0);
    expect(moveIndex('ArrowLeft', 0, 3)).toBe(2);
    expect(moveIndex('ArrowRight', 2, 3, { wrap: false })).toBe(2);
    expect(moveIndex('ArrowDown', 1, 10, { columns: 4, wrap: false })).toBe(5);
    expect(moveIndex('ArrowUp', 1, 10, { columns: 4, wrap: false })).toBe(0);
    expect(moveIndex('End', 1, 10)).toBe(9);
    expect(moveIndex('ArrowDown', 1, 10, { axis: 'horizontal' })).toBeNull();
    expect(moveIndex('a', 1, 10)).toBeNull();
  });
});

describe('notifications', () => {
  it('wait while held (pointer or focus on one), then get their full time again; a button buys time', () => {
    vi.useFakeTimers();
    useUi.setState({ toasts: [] });
    toast({ kind: 'info', title: 'Image queued' });
    toast({ kind: 'success', title: 'Adding a.mp4', action: { label: 'Activity', run: () => {} } });
    holdToasts(true);
    vi.advanceTimersByTime(60_000);
    expect(useUi.getState().toasts.map((t) => t.title)).toEqual(['Image queued', 'Adding a.mp4']);
    holdToasts(false);
    vi.advanceTimersByTime(4000);
    expect(useUi.getState().toasts.map((t) => t.title)).toEqual(['Adding a.mp4']);
    vi.advanceTimersByTime(6000);
    expect(useUi.getState().toasts).toEqual([]);
  });
});
