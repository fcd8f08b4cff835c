/**
 * The one streaming PUT of raw bytes to a pre-signed storage URL (VideoGen uploads, Sync
 * assets), on node:http / node:https. No API auth header goes to storage; `Content-Length`
 * is always set (never chunked).
 *
 * Why not `fetch`: with a streamed request body, Node 20's fetch (undici 6) keeps the body's
 * chunks alive until the request ends — RSS grew by the whole file (+515 MB for 512 MB) and it
 * sent far slower than a piped `http.request`. Here memory stays flat whatever the size:
 * - a file (`{ path }`) is read into 4 reused 1 MiB buffers, each read into again only once
 *   the socket has taken it (as `curl -T` does): no allocation per chunk at all;
 * - a stream is piped into the request (`pipeline` does the backpressure); its chunks are
 *   freed as soon as they are sent (how soon depends on the GC: ≤ a few tens of MB);
 * - bytes go in one write.
 *
 * The hot path is kept as lean as curl's: per chunk, one byte count and one comparison. No
 * Transform, no copy, no await, no timer reset. Progress and the stall watch share one
 * interval: `onProgress` gets the first chunk at once, then at most every 100 ms, then the
 * total. Bodies over 1 MiB ask `Expect: 100-continue` first, as curl does. Bytes must add up
 * to the declared size exactly (else a local `size_mismatch`).
 */
import { close, open, read } from 'node:fs';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, toAppError } from '../kernel/errors';
import { messages } from '../kernel/messages';
import type { Outcome } from './http';
import { classifyTransportError } from '../kernel/transport-errors';

/**
 * A file on disk, read by `putBytes` itself into a few buffers it reuses (the way `curl -T`
 * does): no allocation per chunk, so memory stays flat without waiting for a GC to free
 * spent chunks. The best body for a file; a stream of it works too.
 */
export interface UploadFile {
  path: string;
}

export type UploadBody = Readable | NodeJS.ReadableStream | Buffer | Uint8Array | UploadFile;

