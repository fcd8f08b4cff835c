/**
 * Sync v2 (lip-sync) client. Creating a generation is unsafe (starts paid work): never resent
 * once it may have reached the server. Every response is zod-parsed; every failure is an AppError.
 */
import { z } from 'zod';
import type { Clock } from '../kernel/clock';
import { AppError, describeZodIssues } from '../kernel/errors';
import type { CallOptions, Outcome } from './http';
import { createServiceHttp } from './service-http';
import { readGenericErrorBody, type ErrorBodyInfo, type ServiceProfile } from './http-errors';
import { messages } from '../kernel/messages';
import type { RateBudget, RateWindow } from './rate-budget';
import { SYNC_FILE_FIELDS, buildForm, prepareFiles, type SyncFiles } from './sync-multipart';
import {
  AssetSchema,
  AssetUploadResponseSchema,
  CreateGenerationRequestSchema,
  EstimatedGenerationCostListSchema,
  GenerationInputSchema,
  GenerationListSchema,
  GenerationSchema,
  OutputFileNameSchema,
  SyncErrorBodySchema,
  SyncErrorCatalogSchema,
  SyncModelListSchema,
  SyncOptionsSchema,
  inputCompositionError,
  type Asset,
  type AssetUploadResponse,
  type CreateGenerationRequest,
  type EstimatedGenerationCost,
  type Generation,
  type GenerationInput,
  type SyncErrorCatalogEntry,
  type SyncModel,
} from './sync-schemas';
import { putBytes, type UploadBody } from './upload';
import { httpUrl } from './schema-helpers';

export const SYNC_BASE_URL = 'https://api.sync.so';

export const SYNC_CREATE_RATE_KEY = 'sync:POST /v2/generate';
/** "All other endpoints": one shared budget (the stricter reading of the docs). */
export const SYNC_OTHER_RATE_KEY = 'sync:*';

/** Sync sends no rate headers: counted locally (README B8, 2026 limits). */
export const SYNC_RATE_DEFAULTS: Record<string, RateWindow> = {
  [SYNC_CREATE_RATE_KEY]: { limit: 60, windowMs: 60_000 },
  [SYNC_OTHER_RATE_KEY]: { limit: 600, windowMs: 60_000 },
};

/**
 * A 429 on create is either the per-minute rate limit or the plan's concurrency cap
 * (PENDING + PROCESSING jobs). Sync documents no code for either, so we read the message:
 * words about concurrency / jobs already running → `concurrency_limit` (wait for a job to
 * finish, don't retry in a loop); anything else → an ordinary rate limit.
 */
const CONCURRENCY_WORDS =
  /concurren|simultaneous|parallel|at (a|one) time|in progress|already (running|processing)|(active|running|pending|processing|ongoing) (jobs|generations|requests)|(max|maximum|limit)[\w\s]{0,20}(jobs|generations)/i;

export function isConcurrencyRejection(info: ErrorBodyInfo, endpoint: string): boolean {
  if (endpoint !== SYNC_CREATE_RATE_KEY) return false;
  if (info.code && /concurren/i.test(info.code)) return true;
  return info.message !== null && CONCURRENCY_WORDS.test(info.message);
}

export const syncProfile: ServiceProfile = {
  id: 'sync',
  label: 'Sync',
  readErrorBody(body) {
    const parsed = SyncErrorBodySchema.safeParse(body);
    if (!parsed.success) return readGenericErrorBody(body);
    const b = parsed.data;
    const message = (Array.isArray(b.message) ? b.message.join('; ') : b.message).slice(0, 500);
    // `error` is the HTTP reason ("Unauthorized"), not a code.
    return { message, code: b.code ?? b.errorCode ?? b.error_code, requirement: null, field: null };
  },
  isConcurrencyRejection,
};

export interface SyncClientOptions {
  baseUrl?: string;
  apiKey: () => string | null;
  fetch: typeof fetch;
  clock: Clock;
  budget: RateBudget;
  random?: () => number;
  onOutcome?: (o: Outcome) => void;
  timeoutMs?: number;
  /** Multipart creates carry up to 3 × 20 MB: default 10 min. */
  multipartTimeoutMs?: number;
  maxAttempts?: number;
  maxRateWaitMs?: number;
}

