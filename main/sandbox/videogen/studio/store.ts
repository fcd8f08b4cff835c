// Workflow runs, projects, remix actions and exports, with their states as functions of the
// sandbox clock (no timers), like tool executions. W = workflowMs, R = X = executionMs.
//
//   Workflow run (t since start): pending < 0.1W; running with rising progress; succeeded at W,
//     but never before the project's assets (stills, clips, narration) are made — until then
//     `running` at 99 %. Trigger text containing "fail" → failed at 0.6W; "retry" → attempt 0
//     until 0.5W, then attempt 1 from 0 % to 1.5W. A cancel before the end → cancelled then.
//   Remix actions of a project run one after another in request order, the first once the
//     project's run has succeeded: each is pending until 0.1R after its start, running, and
//     succeeded at R (an action whose prompt contains "fail": failed at 0.6R). When the run
//     fails or is cancelled, the actions it started are `cancelled` and any asked for later
//     `failed`, at the run's end. A succeeded action changes the project from its end time on.
//   Export: waits (pending) until the project's run and every remix action asked for before the
//     export have ended; from then (its start) pending until 0.1X, running, succeeded at X once
//     the MP4 is rendered (else `running` at 99 %). Its project as of that start is what is
//     rendered. A project whose run failed cannot be exported (failed at once).
// Records are persisted whenever they change. `settle(now)` (before every VideoGen request)
// records workflow webhook events, starts export renders whose time has come and turns finished
// exports into EXPORT files.
import type { SandboxEnv } from '../../env';
import type { MediaSet } from '../../media/types';
import { SortedIndex, type SortKey } from '../../sorted-index';
import type { FileStore } from '../file-store';
import type { FileRecord } from '../types';
import type { WebhookOutbox } from '../webhook-outbox';
import { applyRemix, type ProjectContent } from './content';
import type { ProjectRenderer } from './render';
import { DEFAULT_EXPORT_QUALITY } from './render';
import type { ExportQuality, RemixAction } from './schemas';

export type Status = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export type WorkflowType = 'SCRIPT_TO_VIDEO' | 'VOICEOVER_TO_VIDEO' | 'SLIDESHOW_TO_VIDEO' | 'STORYBOARD_TO_VIDEO';
type Script = 'succeed' | 'retry' | 'fail';

export interface RunRecord {
  workflowRunId: string;
  workflowType: WorkflowType;
  projectId: string;
  creatorKeyIndex: number;
  createdAt: number;
  sortKey: SortKey;
  script: Script;
  cancelledAt: number | null;
  /** When the project's assets were made, or why that failed. */
  assetsReadyAt: number | null;
  assetsError: string | null;
  remixActionIds: string[];
  internalErrorCode: string;
  /** The workflow_run.* webhook event has been recorded. */
  eventRecorded: boolean;
}

export interface ProjectRecord {
  projectId: string;
  /** The id in projectUrl (the app's own URLs use a UUID, not the API id). */
  uuid: string;
  title: string;
  workflowType: WorkflowType;
  creatorKeyIndex: number;
  createdAt: number;
  seq: number;
  /** The run that builds the content (a copy shares its original's run). */
  runId: string;
  base: ProjectContent;
  /** This project's remix actions in request order (they run in this order). */
  actionIds: string[];
  copiedFrom: string | null;
  /** Last remix request (an update of the project). */
  touchedAt: number;
}

export interface ActionRecord {
  remixActionId: string;
  projectId: string;
  action: RemixAction;
  createdAt: number;
  creatorKeyIndex: number;
  seq: number;
  /** Started by a workflow request (after its run) rather than by POST …/remix. */
  fromWorkflow: boolean;
  script: 'succeed' | 'fail';
  internalErrorCode: string;
}

export interface ExportRecord {
  exportId: string;
  projectId: string;
  quality: ExportQuality;
  createdAt: number;
  creatorKeyIndex: number;
  /** How many of the project's remix actions existed when the export was asked for. */
  actionCount: number;
  /** What is rendered (the project as of the export's start), once known. */
  content: ProjectContent | null;
  media: MediaSet | null;
  mediaReadyAt: number | null;
  mediaError: string | null;
  /** The EXPORT StorageFile, once succeeded. */
  fileId: string | null;
  internalErrorCode: string;
}

