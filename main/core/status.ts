/**
 * The app status the status bar shows (online, queue counts, rate budget, library sync),
 * computed on demand and pushed as an `app.status` event whenever one of its inputs changes,
 * at most a few times a second.
 */
import type { AppStatus, UploadState } from '../contract';
import type { Services } from './services';

const ACTIVE_UPLOAD: readonly UploadState[] = ['receiving', 'queued', 'hashing', 'creating', 'uploading'];
const THROTTLE_MS = 250;

export function computeStatus(s: Services): AppStatus {
  // Counted in SQL: with 10,000 uploads queued, reading every row a few times a second would stall.
  const counts = s.store.uploads.counts();
  const sync = s.librarySync.status();
  return {
    online: s.connectivity.online,
    sandbox: s.options.sandbox === true,
    queue: {
      uploads: ACTIVE_UPLOAD.reduce((n, state) => n + (counts[state] ?? 0), 0),
      processing: counts.processing ?? 0,
      executions: s.store.executions.active().length,
    },
    rateBudget: s.budget.snapshot(),
    library: {
      total: s.store.files.count({ includeTemporary: true }),
      syncing: sync.syncing,
      syncedAt: sync.syncedAt,
      progress: sync.progress,
    },
    uploadsWaitUntil: s.uploads.waitingUntil(),
    keysRejected: (['videogen', 'sync'] as const).filter((p) => s.keys.rejected(p)),
  };
}

export function createStatusReporter(s: Services): { stop(): void; schedule(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const schedule = () => {
    if (timer || stopped) return;
    timer = setTimeout(() => {
      timer = null;
      if (stopped) return;
      try {
        s.events.emit('app.status', computeStatus(s));
      } catch (err) {
        // The store may be closing; the next change reports again.
        if (!stopped) console.warn('app status could not be computed:', err instanceof Error ? err.message : err);
      }
    }, THROTTLE_MS);
    timer.unref?.();
  };
  const offs = [
    s.store.onChange((c) => {
      if (c.tables.some((t) => t === 'uploads' || t === 'executions' || t === 'files')) schedule();
    }),
    s.connectivity.onChange(schedule),
    s.budget.onChange(schedule),
    s.librarySync.onProgress(schedule),
    s.keys.onChange(schedule),
  ];
  return {
    schedule,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const off of offs) off();
    },
  };
}
