/**
 * Generation requests (VideoGen tools and Sync lip-sync). A request is written here before
 * anything is sent, then follows:
 *
 *   queued → submitting → pending ⇄ running → succeeded | failed | cancelled
 *                  ↘ unknown (sent, outcome unknown) → reconciled to a remote state, or
 *                    back to queued when reconciliation shows it never arrived
 *   submitting → queued   (definitely not sent, e.g. offline)
 *   queued → cancelled | failed   (never sent)
 *
 * Terminal statuses never change again; late remote updates for them are ignored.
 */
import { randomUUID } from 'node:crypto';
import type { ExecutionRequest, ExecutionStatus, ExecutionView, Provider } from '../contract';
import type { StoreContext } from './context';
import { StoreError } from './errors';

export const TERMINAL_EXECUTION: ReadonlySet<ExecutionStatus> = new Set<ExecutionStatus>(['succeeded', 'failed', 'cancelled']);
const ACTIVE_SQL = "('queued','submitting','unknown','pending','running')";

const NEXT: Record<ExecutionStatus, readonly ExecutionStatus[]> = {
  queued: ['submitting', 'cancelled', 'failed'],
  submitting: ['queued', 'unknown', 'pending', 'running', 'succeeded', 'failed', 'cancelled'],
  unknown: ['queued', 'pending', 'running', 'succeeded', 'failed', 'cancelled'],
  pending: ['pending', 'running', 'succeeded', 'failed', 'cancelled'],
  running: ['pending', 'running', 'succeeded', 'failed', 'cancelled'],
  succeeded: [],
  failed: [],
  cancelled: [],
};

export type RemoteStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface RemoteUpdate {
  status: RemoteStatus;
  /** The provider's status as sent (e.g. Sync `PROCESSING`). */
  remoteStatus?: string | null;
  /** 0..100 for the current attempt. */
  progress?: number | null;
  attempt?: number;
  error?: { code: string; message: string } | null;
  /** VideoGen file ids of the outputs (on success). */
  results?: readonly string[];
  nextCheckAt?: number | null;
}

export interface CreateExecutionOptions {
  label?: string;
  /** When the poller/submitter should first look at it (default: now). */
  nextCheckAt?: number | null;
}

/** What the poller needs beyond the view: how often it has looked, when it was sent and finished. */
export interface ExecutionJob extends ExecutionView {
  checks: number;
  submittedAt: number | null;
  finishedAt: number | null;
}

interface ExecutionRow {
  id: string;
  provider: Provider;
  tool: string;
  label: string;
  request_json: string;
  remote_id: string | null;
  status: ExecutionStatus;
  remote_status: string | null;
  progress: number | null;
  attempt: number;
  error_code: string | null;
  error_message: string | null;
  result_file_ids: string;
  created_at: number;
  updated_at: number;
  next_check_at: number | null;
  checks: number;
  submitted_at: number | null;
  finished_at: number | null;
}

function toView(r: ExecutionRow): ExecutionView {
  const request = JSON.parse(r.request_json) as ExecutionRequest;
  return {
    id: r.id,
    remoteId: r.remote_id,
    provider: r.provider,
    tool: r.tool,
    label: r.label,
    request,
    status: r.status,
    remoteStatus: r.remote_status,
    progress: r.progress,
    attempt: r.attempt,
    error: r.error_code !== null || r.error_message !== null ? { code: r.error_code ?? 'error', message: r.error_message ?? '' } : null,
    resultFileIds: JSON.parse(r.result_file_ids) as string[],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    nextCheckAt: r.next_check_at,
  };
}

function toJob(r: ExecutionRow): ExecutionJob {
  return { ...toView(r), checks: r.checks, submittedAt: r.submitted_at, finishedAt: r.finished_at };
}

/** A short human label from the request: its prompt or script, else the tool's name. */
export function labelFor(request: ExecutionRequest): string {
  const p = request.params;
  const voice = p['voice'] as { script?: unknown } | undefined;
  const candidates = [p['prompt'], p['ttsText'], voice?.script, p['script'], p['displayName']];
  const text = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
  const base = text?.trim().replace(/\s+/g, ' ') ?? (request.provider === 'sync' ? 'Lip-sync' : request.tool.replaceAll('-', ' '));
  return base.length > 80 ? base.slice(0, 79) + '…' : base;
}