export interface CreateMultipartRequest {
  model: string;
  /** Non-file inputs (e.g. a text item, or a URL for the part not sent as a file). */
  input?: GenerationInput[];
  options?: Record<string, unknown>;
  webhookUrl?: string;
  outputFileName?: string;
  files: SyncFiles;
}

export interface SyncClient {
  listModels(opts?: CallOptions): Promise<SyncModel[]>;
  /** UNSAFE. JSON body with URLs or asset ids. */
  createGeneration(body: CreateGenerationRequest, opts?: CallOptions): Promise<Generation>;
  /** UNSAFE. Files streamed as multipart (each < 20 MB). */
  createGenerationMultipart(request: CreateMultipartRequest, opts?: CallOptions): Promise<Generation>;
  getGeneration(id: string, opts?: CallOptions): Promise<Generation>;
  listGenerations(params?: { ids?: string[]; status?: string }, opts?: CallOptions): Promise<Generation[]>;
  /** 404 → `not_found` saying this API may not support cancel. Returns the generation when the API sends it. */
  cancelGeneration(id: string, opts?: CallOptions): Promise<Generation | null>;
  /** `/v2/analyze/cost`, falling back to `/v2/generations/estimate` on 404. */
  estimateCost(body: CreateGenerationRequest, opts?: CallOptions): Promise<EstimatedGenerationCost[]>;
  createAssetUpload(params: { fileName: string; contentType: string; size: number }, opts?: CallOptions): Promise<AssetUploadResponse>;
  /**
   * PUT with exactly the declared Content-Type and no x-api-key, streamed on node:http(s) with flat
   * memory (see upload.ts); a file is best given as `{ path }`. 403 → `forbidden`/`upload_url_expired`.
   */
  putAsset(
    uploadUrl: string,
    body: UploadBody,
    opts: { contentType: string; size: number; onProgress?: (sentBytes: number) => void; signal?: AbortSignal; stallTimeoutMs?: number },
  ): Promise<void>;
  createAsset(params: { url: string; projectId?: string }, opts?: CallOptions): Promise<Asset>;
  getAsset(id: string, opts?: CallOptions): Promise<Asset>;
  /** Public catalog of failure codes (no key needed). */
  listErrors(opts?: CallOptions): Promise<SyncErrorCatalogEntry[]>;
}

const AssetUploadParams = z.object({
  fileName: z.string().min(1).max(1000).regex(/\.[A-Za-z0-9]+$/, 'Include the file extension'),
  contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'Expected a content type like video/mp4'),
  size: z.number().int().positive(),
});

const MultipartParams = z.object({
  model: z.string().min(1),
  input: z.array(GenerationInputSchema).optional(),
  options: SyncOptionsSchema.optional(),
  webhookUrl: httpUrl.optional(),
  outputFileName: OutputFileNameSchema.optional(),
});