export interface Timed {
  status: Status;
  progress: number;
  attemptIndex: number;
  /** When the terminal status was (or will be) reached; null while unknown. */
  endedAt: number | null;
  error: { message: string; internalErrorCode: string } | null;
}

export interface ActionState extends Timed {
  record: ActionRecord;
  /** Succeeded without changing anything (nothing eligible in the project). */
  skipped: boolean;
}

const PENDING: Omit<Timed, 'error' | 'endedAt'> = { status: 'pending', progress: 0, attemptIndex: 0 };
const rising = (t: number, from: number, to: number) => Math.max(0, Math.min(99, Math.round(((t - from) / Math.max(1, to - from)) * 1000) / 10));
const isTerminal = (s: Status) => s === 'succeeded' || s === 'failed' || s === 'cancelled';

export class StudioStore {
  private readonly runs = new Map<string, RunRecord>();
  private readonly runOrder = new SortedIndex<RunRecord>();
  private readonly projects = new Map<string, ProjectRecord>();
  private readonly actions = new Map<string, ActionRecord>();
  private readonly exports = new Map<string, ExportRecord>();
  private readonly unsettledRuns = new Set<RunRecord>();
  private readonly unsettledExports = new Set<ExportRecord>();
  private seq = 0;

  constructor(
    private readonly env: SandboxEnv,
    private readonly files: FileStore,
    private readonly renderer: ProjectRenderer,
    private readonly outbox: WebhookOutbox,
  ) {}

  // --- creation ---

  startRun(type: WorkflowType, content: ProjectContent, trigger: string, remix: RemixAction[], keyIndex: number, now: number): RunRecord {
    const lower = trigger.toLowerCase();
    const script: Script = lower.includes('fail') ? 'fail' : lower.includes('retry') ? 'retry' : 'succeed';
    const run: RunRecord = {
      workflowRunId: this.env.ids.workflowRun(),
      workflowType: type,
      projectId: this.env.ids.project(),
      creatorKeyIndex: keyIndex,
      createdAt: now,
      sortKey: { at: now, seq: ++this.seq },
      script,
      cancelledAt: null,
      assetsReadyAt: null,
      assetsError: null,
      remixActionIds: [],
      internalErrorCode: this.env.ids.internalErrorCode(),
      eventRecorded: false,
    };
    const project: ProjectRecord = {
      projectId: run.projectId,
      uuid: this.env.ids.uuid(),
      title: content.title,
      workflowType: type,
      creatorKeyIndex: keyIndex,
      createdAt: now,
      seq: ++this.seq,
      runId: run.workflowRunId,
      base: content,
      actionIds: [],
      copiedFrom: null,
      touchedAt: now,
    };
    this.env.state.batch(() => {
      this.runs.set(run.workflowRunId, run);
      this.runOrder.insert(run.sortKey, run);
      this.projects.set(project.projectId, project);
      run.remixActionIds = remix.map((a) => this.addAction(project, a, keyIndex, now, true).remixActionId);
      this.unsettledRuns.add(run);
      this.saveRun(run);
      this.saveProject(project);
    });
    if (script !== 'fail') this.renderAssets(run, project);
    return run;
  }

  /** Queues remix actions on a project (or on a copy of it made now). */
  remix(source: ProjectRecord, remix: RemixAction[], saveAsNew: boolean, keyIndex: number, now: number): { project: ProjectRecord; ids: string[] } {
    let ids: string[] = [];
    let project = source;
    this.env.state.batch(() => {
      if (saveAsNew) {
        project = {
          projectId: this.env.ids.project(),
          uuid: this.env.ids.uuid(),
          title: source.title,
          workflowType: source.workflowType,
          creatorKeyIndex: keyIndex,
          createdAt: now,
          seq: ++this.seq,
          runId: source.runId,
          base: this.content(source, now),
          actionIds: [],
          copiedFrom: source.projectId,
          touchedAt: now,
        };
        this.projects.set(project.projectId, project);
      }
      ids = remix.map((a) => this.addAction(project, a, keyIndex, now, false).remixActionId);
      project.touchedAt = now;
      this.saveProject(project);
    });
    return { project, ids };
  }

