// @vitest-environment happy-dom
/**
 * Lip-sync results in the renderer: poster frames instead of blank thumbnails (lib/poster.ts),
 * the inspector of a local-only result (request, what doesn't apply and why, "Add to VideoGen
 * library" followed through its upload), and failed runs that keep their inputs (Edit, Retry).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { ExecutionView, FileDetail, LibraryItem, UploadView } from '../../../main/contract';
import { createPosterCache, judge, setPosterCache, type FrameGrabber } from '../../../renderer/lib/poster';
import { Thumb } from '../../../renderer/components/Media';
import { Inspector } from '../../../renderer/views/library/Inspector';
import { ExecutionRow } from '../../../renderer/views/ActivityRows';
import { useLibrary } from '../../../renderer/state/library';
import { useStatus } from '../../../renderer/state/status';
import { setUploads } from '../../../renderer/state/uploads';
import { useSentToVideoGen } from '../../../renderer/state/actions';
import { clearSelection } from '../../../renderer/state/selection';
import { useUi } from '../../../renderer/state/ui';
import { rememberFiles } from '../../../renderer/components/FileChip';
import { setClient } from '../../../renderer/transport/client';
import { fakeClient, flush, type FakeClient } from './fake-client';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** A grabber whose captures the test finishes by hand. */
function manualGrabber() {
  const calls: Array<{ src: string; signal: AbortSignal; finish(blob: Blob | null): void; fail(): void }> = [];
  const grab: FrameGrabber = (src, signal) =>
    new Promise((resolve, reject) => calls.push({ src, signal, finish: resolve, fail: () => reject(new Error('no frame')) }));
  return { grab, calls };
}

function urls() {
  let n = 0;
  const revoked: string[] = [];
  return { toUrl: () => `blob:frame-${++n}`, revoke: (u: string) => void revoked.push(u), revoked };
}

const jpeg = () => new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' });

