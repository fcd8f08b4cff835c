/**
 * Accepting dropped paths: expand folders, then check every file locally — readable, not
 * empty, a type the API takes (from its bytes) — and write the accepted ones to the queue
 * in one transaction. Nothing here sends a request: a rejected file never costs one.
 */
import { basename } from 'node:path';
import { VIDEOGEN_MAX_UPLOAD_BYTES } from '../../contract';
import { messages } from '../../kernel/messages';
import { displayFileName } from '../../kernel/names';
import type { UploadsRepo } from '../../store';
import { describeFsError, walkPaths, type WalkedFile, type WalkRejection } from '../file-walk';
import { describeUnsupported, SNIFF_BYTES, sniffBytes } from '../sniff';
import { open } from 'node:fs/promises';

export interface IntakeResult {
  uploadIds: string[];
  rejected: WalkRejection[];
}

/** Files checked at the same time (each check reads ≤ 512 bytes). */
const CHECK_PARALLEL = 16;

export async function acceptPaths(
  uploads: Pick<UploadsRepo, 'createMany'>,
  paths: readonly string[],
  opts: { names?: ReadonlyMap<string, string>; signal?: AbortSignal; batchId?: string; temporary?: boolean } = {},
): Promise<IntakeResult> {
  const walked = await walkPaths(paths, opts.signal ? { signal: opts.signal } : {});
  const rejected = [...walked.rejected];
  const checks = await mapLimit(walked.files, CHECK_PARALLEL, checkFile);
  const accepted: WalkedFile[] = [];
  checks.forEach((reason, i) => {
    const file = walked.files[i]!;
    if (reason === null) accepted.push(file);
    else rejected.push({ path: file.path, reason });
  });
  const created = uploads.createMany(
    accepted.map((f) => ({
      path: f.path,
      // Control characters are stripped here as on the browser route: the name goes to VideoGen.
      name: opts.names?.get(f.path) ?? displayFileName(basename(f.path)) ?? 'file',
      size: f.size,
      mtime: f.mtimeMs,
      batchId: opts.batchId ?? null,
      temporary: opts.temporary === true,
    })),
  );
  return { uploadIds: created.map((u) => u.uploadId), rejected };
}

/** Null when the file can be uploaded, else the reason it can't. The size is checked before a byte is read. */
export async function checkFile(file: Pick<WalkedFile, 'path' | 'size'>): Promise<string | null> {
  if (file.size === 0) return 'Skipped: the file is empty (0 bytes).';
  if (file.size > VIDEOGEN_MAX_UPLOAD_BYTES) return `Skipped: ${messages.overUploadLimit(file.size, VIDEOGEN_MAX_UPLOAD_BYTES)}.`;
  let head: Buffer;
  try {
    const fh = await open(file.path, 'r');
    try {
      head = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await fh.read(head, 0, SNIFF_BYTES, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    return describeFsError(e, 'file');
  }
  if (head.length === 0) return 'Skipped: the file is empty (0 bytes).';
  if (sniffBytes(head)) return null;
  return `Skipped: not an image, video, audio or PDF file (its contents look like ${describeUnsupported(head)}).`;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return out;
}
