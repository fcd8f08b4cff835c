// The sandbox's model of a VideoGen StorageFile. Time-dependent fields (processing state,
// analysis, source readiness) are not stored: file-state.ts computes them from the clock.
import type { MediaSet } from '../media/types';
import type { Sniffed } from '../media/sniff';
import type { SortKey } from '../sorted-index';

export type VgFileType = 'IMAGE' | 'VIDEO' | 'AUDIO' | 'PDF' | 'SLIDESHOW';
export type VgScope = 'GLOBAL' | 'PROJECT' | 'EXPORT' | 'TEMPORARY' | 'ENTITY';

/** Where a file's bytes and renditions stand. */
export interface Processing {
  /** When the bytes landed (the PUT completed); null while awaiting the upload. */
  startedAt: number | null;
  /** Uploads reveal their renditions in phases (see file-state.ts); generated media is ready at once. */
  phased: boolean;
  /** Type from the bytes (sniff + probe), and when it became known. */
  type: VgFileType | null;
  typeKnownAt: number | null;
  media: MediaSet | null;
  /** Why processing failed (empty upload, unknown format, undecodable media). */
  failure: string | null;
}

export interface UploadSlot {
  /** Bumped by every completed PUT, so results of an older upload are ignored. */
  generation: number;
  expiresAtMs: number;
  sniffed: Sniffed | null;
  bytes: number;
  /** The object of the last completed PUT (renditions are made from it; resumed after a restart). */
  objectPath?: string | null;
}

export interface PublicPreview {
  /** Path token of the permanent static copy. */
  staticId: string;
  /** The "Mux" playback id behind `publicPlaybackId` and `publicHlsUrl`. */
  playbackId: string;
}

export interface FileRecord {
  fileId: string;
  scope: VgScope;
  displayName: string;
  /** Index of the API key that created it; -1 = a teammate (seeded library). */
  creatorKeyIndex: number;
  createdAt: number;
  /** Position in "most recently updated first" order; `at` is updatedAt. */
  sortKey: SortKey;
  archivedAt: number | null;
  processing: Processing;
  upload: UploadSlot | null;
  tool: { toolType: string; executionId: string } | null;
  /** Analysis output known in advance (seeded catalogue, tool prompts); else derived from the media. */
  descriptionText: string | null;
  transcriptText: string | null;
  publicPreview: PublicPreview | null;
  /** Unix seconds until which the last hydration's signed URLs are valid. */
  hydratedUntilS: number | null;
  /** Set for files of the seeded library. */
  seedIndex: number | null;
}
