// The Sync side's object storage: presigned asset PUTs (Content-Type bound into the signature),
// public GETs of uploaded objects, multipart parts and synthesized speech, and signed result
// downloads. Range is honoured; faults apply only to the PUT (reset, latency).
import { StorageError } from '../errors';
import type { FaultInjector } from '../faults';
import { sendEmpty, sendText } from '../http/respond';
import type { RouteDef } from '../router';
import { contentTypeForName } from '../storage/content-types';
import { verifyPresignedPut } from '../storage/presign';
import { serveFile } from '../storage/range';
import { receiveObject } from '../storage/receive';
import type { SyncService } from './service';

export function syncStorageRoutes(sync: SyncService, faults: FaultInjector): RouteDef[] {
  const env = sync.env;
  const serve = async (req: Parameters<typeof serveFile>[0], res: Parameters<typeof serveFile>[1], file: string | null | undefined, type: string) => {
    if (!file) return void sendText(res, 404, 'Not found');
    try {
      await serveFile(req, res, { path: file, contentType: type, cacheControl: 'public, max-age=3600' });
    } catch {
      if (!res.headersSent) sendText(res, 404, 'Not found');
    }
  };
  return [
    {
      method: 'PUT',
      template: '/sync-storage/assets/{key}/{name}',
      family: 'storage',
      faults: true,
      handler: async (ctx) => {
        verifyPresignedPut(env.signer, ctx.url.pathname, ctx.query, ctx.req.headers, ctx.now);
        const pending = sync.assets.pending(ctx.params.key!);
        if (!pending) throw new StorageError(404, 'NoSuchUpload', 'The specified upload does not exist.');
        const length = Number(ctx.req.headers['content-length'] ?? 2);
        const got = await receiveObject(ctx.req, {
          dest: pending.path,
          maxBytes: 5 * 1024 ** 3,
          headBytes: 0,
          resetAfterBytes: faults.roll('putReset') ? Math.max(1, Math.floor(length / 2)) : -1,
        });
        if (!got) return undefined;
        sync.assets.markUploaded(pending);
        sendEmpty(ctx.res, 200, { ETag: `"${got.md5}"` });
        return undefined;
      },
    },
    {
      method: 'GET',
      template: '/sync-storage/assets/{key}/{name}',
      family: 'storage',
      handler: async (ctx) => {
        const pending = sync.assets.pending(ctx.params.key!);
        await serve(ctx.req, ctx.res, sync.assets.objectPath(ctx.params.key!), pending?.contentType ?? 'application/octet-stream');
        return undefined;
      },
    },
    {
      method: 'GET',
      template: '/sync-storage/uploads/{id}/{name}',
      family: 'storage',
      handler: async (ctx) => {
        await serve(ctx.req, ctx.res, sync.uploads.get(ctx.params.id!), contentTypeForName(ctx.params.name!));
        return undefined;
      },
    },
    {
      method: 'GET',
      template: '/sync-storage/tts/{id}/{name}',
      family: 'storage',
      handler: async (ctx) => {
        await serve(ctx.req, ctx.res, sync.generations.get(ctx.params.id!)?.synthesizedAudio?.path, 'audio/mp4');
        return undefined;
      },
    },
    {
      method: 'GET',
      template: '/sync-storage/results/{id}/{token}/{name}',
      family: 'storage',
      handler: async (ctx) => {
        const file = sync.generations.resultPath(ctx.params.id!, ctx.params.token!, ctx.now);
        if (!file) throw new StorageError(403, 'AccessDenied', 'The result link is invalid or has expired; fetch outputUrl again.');
        await serve(ctx.req, ctx.res, file, 'video/mp4');
        return undefined;
      },
    },
  ];
}
