/** The VideoGen side of the send lane: start a tool; find an unknown start in the executions list. */
import { VIDEOGEN_TOOLS_RATE_KEY, type VideoGenClient } from '../../api/videogen';
import type { ToolName } from '../../contract/tool-catalog';
import type { ExecutionView } from '../../contract';
import type { Store } from '../../store';
import type { LaneOps, ReconcileResult } from './lane-ops';
import { toolTypeOf } from '../../contract/tool-catalog';
import { isStudioJob } from '../../contract/studio';
import { matchUnknownCreate, type RemoteListItem } from './videogen-match';

export interface VideoGenOpsOptions {
  /** Items per list page while reconciling (1..200). */
  pageSize: number;
  /** Pages read at most before deciding. */
  maxPages: number;
}

const defaults: VideoGenOpsOptions = { pageSize: 100, maxPages: 20 };

export function createVideoGenOps(
  deps: { store: Store; videogen: VideoGenClient },
  options: Partial<VideoGenOpsOptions> = {},
): LaneOps {
  const opts = { ...defaults, ...options };
  const { store, videogen } = deps;

  return {
    provider: 'videogen',
    // Workflow runs, exports and remixes have their own lane (studio-ops.ts).
    owns: (v) => v.provider === 'videogen' && !isStudioJob(v.tool),
    svc: 'VideoGen',
    rateKey: VIDEOGEN_TOOLS_RATE_KEY,

    async prepare(view, signal) {
      if (anchorFor(store, view) === null && readBaseline(store, view.id) === undefined) {
        // Nothing of ours is confirmed yet: note the newest execution the list shows now, so a
        // create whose outcome is lost is looked for only above it.
        const res = await videogen.listExecutions({ limit: 1, selfOnly: true }, { signal });
        store.resources.put(baselineKey(view.id), { remoteId: res.toolExecutions[0]?.toolExecutionId ?? null });
      }
      // maxRateWaitMs 0: a 429 comes back to the lane, which keeps the row queued and visible.
      return async () => {
        const res = await videogen.runTool(view.tool as ToolName, view.request.params, { signal, maxRateWaitMs: 0 });
        return { remoteId: res.toolExecutionId, remoteStatus: null };
      };
    },

    async reconcile(view, signal): Promise<ReconcileResult> {
      const baseline = readBaseline(store, view.id);
      const anchor = anchorFor(store, view) ?? baseline ?? null;
      // With a baseline from an empty list every listed execution is above it; without one (a
      // row written by an older version) the newest orphan is the best guess.
      const toolType = toolTypeOf(view.tool);
      const isKnown = (remoteId: string) => store.executions.byRemoteId(remoteId, 'videogen') !== null;
      const items: Array<RemoteListItem & { status: string }> = [];
      let cursor: string | null = null;
      for (let page = 0; page < opts.maxPages; page++) {
        const res = await videogen.listExecutions({ limit: opts.pageSize, cursor, selfOnly: true }, { signal });
        items.push(...res.toolExecutions);
        const complete = !res.hasMore || res.nextCursor === null;
        const match = matchUnknownCreate({ items, complete, toolType, anchorRemoteId: anchor, isKnown, oldestFirst: baseline === null });
        if (match.kind === 'found') {
          const status = items.find((i) => i.toolExecutionId === match.remoteId)?.status ?? null;
          return { kind: 'found', remoteId: match.remoteId, remoteStatus: status };
        }
        if (match.kind === 'absent' || complete) return { kind: 'absent' };
        cursor = res.nextCursor;
      }
      // More than maxPages × pageSize executions since the anchor: treat as not found.
      return { kind: 'absent' };
    },

    settled: (id) => forgetBaseline(store, id),
  };
}

/** Per-execution baseline, kept in the store's small key-value cache until the row resolves. */
const baselineKey = (id: string) => `videogen.reconcile-baseline.${id}`;

/** undefined: none taken; null: the list was empty; else the newest listed id before sending. */
function readBaseline(store: Store, id: string): string | null | undefined {
  const got = store.resources.get<{ remoteId: string | null }>(baselineKey(id));
  return got ? got.value.remoteId : undefined;
}

export function forgetBaseline(store: Store, id: string): void {
  store.resources.delete(baselineKey(id));
}

/**
 * The newest VideoGen execution confirmed before this one was sent. The lane sends oldest
 * first and resolves each unknown before the next send, so that is the newest earlier-created
 * row with a remote id. (Only the 500 newest rows are looked at; beyond that, no anchor.)
 */
export function anchorFor(store: Store, view: ExecutionView): string | null {
  for (const v of store.executions.list({ limit: 500 })) {
    if (v.provider !== 'videogen' || isStudioJob(v.tool) || v.remoteId === null || v.id === view.id) continue;
    if (v.createdAt < view.createdAt || (v.createdAt === view.createdAt && v.id < view.id)) return v.remoteId;
  }
  return null;
}