export function createExecutionsRepo(ctx: StoreContext) {
  const { db, tx } = ctx;
  const insertStmt = db.prepare(
    `INSERT INTO executions (id, provider, tool, label, request_json, status, created_at, updated_at, next_check_at)
     VALUES (@id, @provider, @tool, @label, @request_json, 'queued', @now, @now, @next_check_at)`,
  );
  const getStmt = db.prepare<[string], ExecutionRow>('SELECT * FROM executions WHERE id = ?');
  const byRemoteStmt = db.prepare<[string], ExecutionRow>('SELECT * FROM executions WHERE remote_id = ? ORDER BY created_at LIMIT 1');
  const byRemoteProviderStmt = db.prepare<[string, Provider], ExecutionRow>('SELECT * FROM executions WHERE remote_id = ? AND provider = ?');
  const dueStmt = db.prepare<[number, number], ExecutionRow>(
    `SELECT * FROM executions WHERE status IN ${ACTIVE_SQL} AND next_check_at <= ? ORDER BY next_check_at, rowid LIMIT ?`,
  );
  const activeStmt = db.prepare<[], ExecutionRow>(`SELECT * FROM executions WHERE status IN ${ACTIVE_SQL} ORDER BY created_at, rowid`);
  const listStmt = db.prepare<[number], ExecutionRow>('SELECT * FROM executions ORDER BY created_at DESC, rowid DESC LIMIT ?');
  const listActiveStmt = db.prepare<[number], ExecutionRow>(
    `SELECT * FROM executions WHERE status IN ${ACTIVE_SQL} ORDER BY created_at DESC, rowid DESC LIMIT ?`,
  );
  const nextCheckStmt = db.prepare('UPDATE executions SET next_check_at = ? WHERE id = ?');
  const linkFilesStmt = db.prepare(
    `UPDATE files SET execution_id = @id, origin = @origin, updated_at = @now
      WHERE file_id IN (SELECT value FROM json_each(@ids)) AND (execution_id IS NOT @id OR origin IS NOT @origin)
      RETURNING file_id`,
  );

  function load(id: string): ExecutionRow {
    const row = getStmt.get(id);
    if (!row) throw new StoreError('not_found', `No execution with id ${id}.`);
    return row;
  }

  function guard(row: ExecutionRow, to: ExecutionStatus): void {
    if (!NEXT[row.status].includes(to)) {
      throw new StoreError('invalid_transition', `Execution ${row.id} is ${row.status}; it cannot become ${to}.`);
    }
  }

  /** Applies `patch` (column → value) to one execution and reports it. */
  function write(row: ExecutionRow, patch: Partial<ExecutionRow>): ExecutionView {
    const now = ctx.now();
    const full = { ...patch, updated_at: now } as Record<string, unknown>;
    const keys = Object.keys(full);
    ctx.statements.get(`UPDATE executions SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @__id`).run({ ...full, __id: row.id });
    tx.record('executions', [row.id]);
    return toView(load(row.id));
  }

  function transition(id: string, to: ExecutionStatus, patch: Partial<ExecutionRow> = {}): ExecutionView {
    return tx.run(() => {
      const row = load(id);
      guard(row, to);
      const extra = TERMINAL_EXECUTION.has(to) ? { finished_at: ctx.now(), next_check_at: null } : {};
      return write(row, { ...extra, ...patch, status: to });
    });
  }

  return {
    /** Writes the request down (status `queued`) before anything is sent. */
    create(request: ExecutionRequest, opts: CreateExecutionOptions = {}): ExecutionView {
      return tx.run(() => {
        const id = randomUUID();
        const now = ctx.now();
        insertStmt.run({
          id,
          provider: request.provider,
          tool: request.tool,
          label: opts.label ?? labelFor(request),
          request_json: JSON.stringify(request),
          now,
          next_check_at: opts.nextCheckAt === undefined ? now : opts.nextCheckAt,
        });
        tx.record('executions', [id]);
        return toView(load(id));
      });
    },

    get: (id: string): ExecutionView | null => {
      const row = getStmt.get(id);
      return row ? toView(row) : null;
    },

    /** The view plus poll bookkeeping, for the worker. */
    job: (id: string): ExecutionJob | null => {
      const row = getStmt.get(id);
      return row ? toJob(row) : null;
    },

    /** About to send the request. */
    markSubmitting: (id: string): ExecutionView => transition(id, 'submitting'),

    /** The request definitely did not reach the provider (or reconciliation found nothing): send again later. */
    requeue: (id: string, nextCheckAt: number | null = null): ExecutionView =>
      transition(id, 'queued', { next_check_at: nextCheckAt ?? ctx.now() }),

    /** Sent, but the outcome is unknown (e.g. timeout after send): reconcile, never resend blindly. */
    setUnknown(id: string, error?: { code: string; message: string }): ExecutionView {
      return tx.run(() => {
        const row = load(id);
        if (row.status !== 'submitting' && row.status !== 'unknown') {
          throw new StoreError('invalid_transition', `Execution ${id} is ${row.status}; only a submitting execution can become unknown.`);
        }
        return write(row, { status: 'unknown', error_code: error?.code ?? null, error_message: error?.message ?? null });
      });
    },

    /** The provider accepted it and gave its id. The status becomes `pending` unless already further. */
    setRemote(id: string, remoteId: string, remoteStatus: string | null = null): ExecutionView {
      return tx.run(() => {
        const row = load(id);
        if (row.remote_id !== null && row.remote_id !== remoteId) {
          throw new StoreError('invalid_transition', `Execution ${id} already has remote id ${row.remote_id}; refusing ${remoteId}.`);
        }
        if (row.status === 'queued' || TERMINAL_EXECUTION.has(row.status)) {
          throw new StoreError('invalid_transition', `Execution ${id} is ${row.status}; it cannot take a remote id now.`);
        }
        const owner = byRemoteProviderStmt.get(remoteId, row.provider);
        if (owner && owner.id !== id) {
          throw new StoreError('invalid_value', `Remote id ${remoteId} already belongs to execution ${owner.id}.`);
        }
        const status: ExecutionStatus = row.status === 'submitting' || row.status === 'unknown' ? 'pending' : row.status;
        return write(row, {
          remote_id: remoteId,
          status,
          remote_status: remoteStatus ?? row.remote_status,
          error_code: null,
          error_message: null,
          submitted_at: row.submitted_at ?? ctx.now(),
        });
      });
    },

    /**
     * A status seen at the provider. Ignored (changed: false) once the execution is
     * terminal. Output files already in the library are linked to this execution.
     */
    applyRemote(id: string, u: RemoteUpdate): { view: ExecutionView; changed: boolean } {
      return tx.run(() => {
        const row = load(id);
        if (TERMINAL_EXECUTION.has(row.status)) return { view: toView(row), changed: false };
        guard(row, u.status);
        const terminal = TERMINAL_EXECUTION.has(u.status);
        const results = u.results ?? JSON.parse(row.result_file_ids) as string[];
        const patch: Partial<ExecutionRow> = {
          status: u.status,
          remote_status: u.remoteStatus === undefined ? row.remote_status : u.remoteStatus,
          progress: u.progress === undefined ? row.progress : u.progress,
          attempt: u.attempt ?? row.attempt,
          error_code: u.error === undefined ? row.error_code : (u.error?.code ?? null),
          error_message: u.error === undefined ? row.error_message : (u.error?.message ?? null),
          result_file_ids: JSON.stringify(results),
          checks: row.checks + 1,
          next_check_at: terminal ? null : u.nextCheckAt === undefined ? row.next_check_at : u.nextCheckAt,
        };
        if (terminal) patch.finished_at = ctx.now();
        const view = write(row, patch);
        if (results.length > 0) {
          const linked = linkFilesStmt
            .all({ id, origin: row.provider === 'sync' ? 'lipsync' : 'generated', now: ctx.now(), ids: JSON.stringify(results) })
            .map((r) => (r as { file_id: string }).file_id);
          if (linked.length > 0) tx.record('files', linked);
        }
        return { view, changed: true };
      });
    },

    /**
     * A note on a job in flight ("Paused: the VideoGen key was rejected…"), or null to clear
     * one whose code is `clearCode`; the status is unchanged. Ignored once terminal.
     */
    setNote(id: string, note: { code: string; message: string } | null, clearCode?: string): { view: ExecutionView; changed: boolean } {
      return tx.run(() => {
        const row = load(id);
        const unchanged =
          TERMINAL_EXECUTION.has(row.status) ||
          (note ? row.error_code === note.code && row.error_message === note.message : row.error_code === null || (clearCode !== undefined && row.error_code !== clearCode));
        if (unchanged) return { view: toView(row), changed: false };
        return { view: write(row, { error_code: note?.code ?? null, error_message: note?.message ?? null }), changed: true };
      });
    },

    /** The cost the provider estimated for this run (USD), kept for Spend and the spending cap. */
    setEstimatedCost(id: string, usd: number): void {
      tx.run(() => {
        ctx.statements.get('UPDATE executions SET estimated_usd = ? WHERE id = ?').run(usd, id);
      });
    },

    /**
     * Estimated spend of runs that were not refused or cancelled, since `since` (epoch ms):
     * the total, how many runs it covers, and how many such runs have no estimate.
     */
    spendSince(since: number, provider: 'sync' | 'videogen' = 'sync'): { usd: number; runs: number; unknown: number } {
      const r = ctx.statements
        .get<{ usd: number | null; runs: number; unknown: number }>(
          `SELECT sum(estimated_usd) AS usd, count(estimated_usd) AS runs, sum(estimated_usd IS NULL) AS unknown
             FROM executions WHERE provider = ? AND created_at >= ? AND status NOT IN ('failed', 'cancelled')`,
        )
        .get(provider, since);
      return { usd: Math.round((r?.usd ?? 0) * 10_000) / 10_000, runs: r?.runs ?? 0, unknown: r?.unknown ?? 0 };
    },

    /** Failed locally (the provider refused the request, an input file is gone, or polling gave up). */
    markFailed: (id: string, error: { code: string; message: string }): ExecutionView =>
      transition(id, 'failed', { error_code: error.code, error_message: error.message }),

    /** Cancelled before it was sent. A sent execution is cancelled at the provider, then `applyRemote`. */
    markCancelled(id: string): ExecutionView {
      return tx.run(() => {
        const row = load(id);
        if (row.status !== 'queued') {
          throw new StoreError('invalid_transition', `Execution ${id} is ${row.status}; only a request not yet sent is cancelled locally (cancel it at the provider).`);
        }
        return transition(id, 'cancelled');
      });
    },

    /**
     * When the worker should look at it next (null: not scheduled). Bookkeeping only: no
     * change event.
     */
    setNextCheck(id: string, at: number | null): void {
      nextCheckStmt.run(at, id);
    },

    /** Non-terminal executions whose next check is due, soonest first. */
    due: (now: number, limit = 50): ExecutionJob[] => dueStmt.all(now, limit).map(toJob),

    /** Every non-terminal execution, oldest first (what to resume after a restart). */
    active: (): ExecutionJob[] => activeStmt.all().map(toJob),

    /** Newest first. */
    list(opts: { limit?: number; activeOnly?: boolean } = {}): ExecutionView[] {
      const limit = Math.min(500, Math.max(1, opts.limit ?? 100));
      return (opts.activeOnly ? listActiveStmt : listStmt).all(limit).map(toView);
    },

    byRemoteId(remoteId: string, provider?: Provider): ExecutionView | null {
      const row = provider ? byRemoteProviderStmt.get(remoteId, provider) : byRemoteStmt.get(remoteId);
      return row ? toView(row) : null;
    },
  };
}

export type ExecutionsRepo = ReturnType<typeof createExecutionsRepo>;
