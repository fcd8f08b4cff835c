/**
 * Following workflow runs, exports and remixes (contract/studio.ts) to the end.
 *
 * - Workflow runs: like tool executions, `GET /v1/workflows/runs/{id}` while few are in flight,
 *   one `GET /v1/workflows/runs` (selfOnly, pages until each is seen) for many.
 * - Remixes: one `GET /v1/projects/{id}/remix-actions` answers every remix of that project.
 * - Exports: the API lists none, so each is read by id. To stay within 5,000 reads an hour
 *   however many are in flight, reads of one endpoint are paced: at most one per
 *   `readSpacingMs` (900 ms ≈ 4,000/h), the most overdue first; with many in flight each is
 *   simply read less often.
 * - Projects: when runs or remixes end, one `GET /v1/projects` page refreshes the cache (titles,
 *   status) instead of a read per project.
 *
 * On success: the run's project is refreshed in the projects cache; an export's MP4
 * is found in the files list (the spec's ProjectExport names no file: it is the newest
 * `<title>.mp4` of scope EXPORT no request owns yet), fetched, stored as the export's output
 * (request remembered, thumbnail, HLS) and made the project's thumbnail — before the row is
 * marked succeeded, so a crash in between only looks again.
 */
import { toAppError } from '../../kernel/errors';
import type { VideoGenClient } from '../../api/videogen';
import type { StorageFile } from '../../api/videogen-schemas';
import type { Project } from '../../api/studio-schemas';
import {
  EXPORT_JOB,
  REMIX_JOB,
  isStudioJob,
  remixLabel,
  workflowOfJob,
  type ExecutionView,
  type RemixType,
} from '../../contract';
import type { RemoteUpdate, Store } from '../../store';
import type { BudgetGate } from './budget-gate';
import type { ScheduleOptions } from './schedule';
import type { PollSource } from './source';
import type { KeyGate } from '../../kernel/key-gate';
import { createKeyPause } from './key-pause';
import { createTracker, type Tracked } from './tracker';
import { fetchResultFiles, storeResultFiles } from './videogen-results';
import { carriedRemixKey, parseRemixRemote, type CarriedRemixes } from '../executions/studio-ids';

export const GET_RUN_KEY = 'videogen:GET /v1/workflows/runs/{id}';
export const LIST_RUNS_KEY = 'videogen:GET /v1/workflows/runs';
export const GET_EXPORT_KEY = 'videogen:GET /v1/projects/{id}/exports/{exportId}';
export const REMIX_ACTIONS_KEY = 'videogen:GET /v1/projects/{id}/remix-actions';
export const GET_PROJECT_KEY = 'videogen:GET /v1/projects/{id}';
export const LIST_PROJECTS_KEY = 'videogen:GET /v1/projects';
const LIST_FILES_KEY = 'videogen:GET /v1/files';
/** The projects cache's title until the API's is read. */
const UNTITLED = 'Untitled video';

export interface StudioSourceOptions {
  schedule: ScheduleOptions;
  /** Workflow runs in flight at or above this are refreshed by one list call (default 4). */
  listThreshold: number;
  minListIntervalMs: number;
  maxListPages: number;
  /** The least time between two reads of one endpoint (exports, remix actions, projects; default 900 ms ≈ 4,000/h). */
  readSpacingMs: number;
  /** Tries to find a succeeded export's file before marking it succeeded without it (default 10). */
  maxResultAttempts: number;
}

export interface StudioSourceDeps {
  store: Store;
  videogen: VideoGenClient;
  gate: BudgetGate;
  rows: () => readonly ExecutionView[];
  publish: (views: ExecutionView[]) => void;
  count: (kind: 'get' | 'list') => void;
  /** While the VideoGen key is rejected no run, export or remix is polled (see key-pause.ts). */
  keyGate?: KeyGate;
}

type Seen = [Tracked, RemoteUpdate, (() => void) | null];

