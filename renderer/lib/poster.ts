/**
 * Poster frames for videos that have no thumbnail: lip-sync results, which live only on this
 * computer (VideoGen never made a thumbnail for them).
 *
 * One frame per video per session: a detached, muted <video> loads the host's cached preview,
 * seeks to 0.1 s, and that frame is drawn once into a small JPEG held as a blob URL. Cells then
 * show a plain <img>: no <video> element lives in the grid, nothing decodes while it scrolls,
 * and scrolling back shows the frame at once. At most two captures run at a time; a queued
 * capture that nobody is waiting for any more (its cell scrolled away) is dropped. A failed one
 * is not tried again for a minute.
 */
import { useEffect, useState } from 'react';

/** Draws one frame of `src`; null when the video has no picture. */
export type FrameGrabber = (src: string, signal: AbortSignal) => Promise<Blob | null>;

export interface PosterCacheOptions {
  grab: FrameGrabber;
  parallel?: number;
  /** Frames kept (blob URLs beyond this are revoked, oldest first). */
  max?: number;
  timeoutMs?: number;
  retryAfterMs?: number;
  now?: () => number;
  toUrl?: (blob: Blob) => string;
  revoke?: (url: string) => void;
}

type Listener = (url: string | null) => void;
interface Entry {
  state: 'queued' | 'running' | 'done' | 'failed';
  url: string | null;
  failedAt: number;
  listeners: Set<Listener>;
}

export interface PosterCache {
  /** The frame's URL when made; null when it failed recently; undefined when unknown. */
  peek(src: string): string | null | undefined;
  /** Ask for a frame; `listener` hears once when it is made (or fails). Returns "no longer needed". */
  request(src: string, listener: Listener): () => void;
  /** Captures running now (tests). */
  running(): number;
  clear(): void;
}

export function createPosterCache(opts: PosterCacheOptions): PosterCache {
  const parallel = opts.parallel ?? 2;
  const max = opts.max ?? 200;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const retryAfterMs = opts.retryAfterMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const toUrl = opts.toUrl ?? ((b: Blob) => URL.createObjectURL(b));
  const revoke = opts.revoke ?? ((u: string) => URL.revokeObjectURL(u));
  /** Insertion order = age (a hit moves to the end). */
  const entries = new Map<string, Entry>();
  const queue: string[] = [];
  let active = 0;

  const settle = (src: string, e: Entry, url: string | null) => {
    e.state = url ? 'done' : 'failed';
    e.url = url;
    if (!url) e.failedAt = now();
    const ls = [...e.listeners];
    e.listeners.clear();
    for (const l of ls) l(url);
    trim(src);
  };

  const trim = (keep: string) => {
    let over = entries.size - max;
    for (const [src, e] of entries) {
      if (over <= 0) break;
      if (src === keep || e.state === 'running' || e.listeners.size > 0) continue;
      if (e.url) revoke(e.url);
      entries.delete(src);
      over--;
    }
  };

  const pump = () => {
    while (active < parallel && queue.length > 0) {
      const src = queue.shift()!;
      const e = entries.get(src);
      if (!e || e.state !== 'queued') continue;
      if (e.listeners.size === 0) {
        entries.delete(src);
        continue;
      }
      e.state = 'running';
      active++;
      const ctl = new AbortController();
      let timer: ReturnType<typeof setTimeout> | undefined;
      // A grabber that ignores the abort still can't hold its slot past the timeout.
      const timedOut = new Promise<null>((resolve) => {
        timer = setTimeout(() => {
          ctl.abort();
          resolve(null);
        }, timeoutMs);
      });
      Promise.race([opts.grab(src, ctl.signal), timedOut])
        .then((blob) => (blob && blob.size > 0 ? toUrl(blob) : null))
        .catch(() => null)
        .then((url) => {
          clearTimeout(timer);
          active--;
          settle(src, e, url);
          pump();
        });
    }
  };

  return {
    peek(src) {
      const e = entries.get(src);
      if (!e) return undefined;
      if (e.state === 'done') return e.url;
      if (e.state === 'failed' && now() - e.failedAt < retryAfterMs) return null;
      return undefined;
    },
    request(src, listener) {
      let e = entries.get(src);
      if (e?.state === 'done') {
        entries.delete(src);
        entries.set(src, e);
        listener(e.url);
        return () => {};
      }
      if (e?.state === 'failed' && now() - e.failedAt < retryAfterMs) {
        listener(null);
        return () => {};
      }
      if (!e || e.state === 'failed') {
        e = { state: 'queued', url: null, failedAt: 0, listeners: new Set() };
        entries.set(src, e);
        queue.push(src);
      }
      const entry = e;
      entry.listeners.add(listener);
      pump();
      return () => {
        entry.listeners.delete(listener);
      };
    },
    running: () => active,
    clear() {
      for (const e of entries.values()) if (e.url) revoke(e.url);
      entries.clear();
      queue.length = 0;
    },
  };
}

