/**
 * The execution worker and the poller wired as the core wires them, against a sandbox URL:
 * store in a folder, VideoGen + Sync clients sharing one rate budget, connectivity fed by the
 * clients' real outcomes. A network switch makes every request fail with a real
 * ECONNREFUSED (the request is sent to a closed port), so "offline" is the real thing.
 *
 * Used by the integration tests, the child process (test/helpers/execution-child.ts) and the
 * poller benchmark.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRateBudget, createSyncClient, createVideoGenClient, type Outcome, type RateBudget, type SyncClient, type VideoGenClient } from '../../../main/api';
import { systemClock } from '../../../main/kernel/clock';
import type { EventName, ExecutionView } from '../../../main/contract';
import { createEventBus } from '../../../main/kernel/events';
import type { EventBus } from '../../../main/kernel/events';
import { openStore, type Store } from '../../../main/store';
import { createConnectivity, type Connectivity } from '../../../main/workers/connectivity';
import { createExecutionWorker, type ExecutionWorker, type ExecutionWorkerOptions } from '../../../main/workers/executions';
import { createPoller, type Poller, type PollerOptions } from '../../../main/workers/poller';

export interface ExecEnvOptions {
  baseUrl: string;
  videogenKey: string;
  syncKey: string;
  dataDir?: string;
  timeoutMs?: number;
  worker?: ExecutionWorkerOptions;
  poller?: PollerOptions;
  /** Start the worker and the poller (default true). */
  start?: boolean;
  /** Sees every request outcome (after connectivity does). */
  onOutcome?: (o: Outcome) => void;
}

export interface ExecEnv {
  dataDir: string;
  store: Store;
  videogen: VideoGenClient;
  sync: SyncClient;
  budget: RateBudget;
  events: EventBus;
  connectivity: Connectivity;
  worker: ExecutionWorker;
  poller: Poller;
  /**
   * `offline`: every request fails with connection refused. `loseAnswer`: matching requests
   * reach the server, then the connection is reset before the answer arrives.
   */
  network: {
    offline: boolean;
    loseAnswer: ((method: string, url: string) => boolean) | null;
    /** Matching requests are answered this many ms late (0 = on time). */
    slowAnswer: ((method: string, url: string) => number) | null;
    /** Matching requests never reach the server: a proxy in the way answers 502 (nothing created). */
    failPost: ((method: string, url: string) => boolean) | null;
    /** Matching requests are held this many ms before they leave (to be killed before they arrive). */
    holdRequest: ((method: string, url: string) => number) | null;
  };
  log: Array<{ name: EventName; payload: unknown; at: number }>;
  view(id: string): ExecutionView;
  close(opts?: { keepData?: boolean }): Promise<void>;
}

const CLOSED_PORT_URL = 'http://127.0.0.1:9/';

export function createExecEnv(opts: ExecEnvOptions): ExecEnv {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'atelier-exec-'));
  const clock = systemClock;
  const store = openStore(join(dataDir, 'library.db'));
  const events = createEventBus();
  const log: ExecEnv['log'] = [];
  events.onAny((name, payload) => log.push({ name, payload, at: Date.now() }));
  const network: ExecEnv['network'] = { offline: false, loseAnswer: null, slowAnswer: null, failPost: null, holdRequest: null };
  const netFetch: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (network.offline) return fetch(new URL(url.pathname + url.search, CLOSED_PORT_URL), init);
    if (network.failPost?.(init?.method ?? 'GET', url.href)) {
      return new Response(JSON.stringify({ message: 'Bad gateway' }), { status: 502, headers: { 'content-type': 'application/json' } });
    }
    const hold = network.holdRequest?.(init?.method ?? 'GET', url.href) ?? 0;
    if (hold > 0) await sleepUnlessAborted(hold, init?.signal ?? undefined);
    const res = await fetch(input, init);
    const late = network.slowAnswer?.(init?.method ?? 'GET', url.href) ?? 0;
    if (late > 0) await sleepUnlessAborted(late, init?.signal ?? undefined);
    if (network.loseAnswer?.(init?.method ?? 'GET', url.href)) {
      await res.body?.cancel();
      throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    }
    return res;
  };
  const connectivity = createConnectivity({
    clock,
    events,
    probeMinMs: 200,
    probeMaxMs: 1_000,
    probe: async () => {
      try {
        const res = await netFetch(`${opts.baseUrl}/v2/healthcheck`, { signal: AbortSignal.timeout(2_000) });
        await res.body?.cancel();
        return true;
      } catch {
        return false;
      }
    },
  });
  const budget = createRateBudget({ clock });
  const common = {
    baseUrl: opts.baseUrl,
    fetch: netFetch,
    clock,
    budget,
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    onOutcome: (o: Outcome) => {
      connectivity.report(o);
      opts.onOutcome?.(o);
    },
  };
  const videogen = createVideoGenClient({ ...common, apiKey: () => opts.videogenKey });
  const sync = createSyncClient({ ...common, apiKey: () => opts.syncKey });
  const poller = createPoller({
    store,
    videogen,
    sync,
    events,
    clock,
    budget,
    onFinished: (view) => worker.finished(view),
    dataDir,
    fetch: netFetch,
    syncOutputHeaders: () => ({ 'x-api-key': opts.syncKey }),
    ...(opts.poller ? { options: opts.poller } : {}),
  });
  const worker = createExecutionWorker({
    store,
    videogen,
    sync,
    connectivity,
    events,
    clock,
    budget,
    options: { follow: (id) => poller.watch(id), ...opts.worker },
  });
  if (opts.start !== false) {
    worker.start();
    poller.start();
  }
  return {
    dataDir,
    store,
    videogen,
    sync,
    budget,
    events,
    connectivity,
    worker,
    poller,
    network,
    log,
    view(id) {
      const v = store.executions.get(id);
      if (!v) throw new Error(`no execution ${id}`);
      return v;
    },
    async close(closeOpts = {}) {
      await Promise.all([worker.stop(), poller.stop()]);
      connectivity.stop();
      store.close();
      if (!closeOpts.keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function sleepUnlessAborted(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

/** Resolves once the execution has been seen in `status` (from the event log: brief states count too). */
export function sawStatus(env: ExecEnv, id: string, status: string, timeoutMs = 20_000): Promise<true> {
  return until(
    () => env.log.some((e) => e.name === 'execution.updated' && (e.payload as { id: string; status: string }).id === id && (e.payload as { status: string }).status === status),
    `${id} to be ${status}`,
    timeoutMs,
  );
}

type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

/** Resolves when `check()` is truthy; rejects naming `what` after `timeoutMs`. */
export async function until<T>(check: () => T | Promise<T>, what: string, timeoutMs = 20_000, everyMs = 25): Promise<Truthy<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as Truthy<T>;
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const isTerminal = (v: ExecutionView) => v.status === 'succeeded' || v.status === 'failed' || v.status === 'cancelled';
