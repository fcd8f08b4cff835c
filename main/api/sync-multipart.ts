/**
 * The multipart body of `POST /v2/generate` with files. Files become file-backed Blobs
 * (`fs.openAsBlob`), so the form streams from disk and memory stays flat. A stream input is
 * first spooled to a temp file: that keeps memory flat too, and lets the form be rebuilt if
 * the request has to be resent (only ever when it provably never left).
 */
import { createWriteStream, openAsBlob } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, toAppError } from '../kernel/errors';
import { messages } from '../kernel/messages';

/** Each multipart file must be < 20 MB (else 413): larger files go through asset upload. */
export const SYNC_MULTIPART_MAX_BYTES = 20 * 1024 * 1024;

export const SYNC_FILE_FIELDS = ['video', 'audio', 'image'] as const;
export type SyncFileField = (typeof SYNC_FILE_FIELDS)[number];

export interface SyncFile {
  /** A local file, or… */
  path?: string;
  /** …a stream of exactly `size` bytes. */
  stream?: Readable;
  /** File name sent with the part (with extension). */
  name: string;
  size: number;
  contentType: string;
}

export type SyncFiles = Partial<Record<SyncFileField, SyncFile>>;

export interface MultipartFields {
  model: string;
  input: ReadonlyArray<Record<string, unknown>>;
  options?: Record<string, unknown>;
  webhookUrl?: string;
  outputFileName?: string;
}

export interface PreparedFiles {
  files: Partial<Record<SyncFileField, { path: string; name: string; size: number; contentType: string }>>;
  /** Removes spooled temp files. Always call it (in `finally`). */
  cleanup(): Promise<void>;
}

/** Checks sizes and turns streams into temp files. */
export async function prepareFiles(files: SyncFiles): Promise<PreparedFiles> {
  const out: PreparedFiles['files'] = {};
  let spoolDir: string | null = null;
  const cleanup = async () => {
    if (spoolDir) await rm(spoolDir, { recursive: true, force: true }).catch(() => undefined);
  };
  try {
    for (const field of SYNC_FILE_FIELDS) {
      const file = files[field];
      if (!file) continue;
      checkDeclared(field, file);
      let path = file.path;
      if (!path) {
        if (!file.stream) throw local(`The ${field} file has neither a path nor a stream.`);
        spoolDir ??= await mkdtemp(join(tmpdir(), 'atelier-sync-'));
        path = join(spoolDir, field);
        await pipeline(file.stream, createWriteStream(path));
      }
      const actual = (await stat(path)).size;
      if (actual !== file.size) {
        throw local(`The ${field} file is ${actual} bytes, not the ${file.size} expected. It may have changed; try again.`);
      }
      out[field] = { path, name: file.name, size: file.size, contentType: file.contentType };
    }
    return { files: out, cleanup };
  } catch (e) {
    await cleanup();
    throw toAppError(e);
  }
}

/** A fresh FormData (the same one can't be sent twice once its streams are read). */
export async function buildForm(fields: MultipartFields, prepared: PreparedFiles): Promise<FormData> {
  const form = new FormData();
  form.append('model', fields.model);
  // The SDK sends one `input` part per item, each a JSON object.
  for (const item of fields.input) form.append('input', JSON.stringify(item));
  if (fields.options && Object.keys(fields.options).length > 0) form.append('options', JSON.stringify(fields.options));
  if (fields.webhookUrl) form.append('webhookUrl', fields.webhookUrl);
  if (fields.outputFileName) form.append('outputFileName', fields.outputFileName);
  for (const field of SYNC_FILE_FIELDS) {
    const file = prepared.files[field];
    if (!file) continue;
    const blob = await openAsBlob(file.path, { type: file.contentType });
    form.append(field, blob, file.name);
  }
  return form;
}

function checkDeclared(field: SyncFileField, file: SyncFile): void {
  if (!Number.isSafeInteger(file.size) || file.size <= 0) throw local(`The ${field} file is empty or its size is unknown.`);
  if (file.size >= SYNC_MULTIPART_MAX_BYTES) {
    throw new AppError({
      kind: 'invalid',
      code: 'file_too_large',
      message: messages.tooLarge('a direct Sync upload', `Files must be under 20 MB; the ${field} is ${(file.size / 1048576).toFixed(1)} MB. Upload it as an asset instead.`),
    });
  }
  if (!file.name.trim()) throw local(`The ${field} file needs a name.`);
  if (!/^[\w.+-]+\/[\w.+-]+$/.test(file.contentType)) throw local(`The ${field} file's type “${file.contentType}” isn't a valid content type.`);
}

function local(message: string): AppError {
  return new AppError({ kind: 'invalid', code: 'invalid_file', message });
}
