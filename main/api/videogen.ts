/**
 * VideoGen v1 client. Every response is zod-parsed; every failure is an AppError.
 * Tool runs (`runTool`) are unsafe: never resent once they may have reached the server.
 */
import { z } from 'zod';
import type { Clock } from '../kernel/clock';
import { AppError, describeZodIssues } from '../kernel/errors';
import type { CallOptions, Outcome } from './http';
import { createServiceHttp } from './service-http';
import { readGenericErrorBody, type ServiceProfile } from './http-errors';
import { messages } from '../kernel/messages';
import type { RateBudget, RateWindow } from './rate-budget';
import { putBytes, type UploadBody } from './upload';
import {
  ApiErrorBodySchema,
  ExecutedToolSchema,
  FileUploadResponseSchema,
  GetFilesResponseSchema,
  LanguageListResponseSchema,
  MeResponseSchema,
  SearchFilesResponseSchema,
  StartToolExecutionResponseSchema,
  StorageFileSchema,
  ToolExecutionListResponseSchema,
  AvatarPresenterListResponseSchema,
  TtsVoiceListResponseSchema,
  WebhookEndpointListResponseSchema,
  WebhookEndpointSchema,
  type ExecutedTool,
  type FileType,
  type FileUploadResponse,
  type GetFilesResponse,
  type LanguageListResponse,
  type MeResponse,
  type SearchFilesResponse,
  type StartToolExecutionResponse,
  type StorageFile,
  type ToolExecutionListResponse,
  type AvatarPresenterListResponse,
  type TtsVoiceListResponse,
  type WebhookEndpoint,
  type WebhookEndpointListResponse,
} from './videogen-schemas';
import { createWebhookSchema } from '../contract';
import { isToolName, type ToolName } from '../contract/tool-catalog';
import { toolRequestSchemas } from '../contract/tools';
import {
  CreateEntitySchema,
  ExportRequestSchema,
  GenerateTextSchema,
  RemixRequestSchema,
  workflowRequestSchemas,
  WORKFLOWS,
  type EntityType,
  type WorkflowName,
} from '../contract/studio';
import {
  EntityArchiveResponseSchema,
  EntitySchema,
  ExportProjectResponseSchema,
  GenerateTextResponseSchema,
  ListEntitiesResponseSchema,
  ListProjectsResponseSchema,
  ListRemixActionsResponseSchema,
  ProjectExportSchema,
  ProjectSchema,
  RemixProjectResponseSchema,
  StartWorkflowRunResponseSchema,
  WorkflowRunListResponseSchema,
  WorkflowRunSchema,
} from './studio-schemas';

export const VIDEOGEN_BASE_URL = 'https://api.videogen.io';

const HOUR = 3_600_000;
/** Shared budget key for all tool starts: the limit is on `POST /v1/tools/*` as a whole. */
export const VIDEOGEN_TOOLS_RATE_KEY = 'videogen:POST /v1/tools/*';
const RESOURCES_RATE_KEY = 'videogen:GET /v1/resources/*';
/** Workflow starts share one budget (every workflow path). */
export const VIDEOGEN_WORKFLOWS_RATE_KEY = 'videogen:POST /v1/workflows/*';
export const VIDEOGEN_EXPORT_RATE_KEY = 'videogen:POST /v1/projects/{id}/export';
export const VIDEOGEN_REMIX_RATE_KEY = 'videogen:POST /v1/projects/{id}/remix';
const ENTITY_WRITE_RATE_KEY = 'videogen:POST /v1/entities/*';
const ENTITY_READ_RATE_KEY = 'videogen:GET /v1/entities/*';

