import { afterEach, describe, expect, it, vi } from 'vitest';
import { collectDrop, collectFiles, isExternalFileDrag, LIBRARY_DRAG_TYPE, namePasted } from '../../../renderer/lib/files';
import { formatBytes, formatDuration, formatEta, formatSpeed, toolTypeLabel } from '../../../renderer/lib/format';
import { streamFile, uploadFiles } from '../../../renderer/lib/upload';
import { budgetName } from '../../../renderer/components/StatusBar';
import { coalesce } from '../../../renderer/lib/throttle';
import { setClient } from '../../../renderer/transport/client';
import { useStatus } from '../../../renderer/state/status';
import { fakeClient } from './fake-client';

afterEach(() => {
  vi.unstubAllGlobals();
  setClient(null);
});

describe('formats', () => {
  it('bytes, speed, duration and time left read naturally', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.50 KB');
    expect(formatBytes(48_000_000)).toBe('45.8 MB');
    expect(formatBytes(null)).toBe('—');
    expect(formatSpeed(6_200_000)).toBe('5.91 MB/s');
    expect(formatDuration(6)).toBe('0:06');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatEta(30_000_000, 6_000_000)).toBe('5 s left');
    expect(formatEta(600_000_000, 1_000_000)).toBe('10 min left');
    expect(formatEta(10, 0)).toBe('');
    expect(toolTypeLabel('GENERATE_IMAGE')).toBe('Generate image');
    expect(toolTypeLabel('SOMETHING_NEW')).toBe('Something new');
  });

  it('rate budget keys get short names', () => {
    expect(budgetName('videogen:POST /v1/files/{fileId}/hydrate')).toBe('VideoGen hydrate');
    expect(budgetName('videogen:POST /v1/tools/*')).toBe('VideoGen tools');
    expect(budgetName('sync:POST /v2/generate')).toBe('Sync generate');
  });
});

describe('dropped files', () => {
  const file = (name: string) => new File(['x'], name);
  const fileEntry = (f: File) => ({ isFile: true, isDirectory: false, name: f.name, file: (ok: (f: File) => void) => ok(f) });
  const dir = (name: string, children: unknown[], batch = 2) => ({
    isFile: false,
    isDirectory: true,
    name,
    createReader() {
      let i = 0;
      return {
        readEntries(ok: (e: unknown[]) => void) {
          const out = children.slice(i, i + batch);
          i += batch;
          setTimeout(() => ok(out));
        },
      };
    },
  });

  it('walks folders recursively, reading every batch, and skips hidden files', async () => {
    const tree = dir('shoot', [fileEntry(file('a.png')), fileEntry(file('.DS_Store')), dir('raw', [fileEntry(file('b.mov')), fileEntry(file('c.mov')), fileEntry(file('d.mov'))]), fileEntry(file('e.png'))]);
    const files = await collectFiles({ entries: [tree as never, fileEntry(file('top.jpg')) as never], files: [] });
    expect(files.map((f) => f.name).sort()).toEqual(['a.png', 'b.mov', 'c.mov', 'd.mov', 'e.png', 'top.jpg']);
  });

  it('a drop goes by path where the host has one (main walks those folders); the rest is walked here, once', async () => {
    let reads = 0;
    const counted = (name: string, children: unknown[]) => {
      const d = dir(name, children);
      return { ...d, createReader: () => (reads++, d.createReader()) };
    };
    const onDisk = counted('shoot', [fileEntry(file('a.png'))]);
    const noPath = counted('pasted', [fileEntry(file('b.png'))]);
    const entryFiles = new Map<never, File>([[onDisk as never, file('shoot')], [noPath as never, file('pasted')]]);
    const drop = await collectDrop(
      { entries: [onDisk as never, noPath as never], files: [file('loose.mov'), file('clip.png')], entryFiles },
      (f) => (f.name === 'shoot' || f.name === 'loose.mov' ? `/home/me/${f.name}` : null),
    );
    expect(drop.paths).toEqual(['/home/me/shoot', '/home/me/loose.mov']);
    expect(drop.files.map((f) => f.name).sort()).toEqual(['b.png', 'clip.png']);
    expect(reads).toBe(1); // only the folder without a path was read here
  });

  it('tells files from the desktop apart from the app’s own dragged items', () => {
    const dt = (types: string[]) => ({ types }) as unknown as DataTransfer;
    expect(isExternalFileDrag(dt(['Files']))).toBe(true);
    expect(isExternalFileDrag(dt(['Files', LIBRARY_DRAG_TYPE]))).toBe(false);
    expect(isExternalFileDrag(dt(['text/plain']))).toBe(false);
  });

  it('names a pasted image by date', () => {
    const f = namePasted(new File(['x'], 'image.png', { type: 'image/png' }), new Date(2026, 10, 21, 9, 5, 7));
    expect(f.name).toBe('Pasted image 2026-11-21 09.05.07.png');
    expect(f.type).toBe('image/png');
  });
});

