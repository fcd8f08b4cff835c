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
import { randomUUID } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { VIDEOGEN_MAX_UPLOAD_BYTES } from '../../contract';
import type { RateBudget } from '../../api/rate-budget';
import { messages } from '../../kernel/messages';
import { displayFileName } from '../../kernel/names';
import type { VideoGenClient } from '../../api';
import { AppError } from '../../kernel/errors';
import { KEY_REJECTED_CODE, keyRejectedNote, type KeyGate } from '../../kernel/key-gate';
import type { Clock } from '../../kernel/clock';
import type { EventBus } from '../../kernel/events';
import type { Store, UploadJob } from '../../store';
import { TERMINAL_UPLOAD } from '../../store';
import type { Connectivity } from '../connectivity';
import type { PollScheduler } from '../poller';
import { createLiveQueue } from '../shared/live-queue';
import { acceptPaths, checkFile, type IntakeResult } from './intake';
import { createUploadJourney, type UploadContext, type UploadJourney } from './journey';
import { createOrphanJanitor } from './orphans';
import { createProcessingWatch } from './processing';
import { createSameBytes } from './same-bytes';
import { createUploadSteps, type PutUpload } from './steps';

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
  /** A file in `incomingDir` was deleted (its room in the folder is free again). */
  onIncomingRemoved?: (bytes: number) => void;
  log?: (message: string) => void;
  /** The one poller: the checks of files waiting for processing run as one of its sources. */
  poller: Pick<PollScheduler, 'addSource' | 'wake'>;
  /** The shared rate budget: while the hourly upload limit is used up the queue waits for its reset. */
  budget?: Pick<RateBudget, 'check'>;
  /** Told when the queue starts or stops waiting for the upload budget (`waitingUntil()`). */
  onWaitChange?: () => void;
  /** While the VideoGen key is rejected nothing is sent or checked; the uploads say they are paused. */
  keyGate?: KeyGate;
  /** Processing poll schedule (tests shorten it). */
  processingPoll?: { firstDelayMs?: number; maxDelayMs?: number };
  /** The PUT of a file's bytes (default: `videogen.putUpload`; tests slow it down or watch it). */
  put?: PutUpload;
}

export interface UploadWorker {
  /** Files and folders (recursive). Rejected paths come back with a reason; none are fatal. */
  /** `temporary`: upload them as temporary files (`isTemporary`). */
  add(paths: readonly string[], batchId?: string, temporary?: boolean): Promise<IntakeResult>;
  /** A file the web host received into `incomingDir` under a temporary name. */
  addIncoming(tempPath: string, originalName: string): Promise<{ uploadId: string }>;
  /**
   * Web host: a browser's files, written down at once (`receiving`) before their bytes arrive.
   * `uploadIds` line up with `files` (null where refused: empty, or over the size limit).
   */
  reserve(batchId: string, files: ReadonlyArray<{ name: string; size: number }>, temporary?: boolean): { uploadIds: Array<string | null>; rejected: Array<{ name: string; reason: string }> };
  /** Where a `receiving` upload's bytes go (null when it isn't waiting for them any more). */
  incomingTarget(uploadId: string): string | null;
  /** Its bytes are at `incomingTarget(uploadId)`: checked, then queued (or refused, in words). */
  received(uploadId: string): Promise<void>;
  /** The browser couldn't send a reserved file: the upload fails with the browser's reason. */
  notSent(uploadId: string, reason: string): void;
  /** Epoch ms the queue waits for VideoGen's hourly upload limit until, or null. */
  waitingUntil(): number | null;
  cancel(uploadId: string): void;
  retry(uploadId: string): void;
  /**
   * A queued upload to another place in line (see `uploads.move`); it starts in that order when a
   * slot frees. False, and nothing changes, when it has meanwhile started or finished.
   */
  move(uploadId: string, to: 'top' | { before: string } | { after: string }): boolean;
  start(): void;
  /** Stops sending (rows stay as they are, to be resumed by the next `start()`). */
  stop(): Promise<void>;
}

export function createUploadWorker(opts: UploadWorkerOptions): UploadWorker {
  const ctx = createContext(opts, () => journey);
  const journey = createUploadJourney(ctx);
  return uploadCommands(opts, ctx, journey);
}

