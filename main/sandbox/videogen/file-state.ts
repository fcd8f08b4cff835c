// A file's processing state as a function of the clock, so no timer runs per file.
//
// Uploads (P = processingMs, t = time since the PUT completed):
//   before the PUT          type null, every source pending, analysis UNATTEMPTED 0
//   t < P/4                 type null, sources pending (detecting the type)
//   t >= P/4 + type known   type from the bytes; sources that do not apply become `skipped`
//   t >= P/2 + renditions   thumbnail and download `ready`
//   t >= P   + renditions   preview and HLS `ready`
//   analysis (GLOBAL only): UNATTEMPTED until max(P/2, type known), then LOADING for P with a
//   rising percentage, then FULFILLED (description, transcript, durationSeconds appear).
//   A rendition is never `ready` before its ffmpeg work has finished, whatever the clock says.
//   Processing failure (0 bytes, unknown or undecodable format): after P/4 every source is
//   `failed`, type stays null, analysis REJECTED (TEMPORARY: UNATTEMPTED, never analysed).
// Generated files (tool results, seeded library) have their media from the start; only the
// analysis runs (LOADING for P from creation).
import type { BlobRef, SlotName } from '../media/types';
import type { FileRecord, VgFileType } from './types';

export type SourceStatus = 'pending' | 'ready' | 'failed' | 'skipped';

export interface SourceState {
  status: SourceStatus;
  blob: BlobRef | null;
}

export type AnalysisLoadingState = 'UNATTEMPTED' | 'LOADING' | 'FULFILLED' | 'REJECTED';

export interface AnalysisState {
  state: AnalysisLoadingState;
  progress: number;
  attemptIndex: number | null;
}

export interface FileState {
  type: VgFileType | null;
  sources: Record<SlotName, SourceState>;
  analysis: AnalysisState;
}

const PENDING: SourceState = { status: 'pending', blob: null };
const FAILED: SourceState = { status: 'failed', blob: null };
const SKIPPED: SourceState = { status: 'skipped', blob: null };

/** Slots that never apply to a type. */
const NOT_APPLICABLE: Record<VgFileType, SlotName[]> = {
  IMAGE: ['hls'],
  VIDEO: [],
  AUDIO: ['thumbnail'],
  PDF: ['thumbnail', 'preview', 'hls'],
  SLIDESHOW: ['hls'],
};

export function computeFileState(r: FileRecord, now: number, processingMs: number): FileState {
  const p = r.processing;
  const P = processingMs;
  const allPending = { thumbnail: PENDING, preview: PENDING, download: PENDING, hls: PENDING };
  const unattempted: AnalysisState = { state: 'UNATTEMPTED', progress: 0, attemptIndex: 0 };
  const analysed = r.scope !== 'TEMPORARY';

  if (p.startedAt === null) return { type: null, sources: allPending, analysis: unattempted };
  const t = now - p.startedAt;
  const phase = (share: number) => !p.phased || t >= share * P;

  if (p.failure !== null) {
    if (!phase(0.25)) return { type: null, sources: allPending, analysis: unattempted };
    return {
      type: null,
      sources: { thumbnail: FAILED, preview: FAILED, download: FAILED, hls: FAILED },
      analysis: analysed ? { state: 'REJECTED', progress: 0, attemptIndex: null } : unattempted,
    };
  }

  const typeRevealAt = p.typeKnownAt === null ? null : p.phased ? Math.max(p.startedAt + 0.25 * P, p.typeKnownAt) : p.startedAt;
  if (typeRevealAt === null || now < typeRevealAt || p.type === null) return { type: null, sources: allPending, analysis: unattempted };
  const type = p.type;

  const slot = (name: SlotName, share: number): SourceState => {
    if (NOT_APPLICABLE[type].includes(name)) return SKIPPED;
    const made = p.media?.slots[name];
    if (!made || !phase(share)) return PENDING;
    if (made.status === 'ready') return { status: 'ready', blob: made.blob };
    return made.status === 'skipped' ? SKIPPED : FAILED;
  };
  const sources = {
    thumbnail: slot('thumbnail', 0.5),
    download: slot('download', 0.5),
    preview: slot('preview', 1),
    hls: slot('hls', 1),
  };

  if (!analysed) return { type, sources, analysis: unattempted };
  const start = p.phased ? Math.max(p.startedAt + 0.5 * P, typeRevealAt) : p.startedAt;
  if (now < start) return { type, sources, analysis: unattempted };
  const mediaDone = p.media !== null;
  if (mediaDone && now >= start + P) return { type, sources, analysis: { state: 'FULFILLED', progress: 100, attemptIndex: null } };
  const raw = P > 0 ? ((now - start) / P) * 100 : 99;
  const progress = Math.min(mediaDone ? 99 : 90, Math.max(1, Math.round(raw * 10) / 10));
  return { type, sources, analysis: { state: 'LOADING', progress, attemptIndex: 0 } };
}
