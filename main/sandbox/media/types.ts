// What a piece of media looks like once rendered: one file per rendition slot.
import type { FileType } from './sniff';

export interface BlobRef {
  path: string;
  contentType: string;
  width: number | null;
  height: number | null;
  bytes: number;
}

export type Slot = { status: 'ready'; blob: BlobRef } | { status: 'skipped' } | { status: 'failed' };

export const SLOT_NAMES = ['thumbnail', 'preview', 'download', 'hls'] as const;
export type SlotName = (typeof SLOT_NAMES)[number];

export interface MediaSet {
  type: FileType;
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
  /** For HLS the blob is the playlist; its segments sit beside it. */
  slots: Record<SlotName, Slot>;
}

export const SKIPPED: Slot = { status: 'skipped' };
export const FAILED: Slot = { status: 'failed' };

export function ready(blob: BlobRef): Slot {
  return { status: 'ready', blob };
}
