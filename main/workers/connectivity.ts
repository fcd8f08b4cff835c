/**
 * Online/offline as a state (design principle 6), derived from the outcomes of real requests.
 *
 * - Any answer from a server (even a 4xx/5xx) proves the network works: online.
 * - `failuresToOffline` consecutive transport failures (network / offline / timeout) flip to
 *   offline. Outcomes that say nothing about the network (cancelled, local, unknown_outcome)
 *   are ignored.
 * - While offline, and only then, a light probe runs with a growing pause (1 s → 30 s);
 *   its first success flips back online. Workers call `waitOnline()` and resume by themselves.
 */
import type { ErrorKind } from '../kernel/errors';
import type { Clock } from '../kernel/clock';
import type { EventBus } from '../kernel/events';

export interface RequestOutcome {
  ok: boolean;
  kind?: ErrorKind;
}

export interface Connectivity {
  readonly online: boolean;
  report(outcome: RequestOutcome): void;
  onChange(listener: (online: boolean) => void): () => void;
  /** Resolves at once when online, else when the connection returns; rejects when `signal` aborts. */
  waitOnline(signal?: AbortSignal): Promise<void>;
  stop(): void;
}

export interface ConnectivityOptions {
  clock: Clock;
  /** A cheap request that proves the API is reachable (e.g. a HEAD or `GET /v1/me`). */
  probe: () => Promise<boolean>;
  events?: Pick<EventBus, 'emit'>;
  /** Consecutive transport failures before going offline (default 2). */
  failuresToOffline?: number;
  probeMinMs?: number;
  probeMaxMs?: number;
  initiallyOnline?: boolean;
}

const TRANSPORT_FAILURES: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['network', 'offline', 'timeout']);
const SAYS_NOTHING: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['cancelled', 'local', 'unknown_outcome']);

export function createConnectivity(opts: ConnectivityOptions): Connectivity {
  const { clock, probe } = opts;
  const failuresToOffline = Math.max(1, opts.failuresToOffline ?? 2);
  const probeMinMs = opts.probeMinMs ?? 1_000;
  const probeMaxMs = opts.probeMaxMs ?? 30_000;

  let online = opts.initiallyOnline ?? true;
  let consecutiveFailures = 0;
  let stopped = false;
  let probeAbort: AbortController | null = null;
  const listeners = new Set<(online: boolean) => void>();

  function set(next: boolean): void {
    if (next === online || stopped) return;
    online = next;
    if (online) {
      consecutiveFailures = 0;
      probeAbort?.abort();
      probeAbort = null;
    } else {
      startProbing();
    }
    opts.events?.emit('connectivity.changed', { online });
    for (const fn of [...listeners]) {
      try {
        fn(online);
      } catch {
        // A listener's bug must not stop the others from hearing the change.
      }
    }
  }

  function startProbing(): void {
    if (probeAbort) return;
    const ctrl = new AbortController();
    probeAbort = ctrl;
    void (async () => {
      let delay = probeMinMs;
      while (!ctrl.signal.aborted && !online) {
        try {
          await clock.sleep(delay, ctrl.signal);
        } catch {
          return; // stopped, or back online through a real request
        }
        const reachable = await probe().catch(() => false);
        if (ctrl.signal.aborted) return;
        if (reachable) {
          if (probeAbort === ctrl) probeAbort = null;
          set(true);
          return;
        }
        delay = Math.min(probeMaxMs, delay * 2);
      }
    })();
  }

  if (!online) startProbing();

  function onChange(listener: (online: boolean) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  return {
    get online() {
      return online;
    },
    report(outcome) {
      if (stopped) return;
      if (outcome.ok) {
        consecutiveFailures = 0;
        set(true);
        return;
      }
      const kind = outcome.kind;
      if (kind === undefined || SAYS_NOTHING.has(kind)) return;
      if (TRANSPORT_FAILURES.has(kind)) {
        consecutiveFailures += 1;
        if (consecutiveFailures >= failuresToOffline) set(false);
        return;
      }
      // The server answered (an HTTP error): the network is fine.
      consecutiveFailures = 0;
      set(true);
    },
    onChange,
    waitOnline(signal) {
      if (online) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(abortReason(signal));
          return;
        }
        const off = onChange((now) => {
          if (!now) return;
          cleanup();
          resolve();
        });
        const onAbort = () => {
          cleanup();
          reject(abortReason(signal));
        };
        const cleanup = () => {
          off();
          signal?.removeEventListener('abort', onAbort);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    stop() {
      stopped = true;
      probeAbort?.abort();
      probeAbort = null;
      listeners.clear();
    },
  };
}

function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/**
 * A probe for `createConnectivity`: one plain GET (no retries, no key needed) with a short
 * timeout; any HTTP answer at all means the API is reachable.
 */
export function httpProbe(url: string, fetchImpl: typeof fetch = globalThis.fetch, timeoutMs = 5_000): () => Promise<boolean> {
  return async () => {
    try {
      const res = await fetchImpl(url, { method: 'GET', signal: AbortSignal.timeout(timeoutMs) });
      await res.body?.cancel().catch(() => undefined);
      return true;
    } catch {
      return false;
    }
  };
}
