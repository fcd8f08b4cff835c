import { useEffect, useState } from 'react';
import type { FileOrigin, FileType, UploadView } from '../../main/contract';
import { api } from '../transport/client';
import { itemAt, useLibrary, PAGE_SIZE } from '../state/library';
import { Icon } from './Icon';
import { Thumb } from './Media';

export interface FileSummary {
  fileId: string;
  displayName: string;
  type: FileType | null;
  hasThumbnail: boolean;
  origin?: FileOrigin;
}

const cache = new Map<string, FileSummary>();
const pending = new Map<string, Promise<FileSummary | null>>();

export function rememberFiles(list: FileSummary[]): void {
  for (const f of list) cache.set(f.fileId, { fileId: f.fileId, displayName: f.displayName, type: f.type, hasThumbnail: f.hasThumbnail, origin: f.origin });
}

function fromPages(fileId: string): FileSummary | undefined {
  const s = useLibrary.getState();
  for (const [k, page] of Object.entries(s.pages)) {
    const i = page.items.findIndex((x) => x.fileId === fileId);
    if (i >= 0) return itemAt(s, Number(k) * PAGE_SIZE + i);
  }
  return undefined;
}

/** A file's name/type/thumbnail for chips, from the page cache or `library.get` (memoized). */
export function getFileSummary(fileId: string): Promise<FileSummary | null> {
  const hit = cache.get(fileId) ?? fromPages(fileId);
  if (hit) return Promise.resolve(hit);
  let p = pending.get(fileId);
  if (!p) {
    p = api()
      .invoke('library.get', { fileId })
      .then((d) => {
        const s: FileSummary = { fileId, displayName: d.displayName, type: d.type, hasThumbnail: d.hasThumbnail, origin: d.origin };
        cache.set(fileId, s);
        return s;
      })
      .catch(() => null)
      .finally(() => pending.delete(fileId));
    pending.set(fileId, p);
  }
  return p;
}

export function useFileSummary(fileId: string | null): FileSummary | null | undefined {
  const [loaded, setLoaded] = useState<{ id: string; summary: FileSummary | null } | null>(null);
  const known = fileId ? (cache.get(fileId) ?? fromPages(fileId)) : undefined;
  useEffect(() => {
    if (!fileId || known) return;
    let live = true;
    void getFileSummary(fileId).then((summary) => {
      if (live) setLoaded({ id: fileId, summary });
    });
    return () => {
      live = false;
    };
  }, [fileId, known]);
  if (!fileId) return null;
  if (known) return known;
  return loaded?.id === fileId ? loaded.summary : undefined;
}

export function FileChip({ fileId, onRemove }: { fileId: string; onRemove?: () => void }) {
  const f = useFileSummary(fileId);
  const name = f?.displayName ?? (f === null ? 'Unknown file' : 'Loading…');
  return (
    <span className="file-chip" data-file-id={fileId}>
      <span className="file-chip-thumb">
        <Thumb fileId={fileId} type={f?.type ?? null} hasThumbnail={!!f?.hasThumbnail} videoFrame={f?.origin === 'lipsync'} />
      </span>
      <span className="file-chip-name" title={name}>
        {name}
      </span>
      {onRemove ? (
        <button type="button" className="file-chip-remove" aria-label={`Remove ${name}`} onClick={onRemove}>
          <Icon name="close" size={12} />
        </button>
      ) : null}
    </span>
  );
}

/** A file still uploading into a field: its name and progress (it becomes a FileChip when ready). */
export function UploadingChip({ upload, title }: { upload: UploadView | undefined; title: string }) {
  const pct = upload && upload.size ? Math.round((upload.bytesSent / upload.size) * 100) : 0;
  return (
    <span className="file-chip file-chip-pending" title={title}>
      <span className="file-chip-thumb">
        <span className="spinner" aria-hidden="true" />
      </span>
      <span className="file-chip-name">{upload?.name ?? 'Uploading…'}</span>
      <span className="muted small">{upload?.state === 'processing' ? 'processing' : `${pct}%`}</span>
    </span>
  );
}
