/**
 * Streaming PUT of raw bytes to a pre-signed storage URL (VideoGen uploads, Sync assets).
 * No API auth header goes to storage. The body is pulled chunk by chunk only as fast as the
 * socket takes it, so memory stays flat whatever the size; bytes are counted as they are handed
 * over (`onProgress`) and must add up to the declared `Content-Length` exactly.
 */
import { Readable } from 'node:stream';
import { AppError, toAppError } from './errors';
import { messages } from './messages';
import type { Outcome } from './http';
import { isHttpUrl } from './schema-helpers';
import { classifyTransportError } from './transport-errors';

export type UploadBody = Readable | NodeJS.ReadableStream | Buffer | Uint8Array;

export interface PutBytesOptions {
  fetch: typeof fetch;
  url: string;
  body: UploadBody;
  /** Exact byte count; sent as Content-Length. */
  size: number;
  /** Extra headers (e.g. the exact Content-Type the URL was signed for). */
  headers?: Record<string, string>;
  onProgress?: (sentBytes: number) => void;
  signal?: AbortSignal;
  /** Abort when no bytes move (or no answer comes) for this long. Default 60 s. */
  stallTimeoutMs?: number;
  /** "VideoGen" / "Sync", for messages. */
  service: string;
  /** For outcome reports, e.g. `videogen:PUT upload`. */
  endpoint: string;
  onOutcome?: (o: Outcome) => void;
}

const CHUNK = 64 * 1024;

export async function putBytes(options: PutBytesOptions): Promise<void> {
  const { service: svc, size, endpoint } = options;
  if (!isHttpUrl(options.url)) {
    throw new AppError({ kind: 'invalid', code: 'bad_upload_url', message: `The ${svc} upload link isn't a valid web address.` });
  }
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new AppError({ kind: 'local', message: `Can't upload: the file size (${size}) isn't a whole number of bytes.` });
  }
  if (options.signal?.aborted) throw cancelled(options.signal.reason);

  const stallMs = options.stallTimeoutMs ?? 60_000;
  const stall = new AbortController();
  let stallTimer: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => stall.abort(new DOMException('Upload stalled.', 'TimeoutError')), stallMs);
  };
  const signal = options.signal ? AbortSignal.any([options.signal, stall.signal]) : stall.signal;
  const report = (o: Omit<Outcome, 'endpoint'>) => {
    try {
      options.onOutcome?.({ ...o, endpoint });
    } catch {
      // observers never change the result
    }
  };

  const source = toReadable(options.body);
  let localError: unknown = null;
  // A file stream can fail (ENOENT) before the first read: catch it now, not as an uncaught error.
  source.on('error', (e) => {
    localError ??= e;
  });
  let sent = 0;
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer | Uint8Array | string>;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await iterator.next();
          if (done) {
            if (sent !== size) throw sizeMismatch(size, sent);
            controller.close();
            return;
          }
          const chunk = typeof value === 'string' ? Buffer.from(value) : value;
          sent += chunk.byteLength;
          if (sent > size) throw sizeMismatch(size, sent);
          touch();
          controller.enqueue(chunk instanceof Buffer ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          options.onProgress?.(sent);
        } catch (e) {
          localError = e;
          controller.error(e);
          source.destroy();
        }
      },
      cancel() {
        source.destroy();
      },
    },
    { highWaterMark: 0 },
  );

  touch();
  let response: Response;
  try {
    response = await options.fetch(options.url, {
      method: 'PUT',
      headers: { ...options.headers, 'Content-Length': String(size) },
      body,
      duplex: 'half',
      signal,
    } as RequestInit);
  } catch (e) {
    clearTimeout(stallTimer);
    source.destroy();
    localError ??= source.errored;
    if (localError) throw toAppError(localError);
    if (options.signal?.aborted) throw cancelled(e);
    if (stall.signal.aborted) {
      report({ ok: false, kind: 'timeout' });
      throw new AppError({
        kind: 'timeout',
        message: `The upload to ${svc} stalled for ${Math.round(stallMs / 1000)} s. It will be retried.`,
        cause: e,
      });
    }
    const transport = classifyTransportError(e);
    const kind = transport?.kind ?? 'network';
    report({ ok: false, kind });
    throw new AppError({
      kind,
      ...(transport?.code ? { code: transport.code } : {}),
      retryable: true,
      message: kind === 'offline' ? messages.offline() : messages.network(svc, transport?.detail ?? 'the upload was interrupted'),
      cause: e,
    });
  }

  try {
    touch();
    const text = await readSmall(response);
    if (response.ok) {
      report({ ok: true, status: response.status });
      return;
    }
    throw storageError(response.status, text, svc);
  } catch (e) {
    if (e instanceof AppError) {
      report({ ok: false, kind: e.kind, ...(e.status ? { status: e.status } : {}) });
      throw e;
    }
    if (options.signal?.aborted) throw cancelled(e);
    report({ ok: false, kind: 'network' });
    throw new AppError({ kind: 'network', message: messages.network(svc, 'the answer to the upload was cut off'), cause: e });
  } finally {
    clearTimeout(stallTimer);
    source.destroy();
  }
}

/** Storage answers in XML (S3/R2) or plain text; the status decides. */
function storageError(status: number, text: string, svc: string): AppError {
  const expired = status === 403 || (status === 400 && /expired/i.test(text));
  if (expired) {
    return new AppError({ kind: 'forbidden', status, code: 'upload_url_expired', retryable: true, message: messages.uploadUrlExpired(svc) });
  }
  if (status === 413) return new AppError({ kind: 'invalid', status, code: 'file_too_large', message: messages.tooLarge(svc) });
  if (status === 429) return new AppError({ kind: 'rate_limited', status, message: messages.rateLimited(svc, null) });
  if (status >= 500) return new AppError({ kind: 'server', status, message: messages.server(svc, status) });
  return new AppError({
    kind: 'invalid',
    status,
    message: `${svc} storage refused the upload (HTTP ${status}). Try uploading the file again.`,
  });
}

function toReadable(body: UploadBody): Readable {
  if (body instanceof Readable) return body;
  if (body instanceof Uint8Array) {
    const bytes = body;
    return Readable.from(
      (function* () {
        for (let i = 0; i < bytes.byteLength; i += CHUNK) yield bytes.subarray(i, Math.min(i + CHUNK, bytes.byteLength));
      })(),
    );
  }
  return Readable.from(body as AsyncIterable<Buffer>);
}

function sizeMismatch(expected: number, actual: number): AppError {
  return new AppError({
    kind: 'local',
    code: 'size_mismatch',
    retryable: true,
    message: `The file changed while it was being uploaded (expected ${expected} bytes, read ${actual}${actual > expected ? '+' : ''}). It will be uploaded again.`,
  });
}

async function readSmall(response: Response, max = 64 * 1024): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (text.length < max) text += decoder.decode(value, { stream: true });
  }
  return text;
}

function cancelled(cause: unknown): AppError {
  return new AppError({ kind: 'cancelled', message: messages.cancelled(), retryable: false, cause });
}
