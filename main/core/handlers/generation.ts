import { toAppError } from '../../kernel/errors';
import type { SyncModel } from '../../api/sync-schemas';
import { SyncModelSchema } from '../../api/sync-schemas';
import { AvatarPresenterSchema, TtsVoiceSchema } from '../../api/videogen-schemas';
import type { AvatarPresenter, TtsVoice } from '../../api/videogen-schemas';
import type { CostEstimate, LipsyncRequest, PresenterView, SyncModelView, TtsVoiceView } from '../../contract';
import { modelAcceptsImage } from '../../contract/tool-catalog';
import { resolveLipsyncInputs } from '../../workers/lipsync/inputs';
import { readAllPages } from '../../api/paging';
import type { Services } from '../services';
import type { Handlers } from '../types';
import { z } from 'zod';

/** The docs suggest caching resource lists for a few hours. */
const RESOURCE_MAX_AGE_MS = 6 * 3_600_000;
const MAX_PAGES = 50;
/** Voices asked about when looking for a presenter's voice (each a cached request). */
const MAX_VOICE_LOOKUPS = 100;

/** A cost estimate is reused this long for the same request. */
const ESTIMATE_MAX_AGE_MS = 10 * 60_000;

export function generationHandlers(s: Services) {
  const estimates = new Map<string, { at: number; value: CostEstimate }>();
  const estimate = async (request: LipsyncRequest): Promise<CostEstimate> => {
      // Local files would have to be uploaded to be measured: no estimate until they are.
      const refs = [request.visual.ref, ...(request.voice.type === 'audio' ? [request.voice.ref] : []), ...(request.segments ?? []).map((g) => g.audio)];
      if (refs.some((r) => r.kind === 'path')) return { frames: null, usd: null };
      // The same inputs give the same estimate: asked once (per ESTIMATE_MAX_AGE_MS).
      const key = JSON.stringify(request);
      const known = estimates.get(key);
      if (known && known.at > s.clock.now() - ESTIMATE_MAX_AGE_MS) return known.value;
      // Library inputs reuse their signed URLs until they near expiry (hydrate is 2,500/h,
      // shared with thumbnails and playback).
      const libraryUrl = async (fileId: string) => {
        const download = await s.media.signedUrl(fileId, 'download');
        if (download.ok) return download.url;
        const preview = await s.media.signedUrl(fileId, 'preview');
        return preview.ok ? preview.url : null;
      };
      const resolved = await resolveLipsyncInputs({ videogen: s.videogen, sync: s.sync, libraryUrl }, request);
      const got = await s.sync.estimateCost({
        model: resolved.model,
        input: resolved.input,
        ...(resolved.options ? { options: resolved.options } : {}),
        ...(resolved.segments ? { segments: resolved.segments } : {}),
      } as Parameters<typeof s.sync.estimateCost>[0]);
      const first = got[0];
      const value = { frames: first?.estimatedFrameCount ?? null, usd: first?.estimatedGenerationCost ?? null };
      if (estimates.size >= 100) estimates.delete(estimates.keys().next().value!);
      estimates.set(key, { at: s.clock.now(), value });
      return value;
    };
  return {
    'tools.run': ({ tool, params }) => ({
      executionId: s.executions.run({ provider: 'videogen', tool, params }).id,
    }),
    'tools.runBatch': (input) => ({
      executionIds: s.executions.runBatch(input).map((v) => v.id),
    }),
    // The image-needs-sync-3 rule is part of the request schema: the router has checked it.
    'lipsync.run': (request) => {
      const view = s.executions.run({ provider: 'sync', tool: 'lipsync', params: request });
      // Kept for Activity → Spend and the spending cap (Sync reports no final charge). Offline,
      // or with local inputs, the run simply has no estimate.
      void estimate(request)
        .then((e) => (e.usd !== null ? s.store.executions.setEstimatedCost(view.id, e.usd) : undefined))
        .catch(() => undefined);
      return { executionId: view.id };
    },
    'lipsync.models': async () => {
      const models = await cachedList(s, 'sync:models', z.array(SyncModelSchema), () => s.sync.listModels());
      return models.map(toModelView);
    },
    'lipsync.estimate': (request) => estimate(request),
    // Deprecated voices are asked for (and cached) apart, only when the person wants to see them.
    'resources.voices': async ({ includeDeprecated }) => {
      const key = includeDeprecated ? 'videogen:tts-voices+deprecated' : 'videogen:tts-voices';
      const voices = await cachedList(s, key, z.array(TtsVoiceSchema), () =>
        readAllPages(
          (cursor) => s.videogen.listVoices({ limit: 200, cursor, ...(includeDeprecated ? { includeDeprecatedVoices: true } : {}) }),
          (page) => page.ttsVoices,
          MAX_PAGES,
        ),
      );
      return voices.filter((v) => includeDeprecated === true || !v.isDeprecated).map(toVoiceView);
    },
    'resources.presenters': async () => {
      const presenters = await cachedList(s, 'videogen:avatar-presenters', z.array(AvatarPresenterSchema), () =>
        readAllPages((cursor) => s.videogen.listPresenters({ limit: 200, cursor }), (page) => page.avatarPresenters, MAX_PAGES),
      );
      return presenters.map(toPresenterView);
    },
    'resources.presenterVoice': async ({ avatarPresenterId }) => {
      const voices = await cachedList(s, 'videogen:tts-voices', z.array(TtsVoiceSchema), () =>
        readAllPages((cursor) => s.videogen.listVoices({ limit: 200, cursor }), (page) => page.ttsVoices, MAX_PAGES),
      );
      // The API ranks presenters for a voice, not voices for a presenter: ask voice by voice
      // (each answer cached for hours) until one ranks this presenter first.
      for (const voice of voices.filter((v) => !v.isDeprecated).slice(0, MAX_VOICE_LOOKUPS)) {
        const best = await cachedList(s, `videogen:avatar-presenters:best-for:${voice.voiceId}`, z.array(z.string()), async () => {
          const page = await s.videogen.listPresenters({ voiceId: voice.voiceId, limit: 1 });
          return page.avatarPresenters.slice(0, 1).map((p) => p.avatarPresenterId);
        });
        if (best[0] === avatarPresenterId) return toVoiceView(voice);
      }
      return null;
    },
  } satisfies Partial<Handlers>;
}

