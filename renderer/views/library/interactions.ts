import type { DragEvent, KeyboardEvent, MouseEvent } from 'react';
import type { LibraryItem } from '../../../main/contract';
import { api } from '../../transport/client';
import { idsInRange, itemAt, loadDetail, useLibrary } from '../../state/library';
import { clearSelection, clickItem, isSelected, selectAll, useSelection } from '../../state/selection';
import { mediaUrl, useStatus } from '../../state/status';
import { archiveSelection, quickLook, selectedIds } from '../../state/actions';
import { focusAddToCollection, rateFiles } from '../../state/organize';
import { openCompare } from '../../components/Compare';
import { announce } from '../../lib/announce';
import { isMod } from '../../lib/platform';
import { LIBRARY_DRAG_TYPE } from '../../lib/files';

/** How a list of items (the paged library, or search results) is addressed by index. */
export interface ItemSource {
  count: number;
  at(index: number): LibraryItem | undefined;
  /** Ids of [from, to], possibly fetching. */
  range(from: number, to: number): Promise<string[]>;
}

export const librarySource = (total: number): ItemSource => ({
  count: total,
  at: (i) => itemAt(useLibrary.getState(), i),
  range: idsInRange,
});

export function arraySource(items: LibraryItem[]): ItemSource {
  return {
    count: items.length,
    at: (i) => items[i],
    range: async (a, b) => items.slice(Math.min(a, b), Math.max(a, b) + 1).map((x) => x.fileId),
  };
}

export async function onItemClick(src: ItemSource, index: number, item: LibraryItem, e: MouseEvent): Promise<void> {
  const mods = { shift: e.shiftKey, toggle: isMod(e) };
  const anchor = useSelection.getState().anchor;
  if (mods.shift && anchor != null) {
    const ids = await src.range(anchor, index);
    clickItem(index, item.fileId, mods, ids);
  } else {
    clickItem(index, item.fileId, mods);
  }
  void loadDetail(item.fileId);
}

export function onItemDragStart(item: LibraryItem, e: DragEvent): void {
  const client = api();
  const sel = useSelection.getState();
  const ids = isSelected(sel, item.fileId) && !sel.all && sel.ids.size > 1 ? [...sel.ids] : [item.fileId];
  if (client.kind === 'electron' && client.startDrag(item.fileId)) {
    // The native drag (a real file out to the desktop) replaces the HTML one.
    e.preventDefault();
    return;
  }
  const info = useStatus.getState().info;
  const url = new URL(mediaUrl(info, item.fileId, 'download'), location.href).href;
  e.dataTransfer.effectAllowed = 'copy';
  e.dataTransfer.setData(LIBRARY_DRAG_TYPE, JSON.stringify(ids));
  e.dataTransfer.setData('text/uri-list', url);
  e.dataTransfer.setData('text/plain', item.displayName);
  // Chromium: dropping this on the desktop downloads the file.
  const mime = item.type === 'IMAGE' ? 'image/png' : item.type === 'VIDEO' ? 'video/mp4' : item.type === 'AUDIO' ? 'audio/mpeg' : 'application/octet-stream';
  e.dataTransfer.setData('DownloadURL', `${mime}:${item.displayName}:${url}`);
}

/**
 * Keyboard on a focused listbox: arrows move, Shift extends, Space opens quick look,
 * Delete/Backspace archives (with a confirm), Cmd/Ctrl+A selects all, Esc clears, 0–5 rate
 * the selection, C moves to "Add to collection".
 */
export async function onListKeyDown(src: ItemSource, cols: number, e: KeyboardEvent, scrollTo: (index: number) => void): Promise<void> {
  const sel = useSelection.getState();
  const cur = sel.focusedIndex ?? -1;
  let next: number;
  switch (e.key) {
    case 'ArrowRight':
      next = cur + 1;
      break;
    case 'ArrowLeft':
      next = cur - 1;
      break;
    case 'ArrowDown':
      next = cur < 0 ? 0 : cur + cols;
      break;
    case 'ArrowUp':
      next = cur - cols;
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = src.count - 1;
      break;
    case ' ':
    case 'Spacebar':
      e.preventDefault();
      if (sel.focused) quickLook(sel.focused);
      return;
    case 'Enter':
      e.preventDefault();
      if (sel.focused) quickLook(sel.focused);
      return;
    case 'Delete':
    case 'Backspace':
      e.preventDefault();
      await archiveSelection();
      return;
    case 'Escape':
      if (sel.focused || sel.all || sel.ids.size) {
        e.preventDefault();
        clearSelection();
        void loadDetail(null);
      }
      return;
    case 'a':
    case 'A':
      if (isMod(e)) {
        e.preventDefault();
        selectAll();
      }
      return;
    case 'c':
    case 'C':
      // Shift+C: compare the selection (2–4 files).
      if (e.shiftKey && !isMod(e) && !e.altKey) {
        e.preventDefault();
        const ids = await selectedIds();
        if (ids.length >= 2 && ids.length <= 4) openCompare(ids);
        else announce('Compare takes 2 to 4 selected files');
        return;
      }
      // "Add to collection" for the selection, in the inspector.
      if (!isMod(e) && !e.altKey && (sel.focused || sel.ids.size || sel.all)) {
        e.preventDefault();
        focusAddToCollection();
      }
      return;
    default:
      // 0–5 rate the selection (0 clears the rating).
      if (/^[0-5]$/.test(e.key) && !isMod(e) && !e.altKey && (sel.focused || sel.ids.size || sel.all)) {
        e.preventDefault();
        void rateFiles(await selectedIds(), Number(e.key));
      }
      return;
  }
  e.preventDefault();
  if (src.count === 0) return;
  next = Math.max(0, Math.min(src.count - 1, next));
  scrollTo(next);
  let item = src.at(next);
  if (!item) {
    await src.range(next, next);
    item = src.at(next);
  }
  if (!item) return;
  const mods = { shift: e.shiftKey, toggle: false };
  if (mods.shift && sel.anchor != null) clickItem(next, item.fileId, mods, await src.range(sel.anchor, next));
  else clickItem(next, item.fileId, mods);
  void loadDetail(item.fileId);
}
