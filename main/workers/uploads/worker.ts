/**
 * The upload worker: drives each queued upload through
 *   queued → hashing → creating → uploading → processing → ready | failed | cancelled
 * with the database as the only queue (every intent is a row before any request, and
 * `start()` resumes whatever was left unfinished). Up to `concurrency()` uploads hash, create
 * and send at once (read live); waiting for VideoGen to process a file holds no slot.
 *
 * Resuming after a crash, by the state the row was left in:
 * - queued / hashing: hash again (skipped when size and mtime still match a stored hash);
 * - creating: create again (a twin created just before the crash is archived, see orphans.ts);
 * - uploading: re-PUT to the stored URL while it is valid (a PUT replaces, so it is safe to
 *   repeat); an expired URL → a new upload (the old target is archived);
 * - processing: keep waiting (the poller's processing source looks at the file).
 */
import { rm } from 'node:fs/promises';
import { relative, isAbsolute } from 'node:path';
import type { StorageFile, VideoGenClient } from '../../api';
import { AppError, toAppError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { EventBus } from '../../kernel/events';
import type { Store, UploadJob } from '../../store';
import { TERMINAL_UPLOAD } from '../../store';
import type { Connectivity } from '../connectivity';
import { createLiveQueue } from '../shared/live-queue';
import { acceptPaths, type IntakeResult } from './intake';
import { createOrphanJanitor } from './orphans';
import { createSameBytes } from './same-bytes';
import { createUploadSteps, type PutUpload } from './steps';
import { createProcessingWatch } from './processing';
import type { PollScheduler } from '../poller';
import { fileUpdate } from '../file-updates';

export interface UploadWorkerOptions {
  store: Pick<Store, 'uploads' | 'files' | 'onChange'>;
  videogen: Pick<VideoGenClient, 'createUpload' | 'putUpload' | 'getFile' | 'listFiles' | 'archiveFile'>;
  connectivity: Pick<Connectivity, 'online' | 'waitOnline' | 'report'>;
  events: Pick<EventBus, 'emit'>;
  clock: Clock;
  /** Uploads sending at once; read every time a slot frees (Settings → upload concurrency). */
  concurrency: () => number;
  /** Where the web host writes dropped bytes: such copies are deleted once uploaded or cancelled. */
  incomingDir?: string;
  log?: (message: string) => void;
  /** The one poller: the checks of files waiting for processing run as one of its sources. */
  poller: Pick<PollScheduler, 'addSource' | 'wake'>;
  /** Processing poll schedule (tests shorten it). */
  processingPoll?: { firstDelayMs?: number; maxDelayMs?: number };
  /** The PUT of a file's bytes (default: `videogen.putUpload`; tests slow it down or watch it). */
  put?: PutUpload;
}

export interface UploadWorker {
  /** Files and folders (recursive). Rejected paths come back with a reason; none are fatal. */
  add(paths: readonly string[]): Promise<IntakeResult>;
  /** A file the web host received into `incomingDir` under a temporary name. */
  addIncoming(tempPath: string, originalName: string): Promise<{ uploadId: string }>;
  cancel(uploadId: string): void;
  retry(uploadId: string): void;
  start(): void;
  /** Stops sending (rows stay as they are, to be resumed by the next `start()`). */
  stop(): Promise<void>;
}


type DriveResult = { next: 'processing' } | { next: 'done' } | { next: 'attach'; leaderId: string };

export function createUploadWorker(opts: UploadWorkerOptions): UploadWorker {
  const { store, videogen, connectivity, events, clock } = opts;
  const log = opts.log ?? ((m: string) => console.warn(m));
  const janitor = createOrphanJanitor({ videogen, clock, connectivity, log });

  /** One controller per upload with work in progress (slot, processing poll or attach wait). */
  const controllers = new Map<string, AbortController>();
  const sameBytes = createSameBytes({ store, videogen, clock, connectivity });
  const background = new Set<Promise<unknown>>();
  /** Uploads whose processing is being polled. */
  const polling = new Set<string>();
  const processing = createProcessingWatch({ videogen, clock, connectivity, wake: () => opts.poller.wake(), ...opts.processingPoll });
  let offProcessing: (() => void) | null = null;
  let running = false;

  const queue = createLiveQueue<string>({ limit: opts.concurrency, run: (id) => runSlot(id) });
  queue.pause();

  let offSettings: (() => void) | null = null;
  const steps = createUploadSteps({
    store,
    videogen,
    connectivity,
    clock,
    janitor,
    put: opts.put ?? ((url, body, o) => videogen.putUpload(url, body, o)),
    emitProgress: (job, speedBps) => emitProgress(job, speedBps),
    track: (p) => void track(p),
  });

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

  // ---- task bookkeeping --------------------------------------------------------------

  function track<T>(p: Promise<T>): Promise<T> {
    background.add(p);
    void p.finally(() => background.delete(p)).catch(() => undefined);
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

  function current(id: string): UploadJob | null {
    return store.uploads.job(id);
  }

  function schedule(id: string): void {
    if (!running) return;
    const job = current(id);
    if (!job || TERMINAL_UPLOAD.has(job.state)) return;
    if (job.state === 'processing') {
      startProcessing(job);
      return;
    }
    queue.enqueue(id);
  }

  // ---- the slot: hashing, creating, uploading ----------------------------------------

  async function runSlot(id: string): Promise<void> {
    const ctrl = controllerFor(id);
    try {
      const result = await drive(id, ctrl.signal);
      if (result.next === 'processing') {
        const job = current(id);
        if (job?.state === 'processing') startProcessing(job);
      } else if (result.next === 'attach') {
        attach(id, result.leaderId);
      } else {
        release(id, ctrl);
      }
    } catch (e) {
      release(id, ctrl);
      if (ctrl.signal.aborted) return; // cancelled or stopping: the row already says what to do
      fail(id, e);
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

  function settled(id: string): void {
    sameBytes.settled(id, current(id)?.sha256 ?? null);
  }

  // ---- processing --------------------------------------------------------------------

  function startProcessing(job: UploadJob): void {
    if (polling.has(job.uploadId)) return;
    const ctrl = controllerFor(job.uploadId);
    if (!job.fileId) {
      fail(job.uploadId, new AppError({ kind: 'local', retryable: false, message: 'This upload lost track of its VideoGen file. Retry it to upload again.' }));
      return;
    }
    const fileId = job.fileId;
    polling.add(job.uploadId);
    void track(
      (async () => {
        try {
          const { file, outcome } = await processing.watch(job.uploadId, fileId, ctrl.signal);
          release(job.uploadId, ctrl);
          if (outcome === 'failed') {
            store.files.upsert([fileUpdate(file)], { origin: 'uploaded', uploadedFrom: job.path });
            fail(job.uploadId, new AppError({
              kind: 'invalid',
              code: 'processing_failed',
              retryable: false,
              message: `VideoGen couldn't process “${job.name}”. The file may be damaged or in a format it doesn't read.`,
            }));
            return;
          }
          complete(job.uploadId, file);
        } catch (e) {
          release(job.uploadId, ctrl);
          if (ctrl.signal.aborted) return;
          const err = toAppError(e);
          fail(job.uploadId, err.kind === 'not_found'
            ? new AppError({ kind: 'not_found', retryable: false, message: `“${job.name}” was removed from VideoGen while it was being processed. Retry to upload it again.` })
            : err);
        } finally {
          polling.delete(job.uploadId);
        }
      })(),
    );
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

  function cleanupIncoming(job: UploadJob): void {
    if (!opts.incomingDir) return;
    const rel = relative(opts.incomingDir, job.path);
    if (rel.startsWith('..') || isAbsolute(rel)) return;
    void track(rm(job.path, { force: true }).catch(() => undefined));
  }

  function resumeAll(): void {
    const jobs = store.uploads.resumable();
    sameBytes.rebuild(jobs);
    for (const job of jobs) schedule(job.uploadId);
  }

  return {
    async add(paths) {
      const result = await acceptPaths(store.uploads, paths);
      for (const id of result.uploadIds) {
        const job = current(id);
        if (job) emitProgress(job);
        schedule(id);
      }
      return result;
    },

    async addIncoming(tempPath, originalName) {
      const result = await acceptPaths(store.uploads, [tempPath], { names: new Map([[tempPath, originalName]]) });
      const uploadId = result.uploadIds[0];
      if (!uploadId) {
        await rm(tempPath, { force: true }).catch(() => undefined);
        const reason = result.rejected[0]?.reason ?? 'Skipped.';
        throw new AppError({ kind: 'invalid', code: 'file_rejected', retryable: false, message: `${originalName}: ${reason}` });
      }
      const job = current(uploadId);
      if (job) emitProgress(job);
      schedule(uploadId);
      return { uploadId };
    },

    cancel(id) {
      const job = current(id);
      if (!job) throw new AppError({ kind: 'not_found', retryable: false, message: 'That upload is no longer in the list.' });
      if (TERMINAL_UPLOAD.has(job.state)) return;
      const cancelled = store.uploads.cancel(id);
      queue.remove(id);
      controllers.get(id)?.abort(new AppError({ kind: 'cancelled', message: 'Cancelled.', retryable: false }));
      controllers.delete(id);
      steps.forget(id);
      // A remote file that will never get (all) its bytes, or that the person no longer wants.
      if (job.fileId) void track(janitor.archive(job.fileId));
      emitProgress(cancelled);
      cleanupIncoming(cancelled);
      settled(id);
    },

    retry(id) {
      const job = current(id);
      if (!job) throw new AppError({ kind: 'not_found', retryable: false, message: 'That upload is no longer in the list.' });
      if (job.state !== 'failed' && job.state !== 'cancelled') return;
      // A failed upload's remote file (e.g. one VideoGen could not process) is replaced, not kept twice.
      if (job.state === 'failed' && job.fileId) void track(janitor.archive(job.fileId));
      const queued = store.uploads.retry(id);
      steps.forget(id);
      emitProgress(queued);
      schedule(id);
    },

    start() {
      if (running) return;
      running = true;
      // A changed concurrency setting applies at once.
      offSettings = store.onChange((change) => {
        if (change.tables.includes('settings')) queue.pump();
      });
      offProcessing = opts.poller.addSource(processing.source);
      queue.resume();
      resumeAll();
    },

    async stop() {
      running = false;
      queue.pause();
      for (const [, c] of controllers) c.abort(new AppError({ kind: 'cancelled', message: 'Atelier is closing; the upload will resume next time.', retryable: false }));
      controllers.clear();
      await queue.idle();
      await Promise.allSettled([...background]);
      offSettings?.();
      offSettings = null;
      offProcessing?.();
      offProcessing = null;
    },
  };
}
