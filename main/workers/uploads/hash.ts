/**
 * sha256 of a file, streamed (memory stays flat whatever the size). The file's size and
 * mtime are read before and after: a file that changed while it was read is hashed again,
 * so the digest always matches one stable version of the bytes.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

export interface FileFingerprint {
  size: number;
  mtimeMs: number;
}

export interface HashedFile extends FileFingerprint {
  sha256: string;
}

export async function fingerprint(path: string): Promise<FileFingerprint> {
  const st = await stat(path);
  return { size: st.size, mtimeMs: st.mtimeMs };
}

export function sameFingerprint(a: FileFingerprint, b: FileFingerprint): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** Gives up after `maxTries` reads if the file keeps changing (someone is still writing it). */
export async function hashFile(path: string, signal?: AbortSignal, maxTries = 3): Promise<HashedFile> {
  for (let attempt = 1; ; attempt++) {
    const before = await fingerprint(path);
    const hash = createHash('sha256');
    await pipeline(createReadStream(path, { highWaterMark: 1024 * 1024, signal }), hash, { signal });
    const after = await fingerprint(path);
    if (sameFingerprint(before, after)) return { ...after, sha256: hash.digest('hex') };
    if (attempt >= maxTries) throw new FileStillChangingError(path);
  }
}

export class FileStillChangingError extends Error {
  override readonly name = 'FileStillChangingError';
  constructor(readonly path: string) {
    super(`The file is still being written (it changed while it was read): ${path}. Wait until it is saved, then retry.`);
  }
}
