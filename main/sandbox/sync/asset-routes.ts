// /v2/assets: upload URL, register, list, get (README B4).
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { requirePrincipal } from '../context';
import { SyncError } from '../errors';
import { sniff } from '../media/sniff';
import type { RouteDef } from '../router';
import { presignPut } from '../storage/presign';
import { assetObjectDir } from './assets';
import type { SyncService } from './service';
import type { AssetRecord } from './types';

const UPLOAD_TTL_S = 3600;
const MAX_ASSET_BYTES = 5 * 1024 ** 3;
const SORTS = ['name', 'date', 'duration', 'size', 'kind'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function assetRoutes(sync: SyncService): RouteDef[] {
  const env = sync.env;
  return [
    {
      method: 'POST',
      template: '/v2/assets/upload',
      family: 'sync',
      rateBucket: 'sync.other',
      handler: async (ctx) => {
        const body = await ctx.json();
        const problems: string[] = [];
        if (!isObject(body)) throw new SyncError(400, ['request body must be a JSON object']);
        const { fileName, contentType, size } = body;
        if (typeof fileName !== 'string' || !/\.[A-Za-z0-9]{1,8}$/.test(fileName)) problems.push('fileName must be a file name with an extension');
        if (typeof contentType !== 'string' || !/^(video|audio|image)\/[A-Za-z0-9.+-]+$/.test(contentType)) problems.push('contentType must be a video/*, audio/* or image/* media type');
        if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0) problems.push('size must be a positive integer (bytes)');
        else if (size > MAX_ASSET_BYTES) problems.push(`size must not exceed ${MAX_ASSET_BYTES} bytes`);
        if (problems.length) throw new SyncError(400, problems);
        const key = env.ids.uuid();
        const safeName = (fileName as string).replace(/[^A-Za-z0-9._-]+/g, '_');
        const objectPath = `/sync-storage/assets/${key}/${encodeURIComponent(safeName)}`;
        sync.assets.addPending({
          key,
          fileName: safeName,
          contentType: contentType as string,
          size: size as number,
          keyIndex: requirePrincipal(ctx).keyIndex,
          path: path.join(await assetObjectDir(sync.dir, key), safeName),
          uploaded: false,
        });
        const uploadUrl = presignPut(env.signer, {
          baseUrl: env.baseUrl(),
          path: objectPath,
          ttlS: UPLOAD_TTL_S,
          nowMs: ctx.now,
          signedHeaders: { 'content-type': contentType as string },
        });
        return { status: 201, body: { uploadUrl, url: `${env.baseUrl()}${objectPath}`, expiresIn: UPLOAD_TTL_S } };
      },
    },
    {
      method: 'POST',
      template: '/v2/assets',
      family: 'sync',
      rateBucket: 'sync.other',
      handler: async (ctx) => {
        const body = await ctx.json();
        if (!isObject(body) || typeof body.url !== 'string') throw new SyncError(400, ['url must be a URL address']);
        if (body.projectId !== undefined && typeof body.projectId !== 'string') throw new SyncError(400, ['projectId must be a string']);
        const file = sync.localPath(body.url, ctx.now);
        if (!file) throw new SyncError(400, ['url could not be accessed: upload the file first (POST /v2/assets/upload + PUT) or pass a URL served by this sandbox']);
        const asset = await describeAsset(sync, body.url, file, requirePrincipal(ctx).keyIndex, ctx.now, typeof body.projectId === 'string' ? body.projectId : null);
        sync.assets.add(asset);
        return { status: 201, body: assetJson(asset) };
      },
    },
    {
      method: 'GET',
      template: '/v2/assets',
      family: 'sync',
      rateBucket: 'sync.other',
      handler: (ctx) => {
        const q = ctx.query;
        const limitRaw = q.get('limit');
        const limit = limitRaw === null ? 20 : Number(limitRaw);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new SyncError(400, ['limit must be an integer between 1 and 100']);
        const sortBy = q.get('sortBy') ?? 'dateDesc';
        const sortMatch = /^(name|date|duration|size|kind)(Asc|Desc)$/.exec(sortBy);
        if (!sortMatch) throw new SyncError(400, [`sortBy must be one of ${SORTS.flatMap((s) => [`${s}Asc`, `${s}Desc`]).join(', ')}`]);
        const types = new Set(q.getAll('types').flatMap((t) => t.split(',')).map((t) => t.trim().toUpperCase()).filter(Boolean));
        const search = (q.get('searchQuery') ?? '').toLowerCase();
        const projectId = q.get('projectId');
        const keyIndex = requirePrincipal(ctx).keyIndex;
        const endpoint = `sync-assets:${sortBy}:${[...types].sort().join(',')}:${search}:${projectId ?? ''}`;
        let offset = 0;
        const cursor = q.get('cursor');
        if (cursor) {
          const v = env.cursors.decode(endpoint, cursor);
          if (!v) throw new SyncError(400, ['cursor is invalid for this query']);
          offset = Number(v[0]);
        }
        const items = sync.assets
          .all()
          .filter((a) => a.keyIndex === keyIndex)
          .filter((a) => types.size === 0 || types.has(a.type))
          .filter((a) => !search || a.name.toLowerCase().includes(search))
          .filter((a) => !projectId || a.projectId === projectId)
          .sort(assetOrder(sortMatch[1]!, sortMatch[2] === 'Desc'));
        const page = items.slice(offset, offset + limit);
        const more = offset + limit < items.length;
        return {
          status: 200,
          body: { items: page.map(assetJson), ...(more ? { nextCursor: env.cursors.encode(endpoint, [offset + limit]) } : {}), totalCount: items.length },
        };
      },
    },
    {
      method: 'GET',
      template: '/v2/assets/{id}',
      family: 'sync',
      rateBucket: 'sync.other',
      handler: (ctx) => {
        const a = sync.assets.get(ctx.params.id!);
        if (!a || a.keyIndex !== requirePrincipal(ctx).keyIndex) throw new SyncError(404, `Asset ${ctx.params.id} not found`);
        return { status: 200, body: assetJson(a) };
      },
    },
  ];
}

