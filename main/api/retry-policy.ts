/** How long to wait before trying again: exponential backoff with full jitter, or the server's word. */
import { header, parseRetryAfter, parseResetAt, type HeaderSource } from './rate-headers';

export interface BackoffOptions {
  /** First retry waits up to this long (default 1 s: the VideoGen docs say 1 s, 2 s, 4 s…). */
  baseMs: number;
  /** No single wait is longer than this. */
  capMs: number;
  /** [0, 1), injectable for tests. */
  random: () => number;
}

export const DEFAULT_BACKOFF: Omit<BackoffOptions, 'random'> = { baseMs: 1000, capMs: 30_000 };

/** Full jitter: uniform in [0, min(cap, base·2^(retry-1))). `retry` counts from 1. */
export function backoffDelay(retry: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  const r = Math.min(Math.max(options.random(), 0), 1);
  return Math.floor(r * ceiling);
}

/**
 * What the server asked us to wait, in ms: `Retry-After` if sent, else until `X-RateLimit-Reset`
 * when `X-RateLimit-Remaining` is 0 or absent (VideoGen sends only these). Null when it said
 * nothing usable: the caller backs off instead.
 */
export function serverWaitHint(headers: HeaderSource, now: number): number | null {
  const retryAfter = parseRetryAfter(header(headers, 'retry-after'), now);
  if (retryAfter !== null) return retryAfter;
  // The window's end is the wait only when the window is spent; a 429 with requests left
  // (a burst limit, a hiccup) is better met with a short backoff than an hour's wait.
  const remaining = header(headers, 'x-ratelimit-remaining');
  if (remaining !== null && Number(remaining) > 0) return null;
  const resetAt = parseResetAt(header(headers, 'x-ratelimit-reset'), now);
  if (resetAt !== null && resetAt > now) return resetAt - now;
  return null;
}