/** The worker's parts, wired: the steps report progress and hand off work through the journey. */
function createContext(opts: UploadWorkerOptions, journey: () => UploadJourney): UploadContext {
  const { store, videogen, connectivity, clock } = opts;
  const log = opts.log ?? ((m: string) => console.warn(m));
  const janitor = createOrphanJanitor({ videogen, clock, connectivity, log });
  // The line is the store's: queued uploads by their place in it, behind any upload that had
  // started (one resumed after a restart, or back from a key pause).
  const queue = createLiveQueue<string>({
    limit: opts.concurrency,
    run: (id) => journey().runSlot(id),
    order: (id) => {
      const job = store.uploads.job(id);
      return !job ? Number.MAX_SAFE_INTEGER : job.state === 'queued' ? job.queueOrder : Number.MIN_SAFE_INTEGER;
    },
  });
  queue.pause();
  return {
    store,
    events: opts.events,
    janitor,
    queue,
    sameBytes: createSameBytes({ store, videogen, clock, connectivity }),
    processing: createProcessingWatch({
      videogen,
      clock,
      connectivity,
      wake: () => opts.poller.wake(),
      ...opts.processingPoll,
      ...(opts.keyGate ? { keyGate: opts.keyGate } : {}),
      onPaused: (uploadId, paused) => {
        const noted = store.uploads.setNote(uploadId, paused ? keyRejectedNote('videogen') : null, KEY_REJECTED_CODE);
        if (noted) journey().emitProgress(noted);
      },
    }),
    steps: createUploadSteps({
      store,
      videogen,
      connectivity,
      clock,
      janitor,
      put: opts.put ?? ((url, body, o) => videogen.putUpload(url, body, o)),
      emitProgress: (job, speedBps) => journey().emitProgress(job, speedBps),
      track: (p) => void journey().track(p),
    }),
    incomingDir: opts.incomingDir,
    keyGate: opts.keyGate,
    budget: opts.budget,
    clock,
    waitUntil: null,
    onWaitChange: opts.onWaitChange,
    onIncomingRemoved: opts.onIncomingRemoved,
    controllers: new Map(),
    waiting: new Set(),
    background: new Set(),
    running: false,
    lifetime: new AbortController(),
  };
}

