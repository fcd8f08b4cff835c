/**
 * Expands dropped paths (files and whole folders, recursively) into regular files.
 * Nothing here is fatal: every path that is not taken comes back with a reason a person
 * can act on. Symbolic links are followed, loops are detected by device + inode of each
 * folder on the current branch, and a file reached twice (hard or symbolic links) is
 * listed once.
 */
import { lstat, readdir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join, resolve } from 'node:path';

export interface WalkedFile {
  /** Absolute path as reached (what the person sees). */
  path: string;
  size: number;
  mtimeMs: number;
  dev: number;
  ino: number;
}

export interface WalkRejection {
  path: string;
  reason: string;
}

export interface WalkResult {
  files: WalkedFile[];
  rejected: WalkRejection[];
}

export interface WalkOptions {
  /** Stop after this many files (the rest are reported). Default 100,000. */
  maxFiles?: number;
  signal?: AbortSignal;
}

/**
 * Hidden entries (name starting with ".") inside a folder are skipped and reported. A hidden
 * file named explicitly (dropped on its own) is taken: the person chose it.
 */
export async function walkPaths(paths: readonly string[], opts: WalkOptions = {}): Promise<WalkResult> {
  const maxFiles = opts.maxFiles ?? 100_000;
  const files: WalkedFile[] = [];
  const rejected: WalkRejection[] = [];
  const seenFiles = new Set<string>();
  const walkedDirs = new Set<string>();
  let limitReported = false;

  const reject = (path: string, reason: string) => rejected.push({ path, reason });

  async function visit(path: string, ancestors: ReadonlyMap<string, string>): Promise<void> {
    opts.signal?.throwIfAborted();
    let st: Stats;
    try {
      const link = await lstat(path);
      st = link.isSymbolicLink() ? await stat(path) : link;
    } catch (e) {
      reject(path, describeFsError(e, 'entry'));
      return;
    }

    if (st.isDirectory()) {
      const key = idOf(st);
      const ancestor = ancestors.get(key);
      if (ancestor !== undefined) {
        reject(path, `Skipped: a symbolic link loop (this folder leads back to ${ancestor}).`);
        return;
      }
      if (walkedDirs.has(key)) return; // reached twice through links: already taken
      walkedDirs.add(key);
      let names: string[];
      try {
        names = (await readdir(path)).sort();
      } catch (e) {
        reject(path, describeFsError(e, 'folder'));
        return;
      }
      const inner = new Map(ancestors).set(key, path);
      for (const name of names) {
        const child = join(path, name);
        if (name.startsWith('.')) {
          reject(child, 'Skipped: hidden file or folder.');
          continue;
        }
        await visit(child, inner);
      }
      return;
    }

    if (!st.isFile()) {
      reject(path, `Skipped: not a regular file (${specialKind(st)}).`);
      return;
    }
    const key = idOf(st);
    if (seenFiles.has(key)) return;
    if (files.length >= maxFiles) {
      if (!limitReported) {
        reject(path, `Skipped: more than ${maxFiles.toLocaleString('en-US')} files at once; add the rest separately.`);
        limitReported = true;
      }
      return;
    }
    seenFiles.add(key);
    files.push({ path, size: st.size, mtimeMs: st.mtimeMs, dev: st.dev, ino: st.ino });
  }

  for (const given of paths) {
    await visit(resolve(given), new Map());
  }
  return { files, rejected };
}

function idOf(st: Stats): string {
  return `${st.dev}:${st.ino}`;
}

function specialKind(st: Stats): string {
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'an unknown kind of entry';
}

/** fs error → a sentence. `what` names the thing for the message. */
export function describeFsError(e: unknown, what: 'entry' | 'folder' | 'file'): string {
  const code = (e as { code?: unknown } | null)?.code;
  const noun = what === 'folder' ? 'folder' : 'file';
  switch (code) {
    case 'ENOENT':
      return what === 'entry'
        ? 'Skipped: it no longer exists (moved or deleted), or it is a link to something missing.'
        : `Skipped: the ${noun} no longer exists (moved or deleted).`;
    case 'EACCES':
    case 'EPERM':
      return `Skipped: permission denied. Check that you can open this ${noun}.`;
    case 'ELOOP':
      return 'Skipped: a symbolic link loop.';
    case 'ENOTDIR':
      return 'Skipped: part of the path is not a folder.';
    case 'EIO':
      return `Skipped: the disk reported an error reading this ${noun}.`;
    case 'ENAMETOOLONG':
      return 'Skipped: the path is too long.';
    default:
      return `Skipped: the ${noun} could not be read (${typeof code === 'string' ? code : e instanceof Error ? e.message : 'unknown error'}).`;
  }
}
