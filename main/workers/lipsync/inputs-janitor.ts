/**
 * The web host keeps each file a person chose for a lip-sync in `<data>/lipsync/inputs/<id>/`
 * (a browser has no path to give), so a run can be retried or edited later. A copy that no run
 * refers to — chosen, then never run — is removed once it is a week old; copies that runs refer
 * to stay as long as those runs are listed.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export const UNUSED_INPUT_MAX_AGE_MS = 7 * 24 * 3_600_000;

export async function sweepLipsyncInputs(opts: {
  dir: string;
  /** True when some execution's request names this path. */
  referenced: (dirPath: string) => boolean;
  now: number;
  maxAgeMs?: number;
}): Promise<{ removed: string[] }> {
  const maxAge = opts.maxAgeMs ?? UNUSED_INPUT_MAX_AGE_MS;
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = await readdir(opts.dir);
  } catch {
    return { removed };
  }
  for (const name of entries) {
    const full = path.join(opts.dir, name);
    try {
      const st = await stat(full);
      if (!st.isDirectory() || opts.now - st.mtimeMs < maxAge) continue;
      if (opts.referenced(full + path.sep)) continue;
      await rm(full, { recursive: true, force: true });
      removed.push(full);
    } catch {
      // Gone already, or not ours to read: leave it.
    }
  }
  return { removed };
}
