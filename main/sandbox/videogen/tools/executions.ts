// Tool executions. Status is a function of the clock (E = executionMs, t = time since start):
//   pending   t < 0.1E
//   running   progress rises to 100 over the attempt;
//             a simulated server retry (prompt contains "retry", or ~5% by seed) runs attempt 0
//             until 0.5E, then attempt 1 restarts at 0 % and ends at 1.5E
//   failed    prompt contains "fail": at 0.6E, with an ApiError in `error`
//   succeeded at E (1.5E after a retry), but never before the output media has been rendered:
//             until then it stays `running` at 99 %
//   cancelled from the moment a cancel arrives while not terminal (progress frozen)
// When an execution succeeds its result files are created (settle), at the success time.
// Records are persisted on start, when the outputs are rendered, on cancel and when settled; after
// a restart, an execution whose outputs were not rendered yet renders them (from the cache when
// an earlier run finished them) and then completes on the same timeline.
import type { SandboxEnv } from '../../env';
import type { MediaSet } from '../../media/types';
import { unitHash } from '../../random';
import { SortedIndex, type SortKey } from '../../sorted-index';
import type { FileStore } from '../file-store';
import type { FileRecord } from '../types';
import type { OutputPlan } from './definitions';

export type ExecutionStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';
type Script = 'succeed' | 'retry' | 'fail';

export interface ExecutionRecord {
  toolExecutionId: string;
  toolType: string;
  creatorKeyIndex: number;
  createdAt: number;
  sortKey: SortKey;
  plan: OutputPlan;
  script: Script;
  /** Rendered outputs (one per recipe) and when they were done, or why rendering failed. */
  media: MediaSet[] | null;
  mediaReadyAt: number | null;
  mediaError: string | null;
  cancelledAt: number | null;
  /** Result file ids once settled. */
  resultFileIds: string[] | null;
  internalErrorCode: string;
}

export interface ExecutionState {
  status: ExecutionStatus;
  progress: number;
  attemptIndex: number;
  /** When the terminal status was reached. */
  endedAt: number | null;
  error: { message: string; internalErrorCode: string } | null;
}

const RETRY_SHARE = 0.05;

export class ExecutionStore {
  private readonly byId = new Map<string, ExecutionRecord>();
  private readonly order = new SortedIndex<ExecutionRecord>();
  private readonly unsettled = new Set<ExecutionRecord>();
  private seq = 0;

  constructor(
    private readonly env: SandboxEnv,
    private readonly files: FileStore,
  ) {}

  start(toolType: string, plan: OutputPlan, creatorKeyIndex: number, now: number): ExecutionRecord {
    const id = this.env.ids.toolExecution();
    const trigger = plan.triggerText.toLowerCase();
    const script: Script = trigger.includes('fail') ? 'fail' : trigger.includes('retry') || unitHash(this.env.options.seed, 'retry', id) < RETRY_SHARE ? 'retry' : 'succeed';
    const record: ExecutionRecord = {
      toolExecutionId: id,
      toolType,
      creatorKeyIndex,
      createdAt: now,
      sortKey: { at: now, seq: ++this.seq },
      plan,
      script,
      media: null,
      mediaReadyAt: null,
      mediaError: null,
      cancelledAt: null,
      resultFileIds: null,
      internalErrorCode: this.env.ids.internalErrorCode(),
    };
    this.byId.set(id, record);
    this.order.insert(record.sortKey, record);
    this.unsettled.add(record);
    this.save(record);
    if (script !== 'fail') this.render(record);
    return record;
  }

  /** Loads persisted executions (at start). */
  restore(records: ExecutionRecord[]): void {
    for (const r of records) {
      this.byId.set(r.toolExecutionId, r);
      this.order.insert(r.sortKey, r);
      if (r.resultFileIds === null) this.unsettled.add(r);
      this.seq = Math.max(this.seq, r.sortKey.seq);
    }
  }

  /** After a restart: renders the outputs of executions that were still waiting for them. */
  resume(): number {
    let n = 0;
    for (const r of this.unsettled) {
      if (r.script === 'fail' || r.mediaReadyAt !== null || r.cancelledAt !== null) continue;
      this.render(r);
      n++;
    }
    return n;
  }

  private render(record: ExecutionRecord): void {
    const done = (update: () => void) => {
      // Runs killed by close() are not failures of the execution: record nothing.
      if (this.env.closing()) return;
      update();
      record.mediaReadyAt = this.env.clock.now();
      this.save(record);
    };
    this.env.background(
      Promise.all(record.plan.recipes.map((r) => this.env.media.get(r))).then(
        (sets) => done(() => (record.media = sets)),
        (err: unknown) => done(() => (record.mediaError = err instanceof Error ? err.message : String(err))),
      ),
    );
  }

  private save(record: ExecutionRecord): void {
    this.env.state.put('execution', record.toolExecutionId, record);
  }

