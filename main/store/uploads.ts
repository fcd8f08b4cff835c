/**
 * The upload queue. Each dropped file is a row from the moment it is accepted, so the queue
 * survives a restart:
 *
 *   (receiving →) queued → hashing → creating → uploading → processing → ready
 *      receiving: the web host wrote it down before the browser sent its bytes
 *      any non-terminal → failed | cancelled;  failed | cancelled → queued (retry)
 *   hashing → ready             (the same bytes were already uploaded: reuse that file)
 *   hashing | creating | uploading → queued   (resume after a restart: start the step again)
 *   uploading → creating        (the signed URL expired: ask for a new one)
 *   failed → processing         (`recheck`: Retry of one that failed after VideoGen had its bytes)
 *
 * Each upload has a place in line (`queue_order`): queued ones start lowest first. New and
 * retried uploads go to the back; a browser's files get theirs when they are picked (in the
 * order picked) and keep it when their bytes arrive; `move` puts a queued one elsewhere in line.
 *
 * Progress (`setProgress`) is kept in memory and written at most once a second per upload,
 * without a change event: the worker reports progress through its own event.
 */
import { randomUUID } from 'node:crypto';
import type { UploadState, UploadView } from '../contract';
import type { StoreContext } from './context';
import { StoreError } from './errors';

export const TERMINAL_UPLOAD: ReadonlySet<UploadState> = new Set<UploadState>(['ready', 'failed', 'cancelled']);
const ACTIVE_SQL = "('receiving','queued','hashing','creating','uploading','processing')";
const PROGRESS_WRITE_MS = 1_000;
const SPEED_WINDOW_MS = 5_000;

const NEXT: Record<UploadState, readonly UploadState[]> = {
  receiving: ['queued', 'failed', 'cancelled'],
  queued: ['hashing', 'failed', 'cancelled'],
  hashing: ['queued', 'creating', 'ready', 'failed', 'cancelled'],
  creating: ['queued', 'uploading', 'failed', 'cancelled'],
  uploading: ['queued', 'creating', 'processing', 'failed', 'cancelled'],
  processing: ['ready', 'failed', 'cancelled'],
  ready: [],
  failed: ['queued'],
  cancelled: ['queued'],
};

export interface NewUpload {
  path: string;
  name: string;
  size: number;
  /** Epoch ms of the file's last modification when it was accepted. */
  mtime: number;
  /** The drop it came in with (Activity groups a batch). */
  batchId?: string | null;
  /** Upload as a temporary file (`isTemporary`). */
  temporary?: boolean;
}

interface UploadRow {
  id: string;
  path: string;
  name: string;
  size: number;
  mtime: number;
  sha256: string | null;
  state: UploadState;
  file_id: string | null;
  bytes_sent: number;
  attempts: number;
  error_code: string | null;
  error_message: string | null;
  upload_url: string | null;
  upload_url_expires_at: number | null;
  failed_in: UploadState | null;
  batch_id: string | null;
  is_temporary: 0 | 1;
  queue_order: number;
  created_at: number;
  updated_at: number;
}

/** What the worker needs beyond the view: the hash and the current signed PUT URL. */
export interface UploadJob extends UploadView {
  mtime: number;
  sha256: string | null;
  uploadUrl: string | null;
  uploadUrlExpiresAt: number | null;
  /** The state it was in when it failed (null: not failed, or failed before this was kept). */
  failedIn: UploadState | null;
}

interface Progress {
  bytes: number;
  writtenAt: number;
  samples: Array<{ t: number; bytes: number }>;
}