/** Documented per-key hourly limits (README A12); the server's X-RateLimit-* headers override them. */
export const VIDEOGEN_RATE_DEFAULTS: Record<string, RateWindow> = {
  [VIDEOGEN_TOOLS_RATE_KEY]: { limit: 500, windowMs: HOUR },
  'videogen:GET /v1/tools/executions/{id}': { limit: 5000, windowMs: HOUR },
  'videogen:POST /v1/tools/executions/{id}/cancel': { limit: 250, windowMs: HOUR },
  'videogen:GET /v1/files': { limit: 50_000, windowMs: HOUR },
  'videogen:GET /v1/files/{id}': { limit: 50_000, windowMs: HOUR },
  'videogen:POST /v1/files/{id}/hydrate': { limit: 2500, windowMs: HOUR },
  'videogen:POST /v1/files/upload': { limit: 500, windowMs: HOUR },
  'videogen:POST /v1/files/search': { limit: 500, windowMs: HOUR },
  [RESOURCES_RATE_KEY]: { limit: 2500, windowMs: HOUR },
  // Workflows, projects, entities, text: the docs name no limits; the API README says to treat
  // starts like tool starts and reads like GET execution until told otherwise.
  [VIDEOGEN_WORKFLOWS_RATE_KEY]: { limit: 500, windowMs: HOUR },
  'videogen:GET /v1/workflows/runs/{id}': { limit: 5000, windowMs: HOUR },
  'videogen:GET /v1/workflows/runs': { limit: 5000, windowMs: HOUR },
  'videogen:POST /v1/workflows/runs/{id}/cancel': { limit: 250, windowMs: HOUR },
  'videogen:GET /v1/projects': { limit: 5000, windowMs: HOUR },
  'videogen:GET /v1/projects/{id}': { limit: 5000, windowMs: HOUR },
  [VIDEOGEN_EXPORT_RATE_KEY]: { limit: 500, windowMs: HOUR },
  'videogen:GET /v1/projects/{id}/exports/{exportId}': { limit: 5000, windowMs: HOUR },
  [VIDEOGEN_REMIX_RATE_KEY]: { limit: 500, windowMs: HOUR },
  'videogen:GET /v1/projects/{id}/remix-actions': { limit: 5000, windowMs: HOUR },
  [ENTITY_READ_RATE_KEY]: { limit: 5000, windowMs: HOUR },
  [ENTITY_WRITE_RATE_KEY]: { limit: 500, windowMs: HOUR },
  'videogen:POST /v1/text/generate': { limit: 500, windowMs: HOUR },
  'videogen:GET /v1/webhooks/endpoints': { limit: 500, windowMs: HOUR },
  'videogen:POST /v1/webhooks/endpoints': { limit: 10, windowMs: HOUR },
  'videogen:DELETE /v1/webhooks/endpoints/{id}': { limit: 10, windowMs: HOUR },
};

export const videogenProfile: ServiceProfile = {
  id: 'videogen',
  label: 'VideoGen',
  readErrorBody(body) {
    const parsed = ApiErrorBodySchema.safeParse(body);
    if (!parsed.success) return readGenericErrorBody(body);
    // ApiError has no field property; read `field`/`param` anyway in case the server adds one.
    const { field } = readGenericErrorBody(body);
    return { message: parsed.data.message.slice(0, 500), code: parsed.data.code, requirement: parsed.data.requirement, field };
  },
};

export interface VideoGenClientOptions {
  baseUrl?: string;
  /** Read on every call, so a key changed in Settings applies at once. */
  apiKey: () => string | null;
  fetch: typeof fetch;
  clock: Clock;
  budget: RateBudget;
  random?: () => number;
  onOutcome?: (o: Outcome) => void;
  timeoutMs?: number;
  maxAttempts?: number;
  maxRateWaitMs?: number;
}

export interface PutUploadOptions {
  size: number;
  onProgress?: (sentBytes: number) => void;
  signal?: AbortSignal;
  stallTimeoutMs?: number;
}

