/**
 * sha256 of a file, streamed (memory stays flat whatever the size). The file's size and
 * mtime are read before and after: a file that changed while it was read is hashed again,
 * so the digest always matches one stable version of the bytes.
 */
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';

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
    const sha256 = await sha256Of(path, signal);
    const after = await fingerprint(path);
    if (sameFingerprint(before, after)) return { ...after, sha256 };
    if (attempt >= maxTries) throw new FileStillChangingError(path);
  }
}

const HASH_CHUNK = 1024 * 1024;

/**
 * Two 1 MiB buffers, reused: the next read fills one while the other is hashed. No
 * allocation per chunk, so memory stays flat without waiting for a GC (a stream would hand
 * out a fresh buffer per chunk: up to ~64 MB of spent ones before V8 collects them).
 */
async function sha256Of(path: string, signal?: AbortSignal): Promise<string> {
  signal?.throwIfAborted();
  const hash = createHash('sha256');
  const buffers = [Buffer.allocUnsafeSlow(HASH_CHUNK), Buffer.allocUnsafeSlow(HASH_CHUNK)];
  const file = await open(path, 'r');
  try {
    let position = 0;
    let turn = 0;
    let pending = file.read(buffers[0]!, 0, HASH_CHUNK, position);
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      signal?.throwIfAborted();
      const filled = buffers[turn]!;
      position += bytesRead;
      turn ^= 1;
      pending = file.read(buffers[turn]!, 0, HASH_CHUNK, position);
      hash.update(bytesRead === HASH_CHUNK ? filled : filled.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}

export class FileStillChangingError extends Error {
  override readonly name = 'FileStillChangingError';
  constructor(readonly path: string) {
    super(`The file is still being written (it changed while it was read): ${path}. Wait until it is saved, then retry.`);
  }
}
