/**
 * Following Sync generations to the end. Sync reports no progress, so checks follow the job's
 * age (fast at first, then backing off). With two or more in flight, one
 * `GET /v2/generations?ids=…` refreshes them all; ids it doesn't return are asked for one by one.
 *
 * Status spellings are normalised (PENDING/PROCESSING in progress; COMPLETED; FAILED, REJECTED,
 * TIMED_OUT → failed with the catalog error in words; CANCELED/CANCELLED). An unfamiliar status
 * is shown as it is and polled on, up to `unknownStatusCapMs`.
 * COMPLETED: the video is downloaded into the library first, then the execution is marked
 * succeeded (a crash in between downloads again, never doubles the item).
 */
import { toAppError } from '../../kernel/errors';
import { SYNC_OTHER_RATE_KEY, type SyncClient } from '../../api/sync';
import { normalizeSyncStatus, type Generation } from '../../api/sync-schemas';
import type { ExecutionView } from '../../contract';
import type { RemoteUpdate, Store } from '../../store';
import { describeSyncFailure } from '../lipsync/failure-words';
import type { SyncErrorCatalog } from '../lipsync/error-catalog';
import { saveSyncOutput, type SaveOutputDeps } from '../lipsync/save-output';
import type { BudgetGate } from './budget-gate';
import type { ScheduleOptions } from './schedule';
import type { KeyGate } from '../../kernel/key-gate';
import { createKeyPause } from './key-pause';
import type { PollSource } from './source';
import { createTracker, type Tracked } from './tracker';

export interface SyncSourceOptions {
  schedule: ScheduleOptions;
  /** Ids per `GET /v2/generations?ids=` call (default 50). */
  batchSize: number;
  /** How long an unfamiliar status is polled before giving up (default 6 h). */
  unknownStatusCapMs: number;
  /** Download attempts of a finished video before it counts as failed (default 10). */
  maxOutputAttempts: number;
}

export interface SyncSourceDeps {
  store: Store;
  sync: SyncClient;
  gate: BudgetGate;
  output: Omit<SaveOutputDeps, 'store'>;
  rows: () => readonly ExecutionView[];
  publish: (views: ExecutionView[]) => void;
  count: (kind: 'get' | 'list') => void;
  /** While the Sync key is rejected nothing is polled (see key-pause.ts). */
  keyGate?: KeyGate;
  /** Sync's failure catalogue (`GET /v2/errors`), for the words of a failure. */
  errors?: SyncErrorCatalog;
}

