/**
 * Lip-sync results into the VideoGen library.
 *
 * A Sync output lives only on this computer (`local_sync_<executionId>`, see
 * workers/lipsync/save-output.ts). "Add to VideoGen library" is a normal upload of that file
 * through the upload worker, so it shows in Activity with its progress and then in the library
 * as an uploaded VIDEO. The upload goes from a hard link named like the library item (so the
 * VideoGen file and the Activity row carry the name the person knows, not an execution id);
 * where a link can't be made, from the file itself.
 *
 * Sending the same result twice queues nothing new: the upload under way (or done, while its
 * file is still in the library) is returned, and a failed or cancelled one is retried.
 */
import { link, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../kernel/errors';
import type { FileDetail, UploadView } from '../../contract';
import { lipsyncOutputPath, synthesizedAudioPath } from '../../workers/lipsync/save-output';
import { inspectLocalFile } from '../../workers/lipsync/local-file';
import type { Services } from '../services';
import type { Handlers } from '../types';

const ACTIVE: ReadonlySet<UploadView['state']> = new Set(['queued', 'hashing', 'creating', 'uploading', 'processing']);

export function lipsyncHandlers(s: Services) {
  return {
    'lipsync.localFile': ({ path: file, type }) => inspectLocalFile(file, type),
    'lipsync.synthesizedAudio': async ({ executionId }) => {
      const found = await synthesizedAudioPath(s.dataDir, executionId);
      return found ? { path: found } : null;
    },
    'library.sendToVideoGen': async ({ fileId }) => {
      const d = s.store.files.get(fileId);
      if (!d) throw new AppError({ kind: 'not_found', code: 'no_such_file', message: "That file isn't in your library any more." });
      if (d.origin !== 'lipsync') {
        throw new AppError({
          kind: 'invalid',
          code: 'already_in_videogen',
          message: `“${d.displayName}” is already in your VideoGen library; only lip-sync results kept on this computer need adding.`,
        });
      }
      const source = await localOutput(s, d);
      const sendPath = await namedLink(s.dataDir, d, source);

      const previous = latestUploadOf(s, [sendPath, source]);
      if (previous) {
        if (ACTIVE.has(previous.state)) return { uploadId: previous.uploadId };
        if (previous.state === 'ready' && previous.fileId) {
          const file = s.store.files.item(previous.fileId);
          if (file && !file.archived) return { uploadId: previous.uploadId };
        }
        if (previous.state === 'failed' || previous.state === 'cancelled') {
          s.uploads.retry(previous.uploadId);
          return { uploadId: previous.uploadId };
        }
      }

      const { uploadIds, rejected } = await s.uploads.add([sendPath]);
      const uploadId = uploadIds[0];
      if (!uploadId) {
        throw new AppError({
          kind: 'invalid',
          code: 'file_rejected',
          message: `“${d.displayName}” couldn't be queued for upload: ${rejected[0]?.reason ?? 'the upload worker refused it.'}`,
        });
      }
      return { uploadId };
    },
  } satisfies Partial<Handlers>;
}

/** The lip-sync video on disk: the media cache's entry for it, else where the saver puts it. */
async function localOutput(s: Services, d: FileDetail): Promise<string> {
  const candidates = [
    s.store.mediaCache.get(d.fileId, 'download')?.path,
    s.store.mediaCache.get(d.fileId, 'preview')?.path,
    d.executionId ? lipsyncOutputPath(s.dataDir, d.executionId) : undefined,
  ].filter((p): p is string => !!p);
  for (const p of candidates) {
    const info = await stat(p).catch(() => null);
    if (info?.isFile() && info.size > 0) return p;
  }
  throw new AppError({
    kind: 'not_found',
    code: 'lipsync_output_missing',
    message: `The video of “${d.displayName}” is no longer on this computer, so it can't be added. Open its request and press Reuse to make it again.`,
  });
}

/**
 * `<dataDir>/lipsync/outbox/<executionId>/<display name>`: a hard link to the output (no copy,
 * no extra space) whose file name becomes the upload's name. Falls back to the output itself.
 */
async function namedLink(dataDir: string, d: FileDetail, source: string): Promise<string> {
  const name = safeFileName(d.displayName);
  if (!name || name === path.basename(source)) return source;
  const dir = path.join(dataDir, 'lipsync', 'outbox', safeFileName(d.executionId ?? d.fileId) || 'item');
  const target = path.join(dir, name);
  try {
    const [have, want] = await Promise.all([stat(target).catch(() => null), stat(source)]);
    if (have && have.ino === want.ino && have.dev === want.dev) return target;
    if (have) return source;
    await mkdir(dir, { recursive: true });
    await link(source, target);
    return target;
  } catch {
    return source;
  }
}

/** A name that is one plain file name on every system (no separators, reserved or control characters). */
function safeFileName(name: string): string {
  return name
    .replace(/[/\\:*?"<>|\p{Cc}]/gu, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
}

function latestUploadOf(s: Services, paths: readonly string[]): UploadView | null {
  let best: UploadView | null = null;
  for (const u of s.store.uploads.list()) {
    if (!paths.includes(u.path)) continue;
    if (!best || u.createdAt >= best.createdAt) best = u;
  }
  return best;
}