export interface VideoGenClient {
  /** The key check: who this key belongs to. */
  me(opts?: CallOptions): Promise<MeResponse>;
  listFiles(params?: { limit?: number; cursor?: string | null }, opts?: CallOptions): Promise<GetFilesResponse>;
  getFile(fileId: string, opts?: CallOptions): Promise<StorageFile>;
  /** Fresh signed URLs for every rendition (2,500/h: call lazily). */
  hydrateFile(fileId: string, opts?: CallOptions): Promise<StorageFile>;
  searchFiles(params: { query: string; numResults?: number; selfOnly?: boolean }, opts?: CallOptions): Promise<SearchFilesResponse>;
  createUpload(params: { displayName: string; type?: FileType; isTemporary?: boolean }, opts?: CallOptions): Promise<FileUploadResponse>;
  /**
   * PUT the bytes to `uploadUrl` (no Authorization header), streamed on node:http(s) with
   * flat memory (see upload.ts); a file is best given as `{ path }`. 403 → AppError{kind:'forbidden',
   * code:'upload_url_expired'}: create a new upload. Not retried here (a stream can't be replayed).
   */
  putUpload(uploadUrl: string, body: UploadBody, opts: PutUploadOptions): Promise<void>;
  archiveFile(fileId: string, opts?: CallOptions): Promise<StorageFile>;
  setPublicPreview(fileId: string, enabled: boolean, opts?: CallOptions): Promise<StorageFile>;
  /** UNSAFE: starts paid work. Validated first (→ `invalid`); never resent once it may have arrived (→ `unknown_outcome`). */
  runTool(name: ToolName, body: unknown, opts?: CallOptions): Promise<StartToolExecutionResponse>;
  getExecution(toolExecutionId: string, opts?: CallOptions): Promise<ExecutedTool>;
  listExecutions(params?: { limit?: number; cursor?: string | null; selfOnly?: boolean }, opts?: CallOptions): Promise<ToolExecutionListResponse>;
  /** A request: poll to see whether it became `cancelled`. */
  cancelExecution(toolExecutionId: string, opts?: CallOptions): Promise<StartToolExecutionResponse>;
  listVoices(params?: { limit?: number; cursor?: string | null; includeDeprecatedVoices?: boolean }, opts?: CallOptions): Promise<TtsVoiceListResponse>;
  listPresenters(params?: { limit?: number; cursor?: string | null; voiceId?: string }, opts?: CallOptions): Promise<AvatarPresenterListResponse>;
  listLanguages(opts?: CallOptions): Promise<LanguageListResponse>;
  listWebhooks(params?: { limit?: number; cursor?: string | null }, opts?: CallOptions): Promise<WebhookEndpointListResponse>;
  /** UNSAFE: a second send would register a second endpoint. The answer holds the signing secret, once. */
  createWebhook(body: { url: string; events: string[]; description?: string }, opts?: CallOptions): Promise<WebhookEndpoint>;
  deleteWebhook(endpointId: string, opts?: CallOptions): Promise<void>;

  /** UNSAFE: starts a workflow run (a project). Never resent once it may have arrived. */
  startWorkflow(name: WorkflowName, body: unknown, opts?: CallOptions): Promise<z.output<typeof StartWorkflowRunResponseSchema>>;
  getWorkflowRun(workflowRunId: string, opts?: CallOptions): Promise<z.output<typeof WorkflowRunSchema>>;
  listWorkflowRuns(params?: { limit?: number; cursor?: string | null; selfOnly?: boolean }, opts?: CallOptions): Promise<z.output<typeof WorkflowRunListResponseSchema>>;
  cancelWorkflowRun(workflowRunId: string, opts?: CallOptions): Promise<unknown>;
  listProjects(params?: { limit?: number; cursor?: string | null }, opts?: CallOptions): Promise<z.output<typeof ListProjectsResponseSchema>>;
  getProject(projectId: string, opts?: CallOptions): Promise<z.output<typeof ProjectSchema>>;
  /** UNSAFE: starts a render. */
  exportProject(body: { projectId: string; quality?: string }, opts?: CallOptions): Promise<z.output<typeof ExportProjectResponseSchema>>;
  getExport(projectId: string, exportId: string, opts?: CallOptions): Promise<z.output<typeof ProjectExportSchema>>;
  /** UNSAFE: starts one remix action per entry. */
  remixProject(body: { projectId: string; remixActions: unknown[]; saveAsNewProject?: boolean }, opts?: CallOptions): Promise<z.output<typeof RemixProjectResponseSchema>>;
  listRemixActions(projectId: string, opts?: CallOptions): Promise<z.output<typeof ListRemixActionsResponseSchema>>;
  listEntities(params?: { limit?: number; cursor?: string | null; entityType?: EntityType }, opts?: CallOptions): Promise<z.output<typeof ListEntitiesResponseSchema>>;
  createEntity(body: { entityType: EntityType; name: string; description?: string }, opts?: CallOptions): Promise<z.output<typeof EntitySchema>>;
  updateEntity(entityId: string, body: { name?: string | null; description?: string | null }, opts?: CallOptions): Promise<z.output<typeof EntitySchema>>;
  archiveEntity(entityId: string, opts?: CallOptions): Promise<z.output<typeof EntityArchiveResponseSchema>>;
  addEntityReference(entityId: string, body: { fileId: string; description?: string; isDefault?: boolean }, opts?: CallOptions): Promise<z.output<typeof EntitySchema>>;
  generateText(body: z.input<typeof GenerateTextSchema>, opts?: CallOptions): Promise<z.output<typeof GenerateTextResponseSchema>>;
}