export function createSyncClient(options: SyncClientOptions): SyncClient {
  const svc = syncProfile.label;
  const http = createServiceHttp(
    { profile: syncProfile, defaultBaseUrl: SYNC_BASE_URL, rateDefaults: SYNC_RATE_DEFAULTS, keyHeaders: (key) => ({ 'x-api-key': key }) },
    options,
  );

  function check<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw new AppError({ kind: 'invalid', code: 'invalid_parameters', message: messages.invalidInput(describeZodIssues(parsed.error.issues)) });
    }
    return parsed.data;
  }

  const other = { rateKey: SYNC_OTHER_RATE_KEY, safety: 'safe' as const };
  const cancelResponse = z.union([GenerationSchema, z.unknown().transform(() => null)]);

  async function estimate(body: unknown, opts?: CallOptions): Promise<EstimatedGenerationCost[]> {
    const call = (path: string) =>
      http.request({ ...opts, ...other, method: 'POST', path, json: body, schema: EstimatedGenerationCostListSchema });
    try {
      return await call('/v2/analyze/cost');
    } catch (e) {
      if (e instanceof AppError && e.kind === 'not_found') return call('/v2/generations/estimate');
      throw e;
    }
  }

  return {
    listModels: (opts) => http.request({ ...opts, ...other, method: 'GET', path: '/v2/models', schema: SyncModelListSchema }),

    async createGeneration(body, opts) {
      const validated = check(CreateGenerationRequestSchema, body);
      return http.request({
        ...opts,
        method: 'POST',
        path: '/v2/generate',
        json: validated,
        safety: 'unsafe',
        rateKey: SYNC_CREATE_RATE_KEY,
        schema: GenerationSchema,
      });
    },

    async createGenerationMultipart(request, opts) {
      const fields = check(MultipartParams, request);
      const input = fields.input ?? [];
      const fileTypes: string[] = SYNC_FILE_FIELDS.filter((f) => request.files?.[f]);
      // A file beats a URL of the same type, so a type given both ways counts once.
      const inputTypes = input.map((i) => i.type).filter((t) => !fileTypes.includes(t));
      const problem = inputCompositionError([...fileTypes, ...inputTypes]);
      if (problem) {
        throw new AppError({ kind: 'invalid', code: 'invalid_parameters', message: messages.invalidInput(`input: ${problem}`) });
      }
      const prepared = await prepareFiles(request.files);
      try {
        return await http.request({
          ...opts,
          timeoutMs: opts?.timeoutMs ?? options.multipartTimeoutMs ?? 600_000,
          method: 'POST',
          path: '/v2/generate',
          body: async () => ({ body: await buildForm({ ...fields, input }, prepared), headers: {} }),
          safety: 'unsafe',
          rateKey: SYNC_CREATE_RATE_KEY,
          schema: GenerationSchema,
        });
      } finally {
        await prepared.cleanup();
      }
    },

    getGeneration: (id, opts) =>
      http.request({ ...opts, ...other, method: 'GET', path: '/v2/generate/{id}', params: { id }, schema: GenerationSchema }),

    async listGenerations(params = {}, opts) {
      const ids = params.ids?.filter((id) => id.trim() !== '');
      return http.request({
        ...opts,
        ...other,
        method: 'GET',
        path: '/v2/generations',
        query: { ids: ids && ids.length > 0 ? ids.join(',') : undefined, status: params.status },
        schema: GenerationListSchema,
      });
    },

    async cancelGeneration(id, opts) {
      try {
        return await http.request({
          ...opts,
          ...other,
          method: 'POST',
          path: '/v2/generate/{id}/cancel',
          params: { id },
          schema: cancelResponse,
        });
      } catch (e) {
        if (e instanceof AppError && e.kind === 'not_found') {
          throw new AppError({
            kind: 'not_found',
            status: 404,
            code: 'cancel_unsupported',
            retryable: false,
            message:
              "Sync couldn't cancel this generation: this version of the Sync API doesn't support cancelling (or the generation is gone). It will finish on its own.",
            cause: e,
          });
        }
        throw e;
      }
    },

    async estimateCost(body, opts) {
      return estimate(check(CreateGenerationRequestSchema, body), opts);
    },

    async createAssetUpload(params, opts) {
      const body = check(AssetUploadParams, params);
      return http.request({ ...opts, ...other, method: 'POST', path: '/v2/assets/upload', json: body, schema: AssetUploadResponseSchema });
    },

    putAsset(uploadUrl, body, opts) {
      return putBytes({
        url: uploadUrl,
        body,
        size: opts.size,
        headers: { 'Content-Type': opts.contentType },
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.stallTimeoutMs !== undefined ? { stallTimeoutMs: opts.stallTimeoutMs } : {}),
        service: svc,
        endpoint: 'sync:PUT asset',
        ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
      });
    },

    async createAsset(params, opts) {
      const body = check(z.object({ url: z.string().min(1), projectId: z.string().min(1).optional() }), params);
      // Registering the same URL twice is harmless: safe to retry.
      return http.request({ ...opts, ...other, method: 'POST', path: '/v2/assets', json: body, schema: AssetSchema });
    },

    getAsset: (id, opts) =>
      http.request({ ...opts, ...other, method: 'GET', path: '/v2/assets/{id}', params: { id }, schema: AssetSchema }),

    listErrors: (opts) =>
      http.request({ ...opts, ...other, auth: false, method: 'GET', path: '/v2/errors', schema: SyncErrorCatalogSchema }),
  };
}