export function createStudioSource(deps: StudioSourceDeps, opts: StudioSourceOptions): PollSource {
  const { store, videogen, gate } = deps;
  const tracker = createTracker('videogen', opts.schedule, (v) => isStudioJob(v.tool));
  const keyPause = createKeyPause('videogen', { keyGate: deps.keyGate, store, tracker, publish: deps.publish });
  let lastListAt = -Infinity;
  const resultAttempts = new Map<string, number>();

  const runs = () => tracker.all().filter((t) => workflowOfJob(t.view.tool) !== null);
  const listMode = () => runs().length >= opts.listThreshold || gate.tight(GET_RUN_KEY);
  /** Per endpoint: the epoch ms its next read may leave. */
  const slots = new Map<string, number>();
  const slotAt = (key: string) => slots.get(key) ?? 0;
  /** Takes the endpoint's next read slot if it is open now (and the budget agrees). */
  const paced = (key: string, now: number) => {
    if (slotAt(key) > now || !gate.open(key, now)) return false;
    slots.set(key, now + opts.readSpacingMs);
    return true;
  };
  let projectsDirty = false;

  function nextRunAt(now: number): number {
    tracker.sync(deps.rows(), now);
    if (keyPause.holding(now)) return Infinity;
    const earliest = tracker.earliest();
    if (earliest === Infinity) return Infinity;
    if (listMode() && runs().some((t) => t.nextAt <= earliest)) return Math.max(earliest, lastListAt + opts.minListIntervalMs);
    return Math.max(earliest, Math.min(...tracker.all().map((t) => Math.max(t.nextAt, slotAt(keyOf(t))))));
  }

  const keyOf = (t: Tracked) => (t.view.tool === EXPORT_JOB ? GET_EXPORT_KEY : t.view.tool === REMIX_JOB ? REMIX_ACTIONS_KEY : listMode() ? LIST_RUNS_KEY : GET_RUN_KEY);

  async function run(now: number, signal: AbortSignal): Promise<void> {
    const due = tracker.due(now);
    if (due.length === 0) return;
    const seen: Seen[] = [];
    const dueRuns = due.filter((t) => workflowOfJob(t.view.tool) !== null);
    if (dueRuns.length > 0) {
      if (listMode()) await runsByList(now, signal, seen);
      else for (const t of dueRuns) await oneRun(t, now, signal, seen);
      await carriedRemixes(seen, now, signal);
    }
    // The most overdue export first: one read per slot.
    const dueExports = due.filter((t) => t.view.tool === EXPORT_JOB).sort((a, b) => a.nextAt - b.nextAt);
    for (const t of dueExports) {
      if (signal.aborted) return;
      if (!paced(GET_EXPORT_KEY, now)) break;
      await oneExport(t, now, signal, seen);
    }
    const remixes = new Map<string, Tracked[]>();
    for (const t of due.filter((t) => t.view.tool === REMIX_JOB).sort((a, b) => a.nextAt - b.nextAt)) {
      const pid = parseRemixRemote(t.remoteId)?.projectId ?? '';
      remixes.set(pid, [...(remixes.get(pid) ?? []), t]);
    }
    for (const [projectId, group] of remixes) {
      if (signal.aborted) return;
      if (!paced(REMIX_ACTIONS_KEY, now)) break;
      await remixGroup(projectId, group, now, signal, seen);
    }
    const projects = projectsDirty ? await listProjects(now, signal) : null;
    apply(seen, now, projects);
  }

  /**
   * A run that carried remix actions is done when they are: until then it stays running, its
   * remoteStatus naming each action's progress (one remix-actions read per project).
   */
  async function carriedRemixes(seen: Seen[], now: number, signal: AbortSignal): Promise<void> {
    for (const entry of seen) {
      const [t, update] = entry;
      if (update.status !== 'succeeded' || workflowOfJob(t.view.tool) === null) continue;
      const carried = store.resources.get<CarriedRemixes>(carriedRemixKey(t.id))?.value;
      if (!carried || carried.remixActionIds.length === 0) continue;
      const waiting: RemoteUpdate = { status: 'running', remoteStatus: 'Applying remix actions', progress: 100, attempt: update.attempt ?? 0, error: null };
      if (!paced(REMIX_ACTIONS_KEY, now)) {
        entry[1] = waiting;
        continue;
      }
      let actions;
      try {
        actions = (await videogen.listRemixActions(carried.projectId, { signal, maxRateWaitMs: 0 })).remixActions;
      } catch {
        entry[1] = waiting;
        continue;
      }
      const mine = carried.remixActionIds.map((id) => actions.find((a) => a.remixActionId === id)).filter((a) => a !== undefined);
      const summary = mine.map((a) => `${remixLabel[a.type as RemixType] ?? a.type} ${a.status === 'succeeded' ? 100 : Math.round(a.progressPercentage)}%`).join(' · ');
      const terminal = mine.length === carried.remixActionIds.length && mine.every((a) => a.status === 'succeeded' || a.status === 'failed' || a.status === 'cancelled');
      if (!terminal) {
        entry[1] = { ...waiting, remoteStatus: `Applying remix actions: ${summary}` };
        continue;
      }
      const failed = mine.find((a) => a.status !== 'succeeded');
      projectsDirty = true;
      entry[1] = failed
        ? { ...update, status: 'failed', remoteStatus: summary, error: { code: failed.error?.code ?? 'remix_failed', message: `The video was made, but ${remixLabel[failed.type as RemixType] ?? failed.type} did not apply: ${failed.error?.message ?? 'VideoGen gave no reason.'}` } }
        : { ...update, remoteStatus: summary };
      entry[2] = () => void store.resources.delete(carriedRemixKey(t.id));
    }
  }

  /** One page of projects (most recently updated first) into the cache, at most once per slot. */
  async function listProjects(now: number, signal: AbortSignal): Promise<Project[] | null> {
    if (!paced(LIST_PROJECTS_KEY, now)) return null;
    try {
      const res = await videogen.listProjects({ limit: 200 }, { signal, maxRateWaitMs: 0 });
      projectsDirty = false;
      return res.projects;
    } catch {
      return null;
    }
  }

  async function oneRun(t: Tracked, now: number, signal: AbortSignal, seen: Seen[]): Promise<void> {
    if (!gate.open(GET_RUN_KEY, now)) return tracker.postpone(t, gate.closedUntil(GET_RUN_KEY));
    try {
      deps.count('get');
      const r = await videogen.getWorkflowRun(t.remoteId, { signal, maxRateWaitMs: 0 });
      runSeen(t, r, seen);
    } catch (e) {
      if (!signal.aborted) failedCheck(t, e, GET_RUN_KEY, now, seen);
    }
  }

  async function runsByList(now: number, signal: AbortSignal, seen: Seen[]): Promise<void> {
    const all = runs();
    const byRemote = new Map(all.map((t) => [t.remoteId, t]));
    const unseen = new Set(byRemote.keys());
    lastListAt = now;
    let cursor: string | null = null;
    const limit = Math.min(200, Math.max(20, Math.ceil(all.length * 1.25) + 10));
    for (let page = 0; page < opts.maxListPages && unseen.size > 0; page++) {
      if (!gate.open(LIST_RUNS_KEY, now)) {
        for (const t of all) if (unseen.has(t.remoteId)) tracker.postpone(t, Math.max(t.nextAt, gate.closedUntil(LIST_RUNS_KEY)));
        return;
      }
      let res;
      try {
        deps.count('list');
        res = await videogen.listWorkflowRuns({ limit, cursor, selfOnly: true }, { signal, maxRateWaitMs: 0 });
      } catch (e) {
        if (signal.aborted) return;
        for (const t of all) if (unseen.has(t.remoteId)) failedCheck(t, e, LIST_RUNS_KEY, now, seen);
        return;
      }
      for (const r of res.workflowRuns) {
        const t = byRemote.get(r.workflowRunId);
        if (t && unseen.delete(r.workflowRunId)) runSeen(t, r, seen);
      }
      if (!res.hasMore || res.nextCursor === null) break;
      cursor = res.nextCursor;
    }
    // Not listed (older than the pages read): ask a few directly.
    for (const t of all.filter((t) => unseen.has(t.remoteId)).slice(0, 5)) await oneRun(t, now, signal, seen);
  }

  function runSeen(t: Tracked, r: Awaited<ReturnType<VideoGenClient['getWorkflowRun']>>, seen: Seen[]): void {
    const update: RemoteUpdate = {
      status: r.status,
      remoteStatus: r.status,
      progress: r.progressPercentage,
      attempt: r.attemptIndex,
      error: r.error ? { code: r.error.code ?? 'workflow_failed', message: r.error.message } : null,
    };
    if (r.status === 'failed' && !update.error) update.error = { code: 'workflow_failed', message: "VideoGen couldn't make this video and gave no reason. Try again; the settings are kept." };
    // Its project's title and status come with the next projects page (one read for all).
    const terminal = r.status === 'succeeded' || r.status === 'failed' || r.status === 'cancelled';
    if (terminal || (r.status === 'running' && (store.projects.get(r.projectId)?.title ?? UNTITLED) === UNTITLED)) projectsDirty = true;
    seen.push([t, update, null]);
  }

  async function oneExport(t: Tracked, now: number, signal: AbortSignal, seen: Seen[]): Promise<void> {
    if (!gate.open(GET_EXPORT_KEY, now)) return tracker.postpone(t, gate.closedUntil(GET_EXPORT_KEY));
    const projectId = String(t.view.request.params['projectId']);
    let e;
    try {
      deps.count('get');
      e = await videogen.getExport(projectId, t.remoteId, { signal, maxRateWaitMs: 0 });
    } catch (err) {
      if (!signal.aborted) failedCheck(t, err, GET_EXPORT_KEY, now, seen);
      return;
    }
    const update: RemoteUpdate = {
      status: e.status,
      remoteStatus: e.status,
      progress: e.progressPercentage,
      attempt: e.attemptIndex,
      error: e.error ? { code: e.error.code ?? 'export_failed', message: e.error.message } : null,
    };
    if (e.status === 'failed' && !update.error) update.error = { code: 'export_failed', message: "VideoGen couldn't export this video and gave no reason. Try again." };
    if (e.status !== 'succeeded') return void seen.push([t, update, null]);
    let files: StorageFile[] = [];
    try {
      files = await findExportFile(projectId, now, signal);
      if (files.length === 0) throw new Error('The exported MP4 is not in the files list yet.');
      resultAttempts.delete(t.id);
    } catch (err) {
      if (signal.aborted) return;
      const attempts = (resultAttempts.get(t.id) ?? 0) + 1;
      resultAttempts.set(t.id, attempts);
      if (attempts < opts.maxResultAttempts) {
        seen.push([t, { status: 'running', remoteStatus: 'succeeded', progress: 100, attempt: e.attemptIndex, error: null }, null]);
        tracker.postpone(t, now + Math.min(30_000, 2_000 * attempts));
        return;
      }
      resultAttempts.delete(t.id);
      console.error(`[atelier] the file of export ${t.remoteId} couldn't be found: ${toAppError(err).message}`);
    }
    seen.push([
      t,
      update,
      () => {
        update.results = storeResultFiles(store, t.id, files);
        if (files[0]) store.projects.upsert({ projectId, exportFileId: files[0].fileId });
      },
    ]);
  }

  /** The newest `<title>.mp4` of scope EXPORT that no request owns yet, fetched (and hydrated when it can be). */
  async function findExportFile(projectId: string, now: number, signal: AbortSignal): Promise<StorageFile[]> {
    const known = store.projects.get(projectId)?.title;
    const title = known !== undefined && known !== UNTITLED ? known : (await readProject(projectId, now, signal))?.title;
    if (title === undefined || !gate.open(LIST_FILES_KEY, now)) return [];
    const { files } = await videogen.listFiles({ limit: 50 }, { signal, maxRateWaitMs: 0 });
    const match = files.find((f) => f.scope === 'EXPORT' && f.displayName === `${title}.mp4` && !store.files.item(f.fileId)?.executionId);
    if (!match) return [];
    return fetchResultFiles({ store, videogen, gate, now: () => now }, [{ fileId: match.fileId, type: 'VIDEO', file: null }], signal);
  }

  async function remixGroup(projectId: string, group: Tracked[], now: number, signal: AbortSignal, seen: Seen[]): Promise<void> {
    if (!gate.open(REMIX_ACTIONS_KEY, now)) {
      for (const t of group) tracker.postpone(t, gate.closedUntil(REMIX_ACTIONS_KEY));
      return;
    }
    let actions;
    try {
      deps.count('list');
      actions = (await videogen.listRemixActions(projectId, { signal, maxRateWaitMs: 0 })).remixActions;
    } catch (e) {
      if (!signal.aborted) for (const t of group) failedCheck(t, e, REMIX_ACTIONS_KEY, now, seen);
      return;
    }
    const byId = new Map(actions.map((a) => [a.remixActionId, a]));
    let anyDone = false;
    for (const t of group) {
      const ids = parseRemixRemote(t.remoteId)?.remixActionIds ?? [];
      const mine = ids.map((id) => byId.get(id)).filter((a) => a !== undefined);
      if (mine.length === 0) continue;
      const failed = mine.find((a) => a.status === 'failed');
      const all = (s: string) => mine.every((a) => a.status === s);
      const terminal = mine.every((a) => a.status === 'succeeded' || a.status === 'failed' || a.status === 'cancelled');
      const status = !terminal ? (mine.some((a) => a.status === 'running' || a.status === 'succeeded') ? 'running' : 'pending') : failed ? 'failed' : all('succeeded') ? 'succeeded' : 'cancelled';
      const progress = mine.reduce((s, a) => s + (a.status === 'succeeded' ? 100 : a.progressPercentage), 0) / ids.length;
      const summary = mine.map((a) => `${remixLabel[a.type as RemixType] ?? a.type} ${a.status === 'succeeded' ? 100 : Math.round(a.progressPercentage)}%`).join(' · ');
      if (terminal) anyDone = true;
      seen.push([
        t,
        {
          status,
          remoteStatus: summary,
          progress: Math.round(progress * 10) / 10,
          attempt: Math.max(...mine.map((a) => a.attemptIndex)),
          error: failed ? { code: failed.error?.code ?? 'remix_failed', message: failed.error?.message ?? `${remixLabel[failed.type as RemixType] ?? failed.type} failed and VideoGen gave no reason.` } : null,
        },
        null,
      ]);
    }
    if (anyDone) projectsDirty = true;
  }

  async function readProject(projectId: string, now: number, signal: AbortSignal): Promise<Project | null> {
    if (!paced(GET_PROJECT_KEY, now)) return null;
    try {
      return await videogen.getProject(projectId, { signal, maxRateWaitMs: 0 });
    } catch {
      return null;
    }
  }

  function failedCheck(t: Tracked, e: unknown, key: string, now: number, seen: Seen[]): void {
    const err = toAppError(e);
    if (err.kind === 'rate_limited') {
      gate.close(key, now, err.retryAfterMs ?? 5_000);
      tracker.postpone(t, gate.closedUntil(key));
    } else if (err.kind === 'not_found' && key !== LIST_RUNS_KEY) {
      seen.push([t, { status: 'failed', error: { code: 'not_found', message: 'VideoGen no longer knows this job (its project may have been deleted).' } }, null]);
    } else {
      tracker.postpone(t, now + 5_000);
    }
  }

  function apply(seen: Seen[], now: number, projects: Project[] | null): void {
    if (seen.length === 0 && !projects) return;
    const changed = store.transaction(() => {
      const out: ExecutionView[] = [];
      for (const p of projects ?? []) store.projects.upsert(projectUpdate(p));
      for (const [t, update, after] of seen) {
        after?.();
        const terminal = update.status === 'succeeded' || update.status === 'failed' || update.status === 'cancelled';
        const retrying = update.remoteStatus === 'succeeded' && update.status === 'running';
        const spaced = t.nextAt;
        const nextAt = retrying ? spaced : Math.max(spaced, tracker.observed(t, now, update.attempt ?? t.view.attempt, update.progress ?? null));
        tracker.postpone(t, nextAt);
        const { view, changed } = store.executions.applyRemote(t.id, { ...update, nextCheckAt: terminal ? null : nextAt });
        if (changed) out.push(view);
        t.view = view;
      }
      return out;
    });
    deps.publish(changed);
  }

  return { name: 'videogen-studio', nextRunAt, run, checkSoon: (id) => tracker.checkSoon(id, 0) };
}

function projectUpdate(p: Project) {
  const created = Date.parse(p.createdAt);
  const updated = Date.parse(p.updatedAt);
  return {
    projectId: p.projectId,
    title: p.title,
    status: p.status,
    aspectRatio: p.aspectRatio,
    projectUrl: p.projectUrl,
    ...(Number.isFinite(created) ? { createdAt: created } : {}),
    ...(Number.isFinite(updated) ? { updatedAt: updated } : {}),
  };
}
