// S3-style presigned PUT URLs (query auth, X-Amz-* parameters) for the sandbox's own object
// storage. The signature covers the method, path, date, lifetime and the signed headers
// (`host` always; `content-type` when the declared type must match, as Sync asset uploads do).
import type { IncomingHttpHeaders } from 'node:http';
import { StorageError } from '../errors';
import type { Signer } from './signing';

export interface PresignInput {
  baseUrl: string;
  path: string;
  ttlS: number;
  nowMs: number;
  /** Extra headers bound into the signature, lower-case name → exact value. */
  signedHeaders?: Record<string, string>;
}

export function presignPut(signer: Signer, input: PresignInput): string {
  const amzDate = formatAmzDate(input.nowMs);
  const headerNames = ['host', ...Object.keys(input.signedHeaders ?? {})].sort();
  const params = new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `sandbox/${amzDate.slice(0, 8)}/auto/s3/aws4_request`,
    'X-Amz-Date': amzDate,
    'X-Amz-Expires': String(Math.floor(input.ttlS)),
    'X-Amz-SignedHeaders': headerNames.join(';'),
  });
  const sig = signer.sign('PUT', input.path, amzDate, String(Math.floor(input.ttlS)), canonicalHeaders(headerNames, input.signedHeaders ?? {}));
  params.set('X-Amz-Signature', sig);
  return `${input.baseUrl}${input.path}?${params.toString()}`;
}

/**
 * Throws StorageError unless the PUT carries a valid, unexpired signature (403), and only that:
 * S3 / R2 refuse a presigned request that also carries an Authorization header (400
 * InvalidArgument), e.g. a client that sends its API key everywhere.
 */
export function verifyPresignedPut(signer: Signer, path: string, query: URLSearchParams, headers: IncomingHttpHeaders, nowMs: number): void {
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    throw new StorageError(
      400,
      'InvalidArgument',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
      { ArgumentName: 'Authorization', ArgumentValue: redact(authorization) },
    );
  }
  const amzDate = query.get('X-Amz-Date');
  const expires = query.get('X-Amz-Expires');
  const signature = query.get('X-Amz-Signature');
  const signedHeaderList = query.get('X-Amz-SignedHeaders');
  if (!amzDate || !expires || !signature || !signedHeaderList || query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') {
    throw new StorageError(403, 'AccessDenied', 'Query-string authentication requires X-Amz-Algorithm, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders and X-Amz-Signature.');
  }
  const names = signedHeaderList.split(';').filter(Boolean).sort();
  const values: Record<string, string> = {};
  for (const name of names) {
    if (name === 'host') continue;
    const v = headers[name];
    values[name] = (Array.isArray(v) ? v.join(',') : (v ?? '')).trim();
  }
  if (!signer.verify(signature, 'PUT', path, amzDate, expires, canonicalHeaders(names, values))) {
    throw new StorageError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method (signed headers: ' + names.join(';') + ').');
  }
  const issued = parseAmzDate(amzDate);
  if (issued === null || nowMs > issued + Number(expires) * 1000) {
    throw new StorageError(403, 'AccessDenied', 'Request has expired');
  }
}

function canonicalHeaders(names: string[], values: Record<string, string>): string {
  return names.map((n) => `${n}:${n === 'host' ? '' : (values[n] ?? '')}`).join('\n');
}

export function formatAmzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function parseAmzDate(s: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** An Authorization value as echoed in an error: the scheme, never the credential. */
function redact(value: string): string {
  const scheme = value.trim().split(/\s+/)[0] ?? '';
  return scheme ? `${scheme} ***` : '***';
}
