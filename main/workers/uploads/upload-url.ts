/**
 * When a presigned PUT URL stops working, read from the URL itself (the API does not say).
 * S3/R2 v4: `X-Amz-Date` (20260505T120000Z) + `X-Amz-Expires` (seconds). S3 v2 / GCS-style:
 * `Expires` (Unix seconds). Unknown → null: the PUT is tried and a 403 starts a new upload.
 */
export function presignedExpiry(url: string): number | null {
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return null;
  }
  const get = (name: string) => {
    for (const [k, v] of params) if (k.toLowerCase() === name) return v;
    return null;
  };
  const amzDate = get('x-amz-date');
  const amzExpires = get('x-amz-expires');
  if (amzDate && amzExpires) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    const seconds = Number(amzExpires);
    if (m && Number.isFinite(seconds)) {
      const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
      return Date.UTC(y, mo - 1, d, h, mi, s) + seconds * 1000;
    }
  }
  const expires = Number(get('expires'));
  if (Number.isFinite(expires) && expires > 1_000_000_000) return expires * 1000;
  return null;
}
