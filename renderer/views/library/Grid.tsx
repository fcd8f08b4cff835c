import { Fragment, memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { LibraryItem } from '../../../main/contract';
import { Icon } from '../../components/Icon';
import { Thumb } from '../../components/Media';
import { formatBytes, formatDuration, formatRelative, itemLabel, toolTypeLabel, typeLabel } from '../../lib/format';
import { requestRange, setScrolling, useLibrary } from '../../state/library';
import { isSelected, useSelection } from '../../state/selection';
import { quickLook } from '../../state/actions';
import { librarySource, onItemClick, onItemDragStart, onListKeyDown, type ItemSource } from './interactions';

// Sizes in rem (16ths of the root font size), as in app.css: the grid grows with the text
// size a person has chosen, not only with zoom.
const MIN_CELL = 10.5;
const GAP = 0.75;
const PAD = 1;
const CAPTION = 2.875;
const LIST_ROW = 2.5;

/** CSS pixels in one rem, followed as it changes (zoom changes the window's size too). */
function useRem(): number {
  const read = () => parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const [rem, setRem] = useState(read);
  useEffect(() => {
    const onResize = () => setRem(read());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return rem;
}

/** Container width, tracked with a ResizeObserver. */
function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [w, setW] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setW(el.clientWidth);
    const ro = new ResizeObserver(() => setW(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return w;
}

export function itemId(listId: string, index: number): string {
  return `${listId}-item-${index}`;
}

interface CellProps {
  item: LibraryItem | undefined;
  index: number;
  count: number;
  selected: boolean;
  focused: boolean;
  listId: string;
  /** Where the collection's data lives now (stable object: cells do not re-render when it changes). */
  ctx: CellCtx;
  /** Position and size: numbers, so an unchanged cell's props compare equal. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** False while the list flies past faster than a screen per frame: no thumbnails then. */
  still: boolean;
}

/**
 * Cells and rows keep one DOM shape whether their item is loaded, loading (a skeleton) or
 * flying past: scrolling only changes text, attributes and transforms of reused elements.
 * Thumbnails and badges appear once the list is still enough to look at them.
 */
interface CellCtx {
  src(): ItemSource;
}

const Cell = memo(function Cell({ item, index, count, selected, focused, listId, ctx, x, y, w, h, still }: CellProps) {
  const style = { transform: `translate(${x}px, ${y}px)`, width: w, height: h };
  const meta = item
    ? [
        item.type ? typeLabel(item.type) : null,
        item.origin === 'generated' ? 'Generated' : item.origin === 'lipsync' ? 'Lip-sync' : null,
        item.scope === 'TEMPORARY' ? 'Temporary' : null,
      ]
        .filter(Boolean)
        .join(' · ') || '\u00a0'
    : '';
  const timed = !!item && (item.type === 'VIDEO' || item.type === 'AUDIO');
  const duration = timed && item.durationSeconds ? formatDuration(item.durationSeconds) : null;
  const status = item && item.status !== 'ready' ? (item.status === 'processing' ? 'Processing' : 'Failed') : null;
  const show = still && item;
  // The caption comes first in the DOM (CSS puts the picture on top): the option's name starts
  // with the file's name and reads the tile's words in the order they are shown.
  const label = item ? itemLabel([item.displayName, meta, show ? duration : null, show ? status : null], item.pinned && !!show) : undefined;
  return (
    <div
      {...optionProps({ item, index, count, selected, listId, ctx, label })}
      className={`cell${selected ? ' is-selected' : ''}${focused ? ' is-focused' : ''}`}
      style={style}
    >
      <div className="cell-caption">
        <span className="cell-name" title={item?.displayName}>
          {item?.displayName ?? ''}
        </span>{' '}
        <span className="cell-meta">{meta}</span>
      </div>{' '}
      <div className="cell-thumb">
        {show ? (
          <>
            <Thumb fileId={item.fileId} type={item.type} hasThumbnail={item.hasThumbnail} version={item.updatedAt} videoFrame={item.origin === 'lipsync'} />
            {timed ? <span className="cell-duration">{duration ?? <Icon name={item.type === 'VIDEO' ? 'play' : 'audio'} size={12} />}</span> : null}{' '}
            {status ? <span className={`cell-status cell-status-${item.status}`}>{status}</span> : null}
            {item.pinned ? (
              <span className="cell-pin" title="Pinned for offline">
                <Icon name="pin" size={12} />
              </span>
            ) : null}
          </>
        ) : null}
        {selected && item ? (
          <span className="cell-check" aria-hidden="true">
            <Icon name="check" size={12} />
          </span>
        ) : null}
      </div>
    </div>
  );
});

/** What a grid cell and a list row share: the listbox option semantics and the pointer actions. */
function optionProps({ item, index, count, selected, listId, ctx, label }: Pick<CellProps, 'item' | 'index' | 'count' | 'selected' | 'listId' | 'ctx'> & { label?: string }) {
  if (!item) return { 'aria-hidden': true as const, draggable: false };
  return {
    id: itemId(listId, index),
    role: 'option' as const,
    'aria-selected': selected,
    'aria-label': label,
    'aria-posinset': index + 1,
    'aria-setsize': count,
    draggable: true,
    'data-file-id': item.fileId,
    onClick: (e: React.MouseEvent) => void onItemClick(ctx.src(), index, item, e),
    onDoubleClick: () => quickLook(item.fileId),
    onDragStart: (e: React.DragEvent) => onItemDragStart(item, e),
  };
}

const Row = memo(function Row({ item, index, count, selected, focused, listId, ctx, y, h, still }: CellProps) {
  const style = { transform: `translateY(${y}px)`, height: h, width: '100%' };
  const dims = item?.width && item.height ? `${item.width}×${item.height}` : '—';
  const show = still && item;
  const status = item && item.status !== 'ready' ? (item.status === 'processing' ? 'Processing' : 'Failed') : null;
  const cols = item
    ? [typeLabel(item.type), formatDuration(item.durationSeconds), formatBytes(item.bytes), item.origin === 'uploaded' ? 'Uploaded' : toolTypeLabel(item.toolType), dims, formatRelative(item.createdAt)]
    : [];
  const label = item ? itemLabel([item.displayName, show ? status : null, ...cols], item.pinned && !!show) : undefined;
  return (
    <div
      {...optionProps({ item, index, count, selected, listId, ctx, label })}
      className={`lrow${selected ? ' is-selected' : ''}${focused ? ' is-focused' : ''}`}
      style={style}
    >
      <span className="lrow-thumb">
        {show ? <Thumb fileId={item.fileId} type={item.type} hasThumbnail={item.hasThumbnail} version={item.updatedAt} videoFrame={item.origin === 'lipsync'} /> : null}
      </span>
      <span className="lrow-name" title={item?.displayName}>
        <span className="lrow-name-text">{item?.displayName ?? ''}</span>
        {show && item.pinned ? <Icon name="pin" size={12} className="lrow-pin" /> : null}{' '}
        {show && status ? <span className={`badge badge-${item.status}`}>{status}</span> : null}
      </span>
      {COLUMN_CLASSES.map((cls, i) => (
        <Fragment key={i}>
          {' '}
          <span className={cls} title={cols[i]}>
            {cols[i] ?? ''}
          </span>
        </Fragment>
      ))}
    </div>
  );
});

/**
 * The list's columns after the name: Type, Duration, Size, then Made by, Dimensions, Added,
 * which a narrow list leaves out (the inspector has them; the item's name still says them).
 */
const COLUMN_CLASSES = ['lrow-col', 'lrow-col num', 'lrow-col num', 'lrow-col lrow-extra', 'lrow-col num lrow-extra', 'lrow-col lrow-extra'];

/**
 * The library as a virtualized listbox: a responsive grid of thumbnails (rows virtualized,
 * columns from the width) or a list. Only the rows on screen exist in the DOM; their pages
 * are fetched as they come into view.
 */
export function ItemCollection({
  src,
  mode,
  listId,
  label,
  onRange,
  onScrolling,
  pages,
}: {
  src: ItemSource;
  mode: 'grid' | 'list';
  listId: string;
  label: string;
  /** Called with the visible index range (the paged library fetches there). */
  onRange?: (first: number, last: number) => void;
  /** Told when scrolling starts and stops (the library holds refreshes back meanwhile). */
  onScrolling?: (on: boolean) => void;
  /** Changes when the data behind `src` changes (re-render trigger). */
  pages: unknown;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useWidth(scrollRef);
  const rem = useRem();
  const [gap, pad] = [GAP * rem, PAD * rem];
  const inner = Math.max(0, width - pad * 2);
  const cols = mode === 'list' ? 1 : Math.max(1, Math.floor((inner + gap) / (MIN_CELL * rem + gap)));
  const cellW = mode === 'list' ? inner : (inner - gap * (cols - 1)) / cols;
  const rowH = mode === 'list' ? Math.round(LIST_ROW * rem) : Math.round(cellW * 0.75 + CAPTION * rem + gap);
  const rows = Math.ceil(src.count / cols);

  const overscan = mode === 'list' ? 8 : 2;
  // TanStack Virtual returns fresh functions on purpose; this component does not rely on memoization.
  // eslint-disable-next-line react-hooks/incompatible-library
  const v = useVirtualizer({
    count: rows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowH,
    overscan,
    paddingStart: mode === 'list' ? 0 : pad,
    paddingEnd: pad,
  });
  useEffect(() => {
    v.measure();
  }, [rowH, v]);

  const vItems = v.getVirtualItems();
  const firstRow = vItems[0]?.index ?? 0;
  const lastRow = vItems[vItems.length - 1]?.index ?? 0;
  // Cells are keyed by slot, not by index: the rendered items are always a contiguous run no
  // longer than the pool, so `index % pool` is unique among them, and a cell that scrolls out
  // is reused (new props) for the one that scrolls in, instead of being destroyed and rebuilt.
  const viewport = v.scrollRect?.height ?? 800;
  const rendered = (lastRow - firstRow + 1) * cols;
  const fitted = (Math.ceil(viewport / Math.max(1, rowH)) + 2 + 2 * overscan) * cols;
  const pool = Math.max(fitted, rendered);

  // Flying past (more than a screen per render while scrolling): skip thumbnails, which would
  // only start loads for cells gone by the next frame. They come in as soon as it slows.
  const offset = v.scrollOffset ?? 0;
  const lastOffset = useRef(offset);
  const still = !v.isScrolling || Math.abs(offset - lastOffset.current) < viewport;
  useEffect(() => {
    lastOffset.current = offset;
  });
  // Pages are asked for where the list is, not where it flew past: while flying, only once it
  // has stayed put for a moment (every frame resets the timer).
  useEffect(() => {
    if (!onRange) return;
    const t = setTimeout(() => onRange(firstRow * cols, (lastRow + 1) * cols - 1), still ? 0 : 90);
    return () => clearTimeout(t);
  }, [firstRow, lastRow, cols, onRange, pages, still]);

  const isScrolling = v.isScrolling;
  useEffect(() => {
    onScrolling?.(isScrolling);
  }, [isScrolling, onScrolling]);

  const srcRef = useRef(src);
  useEffect(() => {
    srcRef.current = src;
  });
  const ctx = useMemo<CellCtx>(() => ({ src: () => srcRef.current }), []);

  const sel = useSelection();
  const scrollTo = useCallback((index: number) => v.scrollToIndex(Math.floor(index / cols), { align: 'auto' }), [v, cols]);

  // Focus is by file (several lists share one selection): this list owns it only if the file is
  // at the focused index here.
  const activeId = sel.focusedIndex != null && sel.focused && src.at(sel.focusedIndex)?.fileId === sel.focused ? itemId(listId, sel.focusedIndex) : undefined;

  return (
    <div
      ref={scrollRef}
      className={`collection collection-${mode}`}
      role="listbox"
      aria-label={label}
      aria-multiselectable="true"
      aria-activedescendant={activeId}
      tabIndex={0}
      data-testid={`${listId}-scroller`}
      onKeyDown={(e) => void onListKeyDown(src, cols, e, scrollTo)}
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) return;
        (e.currentTarget as HTMLElement).focus({ preventScroll: true });
      }}
    >
      <div className="collection-sizer" style={{ height: v.getTotalSize() }}>
        {vItems.map((row) => {
          const out = [];
          for (let c = 0; c < cols; c++) {
            const index = row.index * cols + c;
            if (index >= src.count) break;
            const item = src.at(index);
            const C = mode === 'list' ? Row : Cell;
            out.push(
              <C
                key={index % pool}
                item={item}
                index={index}
                count={src.count}
                selected={item ? isSelected(sel, item.fileId) : false}
                focused={!!item && sel.focused === item.fileId}
                listId={listId}
                ctx={ctx}
                x={mode === 'list' ? 0 : pad + c * (cellW + gap)}
                y={row.start}
                w={cellW}
                h={mode === 'list' ? rowH : rowH - gap}
                still={still}
              />,
            );
          }
          return out;
        })}
      </div>
    </div>
  );
}

/** The paged library in the current view mode. */
export function LibraryCollection({ mode }: { mode: 'grid' | 'list' }) {
  useEffect(() => () => setScrolling(false), []);
  const total = useLibrary((s) => s.total) ?? 0;
  // Subscribing to the pages re-renders the collection (which reads items through `src`) when
  // data arrives; cells whose item object did not change skip their render.
  const pages = useLibrary((s) => s.pages);
  const src = useMemo(() => librarySource(total), [total]);
  return <ItemCollection src={src} mode={mode} listId="library" label="Library" onRange={requestRange} onScrolling={setScrolling} pages={pages} />;
}
