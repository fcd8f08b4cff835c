/**
 * A local file chosen for a lip-sync input, checked the way the send lane will treat it
 * (./inputs.ts): still there, not empty, not over the size Atelier sends to Sync, and of the kind
 * the input needs. Answers in words, so the form can show the problem the moment a file is chosen.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { SYNC_MULTIPART_LIMIT_BYTES } from '../../contract/tool-catalog';
import type { LocalSyncFileView } from '../../contract';
import { isAppError } from '../../kernel/errors';
import { contentTypeOf, localFileMissing, localSizeProblem } from './inputs';

export async function inspectLocalFile(path: string, type: 'video' | 'image' | 'audio'): Promise<LocalSyncFileView> {
  const name = basename(path);
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return { name, size: 0, problem: localFileMissing(path), viaAsset: false };
  const base = { name, size: info.size, viaAsset: info.size >= SYNC_MULTIPART_LIMIT_BYTES };
  const tooBig = localSizeProblem(name, info.size);
  if (tooBig) return { ...base, problem: tooBig };
  try {
    await contentTypeOf(path, type);
  } catch (err) {
    if (isAppError(err)) return { ...base, problem: err.message };
    throw err;
  }
  return { ...base, problem: null };
}
