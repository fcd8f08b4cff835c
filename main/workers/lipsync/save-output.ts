/**
 * A finished lip-sync video, kept for good.
 *
 * Sync outputs aren't VideoGen files, and `outputUrl` is a tokenised link of unknown lifetime,
 * so the video is downloaded once (following Sync's 302) to `<dataDir>/lipsync/<executionId>.mp4`
 * — outside the evictable media cache — and becomes a local library item:
 *
 * - file id `local_sync_<executionId>`: deterministic, so a crash between download and
 *   bookkeeping can't make two items; never a VideoGen id (no `vg_` prefix), so nothing asks
 *   VideoGen about it;
 * - origin `lipsync`, toolType `LIPSYNC`, linked to the execution (its request = the inputs and
 *   options, so Reuse works);
 * - the media cache index gets pinned `download` and `preview` entries pointing at the file, so
 *   the media route serves it like any cached file and eviction never removes it.
 *
 * A take spoken from a script also has Sync's `synthesizedAudioUrl`: that speech is kept beside
 * the video (`<executionId>-voice.<ext>`, best effort: the video doesn't wait on it), so another
 * take can reuse exactly the same voice as its audio (`lipsync.synthesizedAudio`).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AppError, toAppError } from '../../kernel/errors';
import type { Generation } from '../../api/sync-schemas';
import { StorageFileSchema } from '../../api/videogen-schemas';
import { displayStemOf } from './output-name';
import type { ExecutionView } from '../../contract';
import type { Store } from '../../store';
import { fileUpdate } from '../file-updates';

export interface SaveOutputDeps {
  store: Store;
  dataDir: string;
  fetch: typeof fetch;
  /** Headers for fetching `outputUrl` when its token alone isn't accepted (e.g. the Sync key). */
  outputHeaders?: () => Record<string, string>;
}

export const localSyncFileId = (executionId: string) => `local_sync_${executionId}`;

export function lipsyncOutputPath(dataDir: string, executionId: string): string {
  return join(dataDir, 'lipsync', `${executionId}.mp4`);
}

/** Downloads (unless already on disk) and records the library item. Returns its file id. */
export async function saveSyncOutput(deps: SaveOutputDeps, view: ExecutionView, g: Generation, signal?: AbortSignal): Promise<string> {
  if (!g.outputUrl) {
    throw new AppError({ kind: 'bad_response', message: 'Sync says the video is ready but gave no link to it. Atelier will ask again.' });
  }
  const path = lipsyncOutputPath(deps.dataDir, view.id);
  const bytes = (await sizeOf(path)) ?? (await download(deps, g.outputUrl, path, signal));
  const fileId = localSyncFileId(view.id);
  const file = StorageFileSchema.parse({
    fileId,
    scope: 'GLOBAL',
    type: 'VIDEO',
    displayName: `${displayStemOf(g.outputFileName) ?? view.label}.mp4`,
    durationSeconds: typeof g.outputDuration === 'number' ? g.outputDuration : null,
    downloadSource: { status: 'ready', fileBytes: bytes },
    previewSource: { status: 'ready', fileBytes: bytes },
    sourceToolType: 'LIPSYNC',
    sourceToolExecutionId: g.id,
  });
  deps.store.transaction(() => {
    deps.store.files.upsert([fileUpdate(file)], { origin: 'lipsync', executionId: view.id });
    for (const kind of ['download', 'preview'] as const) {
      deps.store.mediaCache.record({ fileId, kind, path, bytes, mimeType: 'video/mp4', pinned: true });
    }
  });
  if (g.synthesizedAudioUrl && !(await synthesizedAudioPath(deps.dataDir, view.id))) {
    await saveSynthesizedAudio(deps, view.id, g.synthesizedAudioUrl, signal).catch(() => undefined);
  }
  return fileId;
}

const VOICE_EXT: Record<string, string> = { 'audio/mpeg': '.mp3', 'audio/mp3': '.mp3', 'audio/mp4': '.m4a', 'audio/x-m4a': '.m4a', 'audio/aac': '.aac', 'audio/wav': '.wav', 'audio/x-wav': '.wav', 'audio/ogg': '.ogg' };

/** The kept speech of a take spoken from a script, if it was kept. */
export async function synthesizedAudioPath(dataDir: string, executionId: string): Promise<string | null> {
  const dir = join(dataDir, 'lipsync');
  const names = await readdir(dir).catch(() => [] as string[]);
  const name = names.find((n) => n.startsWith(`${executionId}-voice.`) && !/\.(part|download)$/.test(n));
  return name ? join(dir, name) : null;
}

async function saveSynthesizedAudio(deps: SaveOutputDeps, executionId: string, url: string, signal?: AbortSignal): Promise<void> {
  const dir = join(deps.dataDir, 'lipsync');
  const fetched = join(dir, `${executionId}-voice.download`);
  let type = '';
  await download(deps, url, fetched, signal, (t) => (type = t.split(';')[0]!.trim().toLowerCase()));
  const fromUrl = /\.(mp3|m4a|aac|wav|ogg)(?:$|[?#])/i.exec(new URL(url).pathname)?.[1];
  const ext = VOICE_EXT[type] ?? (fromUrl ? `.${fromUrl.toLowerCase()}` : '.mp3');
  await rename(fetched, join(dir, `${executionId}-voice${ext}`));
}

async function download(deps: SaveOutputDeps, url: string, path: string, signal?: AbortSignal, onType?: (contentType: string) => void): Promise<number> {
  await mkdir(join(path, '..'), { recursive: true });
  let res = await get(deps.fetch, url, {}, signal);
  if ((res.status === 401 || res.status === 403) && deps.outputHeaders) {
    await res.body?.cancel().catch(() => undefined);
    res = await get(deps.fetch, url, deps.outputHeaders(), signal);
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => undefined);
    throw new AppError({
      kind: res.status >= 500 ? 'server' : res.status === 404 ? 'not_found' : 'bad_response',
      status: res.status,
      message: `Couldn't download the finished lip-sync video from Sync (HTTP ${res.status}). Atelier will try again.`,
    });
  }
  onType?.(res.headers.get('content-type') ?? '');
  const part = `${path}.part`;
  try {
    await pipeline(Readable.fromWeb(res.body as unknown as WebReadableStream), createWriteStream(part), ...(signal ? [{ signal }] : []));
    const size = (await stat(part)).size;
    if (size === 0) throw new AppError({ kind: 'bad_response', message: 'Sync sent an empty video. Atelier will try again.' });
    await rename(part, path);
    return size;
  } catch (e) {
    await rm(part, { force: true }).catch(() => undefined);
    throw toAppError(e);
  }
}

async function get(f: typeof fetch, url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
  try {
    return await f(url, { redirect: 'follow', headers, ...(signal ? { signal } : {}) });
  } catch (e) {
    throw toAppError(e);
  }
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    const s = await stat(path);
    return s.size > 0 ? s.size : null;
  } catch {
    return null;
  }
}
