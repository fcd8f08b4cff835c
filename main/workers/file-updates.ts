/**
 * VideoGen's file records (`StorageFile`, as every endpoint returns them) → what the store
 * takes (`FileUpdate`). The workers and handlers that fetch files map them here, so the
 * store never sees a wire type. The rules are the wire's: an absent field, `null` and `""`
 * all say nothing; `expiresAt` comes in Unix seconds (0 or less = unknown).
 */
import type { FileSource, StorageFile } from '../api/videogen-schemas';
import type { FileUpdate, SourceUpdate } from '../store';

export function fileUpdates(files: readonly StorageFile[]): FileUpdate[] {
  return files.map(fileUpdate);
}

export function fileUpdate(f: StorageFile): FileUpdate {
  const a = f.fileAnalysisMetadata;
  return {
    fileId: f.fileId,
    scope: f.scope,
    type: f.type ?? null,
    displayName: text(f.displayName),
    description: text(f.description),
    transcript: text(f.transcript),
    durationSeconds: num(f.durationSeconds),
    sourceToolType: text(f.sourceToolType),
    sourceToolExecutionId: text(f.sourceToolExecutionId),
    sources: {
      thumb: source(f.thumbnailSource),
      preview: source(f.previewSource),
      download: source(f.downloadSource),
      hls: source(f.hlsSource),
    },
    publicPreview:
      f.isPublicPreviewEnabled === true
        ? { enabled: true, url: text(f.staticPublicPreviewSource?.url), hlsUrl: text(f.publicHlsUrl), playbackId: text(f.publicPlaybackId) }
        : f.isPublicPreviewEnabled === false
          ? { enabled: false }
          : null,
    analysis: a ? { state: a.analysisLoadingState, progress: num(a.analysisProgressPercentage), attempt: num(a.analysisAttemptIndex) } : null,
  };
}

function source(src: FileSource | null | undefined): SourceUpdate | null {
  if (!src) return null;
  return {
    status: src.status,
    url: text(src.url),
    expiresAt: expiryMs(src.expiresAt),
    width: num(src.width),
    height: num(src.height),
    bytes: num(src.fileBytes),
  };
}

function text(v: string | null | undefined): string | null {
  return v === undefined || v === null || v === '' ? null : v;
}

function num(v: number | null | undefined): number | null {
  return v === undefined || v === null || !Number.isFinite(v) ? null : v;
}

/** Unix seconds → epoch ms; 0 / negative / absent mean unknown. */
function expiryMs(v: number | null | undefined): number | null {
  const n = num(v);
  return n === null || n <= 0 ? null : Math.round(n * 1000);
}
