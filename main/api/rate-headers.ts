/** Reading the rate-limit hints servers send: `Retry-After` and `X-RateLimit-*`. */

export type HeaderSource = Headers | Record<string, string | null | undefined>;

export function header(headers: HeaderSource, name: string): string | null {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers as Record<string, string | null | undefined>)) {
    if (k.toLowerCase() === lower) return v ?? null;
  }
  return null;
}

/** `Retry-After`: delay-seconds or an HTTP date → ms from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/**
 * `X-RateLimit-Reset` → epoch ms. VideoGen sends Unix **seconds**; small values are read as
 * seconds-from-now and huge ones as epoch ms, so another server's convention doesn't break us.
 */
export function parseResetAt(value: string | null, now: number): number | null {
  if (value === null) return null;
  const n = Number(value.trim());
  if (!Number.isFinite(n) || n < 0) return null;
  if (n < 1e9) return now + n * 1000; // delta seconds
  if (n < 1e12) return n * 1000; // Unix seconds
  return n; // epoch ms
}

export interface RateLimitHeaders {
  limit: number | null;
  remaining: number | null;
  resetAt: number | null;
}

export function parseRateLimitHeaders(headers: HeaderSource, now: number): RateLimitHeaders {
  return {
    limit: nonNegativeInt(header(headers, 'x-ratelimit-limit')),
    remaining: nonNegativeInt(header(headers, 'x-ratelimit-remaining')),
    resetAt: parseResetAt(header(headers, 'x-ratelimit-reset'), now),
  };
}

function nonNegativeInt(value: string | null): number | null {
  if (value === null) return null;
  const n = Number(value.trim());
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : null;
}
