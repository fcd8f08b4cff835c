/**
 * The studio side of the send lane: start a workflow run, an export or a remix; find an unknown
 * start again. A lane of its own (serial, like the tools lane), so the positional match below
 * is as unambiguous as the tools' one (videogen-match.ts):
 *
 * - workflow run: the runs list (`GET /v1/workflows/runs`, newest created first, `selfOnly`)
 *   is the witness. Anchor = the newest earlier workflow run of ours with a remote id (or the
 *   baseline noted just before the first send); the orphan run of the same `workflowType`
 *   closest above it is ours.
 * - remix (in place): the project's remix-actions list; the orphan actions whose types are the
 *   requested ones, in order, are ours. A remix saved as a new project can't be found again
 *   (the copy's id came back in the lost answer), so it fails as "may not have been sent"
 *   rather than risk a second copy.
 * - export: the API lists no exports. An export makes nothing new (it renders the project as it
 *   is), so one whose outcome is lost is sent again once settled, like any create the list
 *   proved absent; at worst the library holds the same MP4 twice.
 */
import {
  VIDEOGEN_EXPORT_RATE_KEY,
  VIDEOGEN_REMIX_RATE_KEY,
  VIDEOGEN_WORKFLOWS_RATE_KEY,
  type VideoGenClient,
} from '../../api/videogen';
import {
  EXPORT_JOB,
  REMIX_JOB,
  isStudioJob,
  workflowOfJob,
  workflowTypeOf,
  type ExecutionView,
  type WorkflowName,
  type WorkflowType,
} from '../../contract';
import type { Store } from '../../store';
import type { LaneOps, ReconcileResult } from './lane-ops';
import { matchUnknownCreate } from './videogen-match';
import { carriedRemixKey, formatRemixRemote, parseRemixRemote, type CarriedRemixes } from './studio-ids';

const PAGE = 100;
const MAX_PAGES = 20;

