import { describe, expect, it } from 'vitest';
import { StorageError } from '../../../main/sandbox/errors';
import { presignPut, verifyPresignedPut } from '../../../main/sandbox/storage/presign';
import { Signer } from '../../../main/sandbox/storage/signing';

const signer = new Signer(Buffer.from('k'));
const now = Date.UTC(2026, 4, 5, 12);

function check(url: string, headers: Record<string, string>, at: number): string {
  const u = new URL(url);
  try {
    verifyPresignedPut(signer, u.pathname, u.searchParams, headers, at);
    return 'ok';
  } catch (err) {
    if (err instanceof StorageError) return `${err.status} ${err.s3Code} ${err.message}`;
    throw err;
  }
}

describe('presigned PUT URLs', () => {
  const url = presignPut(signer, { baseUrl: 'http://127.0.0.1:1', path: '/storage/uploads/f/primary-source', ttlS: 900, nowMs: now });
  it('look like S3 query auth and verify until they expire', () => {
    expect(url).toContain('X-Amz-Algorithm=AWS4-HMAC-SHA256');
    expect(url).toContain('X-Amz-Date=20260505T120000Z');
    expect(url).toContain('X-Amz-Expires=900');
    expect(url).toContain('X-Amz-SignedHeaders=host');
    expect(check(url, {}, now + 899_000)).toBe('ok');
    expect(check(url, {}, now + 901_000)).toMatch(/^403 AccessDenied Request has expired/);
  });

  it('reject tampering', () => {
    expect(check(url.replace('X-Amz-Expires=900', 'X-Amz-Expires=9000'), {}, now)).toMatch(/^403 SignatureDoesNotMatch/);
    expect(check(url.replace('/f/', '/g/'), {}, now)).toMatch(/^403 SignatureDoesNotMatch/);
    expect(check(url.split('&X-Amz-Signature')[0]!, {}, now)).toMatch(/^403 AccessDenied/);
  });

  it('bind signed headers such as Content-Type exactly', () => {
    const typed = presignPut(signer, { baseUrl: 'http://h', path: '/a/b.mp4', ttlS: 60, nowMs: now, signedHeaders: { 'content-type': 'video/mp4' } });
    expect(typed).toContain('X-Amz-SignedHeaders=content-type%3Bhost');
    expect(check(typed, { 'content-type': 'video/mp4' }, now)).toBe('ok');
    expect(check(typed, { 'content-type': 'video/webm' }, now)).toMatch(/SignatureDoesNotMatch/);
    expect(check(typed, {}, now)).toMatch(/SignatureDoesNotMatch/);
  });
});
