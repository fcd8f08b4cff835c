import { createContext, memo, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { FileType } from '../../main/contract';
import { Icon, typeIcon } from './Icon';
import { api } from '../transport/client';
import { mediaUrl, useStatus } from '../state/status';
import { attachPlayback, type PlaybackState } from '../lib/playback';
import { usePosterFrame } from '../lib/poster';

function ThumbPlaceholder({ type }: { type: FileType | null }) {
  return (
    <div className={`thumb-placeholder thumb-${(type ?? 'none').toLowerCase()}`} aria-hidden="true">
      <Icon name={typeIcon(type)} size={22} />
    </div>
  );
}

/** A frame of the cached video (see lib/poster.ts), the placeholder until it is made. */
function VideoFrameThumb({ src, type }: { src: string; type: FileType | null }) {
  const frame = usePosterFrame(src);
  if (!frame) return <ThumbPlaceholder type={type} />;
  return <img className="thumb-img thumb-frame" src={frame} alt="" draggable={false} />;
}

/**
 * True while thumbnails not yet on screen should wait (search results while a query is being
 * typed). Results change with every keystroke: thumbnails are asked for once typing pauses, so
 * a query being typed spends no hydration (VideoGen allows 2,500 an hour) and no download on
 * the files of its intermediate results, and the searches of the next keystrokes do not queue
 * behind them. A thumbnail already shown stays while the person types on.
 */
export const ThumbHoldContext = createContext(false);
/** What search results wait for: a pause a little longer than a quick typist's between keys. */
export const SEARCH_THUMB_PAUSE_MS = 200;

/** False until `value` has stayed the same for `ms` (and after every change, again for `ms`). */
export function useQuietFor(value: string, ms: number): boolean {
  const [quiet, setQuiet] = useState<string | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setQuiet(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return quiet === value;
}

/** A file's thumbnail from the host's media route (cached on disk, so it works offline). */
export const Thumb = memo(function Thumb({
  fileId,
  type,
  hasThumbnail,
  version,
  videoFrame = false,
}: {
  fileId: string;
  type: FileType | null;
  hasThumbnail: boolean;
  /** Changes when the file changes (e.g. updatedAt): a thumbnail that failed to load is tried again. */
  version?: number;
  /**
   * Without a thumbnail, show a frame of the video's cached preview instead of the placeholder
   * (lip-sync results: only on this computer, no thumbnail exists). Only for rare items.
   */
  videoFrame?: boolean;
}) {
  const info = useStatus((s) => s.info);
  const [failedFor, setFailedFor] = useState<string | null>(null);
  const held = useContext(ThumbHoldContext);
  // The file this tile has asked for; it keeps showing it while a hold comes and goes.
  const [shownFor, setShownFor] = useState<string | null>(null);
  if (!held && shownFor !== fileId) setShownFor(fileId);
  const settled = !held || shownFor === fileId;
  const key = `${fileId}:${version ?? 0}`;
  if (!info || !hasThumbnail || failedFor === key || !settled) {
    if (info && videoFrame && type === 'VIDEO') return <VideoFrameThumb key={fileId} src={mediaUrl(info, fileId, 'preview')} type={type} />;
    return <ThumbPlaceholder type={type} />;
  }
  return (
    <img
      key={fileId}
      className="thumb-img"
      src={mediaUrl(info, fileId, 'thumb')}
      alt=""
      decoding="async"
      draggable={false}
      onError={() => setFailedFor(key)}
    />
  );
});

/**
 * Video or audio through the playback controller (hls.js loaded only when needed). `autoPlay`
 * (quick look) is dropped for people who asked their system for less motion: they press Play.
 */
export function Player({ fileId, type, autoPlay: wantsAutoPlay = false, poster }: { fileId: string; type: FileType | null; autoPlay?: boolean; poster?: string }) {
  const autoPlay = wantsAutoPlay && !matchMedia('(prefers-reduced-motion: reduce)').matches;
  const ref = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  const info = useStatus((s) => s.info);
  const [state, setState] = useState<PlaybackState>({ phase: 'loading' });
  /** Retry after a refusal: a new attach (a new refusal episode). */
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el || !info) return;
    return attachPlayback(
      el,
      {
        fetchPlayback: (o) => api().invoke('library.playback', { fileId, ...(o?.fresh ? { fresh: true } : {}) }),
        loadHls: async () => (await import('hls.js')).default,
        // After Retry, main may ask for fresh links of the preview again (`?retry`).
        fallbackUrl: mediaUrl(info, fileId, 'preview') + (attempt > 0 ? `?retry=${attempt}` : ''),
        onState: setState,
      },
      { autoPlay },
    );
  }, [fileId, info, autoPlay, attempt]);
  const isAudio = type === 'AUDIO';
  return (
    <div className={`player ${isAudio ? 'player-audio' : 'player-video'}`} data-phase={state.phase}>
      {isAudio ? (
        <>
          <div className="player-audio-art" aria-hidden="true">
            <Icon name="audio" size={40} />
          </div>
          <audio ref={ref} controls preload="metadata" aria-label="Audio preview" data-testid="preview-media" muted={autoPlay} />
        </>
      ) : (
        <video
          ref={ref}
          controls
          playsInline
          preload="metadata"
          poster={poster}
          muted={autoPlay}
          aria-label="Video preview"
          data-testid="preview-media"
        />
      )}
      {state.phase === 'fallback' ? (
        <p className="player-note">Playing the preview rendition (stream unavailable: {state.reason}).</p>
      ) : state.phase === 'playing' && state.offline ? (
        <p className="player-note">Offline — playing the copy cached on this computer.</p>
      ) : state.phase === 'error' ? (
        <p className="player-note player-error" role="alert">
          {state.message}
        </p>
      ) : state.phase === 'refused' ? (
        <MediaRefused message="Can't play this file right now" onRetry={() => setAttempt((n) => n + 1)} />
      ) : null}
    </div>
  );
}