  get(id: string): ExecutionRecord | undefined {
    return this.byId.get(id);
  }

  /** Newest created first, strictly after `after`; optionally only one key's executions. */
  page(after: SortKey | null, limit: number, creatorKeyIndex: number | null): { items: ExecutionRecord[]; hasMore: boolean } {
    const items: ExecutionRecord[] = [];
    for (const { value } of this.order.descending(after)) {
      if (creatorKeyIndex !== null && value.creatorKeyIndex !== creatorKeyIndex) continue;
      items.push(value);
      if (items.length > limit) break;
    }
    const hasMore = items.length > limit;
    return { items: hasMore ? items.slice(0, limit) : items, hasMore };
  }

  state(r: ExecutionRecord, now: number): ExecutionState {
    const at = r.cancelledAt !== null ? Math.min(now, r.cancelledAt) : now;
    const natural = this.naturalState(r, at);
    if (r.cancelledAt !== null && natural.endedAt === null) {
      return { ...natural, status: 'cancelled', endedAt: r.cancelledAt, error: null };
    }
    return natural;
  }

  /** Asks to cancel; only takes effect when the execution has not finished. */
  cancel(r: ExecutionRecord, now: number): void {
    if (r.cancelledAt !== null) return;
    if (this.naturalState(r, now).endedAt === null) {
      r.cancelledAt = now;
      this.save(r);
    }
  }

  /** Creates the result files of executions that have succeeded by `now`. */
  settle(now: number): void {
    for (const r of this.unsettled) {
      const s = this.state(r, now);
      if (s.endedAt === null) continue;
      this.unsettled.delete(r);
      if (s.status !== 'succeeded') continue;
      const endedAt = s.endedAt;
      // The result files and the execution naming them are one transaction.
      this.env.state.batch(() => {
        r.resultFileIds = this.createResults(r, endedAt);
        this.save(r);
      });
    }
  }

  private naturalState(r: ExecutionRecord, now: number): ExecutionState {
    const E = this.env.options.executionMs;
    const t = now - r.createdAt;
    const running = (from: number, to: number) => Math.max(0, Math.min(99, Math.round(((t - from) / Math.max(1, to - from)) * 1000) / 10));
    const base = { endedAt: null, error: null };
    if (t < 0.1 * E && E > 0) return { ...base, status: 'pending', progress: 0, attemptIndex: 0 };

    if (r.script === 'fail') {
      if (t < 0.6 * E) return { ...base, status: 'running', progress: running(0.1 * E, E), attemptIndex: 0 };
      return {
        status: 'failed',
        progress: Math.round((0.5 / 0.9) * 1000) / 10,
        attemptIndex: 0,
        endedAt: r.createdAt + 0.6 * E,
        error: { message: 'The output could not be generated. Try a different prompt.', internalErrorCode: r.internalErrorCode },
      };
    }
    let attemptIndex = 0;
    let from = 0.1 * E;
    let end = E;
    if (r.script === 'retry') {
      if (t < 0.5 * E) return { ...base, status: 'running', progress: running(0.1 * E, E), attemptIndex: 0 };
      attemptIndex = 1;
      from = 0.5 * E;
      end = 1.5 * E;
    }
    const dueAt = r.createdAt + end;
    if (now < dueAt || r.mediaReadyAt === null) {
      return { ...base, status: 'running', progress: now < dueAt ? running(from, end) : 99, attemptIndex };
    }
    const endedAt = Math.max(dueAt, r.mediaReadyAt);
    if (r.mediaError !== null || !r.media) {
      return { status: 'failed', progress: 99, attemptIndex, endedAt, error: { message: 'The output could not be rendered.', internalErrorCode: r.internalErrorCode } };
    }
    return { status: 'succeeded', progress: 100, attemptIndex, endedAt, error: null };
  }

  private createResults(r: ExecutionRecord, at: number): string[] {
    const plan = r.plan;
    const media = r.media ?? [];
    return media.map((set) => {
      const record: FileRecord = {
        fileId: this.env.ids.file(),
        scope: plan.temporary ? 'TEMPORARY' : 'GLOBAL',
        displayName: plan.displayName,
        creatorKeyIndex: r.creatorKeyIndex,
        createdAt: at,
        sortKey: this.files.nextKey(at),
        archivedAt: null,
        processing: { startedAt: at, phased: false, type: set.type, typeKnownAt: at, media: set, failure: null },
        upload: null,
        tool: { toolType: r.toolType, executionId: r.toolExecutionId },
        descriptionText: plan.description,
        transcriptText: plan.transcript,
        publicPreview: null,
        // Fresh tool results come hydrated (README A5).
        hydratedUntilS: Math.floor(at / 1000) + this.env.options.signedUrlTtlS,
        seedIndex: null,
      };
      this.files.add(record);
      return record.fileId;
    });
  }
}
