/**
 * `POST /upload?name=<file name>`: the body (a dropped file's raw bytes) is streamed to the
 * core's incoming folder, capped in size, then handed to `core.acceptIncomingFile`.
 * Replies `200 {uploadId}` or `4xx/5xx {error: {code, message}}`.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Core } from '../core/types';
import { contractErrorOf } from '../core/router';
import { describeForLog } from '../kernel/redact';
import { sendError, sendJson } from './respond';

export const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 ** 3;

/** A display-safe base name: no directories, no control or reserved characters, ≤ 200 chars. */
export function safeFileName(raw: string | null): string | null {
  if (raw === null) return null;
  const base = raw.split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(/[\p{Cc}<>:"|?*]/gu, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 200);
  return cleaned.length > 0 ? cleaned : null;
}

/** The name as the person sees it (reserved characters kept), minus directories and control characters. */
function displayName(raw: string): string | null {
  const base = (raw.split(/[/\\]/).pop() ?? '').replace(/\p{Cc}/gu, '').trim().slice(0, 255);
  return base.length > 0 ? base : null;
}

class TooLarge extends Error {}

export async function receiveUpload(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  core: Pick<Core, 'incomingDir' | 'acceptIncomingFile'>,
  opts: { maxBytes: number; log: (line: string) => void },
): Promise<void> {
  if (req.method !== 'POST') {
    sendError(res, 405, 'method_not_allowed', 'Send the file with POST.');
    return;
  }
  const rawName = url.searchParams.get('name');
  const name = safeFileName(rawName);
  if (!name || rawName === null) {
    sendError(res, 400, 'invalid_input', 'The upload needs a file name: POST /upload?name=<file name>.');
    return;
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > opts.maxBytes) {
    sendError(res, 413, 'too_large', tooLargeMessage(opts.maxBytes));
    req.resume();
    return;
  }

  await mkdir(core.incomingDir, { recursive: true });
  const tempPath = path.join(core.incomingDir, `${randomUUID()}-${name}`);
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length;
      if (received > opts.maxBytes) done(new TooLarge());
      else done(null, chunk);
    },
  });
  try {
    await pipeline(req, counter, createWriteStream(tempPath, { flags: 'wx', mode: 0o600 }));
  } catch (err) {
    await unlink(tempPath).catch(() => {});
    if (err instanceof TooLarge) {
      sendError(res, 413, 'too_large', tooLargeMessage(opts.maxBytes));
      // Stop reading: the rest of the body is not wanted.
      res.once('finish', () => req.destroy());
    } else if (!req.destroyed && !res.destroyed) {
      opts.log(`[atelier] upload of ${name} failed: ${describeForLog(err)}`);
      sendError(res, 500, 'internal', 'Atelier could not save that file; please try again.');
    }
    return;
  }

  try {
    const { uploadId } = await core.acceptIncomingFile(tempPath, displayName(rawName) ?? name);
    sendJson(res, 200, { uploadId });
  } catch (err) {
    await unlink(tempPath).catch(() => {});
    const known = contractErrorOf(err);
    if (known) sendError(res, 422, known.code, known.message);
    else {
      opts.log(`[atelier] queueing upload ${name} failed: ${describeForLog(err)}`);
      sendError(res, 500, 'internal', 'Atelier could not queue that file; please try again.');
    }
  }
}

function tooLargeMessage(max: number): string {
  return `That file is larger than the ${Math.floor(max / 1024 ** 2)} MB the web host accepts in one upload.`;
}