export function createUploadsRepo(ctx: StoreContext) {
  const { db, tx } = ctx;
  const progress = new Map<string, Progress>();

  const insertStmt = db.prepare(
    `INSERT INTO uploads (id, path, name, size, mtime, state, batch_id, is_temporary, queue_order, created_at, updated_at)
     VALUES (@id, @path, @name, @size, @mtime, @state, @batch, @temporary, @order, @now, @now)`,
  );
  /** The back of the line: after every upload there is (started and finished ones included). */
  const lastOrderStmt = db.prepare<[], number>('SELECT coalesce(max(queue_order), 0) FROM uploads').pluck();
  const inLineStmt = db.prepare<[], { id: string; queue_order: number }>("SELECT id, queue_order FROM uploads WHERE state = 'queued' ORDER BY queue_order, created_at, rowid");
  const setOrderStmt = db.prepare('UPDATE uploads SET queue_order = ? WHERE id = ?');
  const countsStmt = db.prepare<[], { state: UploadState; n: number }>('SELECT state, count(*) AS n FROM uploads GROUP BY state');
  const byIdsStmt = db.prepare<[string], UploadRow>('SELECT * FROM uploads WHERE id IN (SELECT value FROM json_each(?)) ORDER BY created_at, rowid');
  const getStmt = db.prepare<[string], UploadRow>('SELECT * FROM uploads WHERE id = ?');
  const listStmt = db.prepare<[], UploadRow>('SELECT * FROM uploads ORDER BY created_at, rowid');
  // Work under way first (it resumes where it was), then the queued ones in their order.
  const activeStmt = db.prepare<[], UploadRow>(
    `SELECT * FROM uploads WHERE state IN ${ACTIVE_SQL} ORDER BY state IN ('receiving','queued'), queue_order, created_at, rowid`,
  );
  // Same bytes are shared only between uploads of the same kind: a kept upload never reuses a
  // temporary file (which may be archived after a day), nor a scratch input a kept one.
  const byShaStmt = db.prepare<[string, string, number], UploadRow>(
    `SELECT * FROM uploads
      WHERE sha256 = ? AND id IS NOT ? AND is_temporary = ? AND (state = 'ready' AND file_id IS NOT NULL OR state IN ('creating','uploading','processing'))
      ORDER BY state = 'ready' DESC, updated_at DESC LIMIT 1`,
  );
  const progressStmt = db.prepare("UPDATE uploads SET bytes_sent = ? WHERE id = ? AND state = 'uploading'");
  const deleteStmt = db.prepare<[string], string>(
    'DELETE FROM uploads WHERE state IN (SELECT value FROM json_each(?)) RETURNING id',
  ).pluck();

  function speedOf(id: string, state: UploadState): number | null {
    const p = progress.get(id);
    if (state !== 'uploading' || !p || p.samples.length < 2) return null;
    const first = p.samples[0]!;
    const last = p.samples[p.samples.length - 1]!;
    const dt = last.t - first.t;
    return dt > 0 ? Math.round(((last.bytes - first.bytes) * 1000) / dt) : null;
  }

  function toJob(r: UploadRow): UploadJob {
    const p = progress.get(r.id);
    return {
      uploadId: r.id,
      path: r.path,
      name: r.name,
      size: r.size,
      state: r.state,
      bytesSent: p && r.state === 'uploading' ? p.bytes : r.bytes_sent,
      speedBps: speedOf(r.id, r.state),
      fileId: r.file_id,
      attempts: r.attempts,
      error: r.error_code !== null || r.error_message !== null ? { code: r.error_code ?? 'error', message: r.error_message ?? '' } : null,
      batchId: r.batch_id,
      temporary: r.is_temporary === 1,
      queueOrder: r.queue_order,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      mtime: r.mtime,
      sha256: r.sha256,
      uploadUrl: r.upload_url,
      uploadUrlExpiresAt: r.upload_url_expires_at,
      failedIn: r.failed_in,
    };
  }

  function toView(r: UploadRow): UploadView {
    const { mtime: _m, sha256: _s, uploadUrl: _u, uploadUrlExpiresAt: _e, failedIn: _f, ...view } = toJob(r);
    return view;
  }

  function load(id: string): UploadRow {
    const row = getStmt.get(id);
    if (!row) throw new StoreError('not_found', `No upload with id ${id}.`);
    return row;
  }

  function transition(id: string, to: UploadState | null, patch: Partial<UploadRow> = {}): UploadJob {
    return tx.run(() => {
      const row = load(id);
      if (to !== null && !NEXT[row.state].includes(to)) {
        throw new StoreError('invalid_transition', `Upload ${row.name} is ${row.state}; it cannot become ${to}.`);
      }
      const p = progress.get(id);
      const full: Record<string, unknown> = { ...patch, updated_at: ctx.now() };
      if (to !== null) full['state'] = to;
      if (p && full['bytes_sent'] === undefined && row.state === 'uploading') full['bytes_sent'] = p.bytes;
      if (to !== null && to !== 'uploading') progress.delete(id);
      const keys = Object.keys(full);
      ctx.statements.get(`UPDATE uploads SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @__id`).run({ ...full, __id: id });
      tx.record('uploads', [id]);
      return toJob(load(id));
    });
  }

  function validate(u: NewUpload): void {
    if (!u.path || !u.name) throw new StoreError('invalid_value', 'An upload needs a path and a name.');
    if (!Number.isSafeInteger(u.size) || u.size < 0) throw new StoreError('invalid_value', `Upload ${u.name}: size must be a whole number of bytes (got ${u.size}).`);
    if (!Number.isFinite(u.mtime)) throw new StoreError('invalid_value', `Upload ${u.name}: modification time is not a number.`);
  }

  function insertMany(items: readonly NewUpload[], state: 'queued' | 'receiving'): UploadView[] {
    items.forEach(validate);
    return tx.run(() => {
      const now = ctx.now();
      const first = lastOrderStmt.get()! + 1;
      const ids = items.map((u, i) => {
        const id = randomUUID();
        insertStmt.run({ id, path: u.path, name: u.name, size: u.size, mtime: Math.round(u.mtime), state, batch: u.batchId ?? null, temporary: u.temporary ? 1 : 0, order: first + i, now });
        return id;
      });
      if (ids.length > 0) tx.record('uploads', ids);
      // The rows are exactly what was inserted: built here, not read back (10,000 at a time).
      return ids.map((id, i): UploadView => {
        const u = items[i]!;
        return { uploadId: id, path: u.path, name: u.name, size: u.size, state, bytesSent: 0, speedBps: null, fileId: null, attempts: 0, error: null, batchId: u.batchId ?? null, temporary: u.temporary === true, queueOrder: first + i, createdAt: now, updatedAt: now };
      });
    });
  }
  const createMany = (items: readonly NewUpload[]) => insertMany(items, 'queued');

  return {
    create: (u: NewUpload): UploadView => createMany([u])[0]!,
    /** A folder drop: every file in one transaction. */
    createMany,
    get: (id: string): UploadView | null => {
      const row = getStmt.get(id);
      return row ? toView(row) : null;
    },
    /** The view plus hash and signed URL, for the worker. */
    job: (id: string): UploadJob | null => {
      const row = getStmt.get(id);
      return row ? toJob(row) : null;
    },
    /** Oldest first. */
    list: (): UploadView[] => listStmt.all().map(toView),
    /** These uploads (the ones that exist), oldest first. */
    listByIds: (ids: readonly string[]): UploadView[] => (ids.length > 0 ? byIdsStmt.all(JSON.stringify(ids)).map(toView) : []),
    /** How many uploads are in each state (what the status bar counts), without reading the rows. */
    counts(): Partial<Record<UploadState, number>> {
      const out: Partial<Record<UploadState, number>> = {};
      for (const r of countsStmt.all()) out[r.state] = r.n;
      return out;
    },
    /** Web host: a browser's files, written down before their bytes arrive (state `receiving`). */
    reserveMany: (items: readonly NewUpload[]): UploadView[] => insertMany(items, 'receiving'),
    /** The bytes of a `receiving` upload arrived (at `path`): it is queued, in the place it was given when picked. */
    received(id: string, file: { path: string; size: number; mtime: number }): UploadJob {
      return tx.run(() => transition(id, 'queued', { path: file.path, size: file.size, mtime: Math.round(file.mtime) }));
    },
    /** Every upload that has not finished, oldest first: what the worker resumes after a restart. */
    resumable: (): UploadJob[] => activeStmt.all().map(toJob),

    startHashing: (id: string): UploadJob => transition(id, 'hashing'),
    /** The file's SHA-256 (hex), while hashing. */
    setHash(id: string, sha256: string): UploadJob {
      if (!/^[0-9a-f]{64}$/.test(sha256)) throw new StoreError('invalid_value', `Not a SHA-256 hex digest: ${sha256}`);
      return transition(id, null, { sha256 });
    },
    /** Asking the API for a file id and an upload URL. Counts as an attempt. */
    startCreating(id: string): UploadJob {
      return tx.run(() => transition(id, 'creating', { attempts: load(id).attempts + 1, error_code: null, error_message: null }));
    },
    /** The API gave a file id and a signed PUT URL (`expiresAt` epoch ms, if known): sending bytes. */
    startUploading(id: string, target: { fileId: string; uploadUrl: string; expiresAt: number | null }): UploadJob {
      progress.delete(id);
      return transition(id, 'uploading', {
        file_id: target.fileId,
        upload_url: target.uploadUrl,
        upload_url_expires_at: target.expiresAt,
        bytes_sent: 0,
      });
    },
    /**
     * Bytes sent so far. Cheap: kept in memory, written at most once a second, no change
     * event. Ignored unless the upload is uploading.
     */
    setProgress(id: string, bytesSent: number): void {
      const now = ctx.now();
      let p = progress.get(id);
      if (!p) {
        p = { bytes: 0, writtenAt: now, samples: [] };
        progress.set(id, p);
      }
      p.bytes = bytesSent;
      p.samples.push({ t: now, bytes: bytesSent });
      while (p.samples.length > 2 && now - p.samples[0]!.t > SPEED_WINDOW_MS) p.samples.shift();
      if (now - p.writtenAt >= PROGRESS_WRITE_MS) {
        p.writtenAt = now;
        progressStmt.run(bytesSent, id);
      }
    },
    /** Bytes are all sent; the API is processing the file. */
    markProcessing: (id: string): UploadJob => {
      const row = load(id);
      return transition(id, 'processing', { bytes_sent: row.size, upload_url: null, upload_url_expires_at: null });
    },
    /** Done. `fileId` may differ from the created one when an identical upload was reused. */
    markReady(id: string, fileId?: string): UploadJob {
      return transition(id, 'ready', { ...(fileId ? { file_id: fileId } : {}), upload_url: null, upload_url_expires_at: null, error_code: null, error_message: null });
    },
    markFailed: (id: string, error: { code: string; message: string }): UploadJob =>
      tx.run(() =>
        transition(id, 'failed', { error_code: error.code, error_message: error.message, upload_url: null, upload_url_expires_at: null, failed_in: load(id).state }),
      ),
    /** Retry of one whose bytes VideoGen has (it failed while processing): check that file again. */
    recheck: (id: string): UploadJob =>
      tx.run(() => {
        const row = load(id);
        if (row.state !== 'failed') throw new StoreError('invalid_transition', `Upload ${row.name} is ${row.state}; only a failed upload is checked again.`);
        return transition(id, null, { state: 'processing', error_code: null, error_message: null, failed_in: null });
      }),
    /**
     * A note on an unfinished upload ("Paused: the VideoGen key was rejected…"), or null to clear
     * one whose code is `clearCode`; the state is unchanged. Null when nothing changed.
     */
    setNote(id: string, note: { code: string; message: string } | null, clearCode?: string): UploadJob | null {
      return tx.run(() => {
        const row = load(id);
        if (TERMINAL_UPLOAD.has(row.state)) return null;
        if (note ? row.error_code === note.code && row.error_message === note.message : row.error_code === null || (clearCode !== undefined && row.error_code !== clearCode)) return null;
        return transition(id, null, { error_code: note?.code ?? null, error_message: note?.message ?? null });
      });
    },
    cancel: (id: string): UploadJob => transition(id, 'cancelled', { upload_url: null, upload_url_expires_at: null }),
    /** Failed or cancelled → queued again, from the start, at the back of the line. */
    retry: (id: string): UploadJob =>
      tx.run(() =>
        transition(id, 'queued', {
          bytes_sent: 0,
          file_id: null,
          upload_url: null,
          upload_url_expires_at: null,
          error_code: null,
          error_message: null,
          failed_in: null,
          queue_order: lastOrderStmt.get()! + 1,
        }),
      ),
    /** Resume after a restart: the interrupted step starts again (a signed PUT cannot be resumed). */
    requeue: (id: string): UploadJob => transition(id, 'queued', { bytes_sent: 0, upload_url: null, upload_url_expires_at: null }),
    /** The upload URL expired before the bytes were sent: ask for a new file id and URL. */
    renewTarget: (id: string): UploadJob =>
      transition(id, 'creating', { bytes_sent: 0, file_id: null, upload_url: null, upload_url_expires_at: null }),

    /** A finished (ready, with a file id) or in-flight upload of the same bytes, ready ones first. */
    /** An upload of the same bytes (and the same kind, temporary or kept) that has or will have a file. */
    findBySha(sha256: string, excludeId?: string, temporary = false): UploadJob | null {
      const row = byShaStmt.get(sha256, excludeId ?? '', temporary ? 1 : 0);
      return row ? toJob(row) : null;
    },

    /** Removes finished uploads from the list (default: ready and cancelled and failed). Returns the ids. */
    clearFinished(states: readonly UploadState[] = ['ready', 'cancelled', 'failed']): string[] {
      const terminal = states.filter((s) => TERMINAL_UPLOAD.has(s));
      return tx.run(() => {
        const ids = deleteStmt.all(JSON.stringify(terminal));
        ids.forEach((id) => progress.delete(id));
        if (ids.length > 0) tx.record('uploads', ids);
        return ids;
      });
    },

    /**
     * A queued upload to the top of the line, or just before or after another queued one (an
     * anchor that is no longer queued counts as the top: it has started, so it is ahead of the
     * whole line). `moved` false, and nothing changes, when the upload itself is no longer queued.
     * `inLine`: the queued uploads in their new order (what the worker starts next).
     */
    move(id: string, to: 'top' | { before: string } | { after: string }): { moved: boolean; inLine: string[] } {
      return tx.run(() => {
        if (load(id).state !== 'queued') return { moved: false, inLine: [] };
        const rows = inLineStmt.all();
        const ids = rows.map((r) => r.id).filter((x) => x !== id);
        let at = 0;
        if (to !== 'top') {
          const i = ids.indexOf('before' in to ? to.before : to.after);
          if (i >= 0) at = 'before' in to ? i : i + 1;
        }
        ids.splice(at, 0, id);
        // The line keeps the numbers it had, handed out again in the new order: every queued
        // upload stays behind the started ones and ahead of the ones added later.
        const numbers = rows.map((r) => r.queue_order).sort((a, b) => a - b);
        for (let i = 1; i < numbers.length; i++) numbers[i] = Math.max(numbers[i]!, numbers[i - 1]! + 1);
        const before = new Map(rows.map((r) => [r.id, r.queue_order]));
        const changed: string[] = [];
        ids.forEach((x, i) => {
          if (before.get(x) === numbers[i]) return;
          setOrderStmt.run(numbers[i], x);
          changed.push(x);
        });
        if (changed.length > 0) tx.record('uploads', changed);
        return { moved: true, inLine: ids };
      });
    },

    /** Writes pending progress (called by close()). */
    flush(): void {
      for (const [id, p] of progress) progressStmt.run(p.bytes, id);
    },
  };
}

export type UploadsRepo = ReturnType<typeof createUploadsRepo>;