  startExport(project: ProjectRecord, quality: ExportQuality | undefined, keyIndex: number, now: number): ExportRecord {
    const e: ExportRecord = {
      exportId: this.env.ids.projectExport(),
      projectId: project.projectId,
      quality: quality ?? DEFAULT_EXPORT_QUALITY,
      createdAt: now,
      creatorKeyIndex: keyIndex,
      actionCount: project.actionIds.length,
      content: null,
      media: null,
      mediaReadyAt: null,
      mediaError: null,
      fileId: null,
      internalErrorCode: this.env.ids.internalErrorCode(),
    };
    this.exports.set(e.exportId, e);
    this.unsettledExports.add(e);
    this.saveExport(e);
    this.settleExport(e, now);
    return e;
  }

  /** Asks to cancel; only takes effect before the run has ended. */
  cancelRun(run: RunRecord, now: number): void {
    if (run.cancelledAt !== null) return;
    if (this.naturalRun(run, now).endedAt === null) {
      run.cancelledAt = now;
      this.saveRun(run);
    }
  }

  private addAction(project: ProjectRecord, action: RemixAction, keyIndex: number, now: number, fromWorkflow: boolean): ActionRecord {
    const text = 'prompt' in action ? action.prompt : 'stylePrompt' in action ? action.stylePrompt : 'motionPrompt' in action ? (action.motionPrompt ?? '') : '';
    const record: ActionRecord = {
      remixActionId: this.env.ids.remixAction(),
      projectId: project.projectId,
      action,
      createdAt: now,
      creatorKeyIndex: keyIndex,
      seq: ++this.seq,
      fromWorkflow,
      script: text.toLowerCase().includes('fail') ? 'fail' : 'succeed',
      internalErrorCode: this.env.ids.internalErrorCode(),
    };
    this.actions.set(record.remixActionId, record);
    project.actionIds.push(record.remixActionId);
    this.env.state.put('remix-action', record.remixActionId, record);
    return record;
  }

  // --- lookups ---

  run(id: string): RunRecord | undefined {
    return this.runs.get(id);
  }

  project(id: string): ProjectRecord | undefined {
    return this.projects.get(id);
  }

  projectExport(id: string): ExportRecord | undefined {
    return this.exports.get(id);
  }

  runPage(after: SortKey | null, limit: number, keyIndex: number | null): { items: RunRecord[]; hasMore: boolean } {
    const items: RunRecord[] = [];
    for (const { value } of this.runOrder.descending(after)) {
      if (keyIndex !== null && value.creatorKeyIndex !== keyIndex) continue;
      items.push(value);
      if (items.length > limit) break;
    }
    const hasMore = items.length > limit;
    return { items: hasMore ? items.slice(0, limit) : items, hasMore };
  }

  /** Most recently updated first (the order moves as runs and actions finish), keyset after (updatedAt, seq). */
  projectPage(after: SortKey | null, limit: number, keyIndex: number | null, now: number): { items: Array<{ project: ProjectRecord; key: SortKey }>; hasMore: boolean } {
    const all = [...this.projects.values()]
      .filter((p) => keyIndex === null || p.creatorKeyIndex === keyIndex)
      .map((project) => ({ project, key: { at: this.updatedAt(project, now), seq: project.seq } }))
      .filter(({ key }) => !after || key.at < after.at || (key.at === after.at && key.seq < after.seq))
      .sort((a, b) => b.key.at - a.key.at || b.key.seq - a.key.seq);
    return { items: all.slice(0, limit), hasMore: all.length > limit };
  }

  // --- state as a function of the clock ---

  runState(r: RunRecord, now: number): Timed {
    const at = r.cancelledAt !== null ? Math.min(now, r.cancelledAt) : now;
    const natural = this.naturalRun(r, at);
    if (r.cancelledAt !== null && natural.endedAt === null) return { ...natural, status: 'cancelled', endedAt: r.cancelledAt, error: null };
    return natural;
  }

