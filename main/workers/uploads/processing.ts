/**
 * After the bytes are sent, VideoGen processes the file; "processing" ends when its sources
 * are ready (README A3). The checks (`GET /v1/files/{id}`) are a source of the one poller
 * (../poller), like every other status request: each upload waiting for processing is looked
 * at on a gentle, growing interval (1 s → 20 s), well inside that endpoint's 50,000/h budget
 * even for hundreds of uploads. Transient failures are retried with the workers' policy
 * (../shared/transient-retry.ts); while offline nothing is asked.
 */
import type { StorageFile, VideoGenClient } from '../../api';
import type { Clock } from '../../kernel/clock';
import { toAppError } from '../../kernel/errors';
import type { KeyGate } from '../../kernel/key-gate';
import type { Connectivity } from '../connectivity';
import type { PollSource } from '../poller';
import { afterFailure } from '../shared/transient-retry';

export type ProcessingOutcome = 'pending' | 'ready' | 'failed';

/** Done when the download source is settled and the thumbnail is not still pending. */
export function processingOutcome(file: StorageFile): ProcessingOutcome {
  const download = file.downloadSource?.status ?? null;
  const thumb = file.thumbnailSource?.status ?? null;
  if (download === 'failed') return 'failed';
  if (download === 'ready' || download === 'skipped') return thumb === 'pending' ? 'pending' : 'ready';
  return 'pending';
}

export interface ProcessedFile {
  file: StorageFile;
  outcome: Exclude<ProcessingOutcome, 'pending'>;
}

export interface ProcessingWatch {
  /** The poller source that makes the checks. */
  readonly source: PollSource;
  /**
   * Follows `fileId` until VideoGen has processed it. Rejects with the error that ended the
   * wait (not found, a refusal, too many failures), or with `signal`'s reason once aborted.
   */
  watch(uploadId: string, fileId: string, signal: AbortSignal): Promise<ProcessedFile>;
}

export interface ProcessingWatchOptions {
  videogen: Pick<VideoGenClient, 'getFile'>;
  clock: Clock;
  connectivity: Pick<Connectivity, 'online'>;
  /** Tells the poller a file was added (its next check is due at once). */
  wake: () => void;
  firstDelayMs?: number;
  maxDelayMs?: number;
  /**
   * While the VideoGen key is rejected no file is checked; each upload waiting here is told
   * (`onPaused(uploadId, true)`), and again when a working key is saved (`false`). Its bytes are
   * sent: it waits, it never fails for that.
   */
  keyGate?: KeyGate;
  onPaused?: (uploadId: string, paused: boolean) => void;
}

interface Watched {
  fileId: string;
  signal: AbortSignal;
  nextAt: number;
  delay: number;
  retry: { failures: number };
  checking: boolean;
  settle(result: { ok: true; value: ProcessedFile } | { ok: false; error: unknown }): void;
}

/** Failures in a row before a wait for processing gives up. */
const MAX_FAILURES = 12;
/** While offline, look at the connection again this often (no request is made). */
const OFFLINE_RECHECK_MS = 1_000;
/** Checks in flight at most. They run beside the scheduler's pass (a slow answer holds up no other source). */
const PARALLEL = 16;

export function createProcessingWatch(opts: ProcessingWatchOptions): ProcessingWatch {
  const firstDelay = opts.firstDelayMs ?? 1_000;
  const maxDelay = opts.maxDelayMs ?? 20_000;
  const watched = new Map<string, Watched>();

  async function check(item: Watched, stop: AbortSignal): Promise<void> {
    const now = opts.clock.now();
    if (!opts.connectivity.online) {
      item.nextAt = now + OFFLINE_RECHECK_MS;
      return;
    }
    let file: StorageFile;
    try {
      file = await opts.videogen.getFile(item.fileId, { signal: AbortSignal.any([stop, item.signal]) });
    } catch (e) {
      if (item.signal.aborted || stop.aborted) return; // cancelled, or the poller is stopping
      if (toAppError(e).kind === 'auth' && opts.keyGate?.rejected('videogen')) {
        item.nextAt = opts.clock.now(); // held by the pause below until a working key is saved
        return;
      }
      const next = afterFailure(e, item.retry, opts.connectivity.online, { maxFailures: MAX_FAILURES });
      if (next.kind === 'give_up') item.settle({ ok: false, error: next.error });
      else item.nextAt = opts.clock.now() + (next.kind === 'offline' ? OFFLINE_RECHECK_MS : next.waitMs);
      return;
    }
    item.retry.failures = 0;
    const outcome = processingOutcome(file);
    if (outcome !== 'pending') {
      item.settle({ ok: true, value: { file, outcome } });
      return;
    }
    item.nextAt = opts.clock.now() + item.delay;
    item.delay = Math.min(maxDelay, Math.round(item.delay * 1.5));
  }

  const inFlight = () => {
    let n = 0;
    for (const item of watched.values()) if (item.checking) n++;
    return n;
  };

  let paused = false;
  /** True while the key is rejected; tells each waiting upload when that starts and ends. */
  function holding(): boolean {
    const rejected = opts.keyGate?.rejected('videogen') ?? false;
    if (rejected !== paused) {
      paused = rejected;
      const now = opts.clock.now();
      for (const [uploadId, item] of watched) {
        if (!rejected) item.nextAt = now;
        opts.onPaused?.(uploadId, rejected);
      }
    }
    return rejected;
  }

  const source: PollSource = {
    name: 'upload-processing',
    nextRunAt() {
      if (holding()) return Infinity;
      // All lanes busy: a check that ends wakes the scheduler.
      if (inFlight() >= PARALLEL) return Infinity;
      let at = Infinity;
      for (const item of watched.values()) if (!item.checking && item.nextAt < at) at = item.nextAt;
      return at;
    },
    async run(now, stop) {
      const due = [...watched.values()].filter((item) => !item.checking && !item.signal.aborted && item.nextAt <= now);
      for (const item of due.slice(0, Math.max(0, PARALLEL - inFlight()))) {
        item.checking = true;
        void check(item, stop)
          .catch(() => undefined)
          .finally(() => {
            item.checking = false;
            opts.wake(); // its next check time changed (or it is done)
          });
      }
    },
  };

  return {
    source,
    watch(uploadId, fileId, signal) {
      return new Promise<ProcessedFile>((resolve, reject) => {
        if (signal.aborted) {
          reject(signal.reason);
          return;
        }
        const onAbort = () => item.settle({ ok: false, error: signal.reason });
        const item: Watched = {
          fileId,
          signal,
          nextAt: opts.clock.now(),
          delay: firstDelay,
          retry: { failures: 0 },
          checking: false,
          settle(result) {
            if (watched.get(uploadId) !== item) return;
            watched.delete(uploadId);
            signal.removeEventListener('abort', onAbort);
            if (result.ok) resolve(result.value);
            else reject(result.error);
          },
        };
        watched.get(uploadId)?.settle({ ok: false, error: new Error('superseded by a new watch') });
        watched.set(uploadId, item);
        if (paused) opts.onPaused?.(uploadId, true);
        signal.addEventListener('abort', onAbort, { once: true });
        opts.wake();
      });
    },
  };
}