async function describeAsset(sync: SyncService, url: string, file: string, keyIndex: number, now: number, projectId: string | null): Promise<AssetRecord> {
  const size = (await stat(file)).size;
  const head = Buffer.alloc(64);
  const fh = await open(file, 'r');
  try {
    await fh.read(head, 0, 64, 0);
  } finally {
    await fh.close();
  }
  const sniffed = sniff(head);
  const probe = await sync.env.runner.probe(file).catch(() => null);
  let type: AssetRecord['type'];
  if (sniffed?.type === 'IMAGE') type = 'IMAGE';
  else if (probe?.hasVideo) type = 'VIDEO';
  else if (probe?.hasAudio) type = 'AUDIO';
  else throw new SyncError(400, ['the file is not a supported video, audio or image format']);
  const parsed = new URL(url);
  const uploaded = parsed.pathname.startsWith('/sync-storage/assets/');
  const name = decodeURIComponent(parsed.pathname.slice(parsed.pathname.lastIndexOf('/') + 1)) || 'asset';
  return {
    id: sync.env.ids.uuid(),
    keyIndex,
    createdAt: now,
    updatedAt: now,
    type,
    name,
    url,
    size,
    format: sniffed?.ext ?? (name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : 'bin'),
    inputType: uploaded ? 'UPLOAD' : 'URL',
    durationSeconds: type === 'IMAGE' ? null : (probe?.durationSeconds ?? null),
    width: probe?.width ?? null,
    height: probe?.height ?? null,
    path: file,
    projectId,
  };
}

function assetOrder(by: string, desc: boolean): (a: AssetRecord, b: AssetRecord) => number {
  const key = (x: AssetRecord): number | string =>
    by === 'name' ? x.name.toLowerCase() : by === 'duration' ? (x.durationSeconds ?? 0) : by === 'size' ? x.size : by === 'kind' ? x.type : x.createdAt;
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    const c = ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : 1;
    return desc ? -c : c;
  };
}

/** Asset (README B4); absent optional fields are omitted. */
export function assetJson(a: AssetRecord): Record<string, unknown> {
  return {
    id: a.id,
    createdAt: new Date(a.createdAt).toISOString(),
    updatedAt: new Date(a.updatedAt).toISOString(),
    type: a.type,
    visibility: 'USER',
    name: a.name,
    url: a.url,
    size: a.size,
    format: a.format,
    inputType: a.inputType,
    ...(a.durationSeconds !== null ? { durationSeconds: a.durationSeconds } : {}),
    ...(a.width !== null ? { width: a.width } : {}),
    ...(a.height !== null ? { height: a.height } : {}),
  };
}
