// Reading small request bodies (JSON) with a size limit.
import type { IncomingMessage } from 'node:http';

export class BodyError extends Error {
  constructor(
    readonly kind: 'too_large' | 'invalid_json',
    message: string,
  ) {
    super(message);
  }
}

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume();
    throw new BodyError('too_large', `Request body is larger than ${limitBytes} bytes.`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limitBytes) {
      req.resume();
      throw new BodyError('too_large', `Request body is larger than ${limitBytes} bytes.`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON body; empty → undefined. */
export async function readJson(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const raw = await readBody(req, limitBytes);
  const text = raw.toString('utf8').trim();
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new BodyError('invalid_json', `Request body is not valid JSON (${detail}).`);
  }
}