const pageLimit = z.number().int().min(1).max(200).optional();
const cursor = z.string().min(1).nullish();
const ListParams = z.object({ limit: pageLimit, cursor });
const SearchParams = z.object({
  query: z.string().refine((s) => s.trim() !== '', { message: 'Type something to search for' }),
  numResults: z.number().int().min(1).max(100).optional(),
  selfOnly: z.boolean().optional(),
});
const UploadParams = z.object({
  displayName: z.string().min(1).max(1000),
  type: z.enum(['IMAGE', 'VIDEO', 'AUDIO', 'PDF', 'SLIDESHOW']).optional(),
  isTemporary: z.boolean().optional(),
});

export function createVideoGenClient(options: VideoGenClientOptions): VideoGenClient {
  const svc = videogenProfile.label;
  const http = createServiceHttp(
    { profile: videogenProfile, defaultBaseUrl: VIDEOGEN_BASE_URL, rateDefaults: VIDEOGEN_RATE_DEFAULTS, keyHeaders: (key) => ({ Authorization: `Bearer ${key}` }) },
    options,
  );

  /** Local validation of call parameters → `invalid`, before anything is sent. */
  function check<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw new AppError({ kind: 'invalid', code: 'invalid_parameters', message: messages.invalidInput(describeZodIssues(parsed.error.issues)) });
    }
    return parsed.data;
  }

  const fileCall = (path: string, method: 'GET' | 'POST', fileId: string, opts?: CallOptions) =>
    http.request({ ...opts, method, path, params: { id: fileId }, safety: 'safe', schema: StorageFileSchema });

  return {
    me: (opts) => http.request({ ...opts, method: 'GET', path: '/v1/me', safety: 'safe', schema: MeResponseSchema }),

    async listFiles(params = {}, opts) {
      const p = check(ListParams, params);
      return http.request({
        ...opts,
        method: 'GET',
        path: '/v1/files',
        query: { limit: p.limit, cursor: p.cursor },
        safety: 'safe',
        schema: GetFilesResponseSchema,
      });
    },

    getFile: (fileId, opts) => fileCall('/v1/files/{id}', 'GET', fileId, opts),
    hydrateFile: (fileId, opts) => fileCall('/v1/files/{id}/hydrate', 'POST', fileId, opts),
    archiveFile: (fileId, opts) => fileCall('/v1/files/{id}/archive', 'POST', fileId, opts),
    setPublicPreview: (fileId, enabled, opts) =>
      fileCall(enabled ? '/v1/files/{id}/enable-public-preview' : '/v1/files/{id}/disable-public-preview', 'POST', fileId, opts),

    async searchFiles(params, opts) {
      const body = check(SearchParams, params);
      return http.request({ ...opts, method: 'POST', path: '/v1/files/search', json: body, safety: 'safe', schema: SearchFilesResponseSchema });
    },

    async createUpload(params, opts) {
      const body = check(UploadParams, params);
      // Creates a row server-side, but a duplicate is harmless (it just never receives bytes): safe.
      return http.request({ ...opts, method: 'POST', path: '/v1/files/upload', json: body, safety: 'safe', schema: FileUploadResponseSchema });
    },

    putUpload(uploadUrl, body, opts) {
      return putBytes({
        url: uploadUrl,
        body,
        size: opts.size,
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.stallTimeoutMs !== undefined ? { stallTimeoutMs: opts.stallTimeoutMs } : {}),
        service: svc,
        endpoint: 'videogen:PUT upload',
        ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
      });
    },

    async runTool(name, body, opts) {
      if (!isToolName(name)) {
        throw new AppError({ kind: 'invalid', code: 'unknown_tool', message: `“${String(name)}” isn't a VideoGen tool Atelier knows.` });
      }
      const validated = check(toolRequestSchemas[name], body);
      return http.request({
        ...opts,
        method: 'POST',
        path: `/v1/tools/${name}`,
        json: validated,
        safety: 'unsafe',
        rateKey: VIDEOGEN_TOOLS_RATE_KEY,
        schema: StartToolExecutionResponseSchema,
      });
    },

    getExecution: (toolExecutionId, opts) =>
      http.request({
        ...opts,
        method: 'GET',
        path: '/v1/tools/executions/{id}',
        params: { id: toolExecutionId },
        safety: 'safe',
        schema: ExecutedToolSchema,
      }),

    async listExecutions(params = {}, opts) {
      const p = check(ListParams.extend({ selfOnly: z.boolean().optional() }), params);
      return http.request({
        ...opts,
        method: 'GET',
        path: '/v1/tools/executions',
        query: { limit: p.limit, cursor: p.cursor, selfOnly: p.selfOnly },
        safety: 'safe',
        schema: ToolExecutionListResponseSchema,
      });
    },

    cancelExecution: (toolExecutionId, opts) =>
      // Asking twice to cancel is harmless: safe to retry.
      http.request({
        ...opts,
        method: 'POST',
        path: '/v1/tools/executions/{id}/cancel',
        params: { id: toolExecutionId },
        safety: 'safe',
        schema: StartToolExecutionResponseSchema,
      }),

    async listVoices(params = {}, opts) {
      const p = check(ListParams.extend({ includeDeprecatedVoices: z.boolean().optional() }), params);
      return http.request({
        ...opts,
        method: 'GET',
        path: '/v1/resources/tts-voices',
        query: { limit: p.limit, cursor: p.cursor, includeDeprecatedVoices: p.includeDeprecatedVoices },
        safety: 'safe',
        rateKey: RESOURCES_RATE_KEY,
        schema: TtsVoiceListResponseSchema,
      });
    },

    async listPresenters(params = {}, opts) {
      const p = check(ListParams.extend({ voiceId: z.string().min(1).optional() }), params);
      return http.request({
        ...opts,
        method: 'GET',
        path: '/v1/resources/avatar-presenters',
        query: { limit: p.limit, cursor: p.cursor, voiceId: p.voiceId },
        safety: 'safe',
        rateKey: RESOURCES_RATE_KEY,
        schema: AvatarPresenterListResponseSchema,
      });
    },

    listLanguages: (opts) =>
      http.request({
        ...opts,
        method: 'GET',
        path: '/v1/resources/languages',
        safety: 'safe',
        rateKey: RESOURCES_RATE_KEY,
        schema: LanguageListResponseSchema,
      }),

    async listWebhooks(params = {}, opts) {
      const p = check(ListParams, params);
      return http.request({
        ...opts,
        method: 'GET',
        path: '/v1/webhooks/endpoints',
        query: { limit: p.limit, cursor: p.cursor },
        safety: 'safe',
        schema: WebhookEndpointListResponseSchema,
      });
    },
    async createWebhook(body, opts) {
      const json = check(createWebhookSchema, body);
      return http.request({ ...opts, method: 'POST', path: '/v1/webhooks/endpoints', json, safety: 'unsafe', schema: WebhookEndpointSchema });
    },
    async deleteWebhook(endpointId, opts) {
      // Deleting twice is harmless (the second is a 404, reported as such): safe to retry.
      await http.request({
        ...opts,
        method: 'DELETE',
        path: '/v1/webhooks/endpoints/{id}',
        params: { id: endpointId },
        safety: 'safe',
        schema: z.unknown(),
      });
    },

    async startWorkflow(name, body, opts) {
      if (!(WORKFLOWS as readonly string[]).includes(name)) {
        throw new AppError({ kind: 'invalid', code: 'unknown_workflow', message: `“${String(name)}” isn't a VideoGen workflow Atelier knows.` });
      }
      const json = check(workflowRequestSchemas[name], body);
      return http.request({
        ...opts,
        method: 'POST',
        path: `/v1/workflows/${name}`,
        json,
        safety: 'unsafe',
        rateKey: VIDEOGEN_WORKFLOWS_RATE_KEY,
        schema: StartWorkflowRunResponseSchema,
      });
    },
    getWorkflowRun: (workflowRunId, opts) =>
      http.request({ ...opts, method: 'GET', path: '/v1/workflows/runs/{id}', params: { id: workflowRunId }, safety: 'safe', schema: WorkflowRunSchema }),
    async listWorkflowRuns(params = {}, opts) {
      const p = check(ListParams.extend({ selfOnly: z.boolean().optional() }), params);
      return http.request({
        ...opts,
        method: 'GET',
        path: '/v1/workflows/runs',
        query: { limit: p.limit, cursor: p.cursor, selfOnly: p.selfOnly },
        safety: 'safe',
        schema: WorkflowRunListResponseSchema,
      });
    },
    cancelWorkflowRun: (workflowRunId, opts) =>
      http.request({ ...opts, method: 'POST', path: '/v1/workflows/runs/{id}/cancel', params: { id: workflowRunId }, safety: 'safe', schema: z.unknown() }),
    async listProjects(params = {}, opts) {
      const p = check(ListParams, params);
      return http.request({ ...opts, method: 'GET', path: '/v1/projects', query: { limit: p.limit, cursor: p.cursor }, safety: 'safe', schema: ListProjectsResponseSchema });
    },
    getProject: (projectId, opts) =>
      http.request({ ...opts, method: 'GET', path: '/v1/projects/{id}', params: { id: projectId }, safety: 'safe', schema: ProjectSchema }),
    async exportProject(body, opts) {
      const { projectId, ...json } = check(ExportRequestSchema, body);
      return http.request({
        ...opts,
        method: 'POST',
        path: '/v1/projects/{id}/export',
        params: { id: projectId },
        json,
        safety: 'unsafe',
        schema: ExportProjectResponseSchema,
      });
    },
    getExport: (projectId, exportId, opts) =>
      http.request({
        ...opts,
        method: 'GET',
        path: '/v1/projects/{id}/exports/{exportId}',
        params: { id: projectId, exportId },
        safety: 'safe',
        schema: ProjectExportSchema,
      }),
    async remixProject(body, opts) {
      const { projectId, ...json } = check(RemixRequestSchema, body);
      return http.request({
        ...opts,
        method: 'POST',
        path: '/v1/projects/{id}/remix',
        params: { id: projectId },
        json,
        safety: 'unsafe',
        schema: RemixProjectResponseSchema,
      });
    },
    listRemixActions: (projectId, opts) =>
      http.request({
        ...opts,
        method: 'GET',
        path: '/v1/projects/{id}/remix-actions',
        params: { id: projectId },
        safety: 'safe',
        schema: ListRemixActionsResponseSchema,
      }),
    async listEntities(params = {}, opts) {
      const p = check(ListParams.extend({ entityType: z.enum(['ACTOR', 'PRODUCT', 'VISUAL_STYLE']).optional() }), params);
      return http.request({
        ...opts,
        method: 'GET',
        path: '/v1/entities',
        query: { limit: p.limit, cursor: p.cursor, entityType: p.entityType },
        safety: 'safe',
        rateKey: ENTITY_READ_RATE_KEY,
        schema: ListEntitiesResponseSchema,
      });
    },
    async createEntity(body, opts) {
      const json = check(CreateEntitySchema, body);
      // A second entity of the same name is harmless but visible: not resent once it may have arrived.
      return http.request({ ...opts, method: 'POST', path: '/v1/entities', json, safety: 'unsafe', rateKey: ENTITY_WRITE_RATE_KEY, schema: EntitySchema });
    },
    updateEntity: (entityId, body, opts) =>
      http.request({
        ...opts,
        method: 'POST',
        path: '/v1/entities/{id}/update',
        params: { id: entityId },
        json: body,
        safety: 'safe',
        rateKey: ENTITY_WRITE_RATE_KEY,
        schema: EntitySchema,
      }),
    archiveEntity: (entityId, opts) =>
      http.request({ ...opts, method: 'POST', path: '/v1/entities/{id}/archive', params: { id: entityId }, safety: 'safe', rateKey: ENTITY_WRITE_RATE_KEY, schema: EntityArchiveResponseSchema }),
    addEntityReference: (entityId, body, opts) =>
      // Adding the same file twice updates it: safe to retry.
      http.request({
        ...opts,
        method: 'POST',
        path: '/v1/entities/{id}/references',
        params: { id: entityId },
        json: body,
        safety: 'safe',
        rateKey: ENTITY_WRITE_RATE_KEY,
        schema: EntitySchema,
      }),
    async generateText(body, opts) {
      const json = check(GenerateTextSchema, body);
      // Costs credits: not resent once it may have arrived (the person can ask again).
      return http.request({ ...opts, method: 'POST', path: '/v1/text/generate', json, safety: 'unsafe', schema: GenerateTextResponseSchema });
    },
  };
}
