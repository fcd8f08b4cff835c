/**
 * The one poller: every check on work in flight at the providers goes through its scheduler
 * (./scheduler.ts) — VideoGen tool executions and Sync generations built in, and what other
 * workers add (the upload worker's files waiting for processing: `poller.addSource(source)`).
 * (The library sync's pages and the connectivity probe are not status checks of work in
 * flight; they keep their own timers.)
 *
 * It keeps nothing the store doesn't: at start every non-terminal job is picked up from
 * `store.executions.active()` and checked at once. Intervals are adaptive (./schedule.ts),
 * batching is per provider (./videogen-source.ts, ./sync-source.ts), and every request asks
 * the shared rate budget first (./budget-gate.ts).
 *
 * It talks to the execution worker directly, one call each way: the send lane calls
 * `watch(id)` when a job is accepted (or asked to cancel), and the poller calls
 * `onFinished(view)` when one of ours reaches its end at the provider (a Sync slot may be
 * free). Events are for the UI.
 */
import type { Clock } from '../../kernel/clock';
import type { RateBudget } from '../../api/rate-budget';
import type { SyncClient } from '../../api/sync';
import type { VideoGenClient } from '../../api/videogen';
import type { ExecutionView } from '../../contract';
import type { EventBus } from '../../kernel/events';
import type { KeyGate } from '../../kernel/key-gate';
import type { Store } from '../../store';
import { announce, isTerminal } from '../executions/notify';
import { createBudgetGate } from './budget-gate';
import { defaultScheduleOptions, type ScheduleOptions } from './schedule';
import { createPollScheduler, type PollScheduler } from './scheduler';
import { createStudioSource, type StudioSourceOptions } from './studio-source';
import { createSyncSource, type SyncSourceOptions } from './sync-source';
import { createSyncErrorCatalog } from '../lipsync/error-catalog';
import { createVideoGenSource, type VideoGenSourceOptions } from './videogen-source';

export type { PollSource } from './source';
export { createPollScheduler, type PollScheduler } from './scheduler';

export interface PollerOptions {
  /** Adaptive interval policy (see schedule.ts); Sync's first checks are 1.5× slower. */
  schedule?: Partial<ScheduleOptions>;
  videogen?: Partial<VideoGenSourceOptions>;
  sync?: Partial<SyncSourceOptions>;
  studio?: Partial<StudioSourceOptions>;
  /** Longest sleep with nothing due (a safety net; news wakes the poller sooner). Default 5 s. */
  idleMs?: number;
}

export interface PollerDeps {
  store: Store;
  videogen: VideoGenClient;
  sync: SyncClient;
  events: Pick<EventBus, 'emit'>;
  clock: Clock;
  budget: Pick<RateBudget, 'check' | 'snapshot'>;
  /** Whether a provider's key is rejected: its jobs are then paused, not polled (key-pause.ts). */
  keyGate?: KeyGate;
  /** One of our executions reached its end at the provider (the execution worker's `finished`). */
  onFinished?: (view: ExecutionView) => void;
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
  /** Workflow runs, exports, remix actions. */
  studio: { get: number; list: number };
}

export interface Poller extends PollScheduler {
  /** Follow this execution: just accepted, or asked to cancel (look at it soon). */
  watch(executionId: string): void;
  stats(): PollerStats;
}

export function createPoller(deps: PollerDeps): Poller {
  const { store, clock } = deps;
  const opts = deps.options ?? {};
  const gate = createBudgetGate(deps.budget);
  const stats: PollerStats = { videogen: { get: 0, list: 0 }, sync: { get: 0, list: 0 }, studio: { get: 0, list: 0 } };

  // One read of the active rows per scheduler pass, shared by the sources.
  let rowsCache: readonly ExecutionView[] | null = null;
  const rows = () => (rowsCache ??= store.executions.active());
  const publish = (views: ExecutionView[]) => {
    for (const v of views) {
      announce(deps.events, v);
      if (isTerminal(v) && v.remoteId !== null) deps.onFinished?.(v);
    }
  };

  const schedule: ScheduleOptions = { ...defaultScheduleOptions, ...opts.schedule };
  const scheduler = createPollScheduler(
    { clock, ...(opts.idleMs !== undefined ? { idleMs: opts.idleMs } : {}), onPass: () => (rowsCache = null) },
    [
      createVideoGenSource(
        { store, videogen: deps.videogen, gate, rows, publish, count: (k) => stats.videogen[k]++, ...(deps.keyGate ? { keyGate: deps.keyGate } : {}) },
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
      createStudioSource(
        { store, videogen: deps.videogen, gate, rows, publish, count: (k) => stats.studio[k]++, ...(deps.keyGate ? { keyGate: deps.keyGate } : {}) },
        { schedule, listThreshold: 4, minListIntervalMs: 1_000, maxListPages: 10, readSpacingMs: 900, maxResultAttempts: 10, ...opts.studio },
      ),
      createSyncSource(
        {
          store,
          sync: deps.sync,
          gate,
          rows,
          publish,
          count: (k) => stats.sync[k]++,
          ...(deps.keyGate ? { keyGate: deps.keyGate } : {}),
          errors: createSyncErrorCatalog({ sync: deps.sync, store, clock }),
          output: {
            dataDir: deps.dataDir,
            fetch: deps.fetch ?? fetch,
            ...(deps.syncOutputHeaders ? { outputHeaders: deps.syncOutputHeaders } : {}),
          },
        },
        { schedule: { ...schedule, minMs: schedule.minMs * 1.5 }, batchSize: 50, unknownStatusCapMs: 6 * 3_600_000, maxOutputAttempts: 10, ...opts.sync },
      ),
    ],
  );

  // A key saved (or rejected): the sources pause or resume at their next look, which is now.
  deps.keyGate?.onChange(() => scheduler.wake());

  return {
    ...scheduler,
    watch: (id) => scheduler.checkSoon(id),
    stats: () => ({ videogen: { ...stats.videogen }, sync: { ...stats.sync }, studio: { ...stats.studio } }),
  };
}
