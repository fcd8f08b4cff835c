// HMAC signatures for everything the sandbox hands out as a URL: presigned PUTs, media tokens.
import { createHmac, timingSafeEqual } from 'node:crypto';

export class Signer {
  constructor(private readonly secret: Buffer) {}

  sign(...parts: string[]): string {
    return createHmac('sha256', this.secret).update(parts.join('\n')).digest('hex');
  }

  /** A shorter tag for URL path tokens. */
  tag(...parts: string[]): string {
    return this.sign(...parts).slice(0, 32);
  }

  verify(signature: string, ...parts: string[]): boolean {
    return safeEqual(signature, this.sign(...parts));
  }

  verifyTag(tag: string, ...parts: string[]): boolean {
    return safeEqual(tag, this.tag(...parts));
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
