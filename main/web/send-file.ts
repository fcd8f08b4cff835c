/** Stream a file from disk with HTTP Range support (206 / 416), so video seeking works. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { parseRange, rangeHeaders } from '../host/http-range';
import { BASE_HEADERS, sendError } from './respond';

export interface SendFileOptions {
  path: string;
  mimeType: string;
  /** Extra headers (CSP, caching). */
  headers?: Record<string, string>;
}

export async function sendFile(req: IncomingMessage, res: ServerResponse, opts: SendFileOptions): Promise<void> {
  let size: number;
  try {
    const info = await stat(opts.path);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch {
    sendError(res, 404, 'not_found', 'That file is not available.');
    return;
  }
  const decision = parseRange(req.headers.range, size);
  const { status, headers } = rangeHeaders(decision, size);
  res.writeHead(status, {
    ...BASE_HEADERS,
    'Content-Type': opts.mimeType,
    ...headers,
    ...opts.headers,
  });
  if (status === 416 || req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  const range = decision.kind === 'partial' ? { start: decision.start, end: decision.end } : {};
  try {
    await pipeline(createReadStream(opts.path, range), res);
  } catch {
    // The client went away mid-stream (seeking does that constantly) or the file vanished.
    res.destroy();
  }
}
