/**
 * Following VideoGen tool executions to the end.
 *
 * - Few in flight (< `listThreshold`): `GET /v1/tools/executions/{id}` for each one that is due
 *   (5,000/h per key for all of them together).
 * - Many in flight, or the per-id budget running low: one `GET /v1/tools/executions` (newest
 *   first, `selfOnly`) refreshes them all; pages are read until every in-flight id has been seen
 *   (or the list ends). A list refresh looks at *every* in-flight job, so their next checks line
 *   up and the cadence is set by the youngest job, not by the number of jobs.
 * - Each request asks the budget first; a closed endpoint postpones the checks instead of
 *   spending what isn't there.
 * - `progressPercentage` is per attempt: when `attemptIndex` rises it may drop, and it is shown
 *   as it is (with the attempt) rather than smoothed.
 * - On success the result files are fetched into the library *before* the execution is marked
 *   succeeded, so a crash in between just fetches them again.
 */
import { toAppError } from '../../kernel/errors';
import type { ExecutedTool } from '../../api/videogen-schemas';
import type { VideoGenClient } from '../../api/videogen';
import type { ExecutionView } from '../../contract';
import type { RemoteUpdate, Store } from '../../store';
import type { KeyGate } from '../../kernel/key-gate';
import type { BudgetGate } from './budget-gate';
import { createKeyPause } from './key-pause';
import type { ScheduleOptions } from './schedule';
import type { PollSource } from './source';
import { createTracker, type Tracked } from './tracker';
import { fetchResultFiles, storeResultFiles } from './videogen-results';
import { isStudioJob } from '../../contract/studio';

export const GET_EXECUTION_KEY = 'videogen:GET /v1/tools/executions/{id}';
export const LIST_EXECUTIONS_KEY = 'videogen:GET /v1/tools/executions';

export interface VideoGenSourceOptions {
  schedule: ScheduleOptions;
  /** In flight at or above this, one list call refreshes them all (default 4). */
  listThreshold: number;
  /** Never list more often than this (default 1,000 ms). */
  minListIntervalMs: number;
  /** Pages read per refresh at most (default 10 × up to 200). */
  maxListPages: number;
  /** Ids the list didn't show are fetched one by one, at most this many per run (default 5). */
  maxFallbackGets: number;
  /** Tries to fetch a succeeded job's result files before marking it succeeded without them (default 10). */
  maxResultAttempts: number;
}

export interface VideoGenSourceDeps {
  store: Store;
  videogen: VideoGenClient;
  gate: BudgetGate;
  rows: () => readonly ExecutionView[];
  publish: (views: ExecutionView[]) => void;
  count: (kind: 'get' | 'list') => void;
  /** While the VideoGen key is rejected nothing is polled (see key-pause.ts). */
  keyGate?: KeyGate;
}

const FAILED_WITHOUT_REASON = "VideoGen couldn't finish this job and gave no reason. Try again; the settings are kept.";