export function createSyncSource(deps: SyncSourceDeps, opts: SyncSourceOptions): PollSource {
  const { store, sync, gate } = deps;
  const tracker = createTracker('sync', opts.schedule);
  const outputAttempts = new Map<string, number>();
  let idsFilterWorks = true;
  const keyPause = createKeyPause('sync', { keyGate: deps.keyGate, store, tracker, publish: deps.publish });

  function nextRunAt(now: number): number {
    tracker.sync(deps.rows(), now);
    if (keyPause.holding(now)) return Infinity;
    const earliest = tracker.earliest();
    return earliest === Infinity ? Infinity : Math.max(earliest, gate.closedUntil(SYNC_OTHER_RATE_KEY));
  }

  async function run(now: number, signal: AbortSignal): Promise<void> {
    const due = tracker.due(now);
    if (due.length === 0) return;
    const seen: Array<[Tracked, Generation]> = [];
    let remaining = due;
    if (due.length >= 2 && idsFilterWorks) {
      const all = tracker.all();
      const byRemote = new Map(all.map((t) => [t.remoteId, t]));
      for (let i = 0; i < all.length; i += opts.batchSize) {
        if (!gate.open(SYNC_OTHER_RATE_KEY, now)) break;
        const ids = all.slice(i, i + opts.batchSize).map((t) => t.remoteId);
        try {
          deps.count('list');
          for (const g of await sync.listGenerations({ ids }, { signal, maxRateWaitMs: 0 })) {
            const t = byRemote.get(g.id);
            if (t) seen.push([t, g]);
          }
        } catch (e) {
          if (signal.aborted) return;
          const err = toAppError(e);
          if (err.kind === 'invalid' || err.kind === 'not_found') idsFilterWorks = false;
          else return postponeAll(due, err, now);
        }
      }
      const got = new Set(seen.map(([t]) => t.id));
      remaining = due.filter((t) => !got.has(t.id));
    }
    for (const t of remaining) {
      if (!gate.open(SYNC_OTHER_RATE_KEY, now)) {
        tracker.postpone(t, gate.closedUntil(SYNC_OTHER_RATE_KEY));
        continue;
      }
      try {
        deps.count('get');
        seen.push([t, await sync.getGeneration(t.remoteId, { signal, maxRateWaitMs: 0 })]);
      } catch (e) {
        if (signal.aborted) return;
        const err = toAppError(e);
        if (err.kind === 'not_found') {
          publish(t, { status: 'failed', error: { code: 'not_found', message: "Sync no longer knows this generation. Run it again if you still need it." } });
        } else {
          postponeAll([t], err, now);
        }
      }
    }
    for (const [t, g] of seen) await observe(t, g, now, signal);
  }

  function postponeAll(ts: Tracked[], err: ReturnType<typeof toAppError>, now: number): void {
    if (err.kind === 'rate_limited') gate.close(SYNC_OTHER_RATE_KEY, now, err.retryAfterMs ?? 5_000);
    const at = Math.max(now + 5_000, gate.closedUntil(SYNC_OTHER_RATE_KEY));
    for (const t of ts) tracker.postpone(t, at);
  }

  async function observe(t: Tracked, g: Generation, now: number, signal: AbortSignal): Promise<void> {
    const status = normalizeSyncStatus(g.status);
    const nextAt = tracker.observed(t, now, 0, null);
    switch (status) {
      case 'pending':
      case 'processing': {
        const s = status === 'pending' ? 'pending' : 'running';
        if (t.view.status === s && t.view.remoteStatus === g.status) store.executions.setNextCheck(t.id, nextAt);
        else publish(t, { status: s, remoteStatus: g.status, nextCheckAt: nextAt });
        return;
      }
      case 'completed':
        return completed(t, g, now, signal);
      case 'failed':
      case 'rejected':
      case 'timed_out': {
        const failure = { code: g.errorCode ?? (status === 'failed' ? 'generation_failed' : status), message: g.error ?? '' };
        await deps.errors?.ensure(signal);
        const message = describeSyncFailure(failure, g.status, deps.errors ? (c) => deps.errors!.describe(c) : undefined);
        publish(t, { status: 'failed', remoteStatus: g.status, error: { code: failure.code, message } });
        return;
      }
      case 'cancelled':
        publish(t, { status: 'cancelled', remoteStatus: g.status });
        return;
      case 'unknown': {
        if (now - t.track.startedAt > opts.unknownStatusCapMs) {
          publish(t, {
            status: 'failed',
            remoteStatus: g.status,
            error: { code: 'unknown_status', message: `Sync kept reporting an unfamiliar status (“${g.status}”), so Atelier stopped waiting. Check the job on sync.so.` },
          });
        } else if (t.view.remoteStatus !== g.status) {
          publish(t, { status: 'running', remoteStatus: g.status, nextCheckAt: nextAt });
        }
        return;
      }
    }
  }

  async function completed(t: Tracked, g: Generation, now: number, signal: AbortSignal): Promise<void> {
    try {
      const fileId = await saveSyncOutput({ ...deps.output, store }, t.view, g, signal);
      outputAttempts.delete(t.id);
      publish(t, { status: 'succeeded', remoteStatus: g.status, progress: 100, results: [fileId] });
    } catch (e) {
      if (signal.aborted) return;
      const attempts = (outputAttempts.get(t.id) ?? 0) + 1;
      outputAttempts.set(t.id, attempts);
      const err = toAppError(e);
      if (attempts >= opts.maxOutputAttempts) {
        outputAttempts.delete(t.id);
        publish(t, {
          status: 'failed',
          remoteStatus: g.status,
          error: { code: 'output_download_failed', message: `Sync finished the video, but Atelier couldn't download it: ${err.message}` },
        });
        return;
      }
      tracker.postpone(t, now + Math.min(30_000, 2_000 * attempts));
      if (t.view.remoteStatus !== g.status) publish(t, { status: 'running', remoteStatus: g.status, progress: 100 });
    }
  }

  function publish(t: Tracked, u: RemoteUpdate): void {
    const { view, changed } = store.executions.applyRemote(t.id, u);
    t.view = view;
    if (changed) deps.publish([view]);
  }

  return {
    name: 'sync-generations',
    nextRunAt,
    run,
    checkSoon: (id) => tracker.checkSoon(id, 0),
  };
}