export interface PutBytesOptions {
  url: string;
  body: UploadBody;
  /** Exact byte count; sent as Content-Length. */
  size: number;
  /** Extra headers (e.g. the exact Content-Type the URL was signed for). */
  headers?: Record<string, string>;
  /** Bytes handed to the connection so far: the first chunk, then at most every 100 ms, then the total. */
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

/**
 * Read size for file bodies: 1 MiB chunks mean ~1,000 trips through the event loop per GB
 * instead of 16,000 at a stream's default 64 KiB. Also the size to give `createReadStream`
 * when a stream of a file must be sent.
 */
export const UPLOAD_READ_CHUNK_BYTES = 1024 * 1024;
/** Chunks of a file body read ahead of the socket (each reused once the socket has taken it). */
const FILE_BUFFERS = 4;

const PROGRESS_EVERY_MS = 100;
/** Bodies over this ask `Expect: 100-continue` first (curl's threshold). */
const EXPECT_CONTINUE_ABOVE_BYTES = 1024 * 1024;
/** How long to wait for `100 Continue` before sending anyway (curl's default). */
const EXPECT_CONTINUE_WAIT_MS = 1000;

export async function putBytes(options: PutBytesOptions): Promise<void> {
  // A server that won't do `Expect: 100-continue` (417) has seen none of the body: ask again without it.
  if ((await putOnce(options, true)) === 'ask-without-expect') await putOnce(options, false);
}

async function putOnce(options: PutBytesOptions, mayExpect: boolean): Promise<'done' | 'ask-without-expect'> {
  const { service: svc, size, endpoint } = options;
  const body = options.body;
  const bytes = body instanceof Uint8Array ? body : null;
  const file = isUploadFile(body) ? body : null;
  const dropBody = () => {
    if (!bytes && !file) (body as Partial<Readable>).destroy?.();
  };
  const target = parseHttpUrl(options.url);
  if (!target) {
    dropBody();
    throw new AppError({ kind: 'invalid', code: 'bad_upload_url', message: `The ${svc} upload link isn't a valid web address.` });
  }
  if (!Number.isSafeInteger(size) || size < 0) {
    dropBody();
    throw new AppError({ kind: 'local', message: `Can't upload: the file size (${size}) isn't a whole number of bytes.` });
  }
  if (options.signal?.aborted) {
    dropBody();
    throw cancelled(options.signal.reason);
  }
  if (bytes && bytes.byteLength !== size) throw sizeMismatch(size, bytes.byteLength);

  const report = (o: Omit<Outcome, 'endpoint'>) => {
    try {
      options.onOutcome?.({ ...o, endpoint });
    } catch {
      // observers never change the result
    }
  };
  const onProgress = options.onProgress;
  const stallMs = options.stallTimeoutMs ?? 60_000;

  let sent = 0;
  let reported = -1;
  /** A size mismatch, or the byte source failing by itself (not because the request did). */
  let localError: unknown = null;
  let requestFailed = false;
  let stalled = false;

  const expectContinue = mayExpect && size > EXPECT_CONTINUE_ABOVE_BYTES;
  const req: ClientRequest = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, {
    method: 'PUT',
    headers: { ...options.headers, 'Content-Length': String(size), ...(expectContinue ? { Expect: '100-continue' } : {}) },
  });
  req.setNoDelay(true);
  // Registered before anything else can fail the request: tells a request failure apart from
  // the source failing, and keeps the promise below from rejecting unhandled.
  const answer = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.on('error', (e) => {
      requestFailed = true;
      reject(e);
    });
  });
  answer.catch(() => undefined);

  const source = bytes || file ? null : toReadable(body);
  let reader = null as FileSender | null;
  const stop = (e: unknown) => {
    req.destroy(e instanceof Error ? e : new Error(String(e)));
    source?.destroy();
    reader?.stop();
  };
  const failLocally = (e: unknown) => {
    localError ??= e;
    stop(localError);
  };
  /** The whole per-chunk cost: a sum, a comparison, and the very first progress report. */
  const take = (n: number): boolean => {
    sent += n;
    if (sent > size) {
      failLocally(sizeMismatch(size, sent));
      return false;
    }
    if (reported < 0 && onProgress) {
      reported = sent;
      onProgress(sent);
    }
    return true;
  };
  /** At the end of the source, before the request is ended: a short body must not go out as a whole one. */
  const complete = (): boolean => {
    if (sent === size) return true;
    failLocally(sizeMismatch(size, sent));
    return false;
  };

  if (source) {
    // A file stream can fail (ENOENT) before the body starts: caught here, not left uncaught.
    source.on('error', (e) => {
      if (!requestFailed) failLocally(e);
    });
  }
  /** Settles when the body has been handed over whole and the request ended. */
  let settleSending!: { resolve: () => void; reject: (e: unknown) => void };
  const sending = new Promise<void>((resolve, reject) => {
    settleSending = { resolve, reject };
  });
  sending.catch(() => undefined);
  let begun = false;
  let answeredFirst = false;
  let continueTimer: NodeJS.Timeout | undefined;
  const begin = () => {
    if (begun || req.destroyed) return;
    begun = true;
    clearTimeout(continueTimer);
    let body: Promise<void>;
    if (file) {
      reader = sendFile(file.path, size, req, take, complete, failLocally);
      body = reader.done;
    } else if (source) {
      // Registered before pipe's own listeners, so they run first.
      source.on('data', (chunk: Buffer | Uint8Array | string) => {
        take(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength);
      });
      source.once('end', complete);
      body = pipeline(source, req);
    } else {
      body = new Promise<void>((resolve) => {
        req.end(bytes, () => {
          sent = size;
          resolve();
        });
      });
    }
    body.then(settleSending.resolve, settleSending.reject);
  };
  // As `curl -T` does for a body over 1 MiB: ask first, so storage can refuse (an expired link)
  // before the body goes, instead of resetting the connection under it (the refusal then lost
  // to an EPIPE). A server that ignores the question gets the body after 1 s anyway.
  if (expectContinue) {
    req.once('continue', begin);
    req.once('response', () => {
      if (begun) return;
      begun = true;
      answeredFirst = true;
      clearTimeout(continueTimer);
      settleSending.resolve();
    });
    continueTimer = setTimeout(begin, EXPECT_CONTINUE_WAIT_MS);
    req.flushHeaders();
  } else {
    begin();
  }

  // One interval for the stall watch and the progress throttle: nothing per chunk.
  let moved = -1;
  let movedAt = performance.now();
  let lastProgressAt = movedAt;
  const tick = () => {
    const t = performance.now();
    const socket = req.socket;
    const now = sent + (socket ? socket.bytesWritten + socket.bytesRead : 0);
    if (now !== moved) {
      moved = now;
      movedAt = t;
    } else if (t - movedAt >= stallMs) {
      stalled = true;
      stop(new DOMException('Upload stalled.', 'TimeoutError'));
    }
    if (onProgress && sent !== reported && t - lastProgressAt >= PROGRESS_EVERY_MS) {
      lastProgressAt = t;
      reported = sent;
      onProgress(sent);
    }
  };
  const timer = setInterval(tick, Math.max(5, Math.min(PROGRESS_EVERY_MS, stallMs / 4)));
  const onAbort = () => stop(new DOMException('The upload was cancelled.', 'AbortError'));
  options.signal?.addEventListener('abort', onAbort, { once: true });

  let ok = false;
  try {
    let response: IncomingMessage;
    try {
      // Storage may answer before the body is through (an expired link is refused at once).
      response = await Promise.race([answer, sending.then(() => answer)]);
    } catch (e) {
      if (localError) throw toAppError(localError);
      if (options.signal?.aborted) throw cancelled(e);
      if (stalled) {
        report({ ok: false, kind: 'timeout' });
        throw stallError(svc, stallMs, e);
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

    let text: string;
    try {
      text = await readSmall(response);
    } catch (e) {
      if (localError) throw toAppError(localError);
      if (options.signal?.aborted) throw cancelled(e);
      if (stalled) {
        report({ ok: false, kind: 'timeout' });
        throw stallError(svc, stallMs, e);
      }
      report({ ok: false, kind: 'network' });
      throw new AppError({ kind: 'network', message: messages.network(svc, 'the answer to the upload was cut off'), cause: e });
    }
    const status = response.statusCode ?? 0;
    if (answeredFirst && status === 417) {
      ok = true; // the body was not touched: it goes with the next request
      return 'ask-without-expect';
    }
    if (status < 200 || status >= 300) {
      const err = storageError(status, text, svc);
      report({ ok: false, kind: err.kind, status });
      throw err;
    }
    if (answeredFirst && size > 0) {
      report({ ok: false, kind: 'network', status });
      throw new AppError({ kind: 'network', status, message: messages.network(svc, 'storage answered before the file was sent') });
    }
    // Storage only accepts once Content-Length bytes are in; the source must also have ended
    // right there (a byte more is a file that changed while it was sent).
    try {
      await sending;
    } catch (e) {
      throw toAppError(localError ?? e);
    }
    if (localError) throw toAppError(localError);
    ok = true;
    report({ ok: true, status });
    if (onProgress && reported !== sent) onProgress(sent);
    return 'done';
  } finally {
    clearInterval(timer);
    clearTimeout(continueTimer);
    options.signal?.removeEventListener('abort', onAbort);
    if (!ok) {
      // Don't leave the rest of a refused body going out, nor a file open.
      req.destroy();
      source?.destroy();
      reader?.stop();
    } else if (answeredFirst) {
      req.destroy(); // its body was never sent: the connection can't serve another request
    }
  }
}

interface FileSender {
  /** Resolves once the last byte is handed to the request and the request is ended. */
  done: Promise<void>;
  /** Stops reading and closes the file (idempotent). */
  stop(): void;
}

/**
 * Sends a file as `curl -T` does: one read at a time into a few buffers that are reused, each
 * read into again only once the socket has taken it (its write callback): that is the
 * backpressure, and at most FILE_BUFFERS MiB wait in memory. Per chunk: one `read`, one
 * `write`, `take(n)` (false → stop). The read that reaches the declared size asks for one byte
 * more: a file that grew is caught before its last chunk goes out (a complete body is never
 * sent for a file of another length), and a short answer there is the end of the file.
 * `complete()` decides whether the request is ended; `fail(e)` gets the file's own errors.
 */
function sendFile(
  path: string,
  size: number,
  req: ClientRequest,
  take: (n: number) => boolean,
  complete: () => boolean,
  fail: (e: unknown) => void,
): FileSender {
  const CHUNK = UPLOAD_READ_CHUNK_BYTES;
  let fd: number | null = null;
  let stopped = false;
  let reading = false;
  let position = 0;
  let made = 0;
  /** Each buffer is CHUNK + 1 bytes (room for the byte that must not be there), with its CHUNK view made once. */
  const free: Array<{ raw: Buffer; full: Buffer }> = [];
  /** Buffers with the socket, oldest first (writes complete in order). */
  const writing: Array<{ raw: Buffer; full: Buffer }> = [];
  let resolveDone!: () => void;
  let rejectDone!: (e: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });

  const closeFile = () => {
    if (fd === null || reading) return; // a read in flight closes it when it returns
    const f = fd;
    fd = null;
    close(f, () => undefined);
  };
  const stop = () => {
    stopped = true;
    closeFile();
  };
  const failed = (e: unknown) => {
    if (stopped) return;
    stop();
    rejectDone(e);
    fail(e);
  };
  const written = (err?: Error | null) => {
    const buf = writing.shift();
    if (buf) free.push(buf);
    if (!err) pump();
  };

  function pump(): void {
    if (stopped || reading || fd === null) return;
    let buf = free.pop();
    if (!buf) {
      if (made === FILE_BUFFERS) return; // all with the socket: the next write callback pumps
      const raw = Buffer.allocUnsafeSlow(CHUNK + 1);
      buf = { raw, full: raw.subarray(0, CHUNK) };
      made++;
    }
    const chunk = buf;
    const left = size - position;
    reading = true;
    read(fd, chunk.raw, 0, left <= CHUNK ? left + 1 : CHUNK, position, (err, n) => {
      reading = false;
      if (stopped) return closeFile();
      if (err) return failed(err);
      position += n;
      if (!take(n)) {
        // The file grew: this chunk is not sent.
        stop();
        return rejectDone(new Error('size mismatch'));
      }
      if (n === 0 || position === size) {
        stop();
        if (!complete()) return rejectDone(new Error('size mismatch'));
        if (n > 0) {
          writing.push(chunk);
          req.write(chunk.raw.subarray(0, n), written);
        }
        req.end(() => resolveDone());
        return;
      }
      writing.push(chunk);
      req.write(n === CHUNK ? chunk.full : chunk.raw.subarray(0, n), written);
      pump();
    });
  }

  open(path, 'r', (err, f) => {
    if (err) return failed(err);
    if (stopped) return close(f, () => undefined);
    fd = f;
    pump();
  });
  return { done, stop };
}

