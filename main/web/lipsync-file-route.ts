/**
 * `POST /lipsync-file?name=<file name>&type=video|image|audio`: a file the person chose on their
 * computer for a lip-sync input, sent by the browser (which has no path to give). Its bytes are
 * streamed to `<data dir>/lipsync/inputs/<random>/<name>`, kept there (so a run can be retried or
 * edited after a restart), and checked as the send lane will treat it (`lipsync.localFile`).
 * Replies `200 {path, name, size, viaAsset}` or `4xx {error: {code, message}}`. The file goes to
 * Sync from there, directly: no VideoGen upload, no VideoGen key.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SYNC_LOCAL_FILE_MAX_BYTES } from '../contract/tool-catalog';
import type { Core } from '../core/types';
import { formatSize } from '../kernel/messages';
import { describeForLog } from '../kernel/redact';
import { sendError, sendJson } from './respond';
import { safeFileName } from './upload-route';

export const LIPSYNC_FILE_PATH = '/lipsync-file';
const TYPES = ['video', 'image', 'audio'] as const;
type MediaType = (typeof TYPES)[number];

class TooLarge extends Error {}

export async function receiveLipsyncFile(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  core: Pick<Core, 'handlers' | 'lipsyncInputsDir'>,
  opts: { log: (line: string) => void; maxBytes?: number },
): Promise<void> {
  if (req.method !== 'POST') return sendError(res, 405, 'method_not_allowed', 'Send the file with POST.');
  const name = safeFileName(url.searchParams.get('name'));
  const type = url.searchParams.get('type') as MediaType | null;
  if (!name || !type || !TYPES.includes(type)) {
    return sendError(res, 400, 'invalid_input', 'Send the file as POST /lipsync-file?name=<file name>&type=video|image|audio.');
  }
  const max = opts.maxBytes ?? SYNC_LOCAL_FILE_MAX_BYTES;
  const tooLarge = `“${name}” is larger than ${formatSize(max)}; Atelier sends Sync files of up to ${formatSize(max)}.`;
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > max) {
    res.shouldKeepAlive = false;
    res.once('finish', () => req.socket.destroy());
    return sendJson(res, 413, { error: { code: 'too_large', message: tooLarge } }, { Connection: 'close' });
  }

  const dir = path.join(core.lipsyncInputsDir, randomUUID());
  const file = path.join(dir, name);
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length;
      done(received > max ? new TooLarge() : null, chunk);
    },
  });
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await pipeline(req, counter, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    if (err instanceof TooLarge) return sendError(res, 413, 'too_large', tooLarge);
    if (!req.destroyed && !res.destroyed) {
      opts.log(`[atelier] lip-sync file ${name} not saved: ${describeForLog(err)}`);
      sendError(res, 500, 'internal', 'Atelier could not keep that file; please try again.');
    }
    return;
  }

  const seen = await core.handlers['lipsync.localFile']({ path: file, type }, { host: 'web' });
  if (seen.problem) {
    await rm(dir, { recursive: true, force: true });
    return sendError(res, 422, 'file_refused', seen.problem);
  }
  sendJson(res, 200, { path: file, name: seen.name, size: seen.size, viaAsset: seen.viaAsset });
}
