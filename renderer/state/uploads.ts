import { create } from 'zustand';
import type { EventPayload, UploadView } from '../../main/contract';
import { api } from '../transport/client';
import { coalesce } from '../lib/throttle';

interface UploadsState {
  byId: Record<string, UploadView>;
  /** Newest first. */
  order: string[];
  loaded: boolean;
}

export const useUploads = create<UploadsState>(() => ({ byId: {}, order: [], loaded: false }));

export const ACTIVE_UPLOAD_STATES: ReadonlySet<UploadView['state']> = new Set(['queued', 'hashing', 'creating', 'uploading', 'processing']);

function sortOrder(byId: Record<string, UploadView>): string[] {
  return Object.values(byId)
    .sort((a, b) => b.createdAt - a.createdAt || (a.uploadId < b.uploadId ? 1 : -1))
    .map((u) => u.uploadId);
}

export function setUploads(list: UploadView[]): void {
  const byId: Record<string, UploadView> = {};
  for (const u of list) byId[u.uploadId] = u;
  useUploads.setState({ byId, order: sortOrder(byId), loaded: true });
}

export async function loadUploads(): Promise<void> {
  setUploads(await api().invoke('uploads.list', {}));
}

/** One list refresh per burst of store.changed events. */
export const refreshUploads = coalesce(() => void loadUploads().catch(() => {}), 250);

/** `upload.progress` patches its one row; an upload we do not know yet means the list is stale. */
export function applyUploadProgress(p: EventPayload<'upload.progress'>): void {
  const s = useUploads.getState();
  const row = s.byId[p.uploadId];
  if (!row) {
    refreshUploads();
    return;
  }
  useUploads.setState({
    byId: { ...s.byId, [p.uploadId]: { ...row, state: p.state, bytesSent: p.bytesSent, size: p.size, speedBps: p.speedBps } },
  });
}
