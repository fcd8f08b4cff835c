// Opaque pagination cursors: base64url JSON plus an HMAC tag. A cursor is bound to the endpoint
// that issued it; tampered, foreign or malformed cursors are rejected (400 invalid_parameters).
import { createHmac, timingSafeEqual } from 'node:crypto';

export type CursorValue = Array<number | string>;

export class CursorCodec {
  constructor(private readonly secret: Buffer) {}

  encode(endpoint: string, value: CursorValue): string {
    const body = Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
    return `${body}.${this.tag(endpoint, body)}`;
  }

  /** The value, or null when the cursor was not issued by this endpoint. */
  decode(endpoint: string, cursor: string): CursorValue | null {
    const dot = cursor.indexOf('.');
    if (dot <= 0) return null;
    const body = cursor.slice(0, dot);
    const tag = Buffer.from(cursor.slice(dot + 1));
    const expected = Buffer.from(this.tag(endpoint, body));
    if (tag.length !== expected.length || !timingSafeEqual(tag, expected)) return null;
    try {
      const value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' || typeof v === 'string')) return null;
      return value as CursorValue;
    } catch {
      return null;
    }
  }

  private tag(endpoint: string, body: string): string {
    return createHmac('sha256', this.secret).update(`cursor|${endpoint}|${body}`).digest('base64url').slice(0, 16);
  }
}
