// Renders a FileRecord as the spec's StorageFile.
//
// URL rule (README A4/A5): a `ready` source carries `url` + `expiresAt` only while the file's
// last hydration is still valid (hydrate → every GET/list until expiresAt shows the URLs; a
// source that became ready after the hydration is signed with the same expiry). Otherwise it is
// `ready` with `url: null`: call hydrate. Tool results count as hydrated when they are created.
import type { SlotName } from '../media/types';
import { computeFileState, type FileState, type SourceState } from './file-state';
import { slotFileName, type MediaUrls } from './media-urls';
import type { FileRecord } from './types';

export interface FileSourceJson {
  status: SourceState['status'];
  url: string | null;
  expiresAt: number | null;
  width: number | null;
  height: number | null;
  fileBytes: number | null;
}

export interface StorageFileJson {
  fileId: string;
  type: string | null;
  scope: string;
  displayName: string;
  description: string | null;
  durationSeconds: number | null;
  transcript: string | null;
  thumbnailSource: FileSourceJson | null;
  previewSource: FileSourceJson | null;
  downloadSource: FileSourceJson | null;
  hlsSource: FileSourceJson | null;
  isPublicPreviewEnabled: boolean;
  staticPublicPreviewSource: FileSourceJson | null;
  publicHlsUrl: string | null;
  publicPlaybackId: string | null;
  sourceToolType?: string;
  sourceToolExecutionId?: string;
  fileAnalysisMetadata?: { analysisLoadingState: string; analysisProgressPercentage: number; analysisAttemptIndex?: number };
}

export interface ViewContext {
  now: number;
  processingMs: number;
  urls: MediaUrls;
}

export function fileState(r: FileRecord, ctx: ViewContext): FileState {
  return computeFileState(r, ctx.now, ctx.processingMs);
}

export function storageFileJson(r: FileRecord, ctx: ViewContext, includeAnalysis = true): StorageFileJson {
  const state = fileState(r, ctx);
  const nowS = Math.floor(ctx.now / 1000);
  const hydratedUntil = r.hydratedUntilS !== null && r.hydratedUntilS > nowS ? r.hydratedUntilS : null;
  const source = (slot: SlotName): FileSourceJson => {
    const s = state.sources[slot];
    const blob = s.blob;
    const signed = s.status === 'ready' && blob && hydratedUntil !== null;
    return {
      status: s.status,
      url: signed ? ctx.urls.signed(r.fileId, slot, slotFileName(slot, blob.path), hydratedUntil) : null,
      expiresAt: signed ? hydratedUntil : null,
      width: blob?.width ?? null,
      height: blob?.height ?? null,
      fileBytes: slot === 'hls' ? null : (blob?.bytes ?? null),
    };
  };

  const analysed = state.analysis.state === 'FULFILLED';
  const download = state.sources.download;
  const pub = r.publicPreview;
  let staticPublic: FileSourceJson | null = null;
  let publicHlsUrl: string | null = null;
  let publicPlaybackId: string | null = null;
  if (pub) {
    const ready = download.status === 'ready' && download.blob;
    staticPublic = {
      status: ready ? 'ready' : download.status === 'failed' ? 'failed' : 'pending',
      url: ready && download.blob ? ctx.urls.publicStatic(pub.staticId, publicFileName(r, download.blob.path)) : null,
      expiresAt: null,
      width: download.blob?.width ?? null,
      height: download.blob?.height ?? null,
      fileBytes: download.blob?.bytes ?? null,
    };
    if ((state.type === 'VIDEO' || state.type === 'AUDIO') && state.sources.hls.status === 'ready') {
      publicHlsUrl = ctx.urls.publicHls(pub.playbackId);
      publicPlaybackId = `vg_play_${Buffer.from(pub.playbackId, 'utf8').toString('base64url')}`;
    }
  }

  const json: StorageFileJson = {
    fileId: r.fileId,
    type: state.type,
    scope: r.scope,
    displayName: r.displayName,
    description: analysed ? (r.descriptionText ?? describe(r, state)) : null,
    durationSeconds: analysed && (state.type === 'VIDEO' || state.type === 'AUDIO') ? (r.processing.media?.durationSeconds ?? null) : null,
    transcript: analysed ? r.transcriptText : null,
    thumbnailSource: source('thumbnail'),
    previewSource: source('preview'),
    downloadSource: source('download'),
    hlsSource: source('hls'),
    isPublicPreviewEnabled: pub !== null,
    staticPublicPreviewSource: staticPublic,
    publicHlsUrl,
    publicPlaybackId,
  };
  if (r.tool) {
    json.sourceToolType = r.tool.toolType;
    json.sourceToolExecutionId = r.tool.executionId;
  }
  if (includeAnalysis) {
    json.fileAnalysisMetadata = {
      analysisLoadingState: state.analysis.state,
      analysisProgressPercentage: state.analysis.progress,
      ...(state.analysis.attemptIndex !== null ? { analysisAttemptIndex: state.analysis.attemptIndex } : {}),
    };
  }
  return json;
}

/** What the sandbox can honestly say about a file: its type, size, length and name. */
export function describe(r: FileRecord, state: FileState): string {
  const media = r.processing.media;
  const dims = media?.width && media.height ? `${media.width}×${media.height}` : null;
  const duration = media?.durationSeconds ? `${media.durationSeconds.toFixed(1)} seconds long` : null;
  const noun = { IMAGE: 'An image', VIDEO: 'A video', AUDIO: 'An audio recording', PDF: 'A PDF document', SLIDESHOW: 'A slideshow' }[state.type ?? 'PDF'];
  const facts = [dims, duration].filter(Boolean).join(', ');
  return `${noun}${facts ? ` (${facts})` : ''} named "${r.displayName}".`;
}

function publicFileName(r: FileRecord, blobPath: string): string {
  const ext = blobPath.includes('.') ? blobPath.slice(blobPath.lastIndexOf('.') + 1) : 'bin';
  return `${r.fileId}.${ext}`;
}