  private naturalRun(r: RunRecord, now: number): Timed {
    const W = this.env.options.workflowMs;
    const t = now - r.createdAt;
    const base = { endedAt: null, error: null };
    if (W > 0 && t < 0.1 * W) return { ...PENDING, ...base };
    if (r.script === 'fail') {
      if (t < 0.6 * W) return { ...base, status: 'running', progress: rising(t, 0.1 * W, W), attemptIndex: 0 };
      return {
        status: 'failed',
        progress: rising(0.6 * W, 0.1 * W, W),
        attemptIndex: 0,
        endedAt: r.createdAt + 0.6 * W,
        error: { message: 'The video could not be generated from this input. Try a different script or prompt.', internalErrorCode: r.internalErrorCode },
      };
    }
    let attemptIndex = 0;
    let from = 0.1 * W;
    let end = W;
    if (r.script === 'retry') {
      if (t < 0.5 * W) return { ...base, status: 'running', progress: rising(t, 0.1 * W, W), attemptIndex: 0 };
      attemptIndex = 1;
      from = 0.5 * W;
      end = 1.5 * W;
    }
    const due = r.createdAt + end;
    if (now < due || r.assetsReadyAt === null) return { ...base, status: 'running', progress: now < due ? rising(t, from, end) : 99, attemptIndex };
    const endedAt = Math.max(due, r.assetsReadyAt);
    if (r.assetsError !== null) return { status: 'failed', progress: 99, attemptIndex, endedAt, error: { message: 'The video could not be rendered.', internalErrorCode: r.internalErrorCode } };
    return { status: 'succeeded', progress: 100, attemptIndex, endedAt, error: null };
  }

  /** Every remix action of a project, in run order, as of `now`. */
  actionStates(p: ProjectRecord, now: number): ActionState[] {
    const R = this.env.options.executionMs;
    const run = this.runState(this.runs.get(p.runId)!, now);
    const runEnded = isTerminal(run.status) ? run.endedAt! : null;
    let content = p.base;
    let prevEnd = runEnded;
    return p.actionIds.map((id) => {
      const record = this.actions.get(id)!;
      if (runEnded === null) return { record, ...PENDING, endedAt: null, error: null, skipped: false };
      if (run.status !== 'succeeded') {
        const endedAt = Math.max(record.createdAt, runEnded);
        if (now < endedAt) return { record, ...PENDING, endedAt, error: null, skipped: false };
        if (record.fromWorkflow) return { record, status: 'cancelled', progress: 0, attemptIndex: 0, endedAt, error: null, skipped: false };
        const error = { message: 'The project has no video to remix: its workflow run did not succeed.', internalErrorCode: record.internalErrorCode };
        return { record, status: 'failed', progress: 0, attemptIndex: 0, endedAt, error, skipped: false };
      }
      const start = Math.max(record.createdAt, prevEnd!);
      const end = record.script === 'fail' ? start + 0.6 * R : start + R;
      prevEnd = end;
      const outcome = record.script === 'fail' ? null : applyRemix(content, record.action);
      if (outcome) content = outcome.content;
      const t = now - start;
      if (now < start || (R > 0 && t < 0.1 * R)) return { record, ...PENDING, endedAt: end, error: null, skipped: false };
      if (now < end) return { record, status: 'running', progress: rising(t, 0.1 * R, R), attemptIndex: 0, endedAt: end, error: null, skipped: false };
      if (!outcome) {
        const error = { message: 'The remix action could not be applied. Try a different prompt.', internalErrorCode: record.internalErrorCode };
        return { record, status: 'failed', progress: rising(0.6 * R, 0.1 * R, R), attemptIndex: 0, endedAt: end, error, skipped: false };
      }
      return { record, status: 'succeeded', progress: 100, attemptIndex: 0, endedAt: end, error: null, skipped: outcome.skipped };
    });
  }

  /** The project as of `asOf`: its content plus every remix action (of the first `count`) that had succeeded by then. */
  content(p: ProjectRecord, asOf: number, count = p.actionIds.length): ProjectContent {
    let content = p.base;
    for (const s of this.actionStates(p, asOf).slice(0, count)) {
      if (s.status === 'succeeded' && s.endedAt !== null && s.endedAt <= asOf) content = applyRemix(content, s.record.action).content;
    }
    return content;
  }

  projectStatus(p: ProjectRecord, now: number): 'generating' | 'ready' {
    if (!isTerminal(this.runState(this.runs.get(p.runId)!, now).status)) return 'generating';
    return this.actionStates(p, now).every((s) => isTerminal(s.status)) ? 'ready' : 'generating';
  }

