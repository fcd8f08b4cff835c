/**
 * Fetches a signed URL to a file: bytes go to a temporary file in the cache's own folder
 * and are renamed into place only when complete, so the cache never holds half a file.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AppError, toAppError } from '../../kernel/errors';
import { messages } from '../../kernel/messages';

export interface DownloadResult {
  path: string;
  bytes: number;
  contentType: string | null;
}

export interface DownloadOptions {
  fetch: typeof fetch;
  url: string;
  /** Final path, or a function choosing it from the response's Content-Type. */
  dest: string | ((contentType: string | null) => string);
  tmpDir: string;
  signal?: AbortSignal;
  /** Per download, headers to last byte. Default 5 min. */
  timeoutMs?: number;
}

export async function downloadToFile(opts: DownloadOptions): Promise<DownloadResult> {
  await mkdir(opts.tmpDir, { recursive: true });
  const tmp = join(opts.tmpDir, `${randomBytes(8).toString('hex')}.part`);
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? 300_000);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  try {
    let response: Response;
    try {
      response = await opts.fetch(opts.url, { signal });
    } catch (e) {
      throw timeout.aborted && !opts.signal?.aborted
        ? new AppError({ kind: 'timeout', message: messages.timeout('The media server', null), cause: e })
        : toAppError(e);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      throw storageError(response.status);
    }
    const declared = Number(response.headers.get('content-length'));
    let bytes = 0;
    const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    body.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    try {
      await pipeline(body, createWriteStream(tmp), { signal });
    } catch (e) {
      if (timeout.aborted && !opts.signal?.aborted) {
        throw new AppError({ kind: 'timeout', message: messages.timeout('The media server', null), cause: e });
      }
      if (opts.signal?.aborted) throw toAppError(e);
      throw new AppError({ kind: 'network', message: messages.network('the media server', 'the download was cut off'), cause: e });
    }
    if (Number.isFinite(declared) && response.headers.has('content-length') && declared !== bytes) {
      throw new AppError({
        kind: 'network',
        message: messages.network('the media server', `the download ended after ${bytes} of ${declared} bytes`),
      });
    }
    const contentType = response.headers.get('content-type');
    const dest = typeof opts.dest === 'function' ? opts.dest(contentType) : opts.dest;
    await mkdir(dirname(dest), { recursive: true });
    await rename(tmp, dest);
    return { path: dest, bytes, contentType };
  } finally {
    await rm(tmp, { force: true }).catch(() => undefined);
  }
}

/** A signed URL refused (403 expired/invalid, 404 gone) or a storage error. */
function storageError(status: number): AppError {
  if (status === 403 || status === 401 || status === 410) {
    return new AppError({
      kind: 'forbidden',
      status,
      code: 'signed_url_expired',
      retryable: false,
      message: 'The link to this media expired; Atelier will ask for a fresh one.',
    });
  }
  if (status === 404) {
    return new AppError({ kind: 'not_found', status, retryable: false, message: 'The media file is no longer available from the server.' });
  }
  if (status === 429) {
    return new AppError({ kind: 'rate_limited', status, message: messages.rateLimited('The media server', null) });
  }
  return new AppError({ kind: 'server', status, message: messages.server('The media server', status) });
}
