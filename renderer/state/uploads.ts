import type { EventPayload, UploadView } from '../../main/contract';
import { api } from '../transport/client';
import { createRowList } from './row-list';

const uploads = createRowList<UploadView>({
  id: (u) => u.uploadId,
  createdAt: (u) => u.createdAt,
  fetch: () => api().invoke('uploads.list', {}),
});

export const useUploads = uploads.useRows;

export const ACTIVE_UPLOAD_STATES: ReadonlySet<UploadView['state']> = new Set(['receiving', 'queued', 'hashing', 'creating', 'uploading', 'processing']);

export const setUploads = uploads.set;
export const loadUploads = uploads.load;
/** One list refresh per burst of store.changed events. */
export const refreshUploads = uploads.refresh;

/** `upload.progress` patches its one row; an upload we do not know yet means the list is stale. */
export function applyUploadProgress(p: EventPayload<'upload.progress'>): void {
  const known = uploads.patch(p.uploadId, (row) => ({ ...row, state: p.state, bytesSent: p.bytesSent, size: p.size, speedBps: p.speedBps }));
  if (!known) refreshUploads();
}
