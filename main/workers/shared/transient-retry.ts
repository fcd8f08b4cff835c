/**
 * The workers' outer retry loop around one step (one upload phase, one library page, one
 * media download). Transient failures wait and try again; being offline waits for the
 * connection without counting as a failure; anything else is thrown for the caller to
 * record as a failure a person can read.
 */
import { backoffDelay } from '../../api/retry-policy';
import { toAppError, type AppError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { Connectivity } from '../connectivity';

export interface TransientRetryOptions {
  clock: Clock;
  connectivity: Pick<Connectivity, 'online' | 'waitOnline'>;
  signal?: AbortSignal;
  /** Failures (other than offline and rate-limit waits) before giving up. Default 8. */
  maxFailures?: number;
  baseMs?: number;
  capMs?: number;
  random?: () => number;
  /** Told before each wait (to show "waiting" states or log). */
  onRetry?: (info: { error: AppError; waitMs: number | null; failures: number }) => void;
}

const TRANSPORT = new Set(['network', 'offline', 'timeout']);

export async function withTransientRetry<T>(step: () => Promise<T>, opts: TransientRetryOptions): Promise<T> {
  const maxFailures = opts.maxFailures ?? 8;
  const backoff = { baseMs: opts.baseMs ?? 1_000, capMs: opts.capMs ?? 60_000, random: opts.random ?? Math.random };
  let failures = 0;
  for (;;) {
    opts.signal?.throwIfAborted();
    await opts.connectivity.waitOnline(opts.signal);
    try {
      return await step();
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      const error = toAppError(e);
      if (!error.retryable) throw error;
      if (TRANSPORT.has(error.kind) && !opts.connectivity.online) {
        // Offline is a state, not a failure: wait for the connection, don't count it.
        opts.onRetry?.({ error, waitMs: null, failures });
        continue;
      }
      if (error.kind !== 'rate_limited') failures += 1;
      if (failures >= maxFailures) throw error;
      const waitMs = error.retryAfterMs ?? Math.max(backoff.baseMs / 4, backoffDelay(failures, backoff));
      opts.onRetry?.({ error, waitMs, failures });
      await opts.clock.sleep(waitMs, opts.signal);
    }
  }
}