describe('uploads from the renderer', () => {
  it('web host: lists the files first (queued at once), then streams each one’s bytes to its reserved upload', async () => {
    const fetchMock = vi.fn(async (url: string, _init?: RequestInit) => new Response(JSON.stringify({ uploadId: decodeURIComponent(url.split('uploadId=')[1]!) }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const c = fakeClient('web');
    c.handle('uploads.list', () => []);
    c.handle('uploads.reserve', ({ files }) => ({ uploadIds: files.map((f) => `u-${f.name}`), rejected: [] }));
    setClient(c);
    useStatus.setState({ info: { version: '1', host: 'web', mediaBase: '/media/', uploadEndpoint: '/upload', platform: 'linux', sqlite: { binding: 'node', path: '/x/better_sqlite3.node' }, logFile: null } });
    const huge = new File(['x'], 'huge.mov');
    Object.defineProperty(huge, 'size', { value: 6 * 1024 ** 3 });
    const res = await uploadFiles([new File(['a'], 'a b.png'), new File(['b'], 'c.mp4'), huge]);
    expect(res.uploadIds.sort()).toEqual(['u-a b.png', 'u-c.mp4']);
    // Over the limit: said at once, never sent.
    expect(res.failed).toEqual([{ name: 'huge.mov', reason: 'Skipped: the file is 6 GB, over VideoGen’s limit of 5 GB per file.' }]);
    const reserved = c.callsOf('uploads.reserve') as Array<{ batchId: string; files: unknown[] }>;
    expect(reserved).toHaveLength(1);
    expect(reserved[0]!.files).toEqual([{ name: 'a b.png', size: 1 }, { name: 'c.mp4', size: 1 }]);
    expect(await res.sending).toEqual([]);
    expect(fetchMock.mock.calls.map((c) => c[0]).sort()).toEqual(['/upload?uploadId=u-a%20b.png', '/upload?uploadId=u-c.mp4']);
    expect(fetchMock.mock.calls[0]![1]?.method).toBe('POST');
  });

  it('web host: a refused file reports the host’s code and message', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ error: { code: 'too_large', message: 'Files up to 10 GB.' } }), { status: 413 }));
    await expect(streamFile('/upload', new File(['a'], 'big.mov'))).rejects.toMatchObject({ code: 'too_large', message: 'Files up to 10 GB.' });
  });

  it('web host: a file the browser can’t read says so, not “Failed to fetch”', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const unreadable = new File(['a'], 'gone.png');
    unreadable.slice = () => ({ arrayBuffer: () => Promise.reject(new DOMException('A requested file or directory could not be found', 'NotFoundError')) }) as unknown as Blob;
    await expect(streamFile('/upload', unreadable, 'u1')).rejects.toMatchObject({
      code: 'not_sent',
      message: 'The browser couldn’t read this file: it was moved, deleted or changed after you chose it, or you don’t have permission to read it. Check the file and add it again.',
    });
    await expect(streamFile('/upload', new File(['a'], 'fine.png'), 'u2')).rejects.toMatchObject({
      message: 'The file couldn’t be sent to Atelier: the connection to its web host failed. Check that Atelier is still running, then add the file again.',
    });
  });

  it('Electron: files with a path go by path; a pasted image (no path) by bytes', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ uploadId: 'u-bytes' }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const c = fakeClient('electron');
    c.pathForFile = (f: File) => (f.name === 'pasted.png' ? null : `/home/me/${f.name}`);
    c.handle('uploads.add', ({ paths }) => ({ uploadIds: paths.map((p) => `u-${p}`), rejected: [{ path: '/home/me/x.txt', reason: 'Not media' }] }));
    c.handle('uploads.reserve', ({ files }) => ({ uploadIds: files.map(() => 'u-bytes'), rejected: [] }));
    c.handle('uploads.list', () => []);
    setClient(c);
    useStatus.setState({ info: { version: '1', host: 'electron', mediaBase: 'atelier://app/media/', uploadEndpoint: '/upload', platform: 'linux', sqlite: { binding: 'node', path: '/x/better_sqlite3.node' }, logFile: null } });
    const res = await uploadFiles([new File(['a'], 'a.png'), new File(['p'], 'pasted.png')]);
    expect((c.callsOf('uploads.add') as Array<{ paths: string[] }>).map((x) => x.paths)).toEqual([['/home/me/a.png']]);
    expect(res.uploadIds).toEqual(['u-/home/me/a.png', 'u-bytes']);
    expect(res.failed).toEqual([{ name: 'x.txt', reason: 'Not media' }]);
  });
});

describe('coalesce', () => {
  it('runs at once, then once more at the end of a burst', () => {
    vi.useFakeTimers();
    try {
      const fn = vi.fn();
      const c = coalesce(fn, 100);
      c();
      c();
      c();
      expect(fn).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(100);
      expect(fn).toHaveBeenCalledTimes(2);
      vi.advanceTimersByTime(1000);
      expect(fn).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
