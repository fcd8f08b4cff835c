// Serving file media: signed private renditions (/media/…), permanent public previews
// (/public/static/…, /public/hls/…) and the presenters' catalogue media (/assets/presenters/…).
// All honour Range; none is subject to the fault profile.
import path from 'node:path';
import type { RequestContext } from '../context';
import { StorageError } from '../errors';
import { sendText } from '../http/respond';
import { sizeForAspect, type Recipe } from '../media/recipes';
import { SLOT_NAMES, type BlobRef, type SlotName } from '../media/types';
import type { RouteDef } from '../router';
import { contentTypeForName } from '../storage/content-types';
import { serveFile } from '../storage/range';
import { computeFileState } from './file-state';
import { PRESENTERS } from './resources-catalog';
import type { VideoGenService } from './service';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function mediaRoutes(vg: VideoGenService): RouteDef[] {
  const env = vg.env;

  /** The blob behind a slot, if that slot is ready now. */
  const readyBlob = (fileId: string, slot: SlotName, now: number): BlobRef | null => {
    const record = vg.files.get(fileId);
    if (!record) return null;
    const s = computeFileState(record, now, env.options.processingMs).sources[slot];
    return s.status === 'ready' ? s.blob : null;
  };

  /** HLS playlists and segments live side by side; other slots are a single file. */
  const fileFor = (blob: BlobRef, slot: SlotName, name: string): { file: string; type: string } | null => {
    if (slot !== 'hls') return { file: blob.path, type: blob.contentType };
    if (!SAFE_NAME.test(name)) return null;
    return { file: path.join(path.dirname(blob.path), name), type: contentTypeForName(name) };
  };

  const serve = async (ctx: RequestContext, blob: BlobRef | null, slot: SlotName, cacheControl: string, download?: string) => {
    const target = blob && fileFor(blob, slot, ctx.params.name!);
    if (!target) return void sendText(ctx.res, 404, 'Not found');
    try {
      await serveFile(ctx.req, ctx.res, { path: target.file, contentType: target.type, cacheControl, ...(download ? { downloadName: download } : {}) });
    } catch {
      if (!ctx.res.headersSent) sendText(ctx.res, 404, 'Not found');
    }
  };

  return [
    {
      method: 'GET',
      template: '/media/{fileId}/{slot}/{token}/{name}',
      family: 'storage',
      handler: async (ctx) => {
        const fileId = ctx.params.fileId!;
        const slot = ctx.params.slot!;
        const token = ctx.params.token!;
        if (!(SLOT_NAMES as readonly string[]).includes(slot)) return void sendText(ctx.res, 404, 'Not found');
        const check = vg.urls.check(fileId, slot, token, Math.floor(ctx.now / 1000));
        if (check === 'expired') throw new StorageError(403, 'AccessDenied', 'Signed URL has expired; hydrate the file for fresh URLs.');
        if (check === 'invalid') throw new StorageError(403, 'AccessDenied', 'Invalid signature.');
        const download = ctx.query.get('download') ?? undefined;
        await serve(ctx, readyBlob(fileId, slot as SlotName, ctx.now), slot as SlotName, 'private, max-age=300', download);
        return undefined;
      },
    },
    {
      method: 'GET',
      template: '/public/static/{staticId}/{name}',
      family: 'storage',
      handler: async (ctx) => {
        const fileId = vg.publicStatic.get(ctx.params.staticId!);
        await serve(ctx, fileId ? readyBlob(fileId, 'download', ctx.now) : null, 'download', 'public, max-age=31536000');
        return undefined;
      },
    },
    {
      method: 'GET',
      template: '/public/hls/{playbackId}/{name}',
      family: 'storage',
      handler: async (ctx) => {
        const fileId = vg.publicPlayback.get(ctx.params.playbackId!);
        await serve(ctx, fileId ? readyBlob(fileId, 'hls', ctx.now) : null, 'hls', 'public, max-age=60');
        return undefined;
      },
    },
    {
      method: 'GET',
      template: '/assets/presenters/{presenterId}/{name}',
      family: 'storage',
      handler: async (ctx) => {
        const index = PRESENTERS.findIndex((p) => p.avatarPresenterId === ctx.params.presenterId);
        const name = ctx.params.name!;
        if (index < 0 || !['image.png', 'thumbnail.jpg', 'preview.mp4'].includes(name)) return void sendText(ctx.res, 404, 'Not found');
        const recipe: Recipe = name === 'preview.mp4'
          ? { kind: 'video', ...sizeForAspect(1, 1, 480), durationS: 3, palette: index, label: PRESENTERS[index]!.name }
          : { kind: 'image', ...sizeForAspect(1, 1, 768), palette: index, label: PRESENTERS[index]!.name };
        const set = await env.media.get(recipe);
        const slot = set.slots[name === 'thumbnail.jpg' ? 'thumbnail' : 'download'];
        if (slot.status !== 'ready') return void sendText(ctx.res, 404, 'Not found');
        await serveFile(ctx.req, ctx.res, { path: slot.blob.path, contentType: slot.blob.contentType, cacheControl: 'public, max-age=86400' });
        return undefined;
      },
    },
  ];
}

/**
 * The file on disk behind one of this sandbox's VideoGen media URLs (signed and unexpired, or a
 * live public preview), or null. Lets Sync inputs point at VideoGen files, as a user would.
 */
export function resolveOwnMediaPath(vg: VideoGenService, url: URL, now: number): string | null {
  const parts = url.pathname.split('/').slice(1).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return '';
    }
  });
  const blobOf = (fileId: string, slot: SlotName): BlobRef | null => {
    const record = vg.files.get(fileId);
    if (!record) return null;
    const s = computeFileState(record, now, vg.env.options.processingMs).sources[slot];
    return s.status === 'ready' ? s.blob : null;
  };
  if (parts[0] === 'media' && parts.length === 5) {
    const [, fileId, slot, token] = parts as [string, string, string, string, string];
    if (!(SLOT_NAMES as readonly string[]).includes(slot) || slot === 'hls') return null;
    if (vg.urls.check(fileId, slot, token, Math.floor(now / 1000)) !== 'ok') return null;
    return blobOf(fileId, slot as SlotName)?.path ?? null;
  }
  if (parts[0] === 'public' && parts[1] === 'static' && parts.length === 4) {
    const fileId = vg.publicStatic.get(parts[2]!);
    return fileId ? (blobOf(fileId, 'download')?.path ?? null) : null;
  }
  return null;
}
