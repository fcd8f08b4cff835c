/**
 * The one poller: a single scheduler for every status request the app makes — VideoGen tool
 * executions and Sync generations built in, and any source another worker adds (e.g. uploaded
 * files waiting for processing: `poller.addSource(source)`).
 *
 * It sleeps until the earliest due check across sources, runs what is due, and repeats; news
 * (a job accepted, a cancel asked for) wakes it early. It keeps nothing the store doesn't: at
 * start every non-terminal job is picked up from `store.executions.active()` and checked at
 * once. Intervals are adaptive (./schedule.ts), batching is per provider (./videogen-source.ts,
 * ./sync-source.ts), and every request asks the shared rate budget first (./budget-gate.ts).
 */
import type { Clock } from '../../kernel/clock';
import { toAppError } from '../../kernel/errors';
import type { RateBudget } from '../../api/rate-budget';
import type { SyncClient } from '../../api/sync';
import type { VideoGenClient } from '../../api/videogen';
import type { ExecutionView } from '../../contract';
import type { EventBus } from '../../kernel/events';
import type { Store } from '../../store';
import { announce } from '../executions/notify';
import { createWaker } from '../executions/wake';
import { createBudgetGate } from './budget-gate';
import { defaultScheduleOptions, type ScheduleOptions } from './schedule';
import type { PollSource } from './source';
import { createSyncSource, type SyncSourceOptions } from './sync-source';
import { createVideoGenSource, type VideoGenSourceOptions } from './videogen-source';

export type { PollSource } from './source';

export interface PollerOptions {
  /** Adaptive interval policy (see schedule.ts); Sync's first checks are 1.5× slower. */
  schedule?: Partial<ScheduleOptions>;
  videogen?: Partial<VideoGenSourceOptions>;
  sync?: Partial<SyncSourceOptions>;
  /** Longest sleep with nothing due (a safety net; news wakes the poller sooner). Default 5 s. */
  idleMs?: number;
}

export interface PollerDeps {
  store: Store;
  videogen: VideoGenClient;
  sync: SyncClient;
  events: Pick<EventBus, 'emit' | 'on'>;
  clock: Clock;
  budget: Pick<RateBudget, 'check' | 'snapshot'>;
  /** Lip-sync outputs are kept under `<dataDir>/lipsync/`. */
  dataDir: string;
  /** For downloading Sync outputs (default: global fetch). */
  fetch?: typeof fetch;
  /** Headers to retry a Sync output download with when its token alone is refused. */
  syncOutputHeaders?: () => Record<string, string>;
  options?: PollerOptions;
}

export interface PollerStats {
  /** Status requests sent, by provider and kind. */
  videogen: { get: number; list: number };
  sync: { get: number; list: number };
}

export interface Poller {
  start(): void;
  stop(): Promise<void>;
  /** Something changed: re-read the store and reschedule now. */
  wake(): void;
  /** Look at one execution soon (e.g. to confirm a cancel). */
  checkSoon(executionId: string): void;
  /** Hand another kind of work to the scheduler. Returns a function that removes it. */
  addSource(source: PollSource): () => void;
  stats(): PollerStats;
}

export function createPoller(deps: PollerDeps): Poller {
  const { store, clock } = deps;
  const opts = deps.options ?? {};
  const idleMs = opts.idleMs ?? 5_000;
  const gate = createBudgetGate(deps.budget);
  const waker = createWaker(clock);
  const stats: PollerStats = { videogen: { get: 0, list: 0 }, sync: { get: 0, list: 0 } };

  // One read of the active rows per scheduler pass, shared by the sources.
  let rowsCache: readonly ExecutionView[] | null = null;
  const rows = () => (rowsCache ??= store.executions.active());
  // Our own announcements must not wake us (the listener below is for news from others).
  let publishing = false;
  const publish = (views: ExecutionView[]) => {
    publishing = true;
    try {
      for (const v of views) announce(deps.events, v);
    } finally {
      publishing = false;
    }
  };

  const schedule: ScheduleOptions = { ...defaultScheduleOptions, ...opts.schedule };
  const sources: PollSource[] = [
    createVideoGenSource(
      { store, videogen: deps.videogen, gate, rows, publish, count: (k) => stats.videogen[k]++ },
      {
        schedule,
        listThreshold: 4,
        minListIntervalMs: 1_000,
        maxListPages: 10,
        maxFallbackGets: 5,
        maxResultAttempts: 10,
        ...opts.videogen,
      },
    ),
    createSyncSource(
      {
        store,
        sync: deps.sync,
        gate,
        rows,
        publish,
        count: (k) => stats.sync[k]++,
        output: {
          dataDir: deps.dataDir,
          fetch: deps.fetch ?? fetch,
          ...(deps.syncOutputHeaders ? { outputHeaders: deps.syncOutputHeaders } : {}),
        },
      },
      { schedule: { ...schedule, minMs: schedule.minMs * 1.5 }, batchSize: 50, unknownStatusCapMs: 6 * 3_600_000, maxOutputAttempts: 10, ...opts.sync },
    ),
  ];

  let abort: AbortController | null = null;
  let running: Promise<void> | null = null;
  const unsubscribe: Array<() => void> = [];

  async function loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      rowsCache = null;
      let now = clock.now();
      let earliest = Infinity;
      for (const source of [...sources]) {
        let at: number;
        try {
          at = source.nextRunAt(now);
          if (at <= now) {
            await source.run(now, signal);
            now = clock.now();
            rowsCache = null;
            at = source.nextRunAt(now);
          }
        } catch (e) {
          if (signal.aborted) return;
          console.error(`[atelier] poller (${source.name}): ${toAppError(e).message}`);
          at = now + 5_000;
        }
        earliest = Math.min(earliest, at);
      }
      const waitMs = Math.min(idleMs, Math.max(0, earliest - clock.now()));
      try {
        await waker.sleep(Math.max(50, waitMs), signal);
      } catch {
        return;
      }
    }
  }

  return {
    start() {
      if (running) return;
      abort = new AbortController();
      unsubscribe.push(
        deps.events.on('execution.updated', (v) => {
          if (!publishing && (v.status === 'pending' || v.status === 'running') && v.remoteId !== null) waker.wake();
        }),
      );
      running = loop(abort.signal);
    },
    async stop() {
      for (const off of unsubscribe.splice(0)) off();
      abort?.abort();
      waker.wake();
      await running;
      running = null;
      abort = null;
    },
    wake: () => waker.wake(),
    checkSoon(id) {
      for (const s of sources) if (s.checkSoon?.(id)) break;
      waker.wake();
    },
    addSource(source) {
      sources.push(source);
      waker.wake();
      return () => {
        const i = sources.indexOf(source);
        if (i >= 0) sources.splice(i, 1);
      };
    },
    stats: () => ({ videogen: { ...stats.videogen }, sync: { ...stats.sync } }),
  };
}
