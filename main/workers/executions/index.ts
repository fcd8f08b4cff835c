/**
 * The execution worker: every generation request (VideoGen tool or Sync lip-sync) is checked,
 * written down as `queued` before anything leaves, and sent by a serial lane per provider
 * (see lane.ts for every outcome). The poller (../poller) follows accepted jobs to the end:
 * the lane hands it each accepted job (`follow`), and it reports each one that finished
 * (`finished`), which may free a Sync slot.
 *
 *   const worker = createExecutionWorker({ store, videogen, sync, connectivity, events, clock, budget });
 *   worker.start();
 *   const view = worker.run({ provider: 'videogen', tool: 'generate-image', params: { prompt, quality } });
 */
import { AppError } from '../../kernel/errors';
import type { ExecutionRequest, ExecutionView, Provider } from '../../contract';
import type { WorkerDeps } from './deps';
import { createLane, type LaneOptions } from './lane';
import { executionMessages as say, serviceLabel } from './messages';
import { announce, isTerminal } from './notify';
import { createStudioOps } from './studio-ops';
import { createSyncOps, type SyncOpsOptions } from './sync-ops';
import { EXPORT_JOB, REMIX_JOB, isStudioJob } from '../../contract/studio';
import { validateBatchItem, validateRequest } from './validate';
import { createVideoGenOps, type VideoGenOpsOptions } from './videogen-ops';

export interface ExecutionWorkerOptions {
  lane?: Partial<LaneOptions>;
  videogen?: Partial<VideoGenOpsOptions>;
  sync?: SyncOpsOptions;
  /** Follow this job to its end: it was just accepted, or asked to cancel (the poller's `watch`). */
  follow?: (executionId: string) => void;
}

export interface BatchInput {
  tool: string;
  params: Record<string, unknown>;
  /** The parameter each file goes into (e.g. `imageStorageFileId`). */
  fileParam: string;
  fileIds: string[];
}

export interface ExecutionWorker {
  /** Checks and writes the request (`queued`), then returns at once; sending happens in the background. */
  run(request: ExecutionRequest, opts?: { label?: string }): ExecutionView;
  /** One execution per file, all checked first and written in one transaction. */
  runBatch(input: BatchInput): ExecutionView[];
  /** Never sent → cancelled here; sent → asks the provider (the poller confirms). */
  cancel(id: string): Promise<void>;
  /** A new execution with the same request. */
  retry(id: string): ExecutionView;
  /** The poller saw one of ours finish at its provider: a concurrency slot may be free. */
  finished(view: ExecutionView): void;
  start(): void;
  stop(): Promise<void>;
}

export function createExecutionWorker(deps: WorkerDeps & { options?: ExecutionWorkerOptions }): ExecutionWorker {
  const { store, events } = deps;
  const opts = deps.options ?? {};
  const lanes: Record<Provider, ReturnType<typeof createLane>> = {
    videogen: createLane(deps, createVideoGenOps(deps, opts.videogen), opts.lane, opts.follow),
    sync: createLane(deps, createSyncOps(deps, opts.sync), opts.lane, opts.follow),
  };
  /** Workflow runs, exports and remixes: VideoGen rows with a lane (and a list to reconcile with) of their own. */
  const studio = createLane(deps, createStudioOps(deps), opts.lane, opts.follow);

  function write(requests: ExecutionRequest[], label?: string): ExecutionView[] {
    const views = store.transaction(() => requests.map((r) => store.executions.create(r, label !== undefined ? { label } : {})));
    for (const v of views) events.emit('execution.updated', v);
    for (const v of views) (isStudioJob(v.tool) ? studio : lanes[v.provider]).wake();
    return views;
  }

  function load(id: string): ExecutionView {
    const view = store.executions.get(id);
    if (!view) throw new AppError({ kind: 'not_found', code: 'no_such_execution', message: "This job isn't in the queue any more." });
    return view;
  }

  const run = (request: ExecutionRequest, o: { label?: string } = {}): ExecutionView => write([validateRequest(request)], o.label)[0]!;

  return {
    run,

    runBatch(input) {
      if (input.fileIds.length === 0) throw new AppError({ kind: 'invalid', message: 'Pick at least one file.' });
      return write(input.fileIds.map((fileId) => validateBatchItem(input.tool, input.params, input.fileParam, fileId)));
    },

    async cancel(id) {
      const view = load(id);
      const svc = serviceLabel(view.provider);
      switch (view.status) {
        case 'succeeded':
        case 'failed':
        case 'cancelled':
          return;
        case 'queued':
          announce(events, store.executions.markCancelled(id));
          return;
        case 'submitting':
        case 'unknown':
          throw new AppError({ kind: 'conflict', code: 'still_confirming', message: say.stillConfirming(svc) });
      }
      const remoteId = view.remoteId!;
      if (view.tool === EXPORT_JOB || view.tool === REMIX_JOB) {
        throw new AppError({
          kind: 'conflict',
          code: 'cancel_unsupported',
          message: `VideoGen can't stop ${view.tool === EXPORT_JOB ? 'an export' : 'a remix'} once it has started; it will finish on its own.`,
        });
      }
      if (isStudioJob(view.tool)) {
        await deps.videogen.cancelWorkflowRun(remoteId);
      } else if (view.provider === 'videogen') {
        // 202 is a request: it becomes `cancelled` only if it hadn't finished. The poller confirms.
        await deps.videogen.cancelExecution(remoteId);
      } else {
        // Throws `cancel_unsupported` (404) with a sentence saying it will finish on its own.
        await deps.sync.cancelGeneration(remoteId);
      }
      opts.follow?.(id);
    },

    retry(id) {
      const view = load(id);
      if (view.status !== 'succeeded' && view.status !== 'failed' && view.status !== 'cancelled') {
        throw new AppError({ kind: 'conflict', code: 'still_running', message: say.stillRunning() });
      }
      return run(view.request, { label: view.label });
    },

    finished(view) {
      if (isTerminal(view) && view.remoteId !== null) lanes[view.provider].slotFreed();
    },

    start() {
      lanes.videogen.start();
      lanes.sync.start();
      studio.start();
    },

    async stop() {
      await Promise.all([lanes.videogen.stop(), lanes.sync.stop(), studio.stop()]);
    },
  };
}

export type { WorkerDeps } from './deps';
