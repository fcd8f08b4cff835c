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
import { acceptPaths, type IntakeResult } from './intake';
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
  /** While the VideoGen key is rejected nothing is sent or checked; the uploads say they are paused. */
  keyGate?: KeyGate;
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
  const queue = createLiveQueue<string>({ limit: opts.concurrency, run: (id) => journey().runSlot(id) });
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
    onIncomingRemoved: opts.onIncomingRemoved,
    controllers: new Map(),
    waiting: new Set(),
    background: new Set(),
    running: false,
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
    async add(paths) {
      const result = await acceptPaths(store.uploads, paths);
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

    start() {
      if (ctx.running) return;
      ctx.running = true;
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
      // Resume whatever the database says was left unfinished.
      const jobs = store.uploads.resumable();
      sameBytes.rebuild(jobs);
      for (const job of jobs) schedule(job.uploadId);
    },

    async stop() {
      ctx.running = false;
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