/**
 * A resource list from the local cache while fresh; otherwise fetched and cached. When the
 * fetch fails (offline, server trouble) a stale copy is better than nothing.
 */
export async function cachedList<T>(s: Services, key: string, schema: z.ZodType<T[]>, fetchList: () => Promise<T[]>): Promise<T[]> {
  const cached = s.store.resources.get<T[]>(key, { maxAgeMs: RESOURCE_MAX_AGE_MS, parse: (v) => schema.parse(v) });
  if (cached?.fresh) return cached.value;
  try {
    const value = await fetchList();
    s.store.resources.put(key, value);
    return value;
  } catch (e) {
    if (cached) return cached.value;
    throw toAppError(e);
  }
}

function toModelView(m: SyncModel): SyncModelView {
  return {
    id: m.id,
    name: m.name ?? m.id,
    type: m.type ?? 'lipsync',
    acceptsImage: modelAcceptsImage(m.id),
    deprecated: Boolean(m.deprecatedAt),
  };
}

function toVoiceView(v: TtsVoice): TtsVoiceView {
  return {
    voiceId: v.voiceId,
    displayName: v.displayName,
    languageCode: v.languageCode,
    gender: v.displayGender,
    accent: v.accent ?? null,
    supportsDirectToolExecution: v.supportsDirectToolExecution,
    deprecated: v.isDeprecated,
  };
}

function toPresenterView(p: AvatarPresenter): PresenterView {
  return {
    avatarPresenterId: p.avatarPresenterId,
    gender: p.displayableGender,
    thumbnailUrl: p.thumbnailUrl ?? null,
    imageUrl: p.imageUrl ?? null,
    previewVideoUrl: p.previewVideoUrl ?? null,
  };
}
