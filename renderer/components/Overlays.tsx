import { useEffect, useRef, useState } from 'react';
import type { FileDetail } from '../../main/contract';
import { Icon } from './Icon';
import { FullImage, Player } from './Media';
import { api } from '../transport/client';
import { dismissToast, holdToasts, useUi } from '../state/ui';
import { quickLook } from '../state/actions';
import { formatBytes, formatDuration, typeLabel } from '../lib/format';
import { useDialogFocus } from '../lib/dialog-focus';

export function ConfirmDialog() {
  const req = useUi((s) => s.confirm);
  const ref = useRef<HTMLDivElement>(null);
  useDialogFocus(ref, !!req);
  if (!req) return null;
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && req.resolve(false)}>
      <div
        ref={ref}
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        aria-describedby="confirm-body"
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            req.resolve(false);
          }
        }}
      >
        <h2 id="confirm-title">{req.title}</h2>
        <p id="confirm-body">{req.body}</p>
        <div className="dialog-actions">
          {/* Something that cannot be undone starts on Cancel: Enter alone never archives. */}
          <button type="button" className="btn" data-autofocus={req.danger ? true : undefined} onClick={() => req.resolve(false)}>
            Cancel
          </button>
          <button type="button" className={`btn ${req.danger ? 'btn-danger-solid' : 'btn-primary'}`} data-autofocus={req.danger ? undefined : true} onClick={() => req.resolve(true)}>
            {req.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}

export function QuickLook() {
  const fileId = useUi((s) => s.quickLook);
  const [loaded, setLoaded] = useState<FileDetail | null>(null);
  const detail = loaded && loaded.fileId === fileId ? loaded : null;
  const ref = useRef<HTMLDivElement>(null);
  useDialogFocus(ref, !!fileId);
  useEffect(() => {
    if (!fileId) return;
    let live = true;
    api()
      .invoke('library.get', { fileId })
      .then((d) => {
        if (live) setLoaded(d);
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [fileId]);
  if (!fileId) return null;
  const close = () => quickLook(null);
  return (
    <div className="backdrop backdrop-dark" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        ref={ref}
        className="quicklook"
        role="dialog"
        aria-modal="true"
        aria-label={detail ? `Quick look: ${detail.displayName}` : 'Quick look'}
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === 'Escape' || (e.key === ' ' && (e.target as HTMLElement).tagName !== 'VIDEO' && (e.target as HTMLElement).tagName !== 'AUDIO' && (e.target as HTMLElement).tagName !== 'BUTTON')) {
            e.preventDefault();
            e.stopPropagation();
            close();
          }
        }}
      >
        <header className="quicklook-head">
          <span className="quicklook-title">{detail?.displayName ?? 'Loading…'}</span>
          {detail ? (
            <span className="muted small">
              {[typeLabel(detail.type), detail.width && detail.height ? `${detail.width}×${detail.height}` : null, detail.durationSeconds ? formatDuration(detail.durationSeconds) : null, formatBytes(detail.bytes)]
                .filter(Boolean)
                .join(' · ')}
            </span>
          ) : null}
          <button type="button" className="btn btn-ghost btn-icon" aria-label="Close" onClick={close} data-autofocus>
            <Icon name="close" />
          </button>
        </header>
        <div className="quicklook-body">
          {!detail ? (
            <div className="skeleton quicklook-skeleton" />
          ) : detail.type === 'VIDEO' || detail.type === 'AUDIO' ? (
            <Player fileId={detail.fileId} type={detail.type} autoPlay />
          ) : (
            <FullImage fileId={detail.fileId} name={detail.displayName} />
          )}
        </div>
      </div>
    </div>
  );
}

export function Toasts() {
  const toasts = useUi((s) => s.toasts);
  const ref = useRef<HTMLDivElement>(null);
  // Held while the pointer is over one or focus is in one; checked again whenever the list
  // changes (a dismissed toast under the pointer, or with focus, leaves no event behind).
  const hold = () => {
    const el = ref.current;
    holdToasts(!!el && toasts.length > 0 && (el.matches(':hover') || el.contains(document.activeElement)));
  };
  useEffect(hold, [toasts]);
  return (
    // Not a live region itself: errors are alerts, the rest are read through the app's live region.
    <div ref={ref} className="toasts" role="region" aria-label="Notifications" onMouseOver={hold} onMouseOut={hold} onFocus={hold} onBlur={hold}>
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'}>
          <Icon name={t.kind === 'error' ? 'warning' : t.kind === 'success' ? 'check' : 'sparkle'} className="toast-icon" />
          <div className="toast-text">
            <div className="toast-title">{t.title}</div>
            {t.body ? <div className="toast-body">{t.body}</div> : null}
          </div>
          {t.action ? (
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              onClick={() => {
                t.action!.run();
                dismissToast(t.id);
              }}
            >
              {t.action.label}
            </button>
          ) : null}
          <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => dismissToast(t.id)}>
            <Icon name="close" size={12} />
          </button>
        </div>
      ))}
    </div>
  );
}

export function DropOverlay() {
  const active = useUi((s) => s.dropActive);
  if (!active) return null;
  return (
    <div className="drop-overlay" aria-hidden="true">
      <div className="drop-overlay-card">
        <Icon name="upload" size={28} />
        <div className="drop-overlay-title">Drop to upload</div>
        <div className="muted">Files and whole folders go to your library</div>
      </div>
    </div>
  );
}
