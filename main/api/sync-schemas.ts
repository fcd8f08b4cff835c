/**
 * Sync v2 shapes. The OpenAPI file is stale (README part B wins): responses send explicit
 * nulls or omit fields (both accepted), `outputUrl`/`outputDuration`/`webhookUrl` are a
 * string/number (not the spec's `object`), the failure code comes as `error_code` or
 * `errorCode` (both read into `errorCode`), and unknown status strings are kept as-is.
 */
import { z } from 'zod';
import { httpUrl, looseNumber, looseString, nullish, optionalUrl } from './schema-helpers';
import type { SyncStatus } from './sync-status';

export { SYNC_STATUSES, isSyncTerminal, isSyncSuccess, normalizeSyncStatus } from './sync-status';
export type { KnownSyncStatus, NormalizedSyncStatus, SyncStatus } from './sync-status';

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

/** An input item as echoed back; unknown keys kept. */
export const GenerationInputItemSchema = z.looseObject({
  type: z.string(),
  url: nullish(z.string()),
  assetId: nullish(z.string()),
  refId: nullish(z.string()),
});

/** `error` is documented as a string; an object with a message is read too. */
const errorText = z.union([
  z.string(),
  z.looseObject({ message: z.string() }).transform((e) => e.message),
]);

export const GenerationSchema = z
  .object({
    id: z.string().min(1),
    createdAt: z.string(),
    status: z
      .string()
      .min(1)
      .transform((s): SyncStatus => s),
    model: z.string(),
    input: z.array(GenerationInputItemSchema),
    options: nullish(z.record(z.string(), z.unknown())),
    segments: nullish(z.array(z.unknown())),
    webhookUrl: nullish(z.string()),
    /** `…/v2/generations/{id}/result?token=…` once COMPLETED. */
    outputUrl: optionalUrl,
    /** Seconds. */
    outputDuration: nullish(looseNumber),
    segmentOutputUrl: optionalUrl,
    error: nullish(errorText),
    error_code: nullish(z.string()),
    errorCode: nullish(z.string()),
    outputFileName: nullish(z.string()),
    /** TTS inputs: the synthesized audio, reusable for another take. */
    synthesizedAudioUrl: optionalUrl,
    projectId: nullish(z.string()),
  })
  .transform(({ error_code, errorCode, ...rest }) => ({ ...rest, errorCode: errorCode ?? error_code }));
export type Generation = z.infer<typeof GenerationSchema>;

export const GenerationListSchema = z.array(GenerationSchema);

export const SyncModelSchema = z
  .object({
    id: z.string().min(1),
    name: nullish(z.string()),
    /** `lipsync` or `react` today; open string. */
    type: nullish(z.string()),
    version: nullish(looseString),
    description: nullish(z.string()),
    deprecatedAt: nullish(z.string()),
  })
  .transform((m) => ({ ...m, name: m.name ?? m.id }));
export type SyncModel = z.infer<typeof SyncModelSchema>;

/** A plain array per the docs; `{models}` / `{data}` wrappers are read too. */
export const SyncModelListSchema = z.union([
  z.array(SyncModelSchema),
  z.object({ models: z.array(SyncModelSchema) }).transform((o) => o.models),
  z.object({ data: z.array(SyncModelSchema) }).transform((o) => o.data),
]);

export const EstimatedGenerationCostSchema = z.object({
  estimatedFrameCount: looseNumber,
  /** USD. */
  estimatedGenerationCost: looseNumber,
});
export type EstimatedGenerationCost = z.infer<typeof EstimatedGenerationCostSchema>;

/** `/v2/analyze/cost` answers an array; a single object (newer path) is wrapped. */
export const EstimatedGenerationCostListSchema = z.union([
  z.array(EstimatedGenerationCostSchema),
  EstimatedGenerationCostSchema.transform((c) => [c]),
]);

export const AssetUploadResponseSchema = z.object({
  /** Pre-signed PUT URL (we send bytes there: must be http(s)). */
  uploadUrl: httpUrl,
  /** The URL to register with `POST /v2/assets`. */
  url: z.string().min(1),
  /** Seconds the upload URL stays valid. */
  expiresIn: nullish(looseNumber),
});
export type AssetUploadResponse = z.infer<typeof AssetUploadResponseSchema>;

export const AssetSchema = z.object({
  id: z.string().min(1),
  createdAt: nullish(z.string()),
  updatedAt: nullish(z.string()),
  /** AUDIO | VIDEO | IMAGE; open string. */
  type: nullish(z.string()),
  visibility: nullish(z.string()),
  name: nullish(z.string()),
  url: optionalUrl,
  size: nullish(looseNumber),
  format: nullish(z.string()),
  inputType: nullish(z.string()),
  durationSeconds: nullish(looseNumber),
  thumbnailUrl: optionalUrl,
  width: nullish(looseNumber),
  height: nullish(looseNumber),
});
export type Asset = z.infer<typeof AssetSchema>;