const MAX_WIDTH = 480;
const FIRST_AT_S = 0.1;
/** Frames to wait for a decoded picture after a seek before giving up on that position. */
const DRAW_TRIES = 20;

/**
 * The browser's way: a detached muted <video>, a seek, a canvas draw, one JPEG. A seek can
 * report done before the decoder has a picture for the canvas (it then draws nothing, which
 * would become a black JPEG): the draw is checked and tried again on the next frames. A picture
 * that is all black (a fade-in) is tried once more further in.
 */
export const grabVideoFrame: FrameGrabber = async (src, signal) => {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.preload = 'auto';
  const failed = () => new Error('no frame');
  const when = (event: string) =>
    new Promise<void>((resolve, reject) => {
      const done = () => {
        video.removeEventListener(event, done);
        video.removeEventListener('error', fail);
        signal.removeEventListener('abort', fail);
        resolve();
      };
      const fail = () => {
        video.removeEventListener(event, done);
        reject(failed());
      };
      video.addEventListener(event, done);
      video.addEventListener('error', fail, { once: true });
      signal.addEventListener('abort', fail, { once: true });
    });
  // The next frame (or a moment, where frames are paused, e.g. a hidden window).
  const nextFrame = () =>
    new Promise<void>((r) => {
      const t = setTimeout(r, 50);
      requestAnimationFrame(() => {
        clearTimeout(t);
        r();
      });
    });
  try {
    if (signal.aborted) throw failed();
    const meta = when('loadedmetadata');
    video.src = src;
    await meta;
    const w = video.videoWidth;
    const h = video.videoHeight;
    if (!w || !h) return null;
    const scale = Math.min(1, MAX_WIDTH / w);
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(w * scale));
    canvas.height = Math.max(1, Math.round(h * scale));
    const g = canvas.getContext('2d', { willReadFrequently: true });
    if (!g) return null;
    const duration = Number.isFinite(video.duration) && video.duration > 0 ? video.duration : FIRST_AT_S * 2;

    let picture: 'none' | 'black' | 'ok' = 'none';
    for (const at of [Math.min(FIRST_AT_S, duration / 2), Math.min(1, duration / 4)]) {
      const seeked = when('seeked');
      video.currentTime = at;
      await seeked;
      for (let i = 0; i < DRAW_TRIES && !signal.aborted; i++) {
        if (video.readyState >= 2) {
          g.clearRect(0, 0, canvas.width, canvas.height);
          g.drawImage(video, 0, 0, canvas.width, canvas.height);
          picture = judge(g.getImageData(0, 0, canvas.width, canvas.height).data);
          if (picture !== 'none') break;
        }
        await nextFrame();
      }
      if (picture === 'ok') break;
    }
    if (signal.aborted || picture === 'none') return null;
    return await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.82));
  } finally {
    // Let go of the decoder and the connection now, not at garbage collection.
    video.removeAttribute('src');
    video.load();
  }
};

/** Nothing drawn (transparent), all black, or a picture, from a sample of the pixels. */
export function judge(rgba: Uint8ClampedArray): 'none' | 'black' | 'ok' {
  const pixels = rgba.length / 4;
  const step = Math.max(1, Math.floor(pixels / 4096));
  let opaque = false;
  for (let p = 0; p < pixels; p += step) {
    const i = p * 4;
    if (rgba[i + 3]! === 0) continue;
    opaque = true;
    if (rgba[i]! > 16 || rgba[i + 1]! > 16 || rgba[i + 2]! > 16) return 'ok';
  }
  return opaque ? 'black' : 'none';
}

let shared: PosterCache | null = null;
function posters(): PosterCache {
  shared ??= createPosterCache({ grab: grabVideoFrame });
  return shared;
}

/** Replaces the app-wide cache (tests: a fake grabber); null = back to the browser's. */
export function setPosterCache(cache: PosterCache | null): void {
  shared?.clear();
  shared = cache;
}

/** A poster frame of the video at `src` (null until made, or when it can't be); `src` null = none wanted. */
export function usePosterFrame(src: string | null): string | null {
  const [got, setGot] = useState<{ src: string; url: string | null } | null>(null);
  const known = src ? posters().peek(src) : undefined;
  useEffect(() => {
    if (!src || known !== undefined) return;
    let live = true;
    const stop = posters().request(src, (url) => {
      if (live) setGot({ src, url });
    });
    return () => {
      live = false;
      stop();
    };
  }, [src, known]);
  if (!src) return null;
  if (known !== undefined) return known;
  return got?.src === src ? got.url : null;
}
