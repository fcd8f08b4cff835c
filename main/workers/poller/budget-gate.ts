/**
 * Asking the shared rate budget before each status request (without spending: the HTTP layer
 * spends when the request leaves) and remembering how long an endpoint is closed.
 */
import type { RateBudget } from '../../api/rate-budget';

export interface BudgetGate {
  /** True when a request to `key` may leave now. */
  open(key: string, now: number): boolean;
  /** Epoch ms `key` opens again (0 when open). */
  closedUntil(key: string): number;
  /** The server said 429 (or the budget said no): keep `key` closed for `waitMs`. */
  close(key: string, now: number, waitMs: number): void;
  /** Spent faster than an even pace and below `reserve` of the limit: slow down. */
  tight(key: string, reserve?: number): boolean;
}

export function createBudgetGate(budget: Pick<RateBudget, 'check' | 'snapshot'>): BudgetGate {
  const closed = new Map<string, number>();
  return {
    open(key, now) {
      const until = closed.get(key) ?? 0;
      if (until > now) return false;
      const r = budget.check(key);
      if (r.ok) return true;
      closed.set(key, now + r.waitMs);
      return false;
    },
    closedUntil: (key) => closed.get(key) ?? 0,
    close(key, now, waitMs) {
      closed.set(key, Math.max(closed.get(key) ?? 0, now + Math.max(250, waitMs)));
    },
    tight(key, reserve = 0.1) {
      const e = budget.snapshot().find((s) => s.endpoint === key);
      return e !== undefined && e.limit > 0 && e.remaining < e.limit * reserve;
    },
  };
}