function isUploadFile(body: UploadBody): body is UploadFile {
  return !(body instanceof Uint8Array) && typeof (body as { on?: unknown }).on !== 'function' && typeof (body as { path?: unknown }).path === 'string';
}

function parseHttpUrl(value: string): URL | null {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u : null;
  } catch {
    return null;
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
  // 400 IncompleteBody after a reset on the way, and the like: worth sending again.
  if (status === 400 && /incomplete|content-length/i.test(text)) {
    return new AppError({ kind: 'network', status, message: messages.network(svc, 'the upload arrived incomplete') });
  }
  return new AppError({
    kind: 'invalid',
    status,
    message: `${svc} storage refused the upload (HTTP ${status}). Try uploading the file again.`,
  });
}

function toReadable(body: UploadBody): Readable {
  if (body instanceof Readable) return body;
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

function stallError(svc: string, stallMs: number, cause: unknown): AppError {
  return new AppError({
    kind: 'timeout',
    message: `The upload to ${svc} stalled for ${Math.round(stallMs / 1000)} s. It will be retried.`,
    cause,
  });
}

async function readSmall(response: IncomingMessage, max = 64 * 1024): Promise<string> {
  let text = '';
  for await (const chunk of response) if (text.length < max) text += (chunk as Buffer).toString('utf8');
  return text;
}

function cancelled(cause: unknown): AppError {
  return new AppError({ kind: 'cancelled', message: messages.cancelled(), retryable: false, cause });
}
