/**
 * `POST /upload?name=<file name>`: the body (a dropped file's raw bytes) is streamed to the
 * core's incoming folder, capped in size, then handed to `core.acceptIncomingFile`.
 * `POST /upload?uploadId=<id>`: the bytes of a file the browser listed first (`uploads.reserve`:
 * already in the queue as `receiving`), written where the core says, then `core.acceptReserved`.
 * Replies `200 {uploadId}` or `4xx/5xx {error: {code, message}}`.
 *
 * A body that can't be taken (over the per-file limit, or no room left in the incoming folder)
 * is refused with `Connection: close` and the connection is closed: its bytes are never read
 * (a 20 GB body would otherwise be drained for a minute with nothing on screen). The browser
 * checks the size before it sends, so a person sees the limit at once.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { VIDEOGEN_MAX_UPLOAD_BYTES } from '../contract';
import type { Core } from '../core/types';
import { contractErrorOf } from '../core/router';
import { formatSize } from '../kernel/messages';
import { displayFileName } from '../kernel/names';
import { describeForLog } from '../kernel/redact';
import { sendError, sendJson } from './respond';

/** The per-file limit: VideoGen's (the browser checks the same number before it sends). */
export const DEFAULT_MAX_UPLOAD_BYTES = VIDEOGEN_MAX_UPLOAD_BYTES;

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

class Refused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function receiveUpload(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  core: Pick<Core, 'incomingDir' | 'incoming' | 'acceptIncomingFile' | 'incomingTarget' | 'acceptReserved'>,
  opts: { maxBytes: number; log: (line: string) => void },
): Promise<void> {
  if (req.method !== 'POST') {
    sendError(res, 405, 'method_not_allowed', 'Send the file with POST.');
    return;
  }
  const reservedId = url.searchParams.get('uploadId');
  const reservedPath = reservedId !== null ? core.incomingTarget(reservedId) : null;
  if (reservedId !== null && reservedPath === null) {
    return refuseAndClose(req, res, new Refused(409, 'not_waiting', 'This upload is no longer waiting for its file (it was cancelled, or Atelier restarted). Add the file again.'));
  }
  const rawName = reservedPath !== null ? path.basename(reservedPath) : url.searchParams.get('name');
  const name = safeFileName(rawName);
  if (!name || rawName === null) {
    sendError(res, 400, 'invalid_input', 'The upload needs a file name: POST /upload?name=<file name>.');
    return;
  }
  const tooLarge = () => new Refused(413, 'too_large', tooLargeMessage(opts.maxBytes));
  const full = () => new Refused(507, 'incoming_full', incomingFullMessage(core.incoming.capBytes));
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > opts.maxBytes) return refuseAndClose(req, res, tooLarge());
  if (Number.isFinite(declared) && core.incoming.used() + declared > core.incoming.capBytes) return refuseAndClose(req, res, full());

  await mkdir(core.incomingDir, { recursive: true, mode: 0o700 });
  const tempPath = reservedPath ?? path.join(core.incomingDir, `${randomUUID()}-${name}`);
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (received + chunk.length > opts.maxBytes) return done(tooLarge());
      if (!core.incoming.reserve(chunk.length)) return done(full());
      received += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(req, counter, createWriteStream(tempPath, { flags: 'wx', mode: 0o600 }));
  } catch (err) {
    await unlink(tempPath).catch(() => {});
    core.incoming.release(received);
    if (err instanceof Refused) refuseAndClose(req, res, err);
    else if (!req.destroyed && !res.destroyed) {
      opts.log(`[atelier] upload of ${name} failed: ${describeForLog(err)}`);
      sendError(res, 500, 'internal', 'Atelier could not save that file; please try again.');
    }
    return;
  }

  try {
    if (reservedId !== null) {
      await core.acceptReserved(reservedId);
      sendJson(res, 200, { uploadId: reservedId });
      return;
    }
    const { uploadId } = await core.acceptIncomingFile(tempPath, displayFileName(rawName) ?? name);
    sendJson(res, 200, { uploadId });
  } catch (err) {
    await unlink(tempPath).catch(() => {});
    core.incoming.release(received);
    const known = contractErrorOf(err);
    if (known) sendError(res, 422, known.code, known.message);
    else {
      opts.log(`[atelier] queueing upload ${name} failed: ${describeForLog(err)}`);
      sendError(res, 500, 'internal', 'Atelier could not queue that file; please try again.');
    }
  }
}

/** Answers, then closes the connection once the answer is out: the rest of the body is never read. */
function refuseAndClose(req: IncomingMessage, res: ServerResponse, refused: Refused): void {
  res.shouldKeepAlive = false;
  res.once('finish', () => req.socket.destroy());
  sendJson(res, refused.status, { error: { code: refused.code, message: refused.message } }, { Connection: 'close' });
}

function tooLargeMessage(max: number): string {
  return `That file is larger than ${formatSize(max)}, the most VideoGen takes in one upload.`;
}

function incomingFullMessage(cap: number): string {
  return `Atelier’s holding folder for files from the browser is full (${formatSize(cap)}). Files wait there until they are uploaded; try this one again once some have finished.`;
}
