/**
 * A shared rate budget per endpoint key (e.g. `videogen:GET /v1/tools/executions/{id}`).
 * Fed by the server's `X-RateLimit-*` headers when it sends them, and by local counting
 * against configured defaults when it doesn't (Sync). Tokens are spent *before* a request
 * leaves (`take`), so concurrent workers can't overspend; `check` asks without spending.
 * Endpoints with neither defaults nor headers are unlimited.
 */
import type { Clock } from '../kernel/clock';
import { parseRateLimitHeaders, type HeaderSource } from './rate-headers';

export interface RateWindow {
  limit: number;
  windowMs: number;
}

export interface RateBudgetEntry {
  endpoint: string;
  limit: number;
  remaining: number;
  /** Epoch ms when the window resets. */
  resetAt: number;
}

export type TakeResult = { ok: true } | { ok: false; waitMs: number };

export interface RateBudget {
  /** Local default for an endpoint (kept if already defined; server headers still win). */
  define(endpoint: string, window: RateWindow): void;
  /** Spend `n` tokens now, or learn how long to wait. */
  take(endpoint: string, n?: number): TakeResult;
  /** Would `take` succeed? Spends nothing. */
  check(endpoint: string, n?: number): TakeResult;
  /** Give back tokens for a request that provably never reached the server. */
  refund(endpoint: string, n?: number): void;
  /** Learn from a response's `X-RateLimit-Limit/-Remaining/-Reset` headers. */
  update(endpoint: string, headers: HeaderSource): void;
  /** The server said 429: nothing left until `resetAt` (epoch ms). */
  exhaust(endpoint: string, resetAt: number): void;
  snapshot(): RateBudgetEntry[];
  /** Called after every change with a fresh snapshot. Returns an unsubscribe function. */
  onChange(listener: (entries: RateBudgetEntry[]) => void): () => void;
}

export interface RateBudgetOptions {
  clock: Pick<Clock, 'now'>;
  defaults?: Record<string, RateWindow>;
  /** Window assumed after a server-announced window ends, when no default says otherwise. */
  fallbackWindowMs?: number;
}

interface State {
  limit: number;
  remaining: number;
  resetAt: number;
  windowMs: number | null;
  /** Only a 429 block on an endpoint whose limit we don't know: forgotten once it passes. */
  blockOnly?: boolean;
}

export function createRateBudget(options: RateBudgetOptions): RateBudget {
  const { clock } = options;
  const fallbackWindowMs = options.fallbackWindowMs ?? 3_600_000;
  const states = new Map<string, State>();
  const listeners = new Set<(entries: RateBudgetEntry[]) => void>();

  function define(endpoint: string, window: RateWindow): void {
    const existing = states.get(endpoint);
    if (existing) {
      existing.windowMs ??= window.windowMs;
      if (existing.blockOnly) {
        existing.blockOnly = false;
        existing.limit = window.limit;
      }
      return;
    }
    if (!(window.limit > 0) || !(window.windowMs > 0)) throw new RangeError(`Bad rate window for ${endpoint}`);
    states.set(endpoint, {
      limit: window.limit,
      remaining: window.limit,
      resetAt: clock.now() + window.windowMs,
      windowMs: window.windowMs,
    });
    notify();
  }

  for (const [endpoint, window] of Object.entries(options.defaults ?? {})) define(endpoint, window);

  /** Start a new window once the old one has passed. */
  function current(endpoint: string): State | undefined {
    const state = states.get(endpoint);
    if (!state) return undefined;
    const now = clock.now();
    if (state.resetAt <= now) {
      if (state.blockOnly) {
        states.delete(endpoint);
        return undefined;
      }
      state.remaining = state.limit;
      state.resetAt = now + (state.windowMs ?? fallbackWindowMs);
    }
    return state;
  }

  function check(endpoint: string, n = 1): TakeResult {
    const state = current(endpoint);
    if (!state || state.remaining >= n) return { ok: true };
    return { ok: false, waitMs: Math.max(1, state.resetAt - clock.now()) };
  }

  function take(endpoint: string, n = 1): TakeResult {
    const result = check(endpoint, n);
    const state = states.get(endpoint);
    if (result.ok && state) {
      state.remaining -= n;
      notify();
    }
    return result;
  }

  function refund(endpoint: string, n = 1): void {
    const state = states.get(endpoint);
    if (!state) return;
    state.remaining = Math.min(state.limit, state.remaining + n);
    notify();
  }

  function update(endpoint: string, headers: HeaderSource): void {
    const now = clock.now();
    const h = parseRateLimitHeaders(headers, now);
    if (h.remaining === null && h.limit === null) return;
    const state = current(endpoint);
    const limit = h.limit ?? state?.limit ?? h.remaining ?? 0;
    const resetAt = h.resetAt ?? state?.resetAt ?? now + fallbackWindowMs;
    let remaining = h.remaining ?? state?.remaining ?? limit;
    // Same window: our count also includes requests still in flight, which the server
    // hasn't counted yet, so keep the lower of the two.
    if (state && Math.abs(state.resetAt - resetAt) < 1000) remaining = Math.min(remaining, state.remaining);
    const next: State = {
      limit,
      remaining: Math.max(0, Math.min(remaining, limit)),
      resetAt,
      windowMs: state?.windowMs ?? null,
    };
    if (state && state.limit === next.limit && state.remaining === next.remaining && state.resetAt === next.resetAt) {
      return;
    }
    states.set(endpoint, next);
    notify();
  }

  function exhaust(endpoint: string, resetAt: number): void {
    const state = current(endpoint);
    if (state) {
      state.remaining = 0;
      state.resetAt = Math.max(resetAt, clock.now());
    } else {
      // Unknown limit: remember the block until it passes, then the endpoint is unlimited again.
      states.set(endpoint, { limit: 0, remaining: 0, resetAt: Math.max(resetAt, clock.now()), windowMs: null, blockOnly: true });
    }
    notify();
  }

  function snapshot(): RateBudgetEntry[] {
    const out: RateBudgetEntry[] = [];
    for (const endpoint of [...states.keys()].sort()) {
      const s = current(endpoint);
      if (s && !s.blockOnly) out.push({ endpoint, limit: s.limit, remaining: s.remaining, resetAt: s.resetAt });
    }
    return out;
  }

  function notify(): void {
    if (listeners.size === 0) return;
    const entries = snapshot();
    for (const listener of listeners) {
      try {
        listener(entries);
      } catch {
        // A listener's failure must not break a request.
      }
    }
  }

  return {
    define,
    take,
    check,
    refund,
    update,
    exhaust,
    snapshot,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