  updatedAt(p: ProjectRecord, now: number): number {
    let at = Math.max(p.createdAt, p.touchedAt);
    const run = this.runState(this.runs.get(p.runId)!, now);
    if (isTerminal(run.status) && run.endedAt !== null && run.endedAt > p.createdAt) at = Math.max(at, run.endedAt);
    for (const s of this.actionStates(p, now)) if (isTerminal(s.status) && s.endedAt !== null) at = Math.max(at, s.endedAt);
    return at;
  }

  /** When an export may start (its project's run and earlier actions ended), or why it cannot. */
  private exportStart(e: ExportRecord, now: number): { startAt: number | null; failure: { at: number; message: string } | null } {
    const p = this.projects.get(e.projectId)!;
    const run = this.runState(this.runs.get(p.runId)!, now);
    if (!isTerminal(run.status)) return { startAt: null, failure: null };
    if (run.status !== 'succeeded') {
      return { startAt: null, failure: { at: Math.max(e.createdAt, run.endedAt!), message: 'The project has no video to export: its workflow run did not succeed.' } };
    }
    let ready = run.endedAt!;
    for (const s of this.actionStates(p, now).slice(0, e.actionCount)) {
      if (s.endedAt === null) return { startAt: null, failure: null };
      ready = Math.max(ready, s.endedAt);
    }
    return { startAt: Math.max(e.createdAt, ready), failure: null };
  }

  exportState(e: ExportRecord, now: number): Timed {
    const X = this.env.options.executionMs;
    const { startAt, failure } = this.exportStart(e, now);
    const base = { endedAt: null, error: null };
    if (failure) {
      if (now < failure.at) return { ...PENDING, ...base };
      return { status: 'failed', progress: 0, attemptIndex: 0, endedAt: failure.at, error: { message: failure.message, internalErrorCode: e.internalErrorCode } };
    }
    if (startAt === null || now < startAt) return { ...PENDING, ...base };
    const t = now - startAt;
    if (X > 0 && t < 0.1 * X) return { ...PENDING, ...base };
    const due = startAt + X;
    if (now < due || e.mediaReadyAt === null) return { ...base, status: 'running', progress: now < due ? rising(t, 0.1 * X, X) : 99, attemptIndex: 0 };
    const endedAt = Math.max(due, e.mediaReadyAt);
    if (e.mediaError !== null || !e.media) return { status: 'failed', progress: 99, attemptIndex: 0, endedAt, error: { message: 'The export could not be rendered.', internalErrorCode: e.internalErrorCode } };
    return { status: 'succeeded', progress: 100, attemptIndex: 0, endedAt, error: null };
  }

  // --- settling (before every VideoGen request) ---

  settle(now: number): void {
    for (const run of this.unsettledRuns) {
      const s = this.runState(run, now);
      if (!isTerminal(s.status) || s.endedAt === null || s.endedAt > now) continue;
      this.unsettledRuns.delete(run);
      const project = this.projects.get(run.projectId)!;
      this.env.state.batch(() => {
        this.outbox.record(
          `workflow_run.${s.status}`,
          {
            workflowRunId: run.workflowRunId,
            occurredAt: new Date(s.endedAt!).toISOString(),
            workflowType: run.workflowType,
            projectId: run.projectId,
            projectUrl: this.projectUrl(project),
            ...(s.error ? { error: s.error } : {}),
          },
          now,
        );
        run.eventRecorded = true;
        this.saveRun(run);
      });
    }
    for (const e of this.unsettledExports) this.settleExport(e, now);
  }

  private settleExport(e: ExportRecord, now: number): void {
    if (e.content === null) {
      const { startAt, failure } = this.exportStart(e, now);
      if (failure) {
        this.unsettledExports.delete(e);
        return;
      }
      if (startAt === null || startAt > now) return;
      const project = this.projects.get(e.projectId)!;
      e.content = this.content(project, startAt, e.actionCount);
      this.saveExport(e);
      this.renderExport(e);
      return;
    }
    const s = this.exportState(e, now);
    if (s.status === 'failed') this.unsettledExports.delete(e);
    if (s.status !== 'succeeded' || e.fileId !== null) return;
    this.unsettledExports.delete(e);
    const endedAt = s.endedAt!;
    this.env.state.batch(() => {
      e.fileId = this.createExportFile(e, endedAt);
      this.saveExport(e);
    });
  }

