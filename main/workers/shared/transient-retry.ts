/**
 * The workers' outer retry policy around one step (one upload phase, one library page, one
 * media download, one processing check). Transient failures wait and try again; being
 * offline waits for the connection without counting as a failure; anything else is given up
 * on, for the caller to record as a failure a person can read.
 */
import { backoffDelay } from '../../api/retry-policy';
import { toAppError, type AppError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { Connectivity } from '../connectivity';

export interface RetryPolicy {
  /** Failures (other than offline and rate-limit waits) before giving up. Default 8. */
  maxFailures?: number;
  baseMs?: number;
  capMs?: number;
  random?: () => number;
}

export interface TransientRetryOptions extends RetryPolicy {
  clock: Clock;
  connectivity: Pick<Connectivity, 'online' | 'waitOnline'>;
  signal?: AbortSignal;
  /** Told before each wait (to show "waiting" states or log). */
  onRetry?: (info: { error: AppError; waitMs: number | null; failures: number }) => void;
}

/** After a failed step: give up, wait for the connection (not counted), or wait `waitMs` and try again. */
export type RetryDecision =
  | { kind: 'give_up'; error: AppError }
  | { kind: 'offline'; error: AppError }
  | { kind: 'wait'; error: AppError; waitMs: number };

const TRANSPORT = new Set(['network', 'offline', 'timeout']);

/** Decides what follows a failure; `state.failures` counts the failures that count. */
export function afterFailure(e: unknown, state: { failures: number }, online: boolean, policy: RetryPolicy = {}): RetryDecision {
  const error = toAppError(e);
  if (!error.retryable) return { kind: 'give_up', error };
  // Offline is a state, not a failure: wait for the connection, don't count it.
  if (TRANSPORT.has(error.kind) && !online) return { kind: 'offline', error };
  if (error.kind !== 'rate_limited') state.failures += 1;
  if (state.failures >= (policy.maxFailures ?? 8)) return { kind: 'give_up', error };
  const backoff = { baseMs: policy.baseMs ?? 1_000, capMs: policy.capMs ?? 60_000, random: policy.random ?? Math.random };
  const waitMs = error.retryAfterMs ?? Math.max(backoff.baseMs / 4, backoffDelay(state.failures, backoff));
  return { kind: 'wait', error, waitMs };
}

export async function withTransientRetry<T>(step: () => Promise<T>, opts: TransientRetryOptions): Promise<T> {
  const state = { failures: 0 };
  for (;;) {
    opts.signal?.throwIfAborted();
    await opts.connectivity.waitOnline(opts.signal);
    try {
      return await step();
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      const next = afterFailure(e, state, opts.connectivity.online, opts);
      if (next.kind === 'give_up') throw next.error;
      if (next.kind === 'offline') {
        opts.onRetry?.({ error: next.error, waitMs: null, failures: state.failures });
        continue;
      }
      opts.onRetry?.({ error: next.error, waitMs: next.waitMs, failures: state.failures });
      await opts.clock.sleep(next.waitMs, opts.signal);
    }
  }
}
