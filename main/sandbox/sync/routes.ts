// Sync v2 routes: generations, estimates, catalogues, assets and the Sync object storage.
import { requirePrincipal, type RequestContext } from '../context';
import { SyncError } from '../errors';
import type { FaultInjector } from '../faults';
import { listParam } from '../http/query';
import type { RouteDef } from '../router';
import { assetRoutes } from './asset-routes';
import { FAILURE_CODES, MODELS } from './catalog';
import { resolveInputs, readCreateBody, startGeneration } from './create';
import { generationJson } from './generations';
import type { SyncService } from './service';
import { syncStorageRoutes } from './storage-routes';
import type { GenerationRecord } from './types';
import { validateCreate } from './validate';

const FPS = 25;

export function syncRoutes(sync: SyncService, faults: FaultInjector): RouteDef[] {
  const env = sync.env;
  const json = (r: GenerationRecord, now: number) => generationJson(sync.generations, r, now, env.baseUrl());
  const own = (ctx: RequestContext): GenerationRecord => {
    const r = sync.generations.get(ctx.params.id!);
    if (!r || r.keyIndex !== requirePrincipal(ctx).keyIndex) throw new SyncError(404, `Generation ${ctx.params.id} not found`);
    return r;
  };

  const estimate = async (ctx: RequestContext) => {
    const req = validateCreate(await ctx.json());
    const resolution = resolveInputs(sync, req, requirePrincipal(ctx).keyIndex, ctx.now);
    let seconds: number | null = null;
    const text = req.input.find((x) => x.type === 'text');
    if (resolution.audioPath) seconds = (await env.runner.probe(resolution.audioPath).catch(() => null))?.durationSeconds ?? null;
    else if (text?.provider) seconds = Math.max(1, Math.ceil(text.provider.script.trim().split(/\s+/).length / 2.6));
    if (seconds === null) throw new SyncError(400, ['could not read the audio input; use a URL served by this sandbox, an assetId, or a text input']);
    const model = MODELS.find((m) => m.name === req.model)!;
    return {
      status: 200,
      body: [{ estimatedFrameCount: Math.ceil(seconds * FPS), estimatedGenerationCost: Math.round(seconds * model.usdPerSecond * 10_000) / 10_000 }],
    };
  };

  return [
    {
      method: 'POST',
      template: '/v2/generate',
      family: 'sync',
      rateBucket: 'sync.generate',
      handler: async (ctx) => {
        const body = await readCreateBody(ctx, sync);
        const record = startGeneration(sync, body, requirePrincipal(ctx).keyIndex, ctx.now);
        return { status: 201, body: json(record, ctx.now) };
      },
    },
    { method: 'GET', template: '/v2/generate/{id}', family: 'sync', rateBucket: 'sync.other', handler: (ctx) => ({ status: 200, body: json(own(ctx), ctx.now) }) },
    {
      method: 'POST',
      template: '/v2/generate/{id}/cancel',
      family: 'sync',
      rateBucket: 'sync.other',
      handler: (ctx) => {
        const r = own(ctx);
        if (!sync.generations.cancel(r, ctx.now)) {
          throw new SyncError(400, `Generation ${r.id} cannot be canceled: it is ${sync.generations.status(r, ctx.now).status}`);
        }
        return { status: 200, body: json(r, ctx.now) };
      },
    },
    {
      method: 'GET',
      template: '/v2/generations',
      family: 'sync',
      rateBucket: 'sync.other',
      handler: (ctx) => {
        // Accepts `status` / `ids` repeated, comma-separated or as a JSON array (the SDK's form).
        const statuses = new Set(listParam(ctx.query, 'status').map((s) => (s.toUpperCase() === 'CANCELLED' ? 'CANCELED' : s.toUpperCase())));
        const ids = new Set(listParam(ctx.query, 'ids'));
        const keyIndex = requirePrincipal(ctx).keyIndex;
        const items = sync.generations
          .all()
          .filter((r) => r.keyIndex === keyIndex)
          .filter((r) => ids.size === 0 || ids.has(r.id))
          .map((r) => json(r, ctx.now))
          .filter((g) => statuses.size === 0 || statuses.has(g.status as string));
        return { status: 200, body: items };
      },
    },
    {
      method: 'GET',
      template: '/v2/generations/{id}/result',
      family: 'sync',
      auth: false,
      handler: (ctx) => {
        const r = sync.generations.get(ctx.params.id!);
        if (!r || ctx.query.get('token') !== r.resultToken) throw new SyncError(404, 'Generation not found');
        if (sync.generations.status(r, ctx.now).status !== 'COMPLETED') throw new SyncError(400, 'Generation not completed');
        return { status: 302, headers: { Location: sync.generations.signedResultUrl(r, ctx.now) }, body: json(r, ctx.now) };
      },
    },
    { method: 'POST', template: '/v2/analyze/cost', family: 'sync', rateBucket: 'sync.other', handler: estimate },
    { method: 'POST', template: '/v2/generations/estimate', family: 'sync', rateBucket: 'sync.other', handler: estimate },
    {
      method: 'GET',
      template: '/v2/models',
      family: 'sync',
      rateBucket: 'sync.other',
      handler: () => ({
        status: 200,
        body: MODELS.map((m) => ({ id: m.id, name: m.name, type: m.type, version: m.version, description: m.description, ...(m.deprecatedAt ? { deprecatedAt: m.deprecatedAt } : {}) })),
      }),
    },
    { method: 'GET', template: '/v2/errors', family: 'sync', auth: false, handler: () => ({ status: 200, body: FAILURE_CODES }) },
    { method: 'GET', template: '/v2/healthcheck', family: 'sync', auth: false, handler: () => ({ status: 200, body: { status: 'ok' } }) },
    ...assetRoutes(sync),
    ...syncStorageRoutes(sync, faults),
  ];
}