export function createVideoGenSource(deps: VideoGenSourceDeps, opts: VideoGenSourceOptions): PollSource {
  const { store, videogen, gate } = deps;
  const tracker = createTracker('videogen', opts.schedule, (v) => !isStudioJob(v.tool));
  let lastListAt = -Infinity;
  const resultAttempts = new Map<string, number>();

  const keyPause = createKeyPause('videogen', { keyGate: deps.keyGate, store, tracker, publish: deps.publish });

  const listMode = () => tracker.size() >= opts.listThreshold || gate.tight(GET_EXECUTION_KEY);

  function nextRunAt(now: number): number {
    tracker.sync(deps.rows(), now);
    if (keyPause.holding(now)) return Infinity;
    const earliest = tracker.earliest();
    if (earliest === Infinity) return Infinity;
    if (listMode()) return Math.max(earliest, lastListAt + opts.minListIntervalMs, gate.closedUntil(LIST_EXECUTIONS_KEY));
    return Math.max(earliest, Math.min(gate.closedUntil(GET_EXECUTION_KEY), earliest + 60_000));
  }

  async function run(now: number, signal: AbortSignal): Promise<void> {
    const due = tracker.due(now);
    if (due.length === 0) return;
    if (listMode()) await refreshByList(now, signal);
    else await refreshEach(due, now, signal);
  }

  async function refreshEach(due: Tracked[], now: number, signal: AbortSignal): Promise<void> {
    const seen: Array<[Tracked, ExecutedTool]> = [];
    for (const t of due) {
      if (!gate.open(GET_EXECUTION_KEY, now)) {
        for (const rest of due.slice(due.indexOf(t))) tracker.postpone(rest, gate.closedUntil(GET_EXECUTION_KEY));
        break;
      }
      try {
        deps.count('get');
        seen.push([t, await videogen.getExecution(t.remoteId, { signal, maxRateWaitMs: 0 })]);
      } catch (e) {
        if (signal.aborted) return;
        failedCheck(t, e, GET_EXECUTION_KEY, now);
      }
    }
    await apply(seen, now, signal);
  }

  async function refreshByList(now: number, signal: AbortSignal): Promise<void> {
    const all = tracker.all();
    const byRemote = new Map(all.map((t) => [t.remoteId, t]));
    const unseen = new Set(byRemote.keys());
    const seen: Array<[Tracked, ExecutedTool]> = [];
    const limit = Math.min(200, Math.max(20, Math.ceil(all.length * 1.25) + 10));
    let cursor: string | null = null;
    lastListAt = now;
    for (let page = 0; page < opts.maxListPages && unseen.size > 0; page++) {
      if (!gate.open(LIST_EXECUTIONS_KEY, now)) {
        for (const t of all) if (unseen.has(t.remoteId)) tracker.postpone(t, Math.max(t.nextAt, gate.closedUntil(LIST_EXECUTIONS_KEY)));
        break;
      }
      let res;
      try {
        deps.count('list');
        res = await videogen.listExecutions({ limit, cursor, selfOnly: true }, { signal, maxRateWaitMs: 0 });
      } catch (e) {
        if (signal.aborted) return;
        for (const t of all) if (unseen.has(t.remoteId)) failedCheck(t, e, LIST_EXECUTIONS_KEY, now);
        break;
      }
      for (const item of res.toolExecutions) {
        const t = byRemote.get(item.toolExecutionId);
        if (t && unseen.delete(item.toolExecutionId)) seen.push([t, item]);
      }
      if (!res.hasMore || res.nextCursor === null) break;
      cursor = res.nextCursor;
    }
    await apply(seen, now, signal);
    // Not in the list (older than `maxListPages`, or not listed): ask for the due ones directly.
    const missing = all.filter((t) => unseen.has(t.remoteId) && t.nextAt <= now).slice(0, opts.maxFallbackGets);
    if (missing.length > 0) await refreshEach(missing, now, signal);
  }

  function failedCheck(t: Tracked, e: unknown, key: string, now: number): void {
    const err = toAppError(e);
    if (err.kind === 'rate_limited') {
      gate.close(key, now, err.retryAfterMs ?? 5_000);
      tracker.postpone(t, gate.closedUntil(key));
    } else if (err.kind === 'auth') {
      // The key was rejected: nothing is asked again until a working key is saved (key-pause.ts).
      tracker.postpone(t, Infinity);
    } else if (err.kind === 'not_found' && key === GET_EXECUTION_KEY) {
      const { view } = store.executions.applyRemote(t.id, {
        status: 'failed',
        error: { code: 'not_found', message: "VideoGen no longer knows this job (it may have been deleted). Run it again if you still need it." },
      });
      deps.publish([view]);
    } else {
      // Network, server trouble: look again a little later (the connectivity state says why).
      tracker.postpone(t, now + 5_000);
    }
  }

  /** Fetch results of newly succeeded ones, then write every change in one transaction. */
  async function apply(seen: Array<[Tracked, ExecutedTool]>, now: number, signal: AbortSignal): Promise<void> {
    const updates: Array<[Tracked, RemoteUpdate, ExecutedTool['results']]> = [];
    const files = new Map<string, Awaited<ReturnType<typeof fetchResultFiles>>>();
    for (const [t, exec] of seen) {
      const update = remoteUpdateFromExecutedTool(exec);
      if (exec.status === 'failed' && !update.error) update.error = { code: 'tool_failed', message: FAILED_WITHOUT_REASON };
      if (exec.status === 'succeeded') {
        try {
          files.set(t.id, await fetchResultFiles({ store, videogen, gate, now: () => now }, exec.results ?? [], signal));
          resultAttempts.delete(t.id);
        } catch (e) {
          if (signal.aborted) return;
          const attempts = (resultAttempts.get(t.id) ?? 0) + 1;
          resultAttempts.set(t.id, attempts);
          if (attempts < opts.maxResultAttempts) {
            // Done remotely, results not in yet: keep it open and try again a little later.
            updates.push([t, { status: 'running', remoteStatus: exec.status, progress: 100, attempt: exec.attemptIndex, error: null }, null]);
            tracker.postpone(t, now + Math.min(30_000, 2_000 * attempts));
            continue;
          }
          // Succeeded all the same: the results are linked by id, the library picks the files up later.
          resultAttempts.delete(t.id);
          console.error(`[atelier] results of ${t.remoteId} couldn't be fetched: ${toAppError(e).message}`);
        }
      }
      updates.push([t, update, exec.results]);
    }
    const changed = store.transaction(() => {
      const out: ExecutionView[] = [];
      for (const [t, update] of updates) {
        const terminal = update.status === 'succeeded' || update.status === 'failed' || update.status === 'cancelled';
        const retrying = update.remoteStatus === 'succeeded' && update.status === 'running';
        const nextAt = retrying ? t.nextAt : tracker.observed(t, now, update.attempt ?? t.view.attempt, update.progress ?? null);
        const results = files.get(t.id);
        if (results) update.results = storeResultFiles(store, t.id, results);
        if (!terminal && !visiblyDifferent(t.view, update)) {
          store.executions.setNextCheck(t.id, nextAt);
          continue;
        }
        const { view, changed } = store.executions.applyRemote(t.id, { ...update, nextCheckAt: terminal ? null : nextAt });
        if (changed) out.push(view);
        t.view = view;
      }
      return out;
    });
    deps.publish(changed);
  }

  return {
    name: 'videogen-executions',
    nextRunAt,
    run,
    checkSoon: (id) => tracker.checkSoon(id, 0),
  };
}

/** VideoGen's report of an execution (`ExecutedTool`) → the store's update. */
export function remoteUpdateFromExecutedTool(t: ExecutedTool): RemoteUpdate {
  return {
    status: t.status,
    remoteStatus: t.status,
    progress: t.progressPercentage,
    attempt: t.attemptIndex,
    error: t.error ? { code: t.error.code ?? t.error.internalErrorCode ?? 'tool_failed', message: t.error.message } : null,
    results: t.results?.map((r) => r.fileId) ?? [],
  };
}

function visiblyDifferent(view: ExecutionView, u: RemoteUpdate): boolean {
  return (
    view.status !== u.status ||
    (u.progress !== undefined && view.progress !== u.progress) ||
    (u.attempt !== undefined && view.attempt !== u.attempt) ||
    (u.remoteStatus !== undefined && view.remoteStatus !== u.remoteStatus) ||
    (u.error !== undefined && (view.error?.message ?? null) !== (u.error?.message ?? null))
  );
}
