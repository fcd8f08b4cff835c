// Streams a PUT body to disk (constant memory whatever the size), hashing it and keeping its
// first bytes for type sniffing. Honours Content-Length; can simulate a connection reset.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StorageError } from '../errors';

export interface Received {
  bytes: number;
  md5: string;
  head: Buffer;
}

export interface ReceiveOptions {
  /** Where the finished object goes; written to `<dest>.part-*` first and renamed. */
  dest: string;
  maxBytes: number;
  headBytes: number;
  /** Destroy the socket once this many bytes have arrived (fault profile); -1 = never. */
  resetAfterBytes: number;
}

/** Resolves with the object, or null when the client went away (nothing to answer). */
export async function receiveObject(req: IncomingMessage, opts: ReceiveOptions): Promise<Received | null> {
  const declared = req.headers['content-length'];
  if (declared === undefined) throw new StorageError(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
  const length = Number(declared);
  if (!Number.isSafeInteger(length) || length < 0) throw new StorageError(400, 'InvalidArgument', 'Content-Length is not a valid byte count.');
  if (length > opts.maxBytes) throw new StorageError(400, 'EntityTooLarge', `Your proposed upload exceeds the maximum allowed object size (${opts.maxBytes} bytes).`);

  const partial = `${opts.dest}.part-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const md5 = createHash('md5');
  const head: Buffer[] = [];
  let headLength = 0;
  let received = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length;
      md5.update(chunk);
      if (headLength < opts.headBytes) {
        const take = chunk.subarray(0, opts.headBytes - headLength);
        head.push(take);
        headLength += take.length;
      }
      if (opts.resetAfterBytes >= 0 && received >= opts.resetAfterBytes) {
        req.socket.destroy();
        done(new Error('connection reset by the fault profile'));
        return;
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(req, meter, createWriteStream(partial));
  } catch {
    await rm(partial, { force: true });
    if (req.destroyed || !req.socket || req.socket.destroyed) return null;
    throw new StorageError(400, 'IncompleteBody', 'The request body ended before Content-Length bytes were received.');
  }
  if (received !== length) {
    await rm(partial, { force: true });
    throw new StorageError(400, 'IncompleteBody', `Received ${received} bytes but Content-Length was ${length}.`);
  }
  await rename(partial, opts.dest);
  return { bytes: received, md5: md5.digest('hex'), head: Buffer.concat(head) };
}
