import type { EventPayload, UploadView } from '../../main/contract';
import { coalesce } from '../lib/throttle';
import { api } from '../transport/client';
import { createRowList } from './row-list';
import { uploadDigestObserver } from './upload-digest';

/**
 * Where a row sits in Activity: work under way (newest first), then the line of queued uploads in
 * the order they will start (the top one next), then finished ones (newest first).
 */
function band(u: UploadView): 0 | 1 | 2 {
  if (u.state === 'queued' || u.state === 'receiving') return 1;
  return u.state === 'ready' || u.state === 'failed' || u.state === 'cancelled' ? 2 : 0;
}

const uploads = createRowList<UploadView>({
  id: (u) => u.uploadId,
  createdAt: (u) => u.createdAt,
  fetch: () => api().invoke('uploads.list', {}),
  observer: uploadDigestObserver,
  order: {
    compare: (a, b, newestFirst) => band(a) - band(b) || (band(a) === 1 ? a.queueOrder - b.queueOrder : 0) || newestFirst(a, b),
    moves: (prev, next) => band(prev) !== band(next) || prev.queueOrder !== next.queueOrder,
  },
});

/** Queued and not yet started: it can be moved in line ("Move to top", dragging in Activity). */
export const inLine = (u: UploadView): boolean => u.state === 'queued';

export const useUploads = uploads.useRows;

export const ACTIVE_UPLOAD_STATES: ReadonlySet<UploadView['state']> = new Set(['receiving', 'queued', 'hashing', 'creating', 'uploading', 'processing']);

export const setUploads = uploads.set;
export const loadUploads = uploads.load;
/** One whole-list refresh per burst of store.changed events that don't name their rows. */
export const refreshUploads = uploads.refresh;
/** Rows the core sent whole (e.g. just queued). */
export const putUploads = uploads.putMany;

/**
 * Rows a change named: read just those (a 10,000-file queue is never read whole while it runs),
 * at most once per burst.
 */
const changedIds = new Set<string>();
const flushChanged = coalesce(() => {
  const ids = [...changedIds];
  changedIds.clear();
  for (let i = 0; i < ids.length; i += 500) {
    void api()
      .invoke('uploads.list', { ids: ids.slice(i, i + 500) })
      .then((rows) => {
        uploads.putMany(rows);
        // Named but gone: cleared from the list.
        const got = new Set(rows.map((r) => r.uploadId));
        const missing = ids.slice(i, i + 500).filter((id) => !got.has(id));
        if (missing.length > 0) refreshUploads();
      })
      .catch(() => {});
  }
}, 500);

export function refreshUploadRows(ids: readonly string[]): void {
  for (const id of ids) changedIds.add(id);
  flushChanged();
}

/**
 * `upload.progress` patches its row. Events are applied together every 250 ms: with several
 * uploads sending at ~10 events a second each, one store update per burst instead of one per event.
 */
const progress = new Map<string, EventPayload<'upload.progress'>>();
const flushProgress = coalesce(() => {
  const changes = new Map([...progress].map(([id, p]) => [id, (row: UploadView) => ({ ...row, state: p.state, bytesSent: p.bytesSent, size: p.size, speedBps: p.speedBps })]));
  progress.clear();
  const unknown = uploads.patchMany(changes);
  if (unknown.length > 0) refreshUploadRows(unknown);
}, 250);

export function applyUploadProgress(p: EventPayload<'upload.progress'>): void {
  progress.set(p.uploadId, p);
  flushProgress();
}