/** `{message: string | string[], error, statusCode}` (the SDK type lacks `error`). */
export const SyncErrorBodySchema = z.object({
  message: z.union([z.string(), z.array(z.string())]),
  error: nullish(z.string()),
  statusCode: nullish(z.number()),
  code: nullish(z.string()),
  error_code: nullish(z.string()),
  errorCode: nullish(z.string()),
});
export type SyncErrorBody = z.infer<typeof SyncErrorBodySchema>;

export interface SyncErrorCatalogEntry {
  code: string;
  message: string | null;
  fix: string | null;
}

const catalogEntry = z
  .looseObject({
    code: z.string().min(1),
    message: nullish(z.string()),
    description: nullish(z.string()),
    fix: nullish(z.string()),
    resolution: nullish(z.string()),
  })
  .transform((e): SyncErrorCatalogEntry => ({ code: e.code, message: e.message ?? e.description, fix: e.fix ?? e.resolution }));

/** `GET /v2/errors`: shape undocumented; an array, `{errors: []}` or a code → entry map are read. */
export const SyncErrorCatalogSchema = z.union([
  z.array(catalogEntry),
  z.object({ errors: z.array(catalogEntry) }).transform((o) => o.errors),
  z.record(z.string(), z.union([z.string(), z.looseObject({ message: nullish(z.string()), fix: nullish(z.string()) })])).transform(
    (map): SyncErrorCatalogEntry[] =>
      Object.entries(map).map(([code, v]) =>
        typeof v === 'string' ? { code, message: v, fix: null } : { code, message: v.message, fix: v.fix },
      ),
  ),
]);

// ---------------------------------------------------------------------------------------------
// Requests (checked before sending; unknown keys pass through: Sync's API moves faster than ours)
// ---------------------------------------------------------------------------------------------

const mediaRef = {
  url: httpUrl.optional(),
  assetId: z.string().min(1).optional(),
};
const hasSource = (i: { url?: string | undefined; assetId?: string | undefined }) => Boolean(i.url || i.assetId);
const sourceMessage = { message: 'Give a url or an assetId' };

export const VideoInputSchema = z
  .looseObject({ type: z.literal('video'), ...mediaRef })
  .refine(hasSource, sourceMessage);
export const ImageInputSchema = z
  .looseObject({ type: z.literal('image'), ...mediaRef })
  .refine(hasSource, sourceMessage);
export const AudioInputSchema = z
  .looseObject({ type: z.literal('audio'), ...mediaRef, refId: z.string().min(1).optional() })
  .refine(hasSource, sourceMessage);
export const TextInputSchema = z.looseObject({
  type: z.literal('text'),
  provider: z.looseObject({
    name: z.string().min(1),
    voiceId: z.string().min(1),
    script: z.string().min(1).max(4999),
    stability: z.number().min(0).max(1).optional(),
    similarityBoost: z.number().min(0).max(1).optional(),
  }),
  refId: z.string().min(1).optional(),
});

export const GenerationInputSchema = z.union([VideoInputSchema, ImageInputSchema, AudioInputSchema, TextInputSchema]);
export type GenerationInput = z.input<typeof GenerationInputSchema>;

export const SyncOptionsSchema = z.record(z.string(), z.unknown());
export const OutputFileNameSchema = z.string().regex(/^[A-Za-z0-9_-]+$/, 'Use only letters, digits, - and _').max(255);

/** Only the shape of each item; the video/image + audio/text mix is checked with `inputCompositionError`. */
export const CreateGenerationRequestSchema = z
  .looseObject({
    model: z.string().min(1),
    input: z.array(GenerationInputSchema).min(1),
    options: SyncOptionsSchema.optional(),
    segments: z.array(z.unknown()).optional(),
    webhookUrl: httpUrl.optional(),
    outputFileName: OutputFileNameSchema.optional(),
    dubParams: z.record(z.string(), z.unknown()).optional(),
    projectId: z.string().min(1).optional(),
  })
  .superRefine((body, ctx) => {
    const problem = inputCompositionError(body.input.map((i) => i.type));
    if (problem) ctx.addIssue({ code: 'custom', path: ['input'], message: problem });
  });
export type CreateGenerationRequest = z.input<typeof CreateGenerationRequestSchema>;

/** One video **or** one image, plus at least one audio or text (README B2). Null when fine. */
export function inputCompositionError(types: ReadonlyArray<string>): string | null {
  const visuals = types.filter((t) => t === 'video' || t === 'image').length;
  const voices = types.filter((t) => t === 'audio' || t === 'text').length;
  if (visuals !== 1) return visuals === 0 ? 'Add a video or an image' : 'Use only one video or image';
  if (voices < 1) return 'Add an audio track or a text script';
  return null;
}