/** What the rest of the app asks of the worker. */
function uploadCommands(opts: UploadWorkerOptions, ctx: UploadContext, journey: UploadJourney): UploadWorker {
  const { store, queue, controllers, steps, janitor, sameBytes } = ctx;
  const { schedule, emitProgress, cleanupIncoming, settled, track } = journey;
  const current = (id: string) => store.uploads.job(id);
  const known = (id: string) => {
    const job = current(id);
    if (!job) throw new AppError({ kind: 'not_found', retryable: false, message: 'That upload is no longer in the list.' });
    return job;
  };
  const queued = (ids: readonly string[]) => {
    for (const id of ids) {
      const job = current(id);
      if (job) emitProgress(job);
      schedule(id);
    }
  };
  let stopListening: Array<() => void> = [];

  return {
    async add(paths, batchId, temporary) {
      const result = await acceptPaths(store.uploads, paths, { ...(batchId ? { batchId } : {}), ...(temporary ? { temporary } : {}) });
      queued(result.uploadIds);
      return result;
    },

    async addIncoming(tempPath, originalName) {
      const result = await acceptPaths(store.uploads, [tempPath], { names: new Map([[tempPath, originalName]]) });
      const uploadId = result.uploadIds[0];
      if (!uploadId) {
        await rm(tempPath, { force: true }).catch(() => undefined);
        // The person knows which file this is (they just chose it): the reason alone, not the name again.
        const reason = result.rejected[0]?.reason ?? 'Skipped.';
        throw new AppError({ kind: 'invalid', code: 'file_rejected', retryable: false, message: reason });
      }
      queued([uploadId]);
      return { uploadId };
    },

    reserve(batchId, files, temporary) {
      const rejected: Array<{ name: string; reason: string }> = [];
      const uploadIds: Array<string | null> = [];
      const items = [];
      const positions: number[] = [];
      for (const [i, f] of files.entries()) {
        const name = displayFileName(f.name) ?? 'file';
        const reason = f.size === 0 ? 'Skipped: the file is empty (0 bytes).' : f.size > VIDEOGEN_MAX_UPLOAD_BYTES ? `Skipped: ${messages.overUploadLimit(f.size, VIDEOGEN_MAX_UPLOAD_BYTES)}.` : null;
        uploadIds.push(null);
        if (reason || !ctx.incomingDir) {
          rejected.push({ name, reason: reason ?? 'This copy of Atelier takes files by path only.' });
          continue;
        }
        const onDisk = name.replace(/[\p{Cc}<>:"|?*/\\]/gu, '_').replace(/^[.\s]+/, '').slice(0, 150) || 'file';
        items.push({ path: path.join(ctx.incomingDir, `${randomUUID()}-${onDisk}`), name, size: f.size, mtime: 0, batchId, temporary: temporary === true });
        positions.push(i);
      }
      const views = store.uploads.reserveMany(items);
      views.forEach((v, k) => (uploadIds[positions[k]!] = v.uploadId));
      return { uploadIds, rejected };
    },

    incomingTarget(id) {
      const job = current(id);
      return job?.state === 'receiving' ? job.path : null;
    },

    async received(id) {
      const job = current(id);
      if (!job || job.state !== 'receiving') throw new AppError({ kind: 'conflict', code: 'not_waiting', retryable: false, message: 'This upload is no longer waiting for its file (it was cancelled?).' });
      const st = await stat(job.path);
      const reason = await checkFile({ path: job.path, size: st.size });
      if (reason) {
        await rm(job.path, { force: true }).catch(() => undefined);
        emitProgress(store.uploads.markFailed(id, { code: 'file_rejected', message: reason }));
        throw new AppError({ kind: 'invalid', code: 'file_rejected', retryable: false, message: reason });
      }
      const queuedJob = store.uploads.received(id, { path: job.path, size: st.size, mtime: st.mtimeMs });
      emitProgress(queuedJob);
      schedule(id);
    },

    notSent(id, reason) {
      const job = current(id);
      if (job?.state !== 'receiving') return;
      emitProgress(store.uploads.markFailed(id, { code: 'not_sent', message: reason }));
    },

    waitingUntil: () => ctx.waitUntil,

    cancel(id) {
      const job = known(id);
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
      const job = known(id);
      if (job.state !== 'failed' && job.state !== 'cancelled') return;
      if (job.state === 'failed' && job.fileId && bytesWereSent(job)) {
        // VideoGen has these bytes: look at that file again. Never archive a file that may be
        // fine, nor send its bytes twice.
        const again = store.uploads.recheck(id);
        emitProgress(again);
        schedule(id);
        return;
      }
      // A failed upload's remote file (one VideoGen could not process, or one that never got all
      // its bytes) is replaced, not kept twice.
      if (job.state === 'failed' && job.fileId) void track(janitor.archive(job.fileId));
      const again = store.uploads.retry(id);
      steps.forget(id);
      emitProgress(again);
      schedule(id);
    },

    move(id, to) {
      known(id);
      const { moved, inLine } = store.uploads.move(id, to);
      if (moved) queue.reorder(inLine);
      return moved;
    },

    start() {
      if (ctx.running) return;
      ctx.running = true;
      if (ctx.lifetime.signal.aborted) ctx.lifetime = new AbortController();
      stopListening = [
        // A changed concurrency setting applies at once.
        store.onChange((change) => {
          if (change.tables.includes('settings')) queue.pump();
        }),
        opts.poller.addSource(ctx.processing.source),
        // A working key saved after a rejection: the paused slots go on, and processing checks resume.
        ...(opts.keyGate
          ? [
              opts.keyGate.onChange((p) => {
                if (p !== 'videogen' || opts.keyGate!.rejected('videogen') || !ctx.running) return;
                queue.resume();
                for (const job of store.uploads.resumable()) {
                  const cleared = store.uploads.setNote(job.uploadId, null, KEY_REJECTED_CODE);
                  if (cleared) emitProgress(cleared);
                  schedule(job.uploadId);
                }
                opts.poller.wake();
              }),
            ]
          : []),
      ];
      queue.resume();
      // Resume whatever the database says was left unfinished. Files a browser listed but whose
      // bytes never came (the host stopped first) can't be sent: say so.
      for (const job of store.uploads.resumable()) {
        if (job.state !== 'receiving') continue;
        void rm(job.path, { force: true }).catch(() => undefined);
        store.uploads.markFailed(job.uploadId, {
          code: 'not_received',
          message: 'The browser didn’t finish sending this file before Atelier stopped. Add it again.',
        });
      }
      const jobs = store.uploads.resumable();
      sameBytes.rebuild(jobs);
      for (const job of jobs) schedule(job.uploadId);
    },

    async stop() {
      ctx.running = false;
      // A wait for the hourly upload limit ends now (the next start checks the budget again).
      ctx.lifetime.abort();
      queue.pause();
      for (const [, c] of controllers) c.abort(new AppError({ kind: 'cancelled', message: 'Atelier is closing; the upload will resume next time.', retryable: false }));
      controllers.clear();
      await queue.idle();
      await Promise.allSettled([...ctx.background]);
      for (const off of stopListening.splice(0)) off();
    },
  };
}

/**
 * The bytes reached VideoGen: it failed while VideoGen processed the file (or, for rows kept
 * before `failedIn` existed, every byte had been sent and the link was used up).
 */
function bytesWereSent(job: UploadJob): boolean {
  if (job.error?.code === 'processing_failed') return false; // VideoGen said the file is bad: send again
  if (job.failedIn !== null) return job.failedIn === 'processing';
  return job.size > 0 && job.bytesSent === job.size;
}
