/**
 * Turns a lip-sync form (contract `LipsyncRequest`) into what Sync's create takes:
 *
 * - a library file → a fresh signed download URL (VideoGen `hydrateFile`), sent as a URL input;
 * - a local file under 20 MB → a multipart file part;
 * - a local file of 20 MB or more → the asset flow (`createAssetUpload` → `putAsset` with the
 *   exact declared Content-Type → `createAsset`) and an `assetId` input;
 * - a URL → a URL input;
 * - text → the TTS input `{type:'text', provider:{name:'elevenlabs', voiceId, script}}`;
 * - segments → one more audio input each (refId `segment-<n>`) and Sync's `segments` body. With
 *   segments every local file goes as an asset and the body as JSON: a multipart body has only one
 *   `audio` part, and whether Sync reads `segments` from multipart is not documented (README Q11).
 *
 * All of this is safe to redo (an unused asset or signed URL costs nothing), so it runs before
 * the execution is marked `submitting`: a crash here just means doing it again.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { AppError, isAppError } from '../../kernel/errors';
import type { GenerationInput } from '../../api/sync-schemas';
import { SYNC_MULTIPART_MAX_BYTES, type SyncFiles } from '../../api/sync-multipart';
import type { SyncClient } from '../../api/sync';
import type { VideoGenClient } from '../../api/videogen';
import type { LipsyncRequest } from '../../contract';
import { SYNC_LOCAL_FILE_MAX_BYTES } from '../../contract/tool-catalog';
import { formatSize } from '../../kernel/messages';
import { sniffFile } from '../sniff';

export interface ResolvedLipsync {
  model: string;
  input: GenerationInput[];
  files: SyncFiles;
  options?: Record<string, unknown>;
  segments?: SyncSegment[];
}

/** A segment as Sync takes it (README B2). */
export interface SyncSegment {
  startTime: number;
  endTime: number;
  audioInput: { refId: string; startTime?: number; endTime?: number };
}

export interface InputDeps {
  videogen: Pick<VideoGenClient, 'hydrateFile'>;
  sync: Pick<SyncClient, 'createAssetUpload' | 'putAsset' | 'createAsset'>;
  /**
   * A library file's signed URL that may be reused while it is valid (estimates): without it
   * every library input is hydrated (a run: the freshest link for Sync to fetch).
   */
  libraryUrl?: (fileId: string) => Promise<string | null>;
  /** Files of this size or more go through the asset flow (default: Sync's 20 MB multipart limit). */
  multipartMaxBytes?: number;
}

type MediaType = 'video' | 'image' | 'audio';
type MediaRef = LipsyncRequest['visual']['ref'];

export async function resolveLipsyncInputs(deps: InputDeps, req: LipsyncRequest, signal?: AbortSignal): Promise<ResolvedLipsync> {
  const input: GenerationInput[] = [];
  const files: SyncFiles = {};
  const segmented = (req.segments?.length ?? 0) > 0;
  const local = segmented ? { ...deps, multipartMaxBytes: 0 } : deps;
  const add = async (type: MediaType, ref: MediaRef) => {
    const r = await resolveRef(local, type, ref, signal);
    if (r.kind === 'file') files[type] = r.file;
    else input.push(r.item);
  };
  await add(req.visual.type, req.visual.ref);
  if (req.voice.type === 'audio') {
    await add('audio', req.voice.ref);
  } else {
    input.push({
      type: 'text',
      provider: {
        name: 'elevenlabs',
        voiceId: req.voice.voiceId,
        script: req.voice.script,
        ...(req.voice.stability !== undefined ? { stability: req.voice.stability } : {}),
        ...(req.voice.similarityBoost !== undefined ? { similarityBoost: req.voice.similarityBoost } : {}),
      },
    });
  }
  const segments: SyncSegment[] = [];
  for (const [i, seg] of (req.segments ?? []).entries()) {
    const refId = `segment-${i + 1}`;
    const r = await resolveRef(local, 'audio', seg.audio, signal);
    if (r.kind !== 'item') throw new Error('segment audio must resolve to an input item');
    input.push({ ...r.item, refId } as GenerationInput);
    segments.push({
      startTime: seg.startTime,
      endTime: seg.endTime,
      audioInput: {
        refId,
        ...(seg.audioStartTime !== undefined ? { startTime: seg.audioStartTime } : {}),
        ...(seg.audioEndTime !== undefined ? { endTime: seg.audioEndTime } : {}),
      },
    });
  }
  const options = req.options && Object.keys(req.options).length > 0 ? { ...req.options } : undefined;
  return { model: req.model, input, files, ...(options ? { options } : {}), ...(segments.length ? { segments } : {}) };
}

type Resolved = { kind: 'item'; item: GenerationInput } | { kind: 'file'; file: NonNullable<SyncFiles['video']> };

