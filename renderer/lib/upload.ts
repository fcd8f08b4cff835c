import { VIDEOGEN_MAX_UPLOAD_BYTES } from '../../main/contract/tool-catalog';
import { api } from '../transport/client';
import { useStatus } from '../state/status';
import { AtelierError } from '../transport/types';

export interface UploadOutcome {
  /** Queued (written down by the host): under the web host their bytes may still be on the way. */
  uploadIds: string[];
  failed: Array<{ name: string; reason: string }>;
  /** Web host: settles once every queued file's bytes have been sent (with the ones that could not be). */
  sending: Promise<Array<{ name: string; reason: string }>>;
}

/** Files sent to the web host at once. */
const WEB_CONCURRENCY = 4;
/** Files listed per `uploads.reserve` call. */
const RESERVE_CHUNK = 2000;

/** Checked in the browser before a byte is sent, so a person hears about the limit at once. */
export function sizeProblem(file: { size: number }): string | null {
  if (file.size === 0) return 'Skipped: the file is empty (0 bytes).';
  if (file.size > VIDEOGEN_MAX_UPLOAD_BYTES) {
    return `Skipped: the file is ${gigabytes(file.size)}, over VideoGen’s limit of ${gigabytes(VIDEOGEN_MAX_UPLOAD_BYTES)} per file.`;
  }
  return null;
}

/** "6 GB", "5.5 GB": the way the core words the limit. */
function gigabytes(n: number): string {
  return `${+(n / 1024 ** 3).toFixed(1)} GB`;
}

function newBatchId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `b${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
}

/**
 * Hand files to the core as uploads, all as one batch (Activity shows it as one row). Under
 * Electron a file with a real path goes by path (`uploads.add`, as do `paths` already known, e.g.
 * dropped folders that main walks). Anything else (the web host, a pasted image) is first listed
 * with the host (`uploads.reserve`: queued at once, 10,000 files in a moment), then its bytes are
 * streamed to the host's upload endpoint in the background (`sending`). The upload list refreshes
 * from the core's own change events.
 */
export async function uploadFiles(files: File[], knownPaths: readonly string[] = [], opts: { temporary?: boolean } = {}): Promise<UploadOutcome> {
  const temporary = opts.temporary ? { temporary: true } : {};
  const client = api();
  const out: UploadOutcome = { uploadIds: [], failed: [], sending: Promise.resolve([]) };
  const byBytes: File[] = [];
  const paths: string[] = [...knownPaths];
  for (const f of files) {
    const p = client.pathForFile(f);
    if (p) paths.push(p);
    else byBytes.push(f);
  }
  const batchId = paths.length + byBytes.length > 1 || knownPaths.length > 0 ? newBatchId() : undefined;
  for (let i = 0; i < paths.length; i += 1000) {
    const res = await client.invoke('uploads.add', { paths: paths.slice(i, i + 1000), ...(batchId ? { batchId } : {}), ...temporary });
    out.uploadIds.push(...res.uploadIds);
    for (const r of res.rejected) out.failed.push({ name: basename(r.path), reason: r.reason });
  }
  if (byBytes.length === 0) return out;

  const endpoint = useStatus.getState().info?.uploadEndpoint ?? (await client.invoke('app.info', {})).uploadEndpoint;
  if (!endpoint) {
    for (const f of byBytes) out.failed.push({ name: f.name, reason: 'This file has no path on disk to upload from.' });
    return out;
  }
  const toSend: Array<{ file: File; uploadId: string }> = [];
  const listed = byBytes.filter((f) => {
    const problem = sizeProblem(f);
    if (problem) out.failed.push({ name: f.name, reason: problem });
    return !problem;
  });
  const batch = batchId ?? newBatchId();
  for (let i = 0; i < listed.length; i += RESERVE_CHUNK) {
    const chunk = listed.slice(i, i + RESERVE_CHUNK);
    const res = await client.invoke('uploads.reserve', { batchId: batch, files: chunk.map((f) => ({ name: f.name, size: f.size })), ...temporary });
    res.uploadIds.forEach((id, k) => {
      if (id) toSend.push({ file: chunk[k]!, uploadId: id });
    });
    for (const r of res.rejected) out.failed.push({ name: r.name, reason: r.reason });
  }
  out.uploadIds.push(...toSend.map((t) => t.uploadId));
  out.sending = sendAll(endpoint, toSend);
  return out;
}

/** Streams the reserved files' bytes, a few at a time; a file that can't be sent is reported to the host (its row says why). */
async function sendAll(endpoint: string, items: Array<{ file: File; uploadId: string }>): Promise<Array<{ name: string; reason: string }>> {
  const failed: Array<{ name: string; reason: string }> = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const { file, uploadId } = items[next++]!;
      try {
        await streamFile(endpoint, file, uploadId);
      } catch (err) {
        const reason = (err as Error).message;
        failed.push({ name: file.name, reason });
        await api()
          .invoke('uploads.notSent', { uploadId, reason })
          .catch(() => undefined);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(WEB_CONCURRENCY, items.length) }, worker));
  return failed;
}

/**
 * POST one file's bytes to the web host: for a reserved upload (`uploadId`), or as a new one
 * (`name`). Returns the upload id. When the host's holding folder is full it waits and tries again.
 */
export async function streamFile(endpoint: string, file: File, uploadId?: string): Promise<string | null> {
  const sep = endpoint.includes('?') ? '&' : '?';
  const target = uploadId ? `${endpoint}${sep}uploadId=${encodeURIComponent(uploadId)}` : `${endpoint}${sep}name=${encodeURIComponent(file.name)}`;
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(target, {
        method: 'POST',
        body: file,
        headers: { 'Content-Type': file.type || 'application/octet-stream' },
        credentials: 'same-origin',
      });
    } catch (err) {
      throw new AtelierError('not_sent', await whyNotSent(file, err));
    }
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      /* not JSON */
    }
    if (res.status === 507 && attempt < 60) {
      // Atelier's holding folder is full until uploads in progress finish: wait, then send it.
      await new Promise((r) => setTimeout(r, 5_000));
      continue;
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
}

/**
 * `fetch` only says "Failed to fetch". Tell apart a file the browser can't read (moved, deleted,
 * no permission since it was chosen) from a host that can't be reached, and say which.
 */
export async function whyNotSent(file: File, err: unknown): Promise<string> {
  try {
    await file.slice(0, 1).arrayBuffer();
  } catch {
    return 'The browser couldn’t read this file: it was moved, deleted or changed after you chose it, or you don’t have permission to read it. Check the file and add it again.';
  }
  const detail = err instanceof Error && err.message && err.message !== 'Failed to fetch' ? ` (${err.message})` : '';
  return `The file couldn’t be sent to Atelier: the connection to its web host failed${detail}. Check that Atelier is still running, then add the file again.`;
}

function basename(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}