/** The source was refused again after a fresh link: say so, and let the person try again. */
function MediaRefused({ message, onRetry }: { message: string; onRetry(): void }) {
  return (
    <div className="player-note player-error media-refused" role="alert">
      <span>{message}</span>{' '}
      <button type="button" className="btn btn-sm" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}

/** An image at full size (the download rendition), the preview while it loads or if it fails. */
export function FullImage({
  fileId,
  name,
  open,
}: {
  fileId: string;
  name: string;
  /** The image as a button (the inspector's: opens quick look); not when it failed (Retry is a button). */
  open?: { className: string; label: string; onOpen(): void };
}) {
  const info = useStatus((s) => s.info);
  const online = useStatus((s) => s.online);
  type Stage = 'download' | 'preview' | 'thumb' | 'failed';
  const [fallen, setFallen] = useState<{ id: string; stage: Stage; retry: number } | null>(null);
  const stage: Stage = fallen?.id === fileId ? fallen.stage : 'download';
  const retry = fallen?.id === fileId ? fallen.retry : 0;
  if (!info) return null;
  if (stage === 'failed') {
    const wrap = (inner: ReactNode) => (open ? <div className={open.className}>{inner}</div> : inner);
    if (online) {
      // Online and still nothing: the links were refused (main asked for fresh ones once).
      return wrap(
        <div className="image-failed">
          <Icon name="image" size={32} />
          <MediaRefused message="Can't show this image right now" onRetry={() => setFallen({ id: fileId, stage: 'download', retry: retry + 1 })} />
        </div>,
      );
    }
    return wrap(
      <div className="image-failed">
        <Icon name="image" size={32} />
        <p>This image is not available offline.</p>
      </div>,
    );
  }
  // `?retry=n`: the person asked again, so main may ask for fresh links again (a new episode).
  const img = (
    <img
      className="full-image"
      src={mediaUrl(info, fileId, stage) + (retry > 0 ? `?retry=${retry}` : '')}
      alt={name}
      onError={() => setFallen({ id: fileId, stage: stage === 'download' ? 'preview' : stage === 'preview' ? 'thumb' : 'failed', retry })}
    />
  );
  if (!open) return img;
  return (
    <button type="button" className={open.className} onClick={open.onOpen} aria-label={open.label}>
      {img}
    </button>
  );
}