  private createExportFile(e: ExportRecord, at: number): string {
    const project = this.projects.get(e.projectId)!;
    const set = e.media!;
    const spoken = e.content!.sections.map((s) => s.spoken.trim()).filter(Boolean).join(' ');
    const record: FileRecord = {
      fileId: this.env.ids.file(),
      scope: 'EXPORT',
      displayName: `${project.title}.mp4`,
      creatorKeyIndex: e.creatorKeyIndex,
      createdAt: at,
      sortKey: this.files.nextKey(at),
      archivedAt: null,
      processing: { startedAt: at, phased: false, type: 'VIDEO', typeKnownAt: at, media: set, failure: null },
      upload: null,
      tool: null,
      descriptionText: `An exported ${set.width}×${set.height} MP4 (${(set.durationSeconds ?? 0).toFixed(1)} seconds) of the project "${project.title}" (export ${e.exportId}, quality ${e.quality}).`,
      transcriptText: spoken || null,
      publicPreview: null,
      // Fresh outputs come hydrated, like tool results.
      hydratedUntilS: Math.floor(at / 1000) + this.env.options.signedUrlTtlS,
      seedIndex: null,
    };
    this.files.add(record);
    return record.fileId;
  }

  projectUrl(p: ProjectRecord): string {
    return `${this.env.baseUrl()}/project/${p.uuid}`;
  }

  projectByUuid(uuid: string): ProjectRecord | undefined {
    for (const p of this.projects.values()) if (p.uuid === uuid) return p;
    return undefined;
  }

  // --- rendering, persistence, restart ---

  private renderAssets(run: RunRecord, project: ProjectRecord): void {
    const done = (update: () => void) => {
      // Jobs killed by close() are not failures: record nothing (a restart resumes them).
      if (this.env.closing()) return;
      update();
      run.assetsReadyAt = this.env.clock.now();
      this.saveRun(run);
    };
    this.env.background(
      this.renderer.prepare(project.base, DEFAULT_EXPORT_QUALITY, this.env.clock.now()).then(
        () => done(() => {}),
        (err: unknown) => done(() => (run.assetsError = err instanceof Error ? err.message : String(err))),
      ),
    );
  }

  private renderExport(e: ExportRecord): void {
    const done = (update: () => void) => {
      if (this.env.closing()) return;
      update();
      e.mediaReadyAt = this.env.clock.now();
      this.saveExport(e);
    };
    this.env.background(
      this.renderer.render(e.content!, e.quality, this.env.clock.now()).then(
        (set) => done(() => (e.media = set)),
        (err: unknown) => done(() => (e.mediaError = err instanceof Error ? err.message : String(err))),
      ),
    );
  }

  restore(runs: RunRecord[], projects: ProjectRecord[], actions: ActionRecord[], exports: ExportRecord[]): void {
    for (const r of runs) {
      this.runs.set(r.workflowRunId, r);
      this.runOrder.insert(r.sortKey, r);
      if (!r.eventRecorded) this.unsettledRuns.add(r);
      this.seq = Math.max(this.seq, r.sortKey.seq);
    }
    for (const p of projects) {
      this.projects.set(p.projectId, p);
      this.seq = Math.max(this.seq, p.seq);
    }
    for (const a of actions) {
      this.actions.set(a.remixActionId, a);
      this.seq = Math.max(this.seq, a.seq);
    }
    for (const e of exports) {
      this.exports.set(e.exportId, e);
      if (e.fileId === null && e.mediaError === null) this.unsettledExports.add(e);
    }
  }

  /** After a restart: renders what the previous run left unfinished. */
  resume(): number {
    let n = 0;
    for (const run of this.runs.values()) {
      if (run.script === 'fail' || run.cancelledAt !== null || run.assetsReadyAt !== null) continue;
      this.renderAssets(run, this.projects.get(run.projectId)!);
      n++;
    }
    for (const e of this.exports.values()) {
      if (e.content === null || e.mediaReadyAt !== null) continue;
      this.renderExport(e);
      n++;
    }
    return n;
  }

  private saveRun(r: RunRecord): void {
    this.env.state.put('workflow-run', r.workflowRunId, r);
  }

  private saveProject(p: ProjectRecord): void {
    this.env.state.put('project', p.projectId, p);
  }

  private saveExport(e: ExportRecord): void {
    this.env.state.put('export', e.exportId, e);
  }
}
