import { useEffect, useRef, useState } from 'react';
import { useDialogFocus } from '../../lib/dialog-focus';
import { moveIndex } from '../../lib/roving';
import type { FileType, LibraryItem } from '../../../main/contract';
import { api } from '../../transport/client';
import { Icon } from '../../components/Icon';
import { Thumb } from '../../components/Media';
import { rememberFiles } from '../../components/FileChip';
import { formatDuration, itemLabel, typeLabel } from '../../lib/format';

/** Pick files of the accepted types from the library (recent first, or by search). */
export function FilePicker({
  accept,
  max,
  already,
  onPick,
  onClose,
  title,
}: {
  accept: readonly FileType[];
  max: number;
  already: string[];
  onPick: (ids: string[]) => void;
  onClose: () => void;
  title: string;
}) {
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<LibraryItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [active, setActive] = useState(0);
  const dialogRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const room = Math.max(0, max - already.length);
  // Focus starts in the filter box, stays inside while open, and goes back to the button that opened it.
  useDialogFocus(dialogRef, true);
  useEffect(() => {
    let live = true;
    const q = query.trim();
    const run = async () => {
      try {
        // Lip-sync results live only on this computer: neither VideoGen nor Sync can read them
        // until they are added to the VideoGen library (then they are uploaded files).
        const list = q
          ? (await api().invoke('library.search', { query: q, limit: 100 }))
              .map((h) => h.item)
              .filter((x) => x.type && accept.includes(x.type) && x.origin !== 'lipsync')
          : (
              await api().invoke('library.query', {
                filter: { types: [...accept], origins: ['uploaded', 'generated'] },
                sort: { field: 'updated', dir: 'desc' },
                offset: 0,
                limit: 200,
              })
            ).items;
        if (!live) return;
        rememberFiles(list);
        setItems(list.filter((x) => x.status !== 'failed'));
        setError(null);
      } catch (err) {
        if (live) setError((err as Error).message);
      }
    };
    const t = setTimeout(run, q ? 120 : 0);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [query, accept]);

  /** Arrow keys move through the tiles (one Tab stop for the whole list, as in the library). */
  const onGridKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const tiles = Array.from(gridRef.current?.querySelectorAll<HTMLElement>('[role="option"]') ?? []);
    const from = tiles.indexOf(e.target as HTMLElement);
    if (from < 0) return;
    const top = tiles[0]!.offsetTop;
    const columns = Math.max(1, tiles.findIndex((t) => t.offsetTop !== top) === -1 ? tiles.length : tiles.findIndex((t) => t.offsetTop !== top));
    const next = moveIndex(e.key, from, tiles.length, { columns, wrap: false });
    if (next == null) return;
    e.preventDefault();
    setActive(next);
    tiles[next]!.focus();
  };
  const activeIndex = items ? Math.min(active, Math.max(0, items.length - 1)) : 0;

  const toggle = (id: string) => {
    setChosen((c) => {
      if (c.includes(id)) return c.filter((x) => x !== id);
      if (max === 1) return [id];
      return c.length >= room ? c : [...c, id];
    });
  };

  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={dialogRef}
        className="dialog dialog-wide picker"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <header className="picker-head">
          <h2>{title}</h2>
          <span className="muted small">
            {accept.map((t) => typeLabel(t)).join(' or ')} · {max === 1 ? 'pick one' : `up to ${room} more`}
          </span>
          <button type="button" className="btn btn-ghost btn-icon" aria-label="Close" onClick={onClose}>
            <Icon name="close" />
          </button>
        </header>
        <div className="searchbox picker-search">
          <Icon name="search" className="searchbox-icon" />
          <input data-autofocus type="search" aria-label="Filter files" placeholder="Filter by name or content" value={query} onChange={(e) => setQuery(e.target.value)} />
        </div>
        <div ref={gridRef} className="picker-grid" role="listbox" aria-label="Library files" aria-multiselectable={max > 1} onKeyDown={onGridKeyDown}>
          {error ? (
            <p className="muted" role="alert">
              {error}
            </p>
          ) : items == null ? (
            Array.from({ length: 8 }, (_, i) => <div key={i} className="picker-item skeleton" />)
          ) : items.length === 0 ? (
            <p className="muted picker-empty">No {accept.map((t) => typeLabel(t).toLowerCase()).join(' or ')} files{query ? ` match “${query}”` : ' in the library yet'}.</p>
          ) : (
            items.map((it, i) => {
              const on = chosen.includes(it.fileId);
              const used = already.includes(it.fileId);
              const duration = it.durationSeconds ? formatDuration(it.durationSeconds) : null;
              return (
                <div
                  key={it.fileId}
                  role="option"
                  aria-selected={on}
                  aria-disabled={used}
                  aria-label={itemLabel([it.displayName, duration, used ? 'already added' : null])}
                  tabIndex={i === activeIndex ? 0 : -1}
                  onFocus={() => setActive(i)}
                  className={`picker-item${on ? ' is-selected' : ''}${used ? ' is-used' : ''}`}
                  onClick={() => !used && toggle(it.fileId)}
                  onDoubleClick={() => !used && onPick([it.fileId])}
                  onKeyDown={(e) => {
                    if ((e.key === ' ' || e.key === 'Enter') && !used) {
                      e.preventDefault();
                      toggle(it.fileId);
                    }
                  }}
                >
                  <span className="picker-name" title={it.displayName}>
                    {it.displayName}
                  </span>{' '}
                  <div className="picker-thumb">
                    <Thumb fileId={it.fileId} type={it.type} hasThumbnail={it.hasThumbnail} />
                    {duration ? <span className="cell-duration">{duration}</span> : null}
                    {on ? (
                      <span className="cell-check" aria-hidden="true">
                        <Icon name="check" size={12} />
                      </span>
                    ) : null}
                  </div>
                </div>
              );
            })
          )}
        </div>
        <div className="dialog-actions">
          <span className="muted small">{chosen.length ? `${chosen.length} chosen` : ''}</span>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" disabled={!chosen.length} onClick={() => onPick(chosen)}>
            {max === 1 ? 'Use file' : `Add ${chosen.length || ''}`.trim()}
          </button>
        </div>
      </div>
    </div>
  );
}
