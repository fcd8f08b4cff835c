// multipart/form-data create requests (README B3): `video`, `audio`, `image` file parts, each
// smaller than 20 MB (else 413), written straight to disk; other parts are text fields.
import busboy from 'busboy';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SyncError } from '../errors';

export const MULTIPART_FILE_LIMIT = 20 * 1024 * 1024;
export const FILE_FIELDS = ['video', 'audio', 'image'] as const;
export type FileField = (typeof FILE_FIELDS)[number];

export interface UploadedPart {
  field: FileField;
  fileName: string;
  path: string;
  bytes: number;
}

export interface MultipartBody {
  fields: Map<string, string[]>;
  files: Map<FileField, UploadedPart>;
}

export async function parseMultipart(req: IncomingMessage, dir: string, newId: () => string): Promise<MultipartBody> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > FILE_FIELDS.length * MULTIPART_FILE_LIMIT + 1024 * 1024) throw tooLarge();

  const fields = new Map<string, string[]>();
  const files = new Map<FileField, UploadedPart>();
  const problems: string[] = [];
  const writes: Array<Promise<void>> = [];
  let oversized = false;

  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, limits: { fileSize: MULTIPART_FILE_LIMIT - 1, files: 6, fields: 64, fieldSize: 1024 * 1024 } });
  } catch (err) {
    throw new SyncError(400, [`invalid multipart body: ${err instanceof Error ? err.message : String(err)}`]);
  }
  parser.on('field', (name, value) => {
    const list = fields.get(name) ?? [];
    list.push(value);
    fields.set(name, list);
  });
  parser.on('file', (name, stream, info) => {
    if (!(FILE_FIELDS as readonly string[]).includes(name) || files.has(name as FileField)) {
      problems.push(files.has(name as FileField) ? `only one ${name} file is allowed` : `unexpected file field "${name}"; expected video, audio or image`);
      stream.resume();
      return;
    }
    const id = newId();
    const fileName = (info.filename || name).replace(/[^A-Za-z0-9._-]+/g, '_').slice(-120) || name;
    const target = path.join(dir, id, fileName);
    const part: UploadedPart = { field: name as FileField, fileName, path: target, bytes: 0 };
    files.set(name as FileField, part);
    stream.on('limit', () => (oversized = true));
    // No 'data' listener here: it would start the flow before the file is open and lose bytes.
    writes.push(
      mkdir(path.dirname(target), { recursive: true })
        .then(() => pipeline(stream, createWriteStream(target)))
        .then(async () => {
          part.bytes = (await stat(target)).size;
        })
        .catch(() => {
          problems.push(`could not store the ${name} file`);
          stream.resume();
        }),
    );
  });

  try {
    await pipeline(req, parser);
  } catch (err) {
    await cleanup(files);
    throw new SyncError(400, [`invalid multipart body: ${err instanceof Error ? err.message : String(err)}`]);
  }
  await Promise.all(writes);
  if (oversized) {
    await cleanup(files);
    throw tooLarge();
  }
  if (problems.length > 0) {
    await cleanup(files);
    throw new SyncError(400, problems);
  }
  return { fields, files };
}

function tooLarge(): SyncError {
  return new SyncError(413, `File too large: each uploaded file must be smaller than ${MULTIPART_FILE_LIMIT / 1024 / 1024} MB. Upload larger files as assets (POST /v2/assets/upload) or pass a URL.`);
}

async function cleanup(files: Map<FileField, UploadedPart>): Promise<void> {
  await Promise.all([...files.values()].map((f) => rm(path.dirname(f.path), { recursive: true, force: true })));
}
