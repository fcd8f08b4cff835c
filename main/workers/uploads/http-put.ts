/**
 * The streaming PUT of a file to its presigned URL, on node:http(s) directly.
 *
 * Why not `fetch` (as `videogen.putUpload` does): with a streamed request body, Node 20's
 * fetch (undici 6) keeps the body's chunks alive until the request ends — measured here,
 * RSS grows by the whole file (+515 MB for 512 MB, even with forced GCs) and it sends at
 * about a third of the speed of a piped `http.request` (which stays under 1 MB). See
 * test/bench/upload.bench.ts. Errors are the same AppErrors as `putUpload`'s: 403 → forbidden
 * `upload_url_expired`, 5xx → server, resets → network, a file that changed length while
 * sent → local `size_mismatch`.
 */
import { createReadStream } from 'node:fs';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, type ErrorKind } from '../../api/errors';
import { messages } from '../../api/messages';
import { classifyTransportError } from '../../api/transport-errors';

export interface StreamPutOptions {
  url: string;
  path: string;
  size: number;
  onProgress?: (sentBytes: number) => void;
  signal?: AbortSignal;
  /** Abort when no byte moves (or no answer comes) for this long. Default 60 s. */
  stallTimeoutMs?: number;
  /** Each attempt's real outcome, for connectivity. */
  onOutcome?: (o: { ok: boolean; kind?: ErrorKind }) => void;
  /** "VideoGen", for messages. */
  service?: string;
  /** The byte source (default: the file, read 1 MiB at a time). */
  open?: (path: string) => Readable;
}

export type StreamPut = (opts: StreamPutOptions) => Promise<void>;

const READ_CHUNK = 1024 * 1024;

export const streamPut: StreamPut = async (opts) => {
  const svc = opts.service ?? 'VideoGen';
  let target: URL;
  try {
    target = new URL(opts.url);
  } catch {
    throw new AppError({ kind: 'invalid', code: 'bad_upload_url', retryable: false, message: `The ${svc} upload link isn't a valid web address.` });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new AppError({ kind: 'invalid', code: 'bad_upload_url', retryable: false, message: `The ${svc} upload link isn't a valid web address.` });
  }
  opts.signal?.throwIfAborted();
  const report = (o: { ok: boolean; kind?: ErrorKind }) => {
    try {
      opts.onOutcome?.(o);
    } catch {
      // observers never change the result
    }
  };

  const stallMs = opts.stallTimeoutMs ?? 60_000;
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  let sent = 0;
  let stalled = false;
  let req: ClientRequest | null = null;
  let timer: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      req?.destroy(new Error('upload stalled'));
    }, stallMs);
  };
  const onAbort = () => req?.destroy(new DOMException('The upload was cancelled.', 'AbortError'));
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      req = request(target, { method: 'PUT', headers: { 'Content-Length': String(opts.size) } }, resolve);
      req.on('error', reject);
      touch();
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          sent += chunk.length;
          if (sent > opts.size) return done(sizeMismatch(opts.size, sent));
          touch();
          opts.onProgress?.(sent);
          done(null, chunk);
        },
        flush(done) {
          done(sent === opts.size ? null : sizeMismatch(opts.size, sent));
        },
      });
      const source = opts.open ? opts.open(opts.path) : createReadStream(opts.path, { highWaterMark: READ_CHUNK });
      pipeline(source, counter, req).catch((e: unknown) => {
        req?.destroy();
        reject(e);
      });
    });
    touch();
    const text = await readSmall(response);
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) {
      report({ ok: true });
      return;
    }
    const err = storageError(status, text, svc);
    report({ ok: false, kind: err.kind });
    throw err;
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (opts.signal?.aborted) throw new AppError({ kind: 'cancelled', retryable: false, message: messages.cancelled(), cause: e });
    const code = (e as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && ['ENOENT', 'EACCES', 'EPERM', 'EISDIR'].includes(code)) {
      const path = opts.path;
      throw new AppError({ kind: 'local', code, retryable: false, message: messages.localFile(code, path), cause: e });
    }
    if (stalled) {
      report({ ok: false, kind: 'timeout' });
      throw new AppError({ kind: 'timeout', message: `The upload to ${svc} stalled for ${Math.round(stallMs / 1000)} s. It will be retried.`, cause: e });
    }
    const transport = classifyTransportError(e);
    const kind = transport?.kind ?? 'network';
    report({ ok: false, kind });
    throw new AppError({
      kind,
      retryable: true,
      ...(transport?.code ? { code: transport.code } : {}),
      message: kind === 'offline' ? messages.offline() : messages.network(svc, transport?.detail ?? 'the upload was interrupted'),
      cause: e,
    });
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
};

/** Storage answers in XML (S3/R2) or plain text; the status decides. Same mapping as the API client's PUT. */
function storageError(status: number, text: string, svc: string): AppError {
  if (status === 403 || (status === 400 && /expired/i.test(text))) {
    return new AppError({ kind: 'forbidden', status, code: 'upload_url_expired', retryable: true, message: messages.uploadUrlExpired(svc) });
  }
  if (status === 413) return new AppError({ kind: 'invalid', status, code: 'file_too_large', retryable: false, message: messages.tooLarge(svc) });
  if (status === 429) return new AppError({ kind: 'rate_limited', status, message: messages.rateLimited(svc, null) });
  if (status >= 500) return new AppError({ kind: 'server', status, message: messages.server(svc, status) });
  // 400 IncompleteBody after a reset on the way, and the like: worth sending again.
  if (status === 400 && /incomplete|content-length/i.test(text)) {
    return new AppError({ kind: 'network', status, message: messages.network(svc, 'the upload arrived incomplete') });
  }
  return new AppError({ kind: 'invalid', status, retryable: false, message: `${svc} storage refused the upload (HTTP ${status}). Try uploading the file again.` });
}

function sizeMismatch(expected: number, actual: number): AppError {
  return new AppError({
    kind: 'local',
    code: 'size_mismatch',
    retryable: true,
    message: `The file changed while it was being uploaded (expected ${expected} bytes, read ${actual}${actual > expected ? '+' : ''}). It will be uploaded again.`,
  });
}

async function readSmall(response: IncomingMessage, max = 64 * 1024): Promise<string> {
  let text = '';
  for await (const chunk of response) if (text.length < max) text += (chunk as Buffer).toString('utf8');
  return text;
}
