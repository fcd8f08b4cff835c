// /v1/files: get, list (most recently updated first, keyset cursor), search, hydrate, archive,
// public preview on/off.
import { z } from 'zod';
import { requirePrincipal, type RequestContext } from '../context';
import { invalidId, notFound } from '../errors';
import type { Reply, RouteDef } from '../router';
import { pageParams } from './pagination';
import type { VideoGenService } from './service';
import type { FileRecord } from './types';
import { parseBody } from './validation';

const FILE_PREFIX = 'vg_file_';

/** SearchFilesRequest. */
const SearchSchema = z.object({
  query: z.string().min(1),
  numResults: z.number().int().min(1).max(100).optional(),
  selfOnly: z.boolean().optional(),
});

export function fileRoutes(vg: VideoGenService): RouteDef[] {
  const find = (ctx: RequestContext, mutable = false): FileRecord => {
    vg.files.expireTemporary(ctx.now);
    const id = ctx.params.fileId!;
    if (!id.startsWith(FILE_PREFIX)) throw invalidId('file', id, FILE_PREFIX);
    const record = mutable ? vg.files.getMutable(id) : vg.files.get(id);
    if (!record) throw notFound('file', id);
    return record;
  };
  const reply = (record: FileRecord, ctx: RequestContext): Reply => ({ status: 200, body: vg.view(record, ctx.now) });

  return [
    { method: 'GET', template: '/v1/files/{fileId}', family: 'videogen', rateBucket: 'files.get', handler: (ctx) => reply(find(ctx), ctx) },
    {
      method: 'GET',
      template: '/v1/files',
      family: 'videogen',
      rateBucket: 'files.list',
      handler: (ctx) => {
        vg.files.expireTemporary(ctx.now);
        const params = pageParams(ctx, vg.env, 'files');
        const after = params.cursor ? { at: Number(params.cursor[0]), seq: Number(params.cursor[1]) } : null;
        const page = vg.files.page(after, params.limit);
        const last = page.files[page.files.length - 1];
        const view = vg.viewContext(ctx.now);
        return {
          status: 200,
          body: {
            files: page.files.map((f) => vg.view(f, view.now)),
            hasMore: page.hasMore,
            nextCursor: page.hasMore && last ? vg.env.cursors.encode('files', [last.sortKey.at, last.sortKey.seq]) : null,
          },
        };
      },
    },
    {
      method: 'POST',
      template: '/v1/files/search',
      family: 'videogen',
      rateBucket: 'files.search',
      handler: async (ctx) => {
        const body = parseBody(SearchSchema, await ctx.json());
        const hits = vg.search.search({
          query: body.query,
          numResults: body.numResults ?? 10,
          creatorKeyIndex: body.selfOnly ? requirePrincipal(ctx).keyIndex : null,
          now: ctx.now,
          processingMs: vg.env.options.processingMs,
        });
        return { status: 200, body: { results: hits.map((h) => ({ similarity: h.similarity, file: vg.view(h.record, ctx.now) })) } };
      },
    },
    {
      method: 'POST',
      template: '/v1/files/{fileId}/hydrate',
      family: 'videogen',
      rateBucket: 'files.hydrate',
      handler: (ctx) => {
        const record = find(ctx, true);
        record.hydratedUntilS = Math.floor(ctx.now / 1000) + vg.env.options.signedUrlTtlS;
        vg.files.save(record);
        return reply(record, ctx);
      },
    },
    {
      method: 'POST',
      template: '/v1/files/{fileId}/archive',
      family: 'videogen',
      rateBucket: 'files.archive',
      handler: (ctx) => {
        const record = find(ctx, true);
        if (record.archivedAt === null) {
          vg.files.archive(record, ctx.now);
          vg.files.save(record);
        }
        return reply(record, ctx);
      },
    },
    {
      method: 'POST',
      template: '/v1/files/{fileId}/enable-public-preview',
      family: 'videogen',
      rateBucket: 'files.publicPreview',
      handler: (ctx) => {
        const record = find(ctx, true);
        if (!record.publicPreview) {
          record.publicPreview = { staticId: vg.env.ids.token(32), playbackId: vg.env.ids.token(32) };
          vg.publicStatic.set(record.publicPreview.staticId, record.fileId);
          vg.publicPlayback.set(record.publicPreview.playbackId, record.fileId);
          vg.files.touch(record, ctx.now);
          vg.files.save(record);
        }
        return reply(record, ctx);
      },
    },
    {
      method: 'POST',
      template: '/v1/files/{fileId}/disable-public-preview',
      family: 'videogen',
      rateBucket: 'files.publicPreview',
      handler: (ctx) => {
        const record = find(ctx, true);
        if (record.publicPreview) {
          vg.publicStatic.delete(record.publicPreview.staticId);
          vg.publicPlayback.delete(record.publicPreview.playbackId);
          record.publicPreview = null;
          vg.files.touch(record, ctx.now);
          vg.files.save(record);
        }
        return reply(record, ctx);
      },
    },
  ];
}
