/**
 * Compare 2–4 files side by side: images share one zoom and pan (buttons, the wheel, dragging),
 * videos and audio share one play/pause and one position. Two images can also be laid over each
 * other with an A/B "Compare slider". Opened from a selection ("Compare", Shift+C) or from an
 * output's "Compare with input".
 */
import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { create } from 'zustand';
import type { FileDetail } from '../../main/contract';
import { useDialogFocus } from '../lib/dialog-focus';
import { mediaUrl, useStatus } from '../state/status';
import { api } from '../transport/client';
import { Icon } from './Icon';

export const useCompare = create<{ ids: string[] | null }>(() => ({ ids: null }));

export function openCompare(ids: string[]): void {
  useCompare.setState({ ids: ids.slice(0, 4) });
}
const closeCompare = () => useCompare.setState({ ids: null });

interface View {
  scale: number;
  x: number;
  y: number;
}
const FIT: View = { scale: 1, x: 0, y: 0 };
const clampScale = (s: number) => Math.min(8, Math.max(1, Math.round(s * 100) / 100));

export function Compare() {
  const ids = useCompare((s) => s.ids);
  const info = useStatus((s) => s.info);
  const [files, setFiles] = useState<FileDetail[] | null>(null);
  const [view, setView] = useState<View>(FIT);
  const [layout, setLayout] = useState<'side' | 'slider'>('side');
  const [split, setSplit] = useState(50);
  const [playing, setPlaying] = useState(false);
  const [position, setPosition] = useState(0);
  const media = useRef<Array<HTMLMediaElement | null>>([]);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useDialogFocus(ref, !!ids);

  const key = ids?.join(',') ?? '';
  useEffect(() => {
    if (!key) return;
    let live = true;
    void Promise.all(key.split(',').map((fileId) => api().invoke('library.get', { fileId })))
      .then((d) => {
        if (!live) return;
        setFiles(d);
        setView(FIT);
        setLayout('side');
        setPlaying(false);
        setPosition(0);
      })
      .catch(() => live && closeCompare());
    return () => {
      live = false;
    };
  }, [key]);

  // While playing, the others follow the first one's clock.
  useEffect(() => {
    if (!playing) return;
    const t = setInterval(() => {
      const [lead, ...rest] = media.current.filter((m): m is HTMLMediaElement => !!m);
      if (!lead) return;
      setPosition(lead.currentTime);
      for (const m of rest) if (Math.abs(m.currentTime - lead.currentTime) > 0.15) m.currentTime = lead.currentTime;
      if (lead.ended) setPlaying(false);
    }, 200);
    return () => clearInterval(t);
  }, [playing]);

  if (!ids || !info) return null;
  const shown = files && files.map((f) => f.fileId).join(',') === key ? files : null;
  const images = shown?.every((f) => f.type === 'IMAGE') ?? false;
  const timed = shown?.some((f) => f.type === 'VIDEO' || f.type === 'AUDIO') ?? false;
  const duration = Math.max(0, ...(shown ?? []).map((f) => f.durationSeconds ?? 0));
  const zoom = (by: number) => setView((v) => (clampScale(v.scale * by) === 1 ? FIT : { ...v, scale: clampScale(v.scale * by) }));
  const transform = `translate(${view.x}px, ${view.y}px) scale(${view.scale})`;
  const all = () => media.current.filter((m): m is HTMLMediaElement => !!m);
  const playPause = () => {
    if (playing) {
      all().forEach((m) => m.pause());
      setPlaying(false);
    } else {
      const at = all()[0]?.currentTime ?? 0;
      all().forEach((m) => {
        m.currentTime = at;
        void m.play().catch(() => undefined);
      });
      setPlaying(true);
    }
  };
  const seek = (t: number) => {
    all().forEach((m) => (m.currentTime = t));
    setPosition(t);
  };
  const panStart = (e: ReactPointerEvent) => {
    if (view.scale === 1 || layout === 'slider') return;
    drag.current = { x: e.clientX, y: e.clientY };
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
  };
  const panMove = (e: ReactPointerEvent) => {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    drag.current = { x: e.clientX, y: e.clientY };
    setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
  };
  const pane = (f: FileDetail, i: number) =>
    f.type === 'VIDEO' ? (
      <video
        ref={(el) => {
          media.current[i] = el;
        }}
        className="compare-media"
        src={mediaUrl(info, f.fileId, 'preview')}
        muted={i > 0}
        playsInline
        preload="auto"
        aria-label={f.displayName}
      />
    ) : f.type === 'AUDIO' ? (
      <audio
        ref={(el) => {
          media.current[i] = el;
        }}
        src={mediaUrl(info, f.fileId, 'download')}
        preload="auto"
        aria-label={f.displayName}
      />
    ) : (
      <div className="compare-stage" style={{ transform }}>
        <img className="compare-media" src={mediaUrl(info, f.fileId, 'download')} alt={f.displayName} draggable={false} />
      </div>
    );

  return (
    <div className="backdrop backdrop-dark" onMouseDown={(e) => e.target === e.currentTarget && closeCompare()}>
      <div
        ref={ref}
        className="compare"
        role="dialog"
        aria-modal="true"
        aria-label={`Compare ${ids.length} files`}
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            closeCompare();
          } else if (images && (e.key === '+' || e.key === '=')) zoom(1.25);
          else if (images && e.key === '-') zoom(0.8);
          else if (images && e.key === '0') setView(FIT);
        }}
      >
        <header className="compare-head">
          <span className="compare-title">{`Compare ${ids.length} files`}</span>
          {images ? (
            <div className="compare-tools" role="group" aria-label="Zoom">
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => zoom(0.8)} disabled={view.scale === 1}>
                Zoom out
              </button>
              <output className="compare-zoom" aria-label="Zoom level">{`${Math.round(view.scale * 100)}%`}</output>
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => zoom(1.25)} disabled={view.scale >= 8}>
                Zoom in
              </button>
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => setView(FIT)} disabled={view.scale === 1}>
                Fit
              </button>
            </div>
          ) : null}
          {images && shown?.length === 2 ? (
            <div className="segmented" role="group" aria-label="Layout">
              {(['side', 'slider'] as const).map((l) => (
                <button key={l} type="button" className={`segmented-item${layout === l ? ' is-on' : ''}`} aria-pressed={layout === l} onClick={() => setLayout(l)}>
                  {l === 'side' ? 'Side by side' : 'Slider'}
                </button>
              ))}
            </div>
          ) : null}
          <button type="button" className="btn btn-ghost btn-icon" aria-label="Close" onClick={closeCompare} data-autofocus>
            <Icon name="close" />
          </button>
        </header>
        {!shown ? (
          <div className="skeleton quicklook-skeleton" />
        ) : layout === 'slider' && images && shown.length === 2 ? (
          <div className="compare-slider">
            <div className="compare-pane compare-ab">
              <img className="compare-media" src={mediaUrl(info, shown[0]!.fileId, 'download')} alt={shown[0]!.displayName} draggable={false} />
              <img className="compare-media compare-top" style={{ clipPath: `inset(0 0 0 ${split}%)` }} src={mediaUrl(info, shown[1]!.fileId, 'download')} alt={shown[1]!.displayName} draggable={false} />
              <span className="compare-split" style={{ insetInlineStart: `${split}%` }} aria-hidden="true" />
            </div>
            <input type="range" min={0} max={100} step={1} value={split} aria-label="Compare slider" aria-valuetext={`${split}% ${shown[0]!.displayName}, ${100 - split}% ${shown[1]!.displayName}`} onChange={(e) => setSplit(Number(e.target.value))} />
            <div className="compare-names">
              <span>{shown[0]!.displayName}</span>
              <span>{shown[1]!.displayName}</span>
            </div>
          </div>
        ) : (
          <div className={`compare-grid compare-${shown.length}`}>
            {shown.map((f, i) => (
              <figure key={f.fileId} className="compare-cell">
                <div className={`compare-pane${view.scale > 1 ? ' is-zoomed' : ''}`} onPointerDown={panStart} onPointerMove={panMove} onPointerUp={() => (drag.current = null)} onWheel={(e) => images && zoom(e.deltaY < 0 ? 1.1 : 0.9)}>
                  {pane(f, i)}
                </div>
                <figcaption className="compare-name">{f.displayName}</figcaption>
              </figure>
            ))}
          </div>
        )}
        {timed && shown ? (
          <div className="compare-transport" role="group" aria-label="Playback">
            <button type="button" className="btn btn-sm" onClick={playPause}>
              <Icon name={playing ? 'cancel' : 'play'} />
              {playing ? 'Pause all' : 'Play all'}
            </button>
            <input type="range" min={0} max={duration || 1} step={0.05} value={Math.min(position, duration || 1)} aria-label="Position" aria-valuetext={`${position.toFixed(1)} seconds`} onChange={(e) => seek(Number(e.target.value))} />
          </div>
        ) : null}
      </div>
    </div>
  );
}
