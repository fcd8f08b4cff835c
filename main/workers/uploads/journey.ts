/**
 * One upload's way through the worker, in named steps:
 *   slot (hash → create → send, at most `concurrency()` at once) → processing → ending,
 * or, when another upload already carries the same bytes, attach (wait for it and finish with it).
 * worker.ts builds the context these share and offers the commands (add, cancel, retry…).
 */
import { rm } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import type { StorageFile } from '../../api';
import { AppError, toAppError } from '../../kernel/errors';
import type { EventBus } from '../../kernel/events';
import type { Clock } from '../../kernel/clock';
import type { RateBudget } from '../../api/rate-budget';
import { keyRejectedNote, type KeyGate } from '../../kernel/key-gate';
import type { Store, UploadJob } from '../../store';
import { TERMINAL_UPLOAD } from '../../store';
import { fileUpdate } from '../file-updates';
import type { LiveQueue } from '../shared/live-queue';
import type { OrphanJanitor } from './orphans';
import type { ProcessingWatch } from './processing';
import type { SameBytes } from './same-bytes';
import type { UploadSteps } from './steps';

/** What the steps share: the worker's dependencies and its bookkeeping of work in progress. */
export interface UploadContext {
  store: Pick<Store, 'uploads' | 'files' | 'onChange'>;
  events: Pick<EventBus, 'emit'>;
  steps: UploadSteps;
  janitor: OrphanJanitor;
  sameBytes: SameBytes;
  processing: ProcessingWatch;
  queue: LiveQueue<string>;
  incomingDir: string | undefined;
  /** While the VideoGen key is rejected no slot starts work (see kernel/key-gate.ts). */
  keyGate?: KeyGate | undefined;
  /** A copy in `incomingDir` was deleted: its room is free again. */
  onIncomingRemoved?: ((bytes: number) => void) | undefined;
  /** One controller per upload with work in progress (slot, processing wait or attach wait). */
  controllers: Map<string, AbortController>;
  /** Uploads whose processing is being waited for. */
  waiting: Set<string>;
  /** Fire-and-forget work (archiving, deleting copies) that `stop()` waits for. */
  background: Set<Promise<unknown>>;
  /** Between `start()` and `stop()`. */
  running: boolean;
  /** Aborted by `stop()`: waits that could last long (the hourly upload limit's) end with it. */
  lifetime: AbortController;
  /** The shared rate budget: a create waits (the queue with it) while the hourly upload limit is used up. */
  budget?: Pick<RateBudget, 'check'> | undefined;
  clock: Clock;
  /** Epoch ms the queue waits for the upload budget until (null: not waiting). */
  waitUntil: number | null;
  /** Told when `waitUntil` changes (the status bar and Activity say it). */
  onWaitChange?: (() => void) | undefined;
}

/** VideoGen's budget key for creating an upload (500 an hour). */
export const CREATE_UPLOAD_KEY = 'videogen:POST /v1/files/upload';

type DriveResult = { next: 'processing' } | { next: 'done' } | { next: 'attach'; leaderId: string };

export interface UploadJourney {
  /** Puts an unfinished upload where it belongs now: the slot queue, or the processing wait. */
  schedule(id: string): void;
  /** The slot: hashing, creating, uploading (the queue's `run`). */
  runSlot(id: string): Promise<void>;
  complete(id: string, file: StorageFile): void;
  fail(id: string, e: unknown): void;
  /** An upload left the list of work (finished, cancelled): followers of its bytes move on. */
  settled(id: string): void;
  cleanupIncoming(job: UploadJob): void;
  emitProgress(job: Pick<UploadJob, 'uploadId' | 'state' | 'bytesSent' | 'size'>, speedBps?: number | null): void;
  track<T>(p: Promise<T>): Promise<T>;
  controllerFor(id: string): AbortController;
}

