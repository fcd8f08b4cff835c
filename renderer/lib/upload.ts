import { api } from '../transport/client';
import { useStatus } from '../state/status';
import { AtelierError } from '../transport/types';

export interface UploadOutcome {
  uploadIds: string[];
  failed: Array<{ name: string; reason: string }>;
}

const WEB_CONCURRENCY = 3;

/**
 * Hand files to the core as uploads. Under Electron a file with a real path goes by path
 * (`uploads.add`, as do `paths` already known, e.g. dropped folders that main walks); anything
 * else (the web host, a pasted image) streams its bytes to the host's upload endpoint. The
 * upload list refreshes from the core's own change events.
 */
export async function uploadFiles(files: File[], knownPaths: readonly string[] = []): Promise<UploadOutcome> {
  const client = api();
  const out: UploadOutcome = { uploadIds: [], failed: [] };
  const byBytes: File[] = [];
  const paths: string[] = [...knownPaths];
  for (const f of files) {
    const p = client.pathForFile(f);
    if (p) paths.push(p);
    else byBytes.push(f);
  }
  for (let i = 0; i < paths.length; i += 1000) {
    const res = await client.invoke('uploads.add', { paths: paths.slice(i, i + 1000) });
    out.uploadIds.push(...res.uploadIds);
    for (const r of res.rejected) out.failed.push({ name: basename(r.path), reason: r.reason });
  }
  if (byBytes.length) {
    const endpoint = useStatus.getState().info?.uploadEndpoint ?? (await client.invoke('app.info', {})).uploadEndpoint;
    if (!endpoint) {
      for (const f of byBytes) out.failed.push({ name: f.name, reason: 'This file has no path on disk to upload from.' });
    } else {
      let next = 0;
      const worker = async () => {
        while (next < byBytes.length) {
          const f = byBytes[next++]!;
          try {
            const id = await streamFile(endpoint, f);
            if (id) out.uploadIds.push(id);
          } catch (err) {
            out.failed.push({ name: f.name, reason: (err as Error).message });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(WEB_CONCURRENCY, byBytes.length) }, worker));
    }
  }
  return out;
}

/** POST one file's bytes to the web host; returns the upload id it was queued as. */
export async function streamFile(endpoint: string, file: File): Promise<string | null> {
  const sep = endpoint.includes('?') ? '&' : '?';
  const res = await fetch(`${endpoint}${sep}name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    body: file,
    headers: { 'Content-Type': file.type || 'application/octet-stream' },
    credentials: 'same-origin',
  });
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const e = body as { code?: string; message?: string; error?: { code?: string; message?: string } } | null;
    const code = e?.code ?? e?.error?.code ?? `http_${res.status}`;
    const message = e?.message ?? e?.error?.message ?? `The host refused the file (HTTP ${res.status}).`;
    throw new AtelierError(code, message);
  }
  const b = body as { uploadId?: unknown; uploadIds?: unknown } | null;
  if (typeof b?.uploadId === 'string') return b.uploadId;
  if (Array.isArray(b?.uploadIds) && typeof b.uploadIds[0] === 'string') return b.uploadIds[0];
  return null;
}

function basename(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}
