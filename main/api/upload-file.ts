/**
 * A file body for `putBytes` (./upload.ts), sent the way `curl -T` sends one: a few reused
 * buffers, each read into again only once the socket has taken it.
 */
import { close, open, read } from 'node:fs';
import type { ClientRequest } from 'node:http';

/**
 * Read size for file bodies: 1 MiB chunks mean ~1,000 trips through the event loop per GB
 * instead of 16,000 at a stream's default 64 KiB. Also the size to give `createReadStream`
 * when a stream of a file must be sent.
 */
export const UPLOAD_READ_CHUNK_BYTES = 1024 * 1024;
/** Chunks of a file body read ahead of the socket (each reused once the socket has taken it). */
const FILE_BUFFERS = 4;

export interface FileSender {
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
export function sendFile(
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
