import { constants } from 'node:fs';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError, toAppError } from '../../kernel/errors';
import type { FileDetail, Playback, SearchHit } from '../../contract';
import type { Services } from '../services';
import type { Handlers } from '../types';
import { fileUpdate, fileUpdates } from '../../workers/file-updates';

/** A signed URL closer than this to expiry is refreshed before it is handed out. */
const URL_MARGIN_MS = 60_000;
const ARCHIVE_PARALLEL = 4;

export function libraryHandlers(s: Services) {
  const detail = (fileId: string): FileDetail => {
    const d = s.store.files.get(fileId);
    if (!d) throw new AppError({ kind: 'not_found', code: 'no_such_file', message: "That file isn't in your library any more." });
    return d;
  };
  const remoteOnly = (fileId: string, what: string) => {
    if (detail(fileId).origin === 'lipsync') {
      throw new AppError({
        kind: 'invalid',
        code: 'local_only',
        message: `This lip-sync result lives only on this computer; send it to your VideoGen library first to ${what}.`,
      });
    }
  };

  return {
    'library.query': (q) => s.store.files.query(q),
    'library.get': ({ fileId }) => detail(fileId),
    'library.search': ({ query, limit }) => s.store.search.searchLocal(query, limit),

    'library.searchSemantic': async ({ query, limit }) => {
      if (!s.connectivity.online) {
        throw new AppError({ kind: 'offline', message: 'Search by meaning needs a connection; results from your library still work offline.' });
      }
      const res = await s.videogen.searchFiles({ query, numResults: limit });
      const files = res.results.map((r) => r.file);
      if (files.length > 0) s.store.files.upsert(fileUpdates(files));
      const hits: SearchHit[] = [];
      for (const r of res.results) {
        const item = s.store.files.item(r.file.fileId);
        if (item && !item.archived) hits.push({ item, source: 'semantic', score: r.similarity });
      }
      return hits;
    },

    'library.sync': async ({ full }) => {
      await s.librarySync.sync({ full });
    },

    'library.archive': async ({ fileIds }) => {
      for (const id of fileIds) remoteOnly(id, 'archive it');
      const archived: string[] = [];
      const failures: string[] = [];
      let next = 0;
      const worker = async () => {
        while (next < fileIds.length) {
          const id = fileIds[next++]!;
          try {
            await s.videogen.archiveFile(id);
            archived.push(id);
          } catch (e) {
            const err = toAppError(e);
            // Already gone remotely: gone here too.
            if (err.kind === 'not_found') archived.push(id);
            else failures.push(err.message);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(ARCHIVE_PARALLEL, fileIds.length) }, worker));
      if (archived.length > 0) s.store.files.markArchived(archived);
      if (failures.length > 0 && archived.length === 0) {
        throw new AppError({ kind: 'server', message: `Couldn't archive: ${failures[0]}` });
      }
      return { archived };
    },

    'library.setPublicPreview': async ({ fileId, enabled }) => {
      remoteOnly(fileId, 'share it');
      const file = await s.videogen.setPublicPreview(fileId, enabled);
      s.store.files.upsert([fileUpdate(file)]);
      return detail(fileId);
    },

    'library.pin': async ({ fileIds, pinned }) => {
      // A lip-sync result's video is its only copy, kept pinned for good: unpinning it would let
      // the cache's eviction delete it. Such items are left as they are.
      const ids = fileIds.filter((id) => s.store.files.item(id)?.origin !== 'lipsync');
      if (ids.length > 0) await s.media.pin(ids, pinned);
    },

    'library.download': async ({ fileId }) => {
      const d = detail(fileId);
      const media = await s.media.get(fileId, 'download');
      if (!media) {
        throw new AppError({
          kind: s.connectivity.online ? 'not_found' : 'offline',
          message: s.connectivity.online
            ? `“${d.displayName}” has no downloadable file yet.`
            : `“${d.displayName}” isn't cached on this computer; download it when you're back online.`,
        });
      }
      const target = await freeName(path.join(os.homedir(), 'Downloads'), d.displayName);
      await mkdir(path.dirname(target), { recursive: true });
      // EXCL: never overwrite, even if a file of that name appeared since it was chosen.
      await copyFile(media.path, target, constants.COPYFILE_EXCL);
      return { path: target };
    },

    'library.reveal': async ({ fileId }) => {
      detail(fileId);
      const media = await s.media.get(fileId, 'download').catch(() => null);
      return { path: media?.path ?? null };
    },

    'library.playback': async ({ fileId, fresh }) => playback(s, detail(fileId), fresh === true),
  } satisfies Partial<Handlers>;
}

/**
 * How to play a file: the private HLS stream while online (hydrated when its URL is missing
 * or about to expire), else the cached preview or download served by the host.
 */
async function playback(s: Services, d: FileDetail, fresh: boolean): Promise<Playback> {
  const base = `${s.options.mediaBase}${encodeURIComponent(d.fileId)}`;
  const cached = d.sources.preview?.cached ? 'preview' : d.sources.download?.cached ? 'download' : null;
  const mimeType = d.type === 'VIDEO' ? 'video/mp4' : d.type === 'AUDIO' ? 'audio/mpeg' : d.type === 'IMAGE' ? 'image/*' : null;
  const local = (kind: 'preview' | 'download', offline: boolean): Playback => ({
    kind: 'file',
    url: `${base}/${kind}`,
    expiresAt: null,
    mimeType,
    offline,
  });

  const streamable = (d.type === 'VIDEO' || d.type === 'AUDIO') && d.origin !== 'lipsync' && d.sources.hls?.status === 'ready';
  if (!s.connectivity.online || !streamable) {
    if (cached) return local(cached, !s.connectivity.online);
    if (!s.connectivity.online) {
      throw new AppError({
        kind: 'offline',
        message: `“${d.displayName}” hasn't been cached for offline use. Pin it next time to keep it on this computer.`,
      });
    }
    return local(d.type === 'IMAGE' ? 'download' : 'preview', false);
  }

  let hls = s.store.files.signedSource(d.fileId, 'hls');
  if (fresh || !hls?.url || hls.expires_at === null || hls.expires_at - s.clock.now() < URL_MARGIN_MS) {
    const file = await s.videogen.hydrateFile(d.fileId);
    s.store.files.upsert([fileUpdate(file)]);
    hls = s.store.files.signedSource(d.fileId, 'hls');
  }
  if (hls?.url) return { kind: 'hls', url: hls.url, expiresAt: hls.expires_at, mimeType: 'application/vnd.apple.mpegurl', offline: false };
  return local(cached ?? 'preview', false);
}

/** `name.ext`, or `name (2).ext` … when that is taken. */
async function freeName(dir: string, displayName: string): Promise<string> {
  const safe = displayName.replace(/[/\\:*?"<>|\p{Cc}]/gu, '_').slice(0, 200) || 'download';
  const ext = path.extname(safe);
  const stem = safe.slice(0, safe.length - ext.length);
  for (let i = 1; i < 1000; i++) {
    const candidate = path.join(dir, i === 1 ? safe : `${stem} (${i})${ext}`);
    try {
      await stat(candidate);
    } catch {
      return candidate;
    }
  }
  throw new AppError({ kind: 'local', message: `Too many files named “${safe}” in ${dir}.` });
}
