import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { attachPlayback, type PlaybackState } from '../../../renderer/lib/playback';
import type { Playback } from '../../../main/contract';

/** Just enough of HTMLMediaElement. */
class FakeMedia {
  currentTime = 0;
  paused = true;
  readyState = 0;
  src = '';
  currentSrc = '';
  private listeners = new Map<string, Set<() => void>>();
  canPlayType = vi.fn(() => '');
  play = vi.fn(async () => {
    this.paused = false;
  });
  load = vi.fn();
  removeAttribute = vi.fn((n: string) => {
    if (n === 'src') this.src = '';
  });
  addEventListener(n: string, f: () => void) {
    let s = this.listeners.get(n);
    if (!s) this.listeners.set(n, (s = new Set()));
    s.add(f);
  }
  removeEventListener(n: string, f: () => void) {
    this.listeners.get(n)?.delete(f);
  }
  fire(n: string) {
    for (const f of [...(this.listeners.get(n) ?? [])]) f();
  }
}

type ErrHandler = (evt: string, data: unknown) => void;
const instances: FakeHls[] = [];
class FakeHls {
  static isSupported = () => true;
  static Events = { ERROR: 'hlsError', MANIFEST_PARSED: 'hlsManifestParsed', FRAG_LOADED: 'hlsFragLoaded' };
  static ErrorTypes = { NETWORK_ERROR: 'networkError', MEDIA_ERROR: 'mediaError' };
  handlers = new Map<string, ErrHandler>();
  source = '';
  destroyed = false;
  constructor(public config: { startPosition: number }) {
    instances.push(this);
  }
  on(e: string, f: ErrHandler) {
    this.handlers.set(e, f);
  }
  loadSource(u: string) {
    this.source = u;
  }
  attachMedia() {}
  destroy() {
    this.destroyed = true;
  }
  recoverMediaError = vi.fn();
  startLoad = vi.fn();
  error(data: unknown) {
    this.handlers.get('hlsError')?.('hlsError', data);
  }
  emit(e: string) {
    this.handlers.get(e)?.(e, {});
  }
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('playback controller', () => {
  let now = 1_000_000;
  beforeEach(() => {
    instances.length = 0;
    vi.useFakeTimers();
    now = 1_000_000;
  });
  afterEach(() => vi.useRealTimers());

  function setup(sequence: Playback[]) {
    const el = new FakeMedia();
    const states: PlaybackState[] = [];
    let n = 0;
    const fetchPlayback = vi.fn(async () => sequence[Math.min(n++, sequence.length - 1)]!);
    const dispose = attachPlayback(el as unknown as HTMLMediaElement, {
      fetchPlayback,
      loadHls: async () => FakeHls as never,
      fallbackUrl: '/media/f1/preview',
      now: () => now,
      refreshLeadMs: 60_000,
      onState: (s) => states.push(s),
    });
    return { el, states, fetchPlayback, dispose };
  }

  const hls = (url: string, expiresAt: number | null): Playback => ({ kind: 'hls', url, expiresAt, mimeType: null, offline: false });

  it('plays the private HLS source through hls.js', async () => {
    const { states } = setup([hls('https://s/a.m3u8?t=1', null)]);
    await flush();
    expect(instances).toHaveLength(1);
    expect(instances[0]!.source).toBe('https://s/a.m3u8?t=1');
    expect(states.at(-1)).toEqual({ phase: 'playing', kind: 'hls', offline: false });
  });

  it('on a 403 re-signs and reloads at the same time, still playing', async () => {
    const { el, fetchPlayback } = setup([hls('https://s/a.m3u8?t=1', null), hls('https://s/a.m3u8?t=2', null)]);
    await flush();
    el.currentTime = 42.5;
    el.paused = false;
    instances[0]!.error({ type: 'networkError', fatal: true, details: 'fragLoadError', response: { code: 403 } });
    await flush();
    expect(fetchPlayback).toHaveBeenCalledTimes(2);
    expect(instances).toHaveLength(2);
    expect(instances[0]!.destroyed).toBe(true);
    expect(instances[1]!.source).toBe('https://s/a.m3u8?t=2');
    expect(instances[1]!.config.startPosition).toBe(42.5);
  });

  it('a stream that keeps refusing is re-signed once (fresh), then stops: refused, no more requests', async () => {
    const { fetchPlayback, states } = setup([hls('u1', null), hls('u2', null), hls('u3', null)]);
    await flush();
    const refusal = { type: 'networkError', fatal: false, details: 'manifestLoadError', response: { code: 403 } };
    for (let i = 0; i < 50; i++) {
      instances.at(-1)!.error(refusal);
      await flush();
    }
    expect(fetchPlayback).toHaveBeenCalledTimes(2);
    expect(fetchPlayback.mock.calls[1]).toEqual([{ fresh: true }]);
    expect(instances).toHaveLength(2);
    expect(instances[1]!.destroyed).toBe(true);
    expect(states.at(-1)).toEqual({ phase: 'refused' });
    await vi.advanceTimersByTimeAsync(600_000);
    expect(fetchPlayback).toHaveBeenCalledTimes(2);
  });

  it('a refusal after media has loaded starts a new episode (re-signed again)', async () => {
    const { fetchPlayback, states } = setup([hls('u1', null), hls('u2', null), hls('u3', null)]);
    await flush();
    const refusal = { type: 'networkError', fatal: false, details: 'fragLoadError', response: { code: 403 } };
    instances[0]!.error(refusal);
    await flush();
    instances[1]!.emit('hlsFragLoaded');
    instances[1]!.error(refusal);
    await flush();
    expect(fetchPlayback).toHaveBeenCalledTimes(3);
    expect(states.at(-1)).toEqual({ phase: 'playing', kind: 'hls', offline: false });
  });

  it('renews shortly before the signed URL expires', async () => {
    const { fetchPlayback } = setup([hls('u1', now + 120_000), hls('u2', now + 3_720_000)]);
    await flush();
    expect(fetchPlayback).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(fetchPlayback).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(fetchPlayback).toHaveBeenCalledTimes(2);
    expect(instances.at(-1)!.source).toBe('u2');
  });

  it('falls back to the preview rendition when the stream keeps failing', async () => {
    const { el, states } = setup([hls('u1', null)]);
    await flush();
    const fatal = { type: 'networkError', fatal: true, details: 'manifestLoadError', response: { code: 500 } };
    instances[0]!.error(fatal);
    instances[0]!.error(fatal);
    expect(instances[0]!.startLoad).toHaveBeenCalledTimes(2);
    instances[0]!.error(fatal);
    expect(el.src).toBe('/media/f1/preview');
    expect(states.at(-1)).toEqual({ phase: 'fallback', reason: 'manifestLoadError' });
  });

  it('plays a cached progressive file offline without hls.js', async () => {
    const { el, states } = setup([{ kind: 'file', url: '/media/f1/preview', expiresAt: null, mimeType: 'video/mp4', offline: true }]);
    await flush();
    expect(instances).toHaveLength(0);
    expect(el.src).toBe('/media/f1/preview');
    expect(states.at(-1)).toEqual({ phase: 'playing', kind: 'file', offline: true });
  });

  it('an expired progressive URL is renewed once, then the preview is used', async () => {
    const file = (u: string): Playback => ({ kind: 'file', url: u, expiresAt: null, mimeType: 'video/mp4', offline: false });
    const { el, fetchPlayback } = setup([file('https://s/1.mp4'), file('https://s/2.mp4')]);
    await flush();
    el.fire('error');
    await flush();
    expect(fetchPlayback).toHaveBeenCalledTimes(2);
    expect(el.src).toBe('https://s/2.mp4');
    el.fire('error');
    await flush();
    expect(el.src).toBe('/media/f1/preview');
  });

  it('dispose tears hls.js down and stops timers', async () => {
    const { dispose, fetchPlayback } = setup([hls('u1', now + 120_000)]);
    await flush();
    dispose();
    expect(instances[0]!.destroyed).toBe(true);
    await vi.advanceTimersByTimeAsync(200_000);
    expect(fetchPlayback).toHaveBeenCalledTimes(1);
  });
});
