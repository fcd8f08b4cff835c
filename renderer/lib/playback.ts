/**
 * Play a library file in a <video>/<audio>: the private signed HLS source through hls.js,
 * a progressive URL otherwise, the cached preview rendition as the fallback. Signed URLs
 * expire: shortly before `expiresAt`, or when the stream answers 401/403/410, a fresh URL is
 * fetched (`fresh`: the stored one was refused) and the source reloaded at the same currentTime
 * (and play state). A refusal episode (refusals with no media loaded in between) re-signs at
 * most once: a second refusal stops with `refused` ("Can't play this file right now"), and the
 * player offers Retry (a new attach). Without this, a stream that keeps refusing was asked for
 * again and again without limit.
 */
import type { Playback } from '../../main/contract';
import type HlsType from 'hls.js';

type HlsCtor = typeof HlsType;

export interface PlaybackDeps {
  fetchPlayback(opts?: { fresh?: boolean }): Promise<Playback>;
  loadHls(): Promise<HlsCtor>;
  /** The preview rendition served by the host (cached for offline). */
  fallbackUrl: string;
  now?: () => number;
  /** How long before expiry to re-sign (ms). */
  refreshLeadMs?: number;
  onState?(s: PlaybackState): void;
}

export type PlaybackState =
  | { phase: 'loading' }
  | { phase: 'playing'; kind: Playback['kind']; offline: boolean }
  | { phase: 'fallback'; reason: string }
  | { phase: 'error'; message: string }
  /** The stream was refused again after a fresh URL: stopped until the person retries. */
  | { phase: 'refused' };

const AUTH_STATUSES = new Set([401, 403, 410]);

export function attachPlayback(el: HTMLMediaElement, deps: PlaybackDeps, opts: { autoPlay?: boolean } = {}): () => void {
  const now = deps.now ?? Date.now;
  const lead = deps.refreshLeadMs ?? 60_000;
  let disposed = false;
  let hls: InstanceType<HlsCtor> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let refreshing = false;
  let networkRetries = 0;
  let progressiveRetries = 0;
  let onFallback = false;
  /** A fresh URL was fetched for a refusal and no media has loaded since. */
  let resignedThisEpisode = false;
  let stopped = false;

  const state = (s: PlaybackState) => {
    if (!disposed && !stopped) deps.onState?.(s);
  };

  /** The stream (or file) was refused (401/403/410): re-sign once per episode, then stop. */
  function refused() {
    if (stopped || disposed) return;
    if (!resignedThisEpisode) {
      resignedThisEpisode = true;
      void refresh(true);
      return;
    }
    state({ phase: 'refused' });
    stopped = true;
    clearTimer();
    teardownHls();
    el.removeAttribute('src');
  }

  function clearTimer() {
    if (timer) clearTimeout(timer);
    timer = null;
  }

  function teardownHls() {
    if (hls) {
      hls.destroy();
      hls = null;
    }
  }

  function resumeAt(t: number, play: boolean) {
    const apply = () => {
      if (t > 0 && Math.abs(el.currentTime - t) > 0.25) {
        try {
          el.currentTime = t;
        } catch {
          /* not seekable yet */
        }
      }
      if (play) void el.play().catch(() => {});
    };
    if (el.readyState >= 1) apply();
    else el.addEventListener('loadedmetadata', apply, { once: true });
  }

  function fallback(reason: string) {
    teardownHls();
    clearTimer();
    const t = el.currentTime;
    const play = !el.paused || !!opts.autoPlay;
    onFallback = true;
    el.src = deps.fallbackUrl;
    resumeAt(t, play);
    state({ phase: 'fallback', reason });
  }

  function schedule(pb: Playback) {
    clearTimer();
    if (pb.expiresAt == null) return;
    const delay = Math.max(5_000, pb.expiresAt - lead - now());
    timer = setTimeout(() => void refresh(), delay);
  }

  async function start(pb: Playback, t: number, play: boolean) {
    if (disposed) return;
    networkRetries = 0;
    onFallback = false;
    if (pb.kind === 'hls') {
      const Hls = await deps.loadHls();
      if (disposed) return;
      if (Hls.isSupported()) {
        teardownHls();
        const h = new Hls({ startPosition: t > 0 ? t : -1, enableWorker: true, lowLatencyMode: false });
        hls = h;
        h.on(Hls.Events.ERROR, (_evt, data) => {
          if (hls !== h) return;
          const code = data.response?.code;
          if (data.type === Hls.ErrorTypes.NETWORK_ERROR && code != null && AUTH_STATUSES.has(code)) {
            // The signed URL expired (or was revoked): re-sign and carry on from here (once).
            refused();
            return;
          }
          if (!data.fatal) return;
          if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
            h.recoverMediaError();
          } else if (data.type === Hls.ErrorTypes.NETWORK_ERROR && networkRetries < 2) {
            networkRetries++;
            h.startLoad();
          } else {
            fallback(data.details);
          }
        });
        // Media arrived: a later refusal starts a new episode.
        h.on(Hls.Events.FRAG_LOADED, () => {
          resignedThisEpisode = false;
        });
        h.on(Hls.Events.MANIFEST_PARSED, () => {
          if (play) void el.play().catch(() => {});
        });
        h.loadSource(pb.url);
        h.attachMedia(el);
        state({ phase: 'playing', kind: 'hls', offline: pb.offline });
      } else if (el.canPlayType('application/vnd.apple.mpegurl')) {
        el.src = pb.url;
        resumeAt(t, play);
        state({ phase: 'playing', kind: 'hls', offline: pb.offline });
      } else {
        fallback('HLS is not supported here');
        return;
      }
    } else {
      teardownHls();
      el.src = pb.url;
      resumeAt(t, play);
      state({ phase: 'playing', kind: 'file', offline: pb.offline });
    }
    schedule(pb);
  }

  async function refresh(fresh = false) {
    if (refreshing || disposed || stopped) return;
    refreshing = true;
    const t = el.currentTime;
    const play = !el.paused;
    try {
      const pb = await deps.fetchPlayback(fresh ? { fresh: true } : undefined);
      await start(pb, t, play);
    } catch {
      fallback('could not renew the stream');
    } finally {
      refreshing = false;
    }
  }

  const onMediaError = () => {
    // A progressive source failed (e.g. an expired signed file URL): try once more, then the preview.
    if (hls) return;
    if (onFallback) {
      // The preview rendition failed too (its links refused, or none): stop, offer Retry.
      state({ phase: 'refused' });
      stopped = true;
      clearTimer();
      return;
    }
    if (progressiveRetries++ < 1) void refresh(true);
    else fallback('the file could not be loaded');
  };
  el.addEventListener('error', onMediaError);
  const onLoaded = () => {
    resignedThisEpisode = false;
  };
  el.addEventListener('loadeddata', onLoaded);

  state({ phase: 'loading' });
  deps
    .fetchPlayback()
    .then((pb) => start(pb, 0, !!opts.autoPlay))
    .catch(() => fallback('no stream available'));

  return () => {
    disposed = true;
    clearTimer();
    el.removeEventListener('error', onMediaError);
    el.removeEventListener('loadeddata', onLoaded);
    teardownHls();
    el.removeAttribute('src');
    el.load();
  };
}