export function createStudioOps(deps: { store: Store; videogen: VideoGenClient }): LaneOps {
  const { store, videogen } = deps;

  return {
    provider: 'videogen',
    owns: (v) => v.provider === 'videogen' && isStudioJob(v.tool),
    svc: 'VideoGen',
    rateKey: VIDEOGEN_WORKFLOWS_RATE_KEY,
    rateKeyOf: (v) => (v.tool === EXPORT_JOB ? VIDEOGEN_EXPORT_RATE_KEY : v.tool === REMIX_JOB ? VIDEOGEN_REMIX_RATE_KEY : VIDEOGEN_WORKFLOWS_RATE_KEY),

    async prepare(view, signal) {
      const params = view.request.params;
      const workflow = workflowOfJob(view.tool);
      if (workflow) {
        if (workflowAnchor(store, view) === null && readBaseline(store, view.id) === undefined) {
          const res = await videogen.listWorkflowRuns({ limit: 1, selfOnly: true }, { signal });
          store.resources.put(baselineKey(view.id), { remoteId: res.workflowRuns[0]?.workflowRunId ?? null });
        }
        return async () => {
          const res = await videogen.startWorkflow(workflow, params, { signal, maxRateWaitMs: 0 });
          noteProject(store, res.projectId, res.projectUrl, workflowTypeOf[workflow]);
          if (res.remixActionIds.length > 0) {
            store.resources.put(carriedRemixKey(view.id), { projectId: res.projectId, remixActionIds: res.remixActionIds } satisfies CarriedRemixes);
          }
          return { remoteId: res.workflowRunId, remoteStatus: null };
        };
      }
      if (view.tool === EXPORT_JOB) {
        return async () => {
          const res = await videogen.exportProject(params as { projectId: string }, { signal, maxRateWaitMs: 0 });
          return { remoteId: res.exportId, remoteStatus: null };
        };
      }
      return async () => {
        const body = params as { projectId: string; remixActions: unknown[]; saveAsNewProject?: boolean };
        const res = await videogen.remixProject(body, { signal, maxRateWaitMs: 0 });
        if (res.projectId !== body.projectId) {
          const original = store.projects.get(body.projectId);
          noteProject(store, res.projectId, res.projectUrl, original?.workflowType ?? null);
        }
        return { remoteId: formatRemixRemote(res.projectId, res.remixActionIds), remoteStatus: null };
      };
    },

    async reconcile(view, signal): Promise<ReconcileResult> {
      const workflow = workflowOfJob(view.tool);
      if (workflow) return reconcileWorkflow(view, workflow, signal);
      if (view.tool === EXPORT_JOB) return { kind: 'absent' };
      const body = view.request.params as { projectId: string; remixActions: Array<{ type: string }>; saveAsNewProject?: boolean };
      if (body.saveAsNewProject) return { kind: 'unknowable' };
      const known = knownRemixActionIds(store);
      const { remixActions } = await videogen.listRemixActions(body.projectId, { signal });
      const orphans = remixActions.filter((a) => a.projectId === body.projectId && !known.has(a.remixActionId));
      const want = body.remixActions.map((a) => a.type);
      for (let start = 0; start + want.length <= orphans.length; start++) {
        const run = orphans.slice(start, start + want.length);
        if (run.every((a, i) => a.type === want[i])) {
          return { kind: 'found', remoteId: formatRemixRemote(body.projectId, run.map((a) => a.remixActionId)), remoteStatus: null };
        }
      }
      return { kind: 'absent' };
    },

    settled: (id) => store.resources.delete(baselineKey(id)),
  };

  async function reconcileWorkflow(view: ExecutionView, workflow: WorkflowName, signal: AbortSignal): Promise<ReconcileResult> {
    const baseline = readBaseline(store, view.id);
    const anchor = workflowAnchor(store, view) ?? baseline ?? null;
    const isKnown = (remoteId: string) => store.executions.byRemoteId(remoteId, 'videogen') !== null;
    const items: Array<{ toolExecutionId: string; toolType: string; status: string; projectId: string; projectUrl: string }> = [];
    let cursor: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await videogen.listWorkflowRuns({ limit: PAGE, cursor, selfOnly: true }, { signal });
      items.push(...res.workflowRuns.map((r) => ({ toolExecutionId: r.workflowRunId, toolType: r.workflowType, status: r.status, projectId: r.projectId, projectUrl: r.projectUrl })));
      const complete = !res.hasMore || res.nextCursor === null;
      const match = matchUnknownCreate({ items, complete, toolType: workflowTypeOf[workflow], anchorRemoteId: anchor, isKnown, oldestFirst: baseline === null });
      if (match.kind === 'found') {
        const run = items.find((i) => i.toolExecutionId === match.remoteId)!;
        noteProject(store, run.projectId, run.projectUrl, workflowTypeOf[workflow]);
        return { kind: 'found', remoteId: match.remoteId, remoteStatus: run.status };
      }
      if (match.kind === 'absent' || complete) return { kind: 'absent' };
      cursor = res.nextCursor;
    }
    return { kind: 'absent' };
  }
}

function noteProject(store: Store, projectId: string, projectUrl: string, workflowType: WorkflowType | null): void {
  store.projects.upsert({ projectId, projectUrl, ...(workflowType ? { workflowType } : {}), status: 'generating' });
}

const baselineKey = (id: string) => `videogen.workflow-baseline.${id}`;

function readBaseline(store: Store, id: string): string | null | undefined {
  const got = store.resources.get<{ remoteId: string | null }>(baselineKey(id));
  return got ? got.value.remoteId : undefined;
}

/** The newest workflow run of ours confirmed before this one (the lane sends oldest first). */
function workflowAnchor(store: Store, view: ExecutionView): string | null {
  for (const v of store.executions.list({ limit: 500 })) {
    if (v.provider !== 'videogen' || workflowOfJob(v.tool) === null || v.remoteId === null || v.id === view.id) continue;
    if (v.createdAt < view.createdAt || (v.createdAt === view.createdAt && v.id < view.id)) return v.remoteId;
  }
  return null;
}

function knownRemixActionIds(store: Store): Set<string> {
  const known = new Set<string>();
  for (const v of store.executions.list({ limit: 500 })) {
    if (v.tool !== REMIX_JOB || v.remoteId === null) continue;
    for (const id of parseRemixRemote(v.remoteId)?.remixActionIds ?? []) known.add(id);
  }
  return known;
}