describe('poster frames', () => {
  it('captures two at a time, skips captures nobody waits for, and keeps the frames', async () => {
    const g = manualGrabber();
    const u = urls();
    const cache = createPosterCache({ grab: g.grab, toUrl: u.toUrl, revoke: u.revoke });
    const heard: Array<[string, string | null]> = [];
    const listen = (src: string) => cache.request(src, (url) => heard.push([src, url]));
    listen('/a');
    listen('/b');
    const stopC = listen('/c');
    listen('/d');
    expect(g.calls.map((c) => c.src)).toEqual(['/a', '/b']);
    expect(cache.running()).toBe(2);

    stopC(); // its cell scrolled away before its turn
    g.calls[0]!.finish(jpeg());
    await flush();
    expect(heard).toEqual([['/a', 'blob:frame-1']]);
    expect(g.calls.map((c) => c.src)).toEqual(['/a', '/b', '/d']);

    // A frame once made is there at once, without another capture.
    expect(cache.peek('/a')).toBe('blob:frame-1');
    listen('/a');
    expect(heard.at(-1)).toEqual(['/a', 'blob:frame-1']);
    expect(g.calls).toHaveLength(3);
  });

  it('does not retry a failed capture for a while, then does', async () => {
    const g = manualGrabber();
    let now = 1000;
    const cache = createPosterCache({ grab: g.grab, retryAfterMs: 60_000, now: () => now, ...urls() });
    const heard: Array<string | null> = [];
    cache.request('/x', (url) => heard.push(url));
    g.calls[0]!.fail();
    await flush();
    expect(heard).toEqual([null]);
    expect(cache.peek('/x')).toBeNull();
    cache.request('/x', (url) => heard.push(url));
    expect(g.calls).toHaveLength(1);
    now += 60_001;
    expect(cache.peek('/x')).toBeUndefined();
    cache.request('/x', (url) => heard.push(url));
    expect(g.calls).toHaveLength(2);
  });

  it('tells a drawn picture from nothing drawn and from all black', () => {
    const px = (...rgba: number[][]) => new Uint8ClampedArray(rgba.flat());
    expect(judge(px([0, 0, 0, 0], [0, 0, 0, 0]))).toBe('none');
    expect(judge(px([0, 0, 0, 255], [8, 8, 8, 255]))).toBe('black');
    expect(judge(px([0, 0, 0, 255], [200, 40, 40, 255]))).toBe('ok');
  });

  it('frees a slot when a capture never answers', async () => {
    vi.useFakeTimers();
    try {
      const cache = createPosterCache({ grab: () => new Promise(() => {}), parallel: 1, timeoutMs: 5_000, ...urls() });
      const heard: Array<string | null> = [];
      cache.request('/stuck', (u) => heard.push(u));
      await vi.advanceTimersByTimeAsync(5_001);
      expect(heard).toEqual([null]);
      expect(cache.running()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps at most `max` frames, revoking the oldest', async () => {
    const g = manualGrabber();
    const u = urls();
    const cache = createPosterCache({ grab: g.grab, max: 2, parallel: 1, toUrl: u.toUrl, revoke: u.revoke });
    for (const src of ['/1', '/2', '/3']) {
      const stop = cache.request(src, () => {});
      g.calls.at(-1)!.finish(jpeg());
      await flush();
      stop();
    }
    expect(cache.peek('/1')).toBeUndefined();
    expect(u.revoked).toEqual(['blob:frame-1']);
    expect(cache.peek('/3')).toBe('blob:frame-3');
  });
});

// ---------------------------------------------------------------------------------------

let root: Root;
let host: HTMLElement;
let client: FakeClient;
let grabber: ReturnType<typeof manualGrabber>;

const request = {
  model: 'sync-3',
  visual: { type: 'video' as const, ref: { kind: 'library' as const, fileId: 'vg_face' } },
  voice: { type: 'audio' as const, ref: { kind: 'library' as const, fileId: 'vg_voice' } },
  options: { sync_mode: 'loop' as const },
  outputFileName: 'talking',
};

function lipsyncItem(patch: Partial<LibraryItem> = {}): LibraryItem {
  return {
    fileId: 'local_sync_e1',
    displayName: 'talking_atelier_e1.mp4',
    type: 'VIDEO',
    scope: 'GLOBAL',
    origin: 'lipsync',
    toolType: 'LIPSYNC',
    executionId: 'e1',
    durationSeconds: 2,
    width: null,
    height: null,
    bytes: 80_000,
    createdAt: 1,
    updatedAt: 1,
    status: 'ready',
    hasThumbnail: false,
    pinned: false,
    archived: false,
    rating: 0,
    tags: [],
    ...patch,
  };
}

function lipsyncDetail(): FileDetail {
  const cached = { status: 'ready' as const, width: null, height: null, bytes: 80_000, expiresAt: null, cached: true };
  return {
    ...lipsyncItem(),
    description: null,
    transcript: null,
    analysis: null,
    sources: { thumbnail: null, preview: cached, download: cached, hls: null },
    publicPreview: { enabled: false, url: null, hlsUrl: null, playbackId: null },
    request: { provider: 'sync', tool: 'lipsync', params: request },
    uploadedFrom: null,
  };
}

function upload(patch: Partial<UploadView>): UploadView {
  return {
    uploadId: 'u1',
    batchId: null,
    temporary: false,
    queueOrder: 1,
    path: '/data/lipsync/outbox/e1/talking_atelier_e1.mp4',
    name: 'talking_atelier_e1.mp4',
    size: 80_000,
    state: 'queued',
    bytesSent: 0,
    speedBps: null,
    fileId: null,
    attempts: 1,
    error: null,
    createdAt: 1,
    updatedAt: 1,
    ...patch,
  };
}

function failedRun(): ExecutionView {
  return {
    id: 'e2',
    remoteId: 'g2',
    provider: 'sync',
    tool: 'lipsync',
    label: 'Lip-sync',
    request: {
      provider: 'sync',
      tool: 'lipsync',
      params: { ...request, visual: { type: 'video', ref: { kind: 'url', url: 'https://cdn.example.com/clips/noface-take.mp4?sig=1' } } },
    },
    status: 'failed',
    remoteStatus: 'FAILED',
    progress: null,
    attempt: 0,
    error: { code: 'generation_input_validation_failed', message: 'No face was found in the video. Use a clip where one face is clearly visible and facing the camera.' },
    resultFileIds: [],
    createdAt: 1,
    updatedAt: 1,
    nextCheckAt: null,
  };
}

beforeEach(() => {
  grabber = manualGrabber();
  setPosterCache(createPosterCache({ grab: grabber.grab, ...urls() }));
  client = fakeClient();
  client.handle('library.get', () => lipsyncDetail());
  client.handle('uploads.list', () => []);
  setClient(client);
  useStatus.setState({ info: { version: '0', host: 'web', mediaBase: '/media/', uploadEndpoint: '/upload', platform: 'linux', sqlite: { binding: 'node', path: '/x/better_sqlite3.node' }, logFile: null }, online: true });
  useLibrary.setState({ detailId: null, detail: null, detailError: null, total: 1 });
  useSentToVideoGen.setState({}, true);
  useUi.setState({ view: 'library', toasts: [], draft: null });
  setUploads([]);
  clearSelection();
  rememberFiles([
    { fileId: 'vg_face', displayName: 'face.mp4', type: 'VIDEO', hasThumbnail: true, origin: 'uploaded' },
    { fileId: 'vg_voice', displayName: 'voice.m4a', type: 'AUDIO', hasThumbnail: false, origin: 'uploaded' },
  ]);
  host = document.createElement('div');
  document.body.appendChild(host);
  root = createRoot(host);
});

afterEach(async () => {
  await act(async () => root.unmount());
  host.remove();
  setPosterCache(null);
});

describe('thumbnails of lip-sync results', () => {
  it('show a frame of the cached video instead of the blank placeholder', async () => {
    await act(async () => root.render(<Thumb fileId="local_sync_e1" type="VIDEO" hasThumbnail={false} videoFrame />));
    expect(host.querySelector('.thumb-placeholder')).not.toBeNull();
    expect(grabber.calls.map((c) => c.src)).toEqual(['/media/local_sync_e1/preview']);
    await act(async () => {
      grabber.calls[0]!.finish(jpeg());
      await flush();
    });
    const img = host.querySelector('img.thumb-frame') as HTMLImageElement;
    expect(img.getAttribute('src')).toMatch(/^blob:frame-/);
  });

  it('are not tried for ordinary files, nor for files with a thumbnail', async () => {
    await act(async () =>
      root.render(
        <>
          <Thumb fileId="vg_a" type="VIDEO" hasThumbnail={false} />
          <Thumb fileId="vg_b" type="VIDEO" hasThumbnail videoFrame />
          <Thumb fileId="local_sync_audio" type="AUDIO" hasThumbnail={false} videoFrame />
        </>,
      ),
    );
    expect(grabber.calls).toHaveLength(0);
  });
});

describe('the inspector of a lip-sync result', () => {
  async function open() {
    const { loadDetail } = await import('../../../renderer/state/library');
    await act(async () => {
      root.render(<Inspector />);
      await loadDetail('local_sync_e1');
      await flush();
    });
    return host.querySelector('aside[aria-label="Inspector"]')!;
  }
  const button = (name: string) => [...host.querySelectorAll('button')].find((b) => b.textContent?.trim() === name) as HTMLButtonElement | undefined;

  it('shows the request: model, inputs by name, options', async () => {
    const insp = await open();
    const params = insp.querySelector('[aria-label="Request parameters"]')!;
    const text = params.textContent ?? '';
    expect(text).toContain('sync-3');
    expect(text).toContain('face.mp4');
    expect(text).toContain('voice.m4a');
    expect(text).toContain('Length mismatch');
    expect(text).toContain('loop');
    expect(text).toContain('talking');
    expect(button('Reuse')?.disabled).toBe(false);
  });

  it('says why sharing, archiving and pinning do not apply, and offers to add it to VideoGen', async () => {
    const insp = await open();
    expect(insp.querySelector('[role="switch"]')).toBeNull();
    const archive = button('Archive')!;
    expect(archive.disabled).toBe(true);
    expect(archive.title).toMatch(/only on this computer/);
    expect(button('Kept offline')?.disabled).toBe(true);
    expect(insp.textContent).toContain('Only on this computer');
    expect(button('Add to VideoGen library')).toBeDefined();
  });

  it('"Add to VideoGen library" queues an upload and follows it to the library', async () => {
    let uploads: UploadView[] = [];
    client.handle('uploads.list', () => uploads);
    client.handle('library.sendToVideoGen', () => {
      uploads = [upload({ state: 'queued' })];
      return { uploadId: 'u1' };
    });
    const insp = await open();
    await act(async () => {
      button('Add to VideoGen library')!.click();
      await flush();
    });
    expect(client.callsOf('library.sendToVideoGen')).toEqual([{ fileId: 'local_sync_e1' }]);
    expect(useUi.getState().toasts.at(-1)?.title).toContain('Adding “talking_atelier_e1.mp4” to your VideoGen library');
    expect(insp.querySelector('progress[aria-label="Adding to VideoGen library"]')).not.toBeNull();
    expect(button('Add to VideoGen library')).toBeUndefined();

    await act(async () => setUploads([upload({ state: 'uploading', bytesSent: 40_000 })]));
    expect(insp.textContent).toContain('Uploading 50%');

    await act(async () => setUploads([upload({ state: 'ready', bytesSent: 80_000, fileId: 'vg_uploaded' })]));
    expect(insp.textContent).toContain('In your VideoGen library');
    client.handle('library.get', ({ fileId }) => ({ ...lipsyncDetail(), fileId, origin: 'uploaded', request: null }));
    await act(async () => {
      button('Show')!.click();
      await flush();
    });
    expect(useLibrary.getState().detailId).toBe('vg_uploaded');
  });

  it('a failed upload says so and can be tried again', async () => {
    client.handle('library.sendToVideoGen', () => ({ uploadId: 'u1' }));
    useSentToVideoGen.setState({ local_sync_e1: 'u1' });
    setUploads([upload({ state: 'failed', error: { code: 'network', message: 'The connection dropped during the upload.' } })]);
    const insp = await open();
    expect(insp.querySelector('[role="alert"]')?.textContent).toContain('The connection dropped');
    await act(async () => {
      button('Try adding again')!.click();
      await flush();
    });
    expect(client.callsOf('library.sendToVideoGen')).toHaveLength(1);
  });
});

describe('a failed lip-sync run', () => {
  it('shows its inputs and the advice, with Edit and Retry', async () => {
    client.handle('executions.retry', () => ({ executionId: 'e3' }));
    await act(async () => root.render(<ExecutionRow e={failedRun()} />));
    const row = host.querySelector('li')!;
    expect(row.textContent).toContain('noface-take.mp4');
    expect(row.textContent).toContain('voice.m4a');
    expect(row.textContent).toContain('No face was found in the video.');

    await act(async () => {
      (row.querySelector('button[aria-label="Retry Lip-sync"]') as HTMLButtonElement).click();
      await flush();
    });
    expect(client.callsOf('executions.retry')).toEqual([{ id: 'e2' }]);

    await act(async () => (row.querySelector('button[aria-label="Edit Lip-sync inputs"]') as HTMLButtonElement).click());
    const draft = useUi.getState().draft!;
    expect(useUi.getState().view).toBe('generate');
    expect(draft.tool).toBe('lipsync');
    expect(draft.params).toEqual(failedRun().request.params);
  });
});
