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
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, toAppError } from '../kernel/errors';
import { messages } from '../kernel/messages';
import type { Outcome } from './http';
import { classifyTransportError } from '../kernel/transport-errors';
import { sendFile, type FileSender } from './upload-file';

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

export { UPLOAD_READ_CHUNK_BYTES } from './upload-file';

const PROGRESS_EVERY_MS = 100;
/** Bodies over this ask `Expect: 100-continue` first (curl's threshold). */
const EXPECT_CONTINUE_ABOVE_BYTES = 1024 * 1024;
/** How long to wait for `100 Continue` before sending anyway (curl's default). */
const EXPECT_CONTINUE_WAIT_MS = 1000;

export async function putBytes(options: PutBytesOptions): Promise<void> {
  // A server that won't do `Expect: 100-continue` (417) has seen none of the body: ask again without it.
  if ((await putOnce(options, true)) === 'ask-without-expect') await putOnce(options, false);
}

/**
 * One PUT, in named steps: check the inputs, open the request, hand the body over (after
 * `100 Continue` when asked), watch for stalls and report progress, then read and judge the
 * answer. The per-attempt state they share is an `Attempt`.
 */
async function putOnce(options: PutBytesOptions, mayExpect: boolean): Promise<'done' | 'ask-without-expect'> {
  const { target, bytes, file } = checkInputs(options);
  const a = openAttempt(options, target, bytes, file, mayExpect && options.size > EXPECT_CONTINUE_ABOVE_BYTES);
  const stopWatching = watchTransfer(a);
  let ok = false;
  try {
    const response = await awaitAnswer(a);
    const text = await readAnswer(a, response);
    const verdict = await judgeAnswer(a, response.statusCode ?? 0, text);
    ok = true;
    return verdict;
  } finally {
    stopWatching();
    clearTimeout(a.continueTimer);
    if (!ok) {
      // Don't leave the rest of a refused body going out, nor a file open.
      a.req.destroy();
      a.source?.destroy();
      a.reader?.stop();
    } else if (a.answeredFirst) {
      a.req.destroy(); // its body was never sent: the connection can't serve another request
    }
  }
}

/** The request's target and body, or a local error before anything is opened. */
function checkInputs(options: PutBytesOptions): { target: URL; bytes: Uint8Array | null; file: UploadFile | null } {
  const { service: svc, size, body } = options;
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
  return { target, bytes, file };
}

/** What the steps of one PUT share. */
interface Attempt {
  readonly options: PutBytesOptions;
  readonly req: ClientRequest;
  /** Settles with the answer (or the request's failure). */
  readonly answer: Promise<IncomingMessage>;
  /** Settles when the body has been handed over whole and the request ended. */
  readonly sending: Promise<void>;
  readonly source: Readable | null;
  reader: FileSender | null;
  /** Bytes handed to the request so far, and the last count given to `onProgress` (-1: none yet). */
  sent: number;
  reported: number;
  /** A size mismatch, or the byte source failing by itself (not because the request did). */
  localError: unknown;
  stalled: boolean;
  /** Storage answered before `100 Continue`: the body was never sent. */
  answeredFirst: boolean;
  continueTimer: NodeJS.Timeout | undefined;
  /** Stops the request, the source and the file reader. */
  stop(e: unknown): void;
  report(o: Omit<Outcome, 'endpoint'>): void;
}

/**
 * Opens the request and starts handing the body over: at once, or (`expectContinue`, as
 * `curl -T` does for a body over 1 MiB) once storage says `100 Continue`, so it can refuse
 * (an expired link) before the body goes instead of resetting the connection under it (the
 * refusal then lost to an EPIPE). A server that ignores the question gets the body after 1 s.
 */
function openAttempt(options: PutBytesOptions, target: URL, bytes: Uint8Array | null, file: UploadFile | null, expectContinue: boolean): Attempt {
  const { size, endpoint } = options;
  const onProgress = options.onProgress;
  let requestFailed = false;
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

  let settleSending!: { resolve: () => void; reject: (e: unknown) => void };
  const sending = new Promise<void>((resolve, reject) => {
    settleSending = { resolve, reject };
  });
  sending.catch(() => undefined);

  const source = bytes || file ? null : toReadable(options.body);
  const a: Attempt = {
    options,
    req,
    answer,
    sending,
    source,
    reader: null,
    sent: 0,
    reported: -1,
    localError: null,
    stalled: false,
    answeredFirst: false,
    continueTimer: undefined,
    stop(e) {
      req.destroy(e instanceof Error ? e : new Error(String(e)));
      source?.destroy();
      a.reader?.stop();
    },
    report(o) {
      try {
        options.onOutcome?.({ ...o, endpoint });
      } catch {
        // observers never change the result
      }
    },
  };
  const failLocally = (e: unknown) => {
    a.localError ??= e;
    a.stop(a.localError);
  };
  /** The whole per-chunk cost: a sum, a comparison, and the very first progress report. */
  const take = (n: number): boolean => {
    a.sent += n;
    if (a.sent > size) {
      failLocally(sizeMismatch(size, a.sent));
      return false;
    }
    if (a.reported < 0 && onProgress) {
      a.reported = a.sent;
      onProgress(a.sent);
    }
    return true;
  };
  /** At the end of the source, before the request is ended: a short body must not go out as a whole one. */
  const complete = (): boolean => {
    if (a.sent === size) return true;
    failLocally(sizeMismatch(size, a.sent));
    return false;
  };
  if (source) {
    // A file stream can fail (ENOENT) before the body starts: caught here, not left uncaught.
    source.on('error', (e) => {
      if (!requestFailed) failLocally(e);
    });
  }

  let begun = false;
  const begin = () => {
    if (begun || req.destroyed) return;
    begun = true;
    clearTimeout(a.continueTimer);
    let body: Promise<void>;
    if (file) {
      a.reader = sendFile(file.path, size, req, take, complete, failLocally);
      body = a.reader.done;
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
          a.sent = size;
          resolve();
        });
      });
    }
    body.then(settleSending.resolve, settleSending.reject);
  };
  if (expectContinue) {
    req.once('continue', begin);
    req.once('response', () => {
      if (begun) return;
      begun = true;
      a.answeredFirst = true;
      clearTimeout(a.continueTimer);
      settleSending.resolve();
    });
    a.continueTimer = setTimeout(begin, EXPECT_CONTINUE_WAIT_MS);
    req.flushHeaders();
  } else {
    begin();
  }
  return a;
}

