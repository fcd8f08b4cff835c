/**
 * Files from a drop, a file input or the clipboard. A dropped item the host can read from disk
 * (Electron gives it a path, folders too) goes to main by path, and main walks its folders;
 * only items without a path (the web host, pasted data) are walked here, through the File and
 * Directory Entries API (webkitGetAsEntry), which must be read synchronously inside the drop
 * handler; the walk itself is async. Either way each folder is walked once.
 */

interface EntryLike {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath?: string;
}
interface FileEntryLike extends EntryLike {
  file(ok: (f: File) => void, fail?: (e: unknown) => void): void;
}
interface DirEntryLike extends EntryLike {
  createReader(): { readEntries(ok: (entries: EntryLike[]) => void, fail?: (e: unknown) => void): void };
}

export interface DropSnapshot {
  entries: EntryLike[];
  files: File[];
  /** The File of each dropped entry, folders included: under Electron it has a path on disk. */
  entryFiles?: Map<EntryLike, File>;
}

/** Take what a DataTransfer holds, synchronously (items die when the event handler returns). */
export function snapshotDataTransfer(dt: DataTransfer): DropSnapshot {
  const entries: EntryLike[] = [];
  const files: File[] = [];
  const entryFiles = new Map<EntryLike, File>();
  const items = dt.items ? Array.from(dt.items) : [];
  for (const item of items) {
    if (item.kind !== 'file') continue;
    const entry = (item as DataTransferItem & { webkitGetAsEntry?: () => EntryLike | null }).webkitGetAsEntry?.();
    const f = item.getAsFile();
    if (entry) {
      entries.push(entry);
      if (f) entryFiles.set(entry, f);
    } else if (f) files.push(f);
  }
  if (!items.length && dt.files) files.push(...Array.from(dt.files));
  return { entries, files, entryFiles };
}

/**
 * A drop, split by who reads it: `paths` for items the host has on disk (main walks the
 * folders among them), `files` for the rest, with their folders walked here.
 */
export async function collectDrop(snap: DropSnapshot, pathOf: (file: File) => string | null, limit = DROP_LIMIT): Promise<{ paths: string[]; files: File[] }> {
  const paths: string[] = [];
  const rest: DropSnapshot = { entries: [], files: [] };
  for (const entry of snap.entries) {
    const file = snap.entryFiles?.get(entry);
    const p = file ? pathOf(file) : null;
    if (p) paths.push(p);
    else rest.entries.push(entry);
  }
  for (const file of snap.files) {
    const p = pathOf(file);
    if (p) paths.push(p);
    else rest.files.push(file);
  }
  const files = rest.entries.length || rest.files.length ? await collectFiles(rest, limit) : [];
  return { paths, files };
}

/** Files taken from one drop at most (a folder walk stops there). */
export const DROP_LIMIT = 100_000;

function readFile(entry: FileEntryLike): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function readAll(dir: DirEntryLike): Promise<EntryLike[]> {
  const reader = dir.createReader();
  const out: EntryLike[] = [];
  return new Promise((resolve, reject) => {
    // readEntries returns at most ~100 entries per call: keep reading until it returns none.
    const next = () =>
      reader.readEntries((batch) => {
        if (!batch.length) resolve(out);
        else {
          out.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

/** Every file under the dropped entries (folders walked), skipping hidden files like .DS_Store. */
export async function collectFiles(snap: { entries: EntryLike[]; files: File[] }, limit = DROP_LIMIT): Promise<File[]> {
  const out: File[] = [...snap.files];
  const stack = [...snap.entries];
  while (stack.length && out.length < limit) {
    const e = stack.shift()!;
    if (e.name.startsWith('.')) continue;
    if (e.isFile) out.push(await readFile(e as FileEntryLike));
    else if (e.isDirectory) stack.push(...(await readAll(e as DirEntryLike)));
  }
  return out.slice(0, limit);
}

/** True when a drag carries files from outside the app (not one of our own library items). */
export function isExternalFileDrag(dt: DataTransfer | null): boolean {
  if (!dt) return false;
  const types = Array.from(dt.types ?? []);
  return types.includes('Files') && !types.includes(LIBRARY_DRAG_TYPE);
}

/** MIME type carrying library file ids when an item is dragged inside the app. */
export const LIBRARY_DRAG_TYPE = 'application/x-atelier-files';

/** A pasted image has a generic name ("image.png"): give it a dated one. */
export function namePasted(file: File, now = new Date()): File {
  const ext = (file.type.split('/')[1] ?? 'png').replace('jpeg', 'jpg').replace(/[^a-z0-9]/gi, '') || 'png';
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}.${pad(now.getMinutes())}.${pad(now.getSeconds())}`;
  return new File([file], `Pasted image ${stamp}.${ext}`, { type: file.type || 'image/png', lastModified: now.getTime() });
}
