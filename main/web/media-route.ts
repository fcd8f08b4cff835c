/**
 * `GET|HEAD /media/<fileId>/<thumb|preview|download>`: a cached file from the core's media
 * cache (fetched first when needed), streamed with Range support.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '../core/types';
import { parseMediaPath } from '../host/media-path';
import { contractErrorOf } from '../core/router';
import { describeForLog } from '../kernel/redact';
import { NON_DOCUMENT_CSP } from '../host/csp';
import { sendError } from './respond';
import { sendFile } from './send-file';

export async function serveMedia(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  core: Pick<Core, 'media'>,
  log: (line: string) => void,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(res, 405, 'method_not_allowed', 'Media can only be read.');
    return;
  }
  const target = parseMediaPath(pathname);
  if (!target) {
    sendError(res, 404, 'not_found', 'No such media.');
    return;
  }
  let file;
  try {
    const retry = new URL(req.url ?? '/', 'http://x').searchParams.has('retry');
    file = await core.media(target.fileId, target.kind, retry ? { retry: true } : undefined);
  } catch (err) {
    const known = contractErrorOf(err);
    if (known) {
      const status = known.code === 'not_found' ? 404 : known.code === 'offline' || known.code === 'network' ? 503 : 502;
      sendError(res, status, known.code, known.message);
    } else {
      log(`[atelier] media ${target.kind} for ${target.fileId} failed: ${describeForLog(err)}`);
      sendError(res, 500, 'internal', 'Atelier could not read that media file.');
    }
    return;
  }
  if (!file) {
    sendError(res, 404, 'not_found', 'That media is not available (yet).');
    return;
  }
  await sendFile(req, res, {
    path: file.path,
    mimeType: file.mimeType || 'application/octet-stream',
    headers: { 'Content-Security-Policy': NON_DOCUMENT_CSP, 'Cache-Control': 'private, max-age=60' },
  });
}
