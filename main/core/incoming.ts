/**
 * `incoming/`: where the web host writes the bytes of files dropped in the browser until they
 * are uploaded (then the upload worker deletes them). Two rules keep it from growing without end:
 *
 * - at start, every file in it that no unfinished upload refers to is deleted: partial bodies
 *   of a browser upload cut off by a crash, and copies a crash kept from being cleaned up;
 * - it has a size cap: the web host reserves room for each body as its bytes arrive and
 *   refuses (507, in words) a file that would pass the cap; room is given back when a file is
 *   deleted (uploaded, cancelled, refused).
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_MAX_INCOMING_BYTES = 20 * 1024 ** 3;

export interface IncomingFolder {
  readonly dir: string;
  readonly capBytes: number;
  /** Bytes held (files waiting to be uploaded, and bodies being received). */
  used(): number;
  /** Takes room for `bytes`; false (and nothing taken) when that would pass the cap. */
  reserve(bytes: number): boolean;
  /** Gives room back (a file deleted, or a body that was refused). */
  release(bytes: number): void;
}

/** Sweeps what nothing refers to (see above) and counts what stays. `referenced`: paths of unfinished uploads. */
export function openIncomingFolder(dir: string, capBytes: number, referenced: ReadonlySet<string>, log: (line: string) => void = () => undefined): IncomingFolder {
  let used = 0;
  let swept = 0;
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (referenced.has(full)) {
      try {
        used += statSync(full).size;
      } catch {
        // gone already: the upload says so when it gets there
      }
      continue;
    }
    rmSync(full, { recursive: true, force: true });
    swept++;
  }
  if (swept > 0) log(`[atelier] removed ${swept} leftover file(s) from ${dir} that no upload refers to (cut off by a crash)`);
  return {
    dir,
    capBytes,
    used: () => used,
    reserve(bytes) {
      if (used + bytes > capBytes) return false;
      used += bytes;
      return true;
    },
    release(bytes) {
      used = Math.max(0, used - bytes);
    },
  };
}