/**
 * One interval for the stall watch and the progress throttle: nothing per chunk. A cancel
 * stops the request too. Returns the function that ends the watch.
 */
function watchTransfer(a: Attempt): () => void {
  const { onProgress, signal } = a.options;
  const stallMs = a.options.stallTimeoutMs ?? 60_000;
  let moved = -1;
  let movedAt = performance.now();
  let lastProgressAt = movedAt;
  const tick = () => {
    const t = performance.now();
    const socket = a.req.socket;
    const now = a.sent + (socket ? socket.bytesWritten + socket.bytesRead : 0);
    if (now !== moved) {
      moved = now;
      movedAt = t;
    } else if (t - movedAt >= stallMs) {
      a.stalled = true;
      a.stop(new DOMException('Upload stalled.', 'TimeoutError'));
    }
    if (onProgress && a.sent !== a.reported && t - lastProgressAt >= PROGRESS_EVERY_MS) {
      lastProgressAt = t;
      a.reported = a.sent;
      onProgress(a.sent);
    }
  };
  const timer = setInterval(tick, Math.max(5, Math.min(PROGRESS_EVERY_MS, stallMs / 4)));
  const onAbort = () => a.stop(new DOMException('The upload was cancelled.', 'AbortError'));
  signal?.addEventListener('abort', onAbort, { once: true });
  return () => {
    clearInterval(timer);
    signal?.removeEventListener('abort', onAbort);
  };
}

/**
 * Why the PUT failed before its answer was read, when the reason is ours: the bytes (a size
 * mismatch, an unreadable file), a cancel, or a stall. Null: the connection itself failed.
 */
function ownFailure(a: Attempt, e: unknown): AppError | null {
  if (a.localError) return toAppError(a.localError);
  if (a.options.signal?.aborted) return cancelled(e);
  if (a.stalled) {
    a.report({ ok: false, kind: 'timeout' });
    return stallError(a.options.service, a.options.stallTimeoutMs ?? 60_000, e);
  }
  return null;
}

/** Storage may answer before the body is through (an expired link is refused at once). */
async function awaitAnswer(a: Attempt): Promise<IncomingMessage> {
  try {
    return await Promise.race([a.answer, a.sending.then(() => a.answer)]);
  } catch (e) {
    const own = ownFailure(a, e);
    if (own) throw own;
    const transport = classifyTransportError(e);
    const kind = transport?.kind ?? 'network';
    a.report({ ok: false, kind });
    throw new AppError({
      kind,
      ...(transport?.code ? { code: transport.code } : {}),
      retryable: true,
      message: kind === 'offline' ? messages.offline() : messages.network(a.options.service, transport?.detail ?? 'the upload was interrupted'),
      cause: e,
    });
  }
}

async function readAnswer(a: Attempt, response: IncomingMessage): Promise<string> {
  try {
    return await readSmall(response);
  } catch (e) {
    const own = ownFailure(a, e);
    if (own) throw own;
    a.report({ ok: false, kind: 'network' });
    throw new AppError({ kind: 'network', message: messages.network(a.options.service, 'the answer to the upload was cut off'), cause: e });
  }
}

/** The answer's status decides; a success also needs the whole body to have been sent, no more. */
async function judgeAnswer(a: Attempt, status: number, text: string): Promise<'done' | 'ask-without-expect'> {
  const { service: svc, size, onProgress } = a.options;
  // A server that won't do `Expect: 100-continue` (417) has seen none of the body: it goes with the next request.
  if (a.answeredFirst && status === 417) return 'ask-without-expect';
  if (status < 200 || status >= 300) {
    const err = storageError(status, text, svc);
    a.report({ ok: false, kind: err.kind, status });
    throw err;
  }
  if (a.answeredFirst && size > 0) {
    a.report({ ok: false, kind: 'network', status });
    throw new AppError({ kind: 'network', status, message: messages.network(svc, 'storage answered before the file was sent') });
  }
  // Storage only accepts once Content-Length bytes are in; the source must also have ended
  // right there (a byte more is a file that changed while it was sent).
  try {
    await a.sending;
  } catch (e) {
    throw toAppError(a.localError ?? e);
  }
  if (a.localError) throw toAppError(a.localError);
  a.report({ ok: true, status });
  if (onProgress && a.reported !== a.sent) onProgress(a.sent);
  return 'done';
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
  // 413, or S3/R2's `400 EntityTooLarge`: these bytes will never be taken, so not worth sending again.
  if (status === 413 || (status === 400 && /EntityTooLarge/i.test(text))) {
    return new AppError({ kind: 'invalid', status, code: 'file_too_large', retryable: false, message: messages.tooLarge(svc) });
  }
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
