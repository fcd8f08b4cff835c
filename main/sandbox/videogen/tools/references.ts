// Resolving file ids named in a tool request. A malformed id or a file of the wrong type or
// still processing is 400 invalid_parameters; a well-formed id of no file is 404 (as for path
// ids). Each message names the field.
import { VideoGenError, invalidParameters } from '../../errors';
import type { BlobRef } from '../../media/types';
import { computeFileState } from '../file-state';
import type { FileStore } from '../file-store';
import type { FileRecord, VgFileType } from '../types';

export interface ResolvedFile {
  record: FileRecord;
  type: VgFileType;
  /** The original / best rendition on disk. */
  download: BlobRef;
}

export interface ReferenceContext {
  files: FileStore;
  now: number;
  processingMs: number;
}

export function resolveFile(ctx: ReferenceContext, field: string, id: string, expected: VgFileType): ResolvedFile {
  if (!/^vg_file_[A-Za-z0-9]+$/.test(id)) throw invalidParameters(field, `"${id}" is not a file id (expected "vg_file_…")`);
  const record = ctx.files.get(id);
  if (!record) throw new VideoGenError(404, `Invalid parameters. ${field}: no file found with id "${id}".`);
  const state = computeFileState(record, ctx.now, ctx.processingMs);
  if (record.processing.failure !== null && state.type === null) throw invalidParameters(field, `file "${id}" failed processing and cannot be used`);
  if (state.type === null) throw invalidParameters(field, `file "${id}" is still processing; wait until its type is known`);
  if (state.type !== expected) throw invalidParameters(field, `file "${id}" is ${state.type}, expected ${expected}`);
  const download = state.sources.download;
  if (download.status !== 'ready' || !download.blob) throw invalidParameters(field, `file "${id}" is still processing; wait until its sources are ready`);
  return { record, type: state.type, download: download.blob };
}

export function resolveFiles(ctx: ReferenceContext, field: string, ids: readonly string[] | undefined, expected: VgFileType): ResolvedFile[] {
  return (ids ?? []).map((id, i) => resolveFile(ctx, `${field}[${i}]`, id, expected));
}
