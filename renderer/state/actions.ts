/** User actions that touch several stores (archive, pin, download…), with their confirmations and toasts. */
import { create } from 'zustand';
import { api } from '../transport/client';
import { idsInRange, invalidateLibrary, loadDetail, setDetail, useLibrary } from './library';
import { clearSelection, dropFromSelection, selectOnly, useSelection } from './selection';
import { mediaUrl, useStatus } from './status';
import { confirmDialog, showView, toast, toastError, useUi } from './ui';
import { loadUploads, useUploads } from './uploads';
import { rescueFocus } from '../lib/dialog-focus';

/** The most ids one command accepts (`library.archive`/`library.pin`). */
export const MAX_IDS = 10_000;

/** The selection as file ids (fetching them when "all" is selected). */
export async function selectedIds(): Promise<string[]> {
  const sel = useSelection.getState();
  if (!sel.all) return [...sel.ids];
  const total = useLibrary.getState().total ?? 0;
  if (total === 0) return [];
  const ids = await idsInRange(0, Math.min(total, MAX_IDS) - 1);
  return ids.filter((id) => !sel.except.has(id));
}

export async function archiveFiles(fileIds: string[], names?: string[]): Promise<boolean> {
  if (!fileIds.length) return false;
  const ids = fileIds.slice(0, MAX_IDS);
  const what = ids.length === 1 && names?.[0] ? `“${names[0]}”` : `${ids.length.toLocaleString()} files`;
  const ok = await confirmDialog({
    title: `Archive ${what}?`,
    body: 'Archived files leave the library and lists. VideoGen has no unarchive: this cannot be undone here.',
    confirmLabel: 'Archive',
    danger: true,
  });
  if (!ok) return false;
  try {
    const res = await api().invoke('library.archive', { fileIds: ids });
    dropFromSelection(res.archived);
    if (res.archived.includes(useLibrary.getState().detailId ?? '')) void loadDetail(null);
    invalidateLibrary(res.archived);
    toast({ kind: 'success', title: res.archived.length === 1 ? `Archived ${what}` : `Archived ${res.archived.length} files` });
    // The control that asked (an inspector button) may be gone with the file: the library takes focus.
    rescueFocus(() => document.querySelector('[role="listbox"][aria-label="Library"]'));
    return true;
  } catch (err) {
    toastError('Archive', err);
    return false;
  }
}

export async function archiveSelection(): Promise<void> {
  const ids = await selectedIds();
  const detail = useLibrary.getState().detail;
  const names = ids.length === 1 && detail && detail.fileId === ids[0] ? [detail.displayName] : undefined;
  await archiveFiles(ids, names);
  if (!useSelection.getState().ids.size) clearSelection();
}

export async function pinFiles(fileIds: string[], pinned: boolean): Promise<void> {
  try {
    await api().invoke('library.pin', { fileIds: fileIds.slice(0, MAX_IDS), pinned });
    invalidateLibrary(fileIds);
    toast({
      kind: 'success',
      title: pinned ? `Pinned ${fileIds.length === 1 ? '1 file' : `${fileIds.length} files`} for offline` : 'Unpinned',
      body: pinned ? 'Previews are kept on this computer and play offline.' : undefined,
    });
  } catch (err) {
    toastError(pinned ? 'Pin' : 'Unpin', err);
  }
}

export async function setPublicPreview(fileId: string, enabled: boolean): Promise<void> {
  try {
    const detail = await api().invoke('library.setPublicPreview', { fileId, enabled });
    setDetail(detail);
  } catch (err) {
    toastError(enabled ? 'Public preview' : 'Turn off public preview', err);
  }
}

/** Download: the Electron host saves it (and says where); the browser gets a download link. */
export async function downloadFile(fileId: string, name: string): Promise<void> {
  const info = useStatus.getState().info;
  if (info?.host === 'electron') {
    try {
      const { path } = await api().invoke('library.download', { fileId });
      toast({ kind: 'success', title: `Saved ${name}`, body: path, action: { label: 'Show', run: () => void revealFile(fileId) } });
    } catch (err) {
      toastError('Download', err);
    }
    return;
  }
  const a = document.createElement('a');
  a.href = mediaUrl(info, fileId, 'download');
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export async function revealFile(fileId: string): Promise<void> {
  try {
    const { path } = await api().invoke('library.reveal', { fileId });
    if (path) toast({ kind: 'info', title: 'Shown on disk', body: path });
    else toast({ kind: 'info', title: 'Not on disk yet', body: 'Download or pin the file to keep a copy on this computer.' });
  } catch (err) {
    toastError('Reveal', err);
  }
}

export async function copyText(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    toast({ kind: 'success', title: `${what} copied` });
  } catch {
    toast({ kind: 'error', title: `Could not copy the ${what.toLowerCase()}`, body: text });
  }
}

/** A file opened from elsewhere whose inspector should take focus once it shows (see takeInspectorFocus). */
let focusInspectorFor: string | null = null;

/** Open a library file in the inspector (from Activity, a toast, a result link). */
export function openInLibrary(fileId: string): void {
  focusInspectorFor = fileId;
  showView('library');
  selectOnly([fileId], fileId);
  void loadDetail(fileId);
}

/** True once for the file `openInLibrary` asked to show: the inspector then moves focus to it. */
export function takeInspectorFocus(fileId: string): boolean {
  if (focusInspectorFor !== fileId) return false;
  focusInspectorFor = null;
  return true;
}

export function quickLook(fileId: string | null): void {
  useUi.setState({ quickLook: fileId });
}

/**
 * Lip-sync results sent to the VideoGen library (file id → upload id), so the inspector can
 * follow the upload. Sending again asks the core, which answers with the same upload.
 */
export const useSentToVideoGen = create<Record<string, string>>(() => ({}));

/** "Add to VideoGen library": a normal upload of a lip-sync result (progress in Activity). */
export async function sendToVideoGen(fileId: string, name: string): Promise<string | null> {
  try {
    const { uploadId } = await api().invoke('library.sendToVideoGen', { fileId });
    useSentToVideoGen.setState({ [fileId]: uploadId });
    await loadUploads().catch(() => {});
    const u = useUploads.getState().byId.get(uploadId);
    if (u?.state === 'ready' && u.fileId) {
      const uploaded = u.fileId;
      toast({ kind: 'info', title: `“${name}” is already in your VideoGen library`, action: { label: 'Show', run: () => openInLibrary(uploaded) } });
    } else {
      toast({
        kind: 'success',
        title: `Adding “${name}” to your VideoGen library`,
        body: 'It uploads like any file you add; it shows up in the library once VideoGen has processed it.',
        action: { label: 'Activity', run: () => showView('activity') },
      });
    }
    return uploadId;
  } catch (err) {
    toastError('Add to VideoGen library', err);
    return null;
  }
}

/**
 * "Sync now": a full pass over the VideoGen library (files archived elsewhere leave it). A pass
 * already running serves the request. Failures say why.
 */
export async function syncLibraryNow(): Promise<void> {
  if (!useStatus.getState().online) {
    toast({ kind: 'error', title: "Can't sync the library while offline", body: 'It syncs again when the connection returns.' });
    return;
  }
  try {
    await api().invoke('library.sync', { full: true });
  } catch (err) {
    toastError('Sync now', err);
  }
}
