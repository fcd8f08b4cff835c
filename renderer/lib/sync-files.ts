/**
 * Files on this computer for a lip-sync input. They go to Sync directly (never through the
 * VideoGen library, so no VideoGen key is needed): main sends one under 20 MB inside the request
 * and a larger one as a Sync asset.
 *
 * - Electron: the file has a path; main checks it (`lipsync.localFile`).
 * - Web host: the browser has no path. It checks what it can at once (size, kind), then streams
 *   the bytes to the host (`POST /lipsync-file`), which keeps them in Atelier's data folder (so a
 *   run can be retried or edited after a restart), checks them and answers with that path.
 */
import { SYNC_LOCAL_FILE_MAX_BYTES } from '../../main/contract/tool-catalog';
import type { LocalSyncFileView } from '../../main/contract';
import { api } from '../transport/client';
import { AtelierError } from '../transport/types';

/** "6 GB", "5.5 GB": as main words the limit. */
function gigabytes(n: number): string {
  return `${+(n / 1024 ** 3).toFixed(1)} GB`;
}

export type SyncMediaType = 'video' | 'image' | 'audio';

const EXT: Record<SyncMediaType, readonly string[]> = {
  video: ['mp4', 'm4v', 'mov', 'webm', 'mkv', 'avi'],
  image: ['png', 'jpg', 'jpeg', 'webp'],
  audio: ['wav', 'mp3', 'm4a', 'aac', 'ogg', 'flac', 'mp4'],
};

const NEEDED: Record<SyncMediaType, string> = {
  video: 'a video (MP4, MOV, WebM…)',
  image: 'an image (PNG, JPEG or WebP)',
  audio: 'an audio file (WAV, MP3, M4A…)',
};

function extOf(name: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(name);
  return m ? m[1]!.toLowerCase() : '';
}

/** Which of the accepted kinds a file looks like (by its type, else its extension); null: none. */
export function kindOf(file: { name: string; type: string }, accept: readonly SyncMediaType[]): SyncMediaType | null {
  const major = file.type.split('/')[0];
  for (const t of accept) if (major === t) return t;
  const ext = extOf(file.name);
  for (const t of accept) if (EXT[t].includes(ext)) return t;
  return null;
}

/** What is wrong with a file before a byte is sent, in words; null when nothing is seen. */
export function quickProblem(file: { name: string; type: string; size: number }, accept: readonly SyncMediaType[]): string | null {
  if (!kindOf(file, accept)) return `“${file.name}” isn't ${accept.map((t) => NEEDED[t]).join(' or ')}, which this input needs.`;
  if (file.size === 0) return `“${file.name}” is empty (0 bytes).`;
  if (file.size > SYNC_LOCAL_FILE_MAX_BYTES) {
    return `“${file.name}” is ${gigabytes(file.size)}; Atelier sends Sync files of up to ${gigabytes(SYNC_LOCAL_FILE_MAX_BYTES)}.`;
  }
  return null;
}

export interface LocalPick {
  path: string;
  type: SyncMediaType;
  info: LocalSyncFileView;
}

const known = new Map<string, LocalSyncFileView>();

/** A chosen file → a path main can send to Sync. Throws an AtelierError whose message says what is wrong. */
export async function prepareLocalFile(file: File, accept: readonly SyncMediaType[]): Promise<LocalPick> {
  const problem = quickProblem(file, accept);
  if (problem) throw new AtelierError('file_refused', problem);
  const type = kindOf(file, accept)!;
  const client = api();
  const path = client.pathForFile(file);
  if (path) {
    const info = await client.invoke('lipsync.localFile', { path, type });
    if (info.problem) throw new AtelierError('file_refused', info.problem);
    known.set(`${type}:${path}`, info);
    return { path, type, info };
  }
  let res: Response;
  try {
    res = await fetch(`/lipsync-file?name=${encodeURIComponent(file.name)}&type=${type}`, {
      method: 'POST',
      body: file,
      headers: { 'Content-Type': file.type || 'application/octet-stream' },
      credentials: 'same-origin',
    });
  } catch {
    throw new AtelierError('not_sent', `“${file.name}” couldn't be read or handed to Atelier. Check that the file is still there and Atelier is running, then choose it again.`);
  }
  const body = (await res.json().catch(() => null)) as { path?: string; name?: string; size?: number; viaAsset?: boolean; error?: { code?: string; message?: string } } | null;
  if (!res.ok || typeof body?.path !== 'string') {
    throw new AtelierError(body?.error?.code ?? `http_${res.status}`, body?.error?.message ?? `Atelier refused “${file.name}” (HTTP ${res.status}).`);
  }
  const info: LocalSyncFileView = { name: body.name ?? file.name, size: body.size ?? file.size, viaAsset: body.viaAsset ?? false, problem: null };
  known.set(`${type}:${body.path}`, info);
  return { path: body.path, type, info };
}

/** What main says about a local file now (cached once known): for chips restored by Reuse or Edit. */
export async function localFileInfo(path: string, type: SyncMediaType): Promise<LocalSyncFileView> {
  const hit = known.get(`${type}:${path}`);
  if (hit) return hit;
  const info = await api().invoke('lipsync.localFile', { path, type });
  if (!info.problem) known.set(`${type}:${path}`, info);
  return info;
}