export function createUploadJourney(ctx: UploadContext): UploadJourney {
  const { store, events, steps, janitor, sameBytes, processing, queue, controllers } = ctx;
  const current = (id: string): UploadJob | null => store.uploads.job(id);

  // ---- events -------------------------------------------------------------------------

  function emitProgress(job: Pick<UploadJob, 'uploadId' | 'state' | 'bytesSent' | 'size'>, speedBps: number | null = null): void {
    events.emit('upload.progress', { uploadId: job.uploadId, state: job.state, bytesSent: job.bytesSent, size: job.size, speedBps });
  }

  function finished(job: UploadJob, ok: boolean): void {
    events.emit('work.finished', {
      kind: 'upload',
      id: job.uploadId,
      ok,
      title: ok ? `Uploaded ${job.name}` : `Upload failed: ${job.name}`,
      body: ok ? 'It is in your library.' : (job.error?.message ?? 'The upload did not complete.'),
    });
  }

  // ---- bookkeeping --------------------------------------------------------------------

  function track<T>(p: Promise<T>): Promise<T> {
    ctx.background.add(p);
    void p.finally(() => ctx.background.delete(p)).catch(() => undefined);
    return p;
  }

  function controllerFor(id: string): AbortController {
    let c = controllers.get(id);
    if (!c || c.signal.aborted) {
      c = new AbortController();
      controllers.set(id, c);
    }
    return c;
  }

  function release(id: string, c: AbortController): void {
    if (controllers.get(id) === c) controllers.delete(id);
  }

  function schedule(id: string): void {
    if (!ctx.running) return;
    const job = current(id);
    if (!job || TERMINAL_UPLOAD.has(job.state)) return;
    if (job.state === 'processing') waitForProcessing(job);
    else queue.enqueue(id);
  }

  // ---- the slot: hashing, creating, uploading ----------------------------------------

  /** The key is rejected: this upload goes back to the queue saying so, and the queue waits for a working key. */
  function pauseForKey(id: string): void {
    queue.pause();
    let job = current(id);
    if (!job || TERMINAL_UPLOAD.has(job.state)) return;
    if (job.state === 'hashing' || job.state === 'creating' || job.state === 'uploading') job = store.uploads.requeue(id);
    if (job.state === 'queued') {
      const noted = store.uploads.setNote(id, keyRejectedNote('videogen'));
      emitProgress(noted ?? job);
    }
  }

  /**
   * The hourly upload limit is used up: this upload goes back in line, the queue waits until the
   * budget's reset (the status says until when), then goes on by itself.
   */
  function waitForBudget(waitMs: number): void {
    queue.pause();
    const until = ctx.clock.now() + waitMs;
    if (ctx.waitUntil !== null && ctx.waitUntil >= until) return;
    ctx.waitUntil = until;
    ctx.onWaitChange?.();
    void track(
      ctx.clock
        .sleep(waitMs, ctx.lifetime.signal)
        .catch(() => undefined)
        .then(() => {
          if (ctx.waitUntil !== until) return;
          ctx.waitUntil = null;
          ctx.onWaitChange?.();
          if (!ctx.running || ctx.keyGate?.rejected('videogen')) return;
          queue.resume();
          // The slots that met the empty budget left the queue: everything unfinished goes back in line.
          for (const job of store.uploads.resumable()) schedule(job.uploadId);
        }),
    );
  }

  async function runSlot(id: string): Promise<void> {
    if (ctx.keyGate?.rejected('videogen')) return pauseForKey(id);
    const before = current(id);
    if (before && (before.state === 'queued' || before.state === 'hashing' || before.state === 'creating')) {
      const b = ctx.budget?.check(CREATE_UPLOAD_KEY);
      if (b && !b.ok) return waitForBudget(b.waitMs);
    }
    const ctrl = controllerFor(id);
    try {
      const result = await drive(id, ctrl.signal);
      if (result.next === 'processing') {
        const job = current(id);
        if (job?.state === 'processing') waitForProcessing(job);
      } else if (result.next === 'attach') {
        attach(id, result.leaderId);
      } else {
        release(id, ctrl);
      }
    } catch (e) {
      release(id, ctrl);
      if (ctrl.signal.aborted) return; // cancelled or stopping: the row already says what to do
      if (toAppError(e).kind === 'auth' && ctx.keyGate?.rejected('videogen')) return pauseForKey(id);
      fail(id, e);
      // Storage refused the bytes for good: the file the create made would stay "processing" in
      // the library forever. Archive it (there and here).
      const job = current(id);
      if (toAppError(e).code === 'file_too_large' && job?.fileId) {
        store.files.markArchived([job.fileId]);
        void track(janitor.archive(job.fileId));
      }
    }
  }

  async function drive(id: string, signal: AbortSignal): Promise<DriveResult> {
    for (;;) {
      signal.throwIfAborted();
      let job = current(id);
      if (!job) return { next: 'done' };
      switch (job.state) {
        case 'queued':
          job = store.uploads.startHashing(id);
          emitProgress(job);
          break;

        case 'hashing': {
          const h = await steps.hash(job, signal);
          const decision = await sameBytes.decide(id, h.sha256, signal);
          if (decision.kind === 'reuse') {
            complete(id, decision.file);
            return { next: 'done' };
          }
          if (decision.kind === 'attach') return { next: 'attach', leaderId: decision.leaderId };
          emitProgress(store.uploads.startCreating(id));
          break;
        }

        case 'creating':
          await steps.create(job, signal);
          break;

        case 'uploading': {
          const sent = await steps.send(job, signal);
          if (sent === 'expired') {
            if (job.fileId) void track(janitor.archive(job.fileId));
            emitProgress(store.uploads.renewTarget(id));
            break;
          }
          emitProgress(store.uploads.markProcessing(id));
          return { next: 'processing' };
        }

        case 'processing':
          return { next: 'processing' };

        default:
          return { next: 'done' };
      }
    }
  }

  // ---- waiting for another upload of the same bytes ----------------------------------

  function attach(id: string, leaderId: string): void {
    const ctrl = controllerFor(id);
    sameBytes.follow(leaderId, () => {
      release(id, ctrl);
      if (ctrl.signal.aborted) return;
      const job = current(id);
      if (!job || TERMINAL_UPLOAD.has(job.state)) return;
      const leader = current(leaderId);
      if (leader?.state === 'ready' && leader.fileId) {
        const ready = store.uploads.markReady(id, leader.fileId);
        emitProgress(ready);
        finished(ready, true);
        cleanupIncoming(ready);
        return;
      }
      // The leader failed or was cancelled: send these bytes ourselves.
      schedule(id);
    });
    // A leader resumed from the database may not be running yet.
    if (!queue.has(leaderId) && !controllers.has(leaderId)) schedule(leaderId);
  }

  // ---- processing --------------------------------------------------------------------

  function waitForProcessing(job: UploadJob): void {
    if (ctx.waiting.has(job.uploadId)) return;
    const ctrl = controllerFor(job.uploadId);
    if (!job.fileId) {
      fail(job.uploadId, new AppError({ kind: 'local', retryable: false, message: 'This upload lost track of its VideoGen file. Retry it to upload again.' }));
      return;
    }
    ctx.waiting.add(job.uploadId);
    void track(processed(job, job.fileId, ctrl));
  }

  async function processed(job: UploadJob, fileId: string, ctrl: AbortController): Promise<void> {
    try {
      const { file, outcome } = await processing.watch(job.uploadId, fileId, ctrl.signal);
      release(job.uploadId, ctrl);
      if (outcome === 'failed') {
        store.files.upsert([fileUpdate(file)], { origin: 'uploaded', uploadedFrom: job.path });
        fail(
          job.uploadId,
          new AppError({
            kind: 'invalid',
            code: 'processing_failed',
            retryable: false,
            message: `VideoGen couldn't process “${job.name}”. The file may be damaged or in a format it doesn't read.`,
          }),
        );
        return;
      }
      complete(job.uploadId, file);
    } catch (e) {
      release(job.uploadId, ctrl);
      if (ctrl.signal.aborted) return;
      const err = toAppError(e);
      fail(
        job.uploadId,
        err.kind === 'not_found'
          ? new AppError({ kind: 'not_found', retryable: false, message: `“${job.name}” was removed from VideoGen while it was being processed. Retry to upload it again.` })
          : err,
      );
    } finally {
      ctx.waiting.delete(job.uploadId);
    }
  }

  // ---- endings ------------------------------------------------------------------------

  function complete(id: string, file: StorageFile): void {
    const job = current(id);
    if (!job || TERMINAL_UPLOAD.has(job.state)) return;
    store.files.upsert([fileUpdate(file)], { origin: 'uploaded', uploadedFrom: job.path });
    const ready = store.uploads.markReady(id, file.fileId);
    emitProgress(ready);
    finished(ready, true);
    cleanupIncoming(ready);
    settled(id);
  }

  function fail(id: string, e: unknown): void {
    const job = current(id);
    if (!job || TERMINAL_UPLOAD.has(job.state)) return;
    const err = toAppError(e);
    const failed = store.uploads.markFailed(id, { code: err.code ?? err.kind, message: err.message });
    emitProgress(failed);
    finished(failed, false);
    settled(id);
  }

  function settled(id: string): void {
    sameBytes.settled(id, current(id)?.sha256 ?? null);
  }

  function cleanupIncoming(job: UploadJob): void {
    if (!ctx.incomingDir) return;
    const rel = relative(ctx.incomingDir, job.path);
    if (rel.startsWith('..') || isAbsolute(rel)) return;
    void track(
      rm(job.path, { force: true })
        .then(() => ctx.onIncomingRemoved?.(job.size))
        .catch(() => undefined),
    );
  }

  return { schedule, runSlot, complete, fail, settled, cleanupIncoming, emitProgress, track, controllerFor };
}