async function resolveRef(deps: InputDeps, type: MediaType, ref: MediaRef, signal?: AbortSignal): Promise<Resolved> {
  switch (ref.kind) {
    case 'url':
      return { kind: 'item', item: { type, url: ref.url } };
    case 'library': {
      const reused = deps.libraryUrl ? await deps.libraryUrl(ref.fileId) : null;
      if (reused) return { kind: 'item', item: { type, url: reused } };
      const file = await deps.videogen.hydrateFile(ref.fileId, signal ? { signal } : undefined);
      const url = file.downloadSource?.url ?? file.previewSource?.url ?? null;
      if (!url) {
        throw new AppError({
          kind: 'invalid',
          code: 'file_not_ready',
          message: `“${file.displayName ?? ref.fileId}” isn't ready to use yet (VideoGen is still processing it). Try again when it shows as ready.`,
        });
      }
      return { kind: 'item', item: { type, url } };
    }
    case 'path':
      return resolveLocal(deps, type, ref.path, signal);
  }
}

async function resolveLocal(deps: InputDeps, type: MediaType, path: string, signal?: AbortSignal): Promise<Resolved> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) {
    throw new AppError({ kind: 'invalid', code: 'local_file_missing', message: localFileMissing(path) });
  }
  const size = info.size;
  const problem = localSizeProblem(basename(path), size);
  if (problem) throw new AppError({ kind: 'invalid', code: 'local_file_too_large', message: problem });
  const contentType = await contentTypeOf(path, type);
  const name = fileNameWithExt(path, contentType);
  const limit = deps.multipartMaxBytes ?? SYNC_MULTIPART_MAX_BYTES;
  if (size < limit) return { kind: 'file', file: { path, name, size, contentType } };

  // Large: upload as an asset. An expired upload link (403) is asked for again, once.
  for (let attempt = 1; ; attempt++) {
    const up = await deps.sync.createAssetUpload({ fileName: name, contentType, size }, signal ? { signal } : undefined);
    try {
      await deps.sync.putAsset(up.uploadUrl, createReadStream(path), { contentType, size, ...(signal ? { signal } : {}) });
    } catch (e) {
      if (attempt < 2 && isAppError(e) && e.code === 'upload_url_expired') continue;
      throw e;
    }
    const asset = await deps.sync.createAsset({ url: up.url }, signal ? { signal } : undefined);
    return { kind: 'item', item: { type, assetId: asset.id } };
  }
}

const BY_EXT: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/x-m4v',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.avi': 'video/x-msvideo',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.ogg': 'audio/ogg',
  '.flac': 'audio/flac',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
};
const DEFAULT_EXT: Record<string, string> = { 'video/mp4': '.mp4', 'audio/wav': '.wav', 'audio/mpeg': '.mp3', 'image/png': '.png', 'image/jpeg': '.jpg' };

/** The words for a local input that is no longer where it was chosen. */
export function localFileMissing(path: string): string {
  return `“${basename(path)}” is no longer on this computer at ${path}, so it can't be sent to Sync. Choose the file again.`;
}

/** A local file Sync can't take because of its size; null when the size is fine. */
export function localSizeProblem(name: string, size: number): string | null {
  if (size === 0) return `“${name}” is empty (0 bytes).`;
  if (size > SYNC_LOCAL_FILE_MAX_BYTES) return `“${name}” is ${formatSize(size)}; Atelier sends Sync files of up to ${formatSize(SYNC_LOCAL_FILE_MAX_BYTES)}.`;
  return null;
}

export async function contentTypeOf(path: string, type: MediaType): Promise<string> {
  const sniffed = await sniffFile(path).catch(() => null);
  if (sniffed) {
    const wanted = type === 'video' ? 'VIDEO' : type === 'image' ? 'IMAGE' : 'AUDIO';
    // An MP4 holding only sound still works as audio; only a clear mismatch is refused.
    if (sniffed.type !== wanted && !(type === 'audio' && sniffed.type === 'VIDEO')) {
      throw new AppError({
        kind: 'invalid',
        code: 'wrong_media_type',
        message: `“${basename(path)}” is a ${sniffed.format}, but a${type === 'audio' ? 'n audio file' : ` ${type}`} is needed here.`,
      });
    }
    return sniffed.mimeType;
  }
  const byExt = BY_EXT[extname(path).toLowerCase()];
  if (byExt) return byExt;
  throw new AppError({
    kind: 'invalid',
    code: 'unknown_media_type',
    message: `Atelier can't tell what kind of file “${basename(path)}” is. Use an MP4/MOV video, a WAV/MP3 audio file, or a PNG/JPEG image.`,
  });
}

function fileNameWithExt(path: string, contentType: string): string {
  const name = basename(path);
  if (/\.[A-Za-z0-9]+$/.test(name)) return name;
  return name + (DEFAULT_EXT[contentType] ?? '.bin');
}
