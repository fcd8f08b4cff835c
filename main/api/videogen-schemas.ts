/**
 * VideoGen v1 response shapes (OpenAPI `components/schemas`), parsed with zod.
 * Strict on what code relies on (required fields, documented enums); tolerant where real data
 * deviates (README A4): absent ≡ null, `url: ""` / `expiresAt: 0` mean "no URL", open strings
 * (`toolType`, `sourceToolType`, error codes) stay open, unknown keys are dropped.
 */
import { z } from 'zod';
import { httpUrl, isHttpUrl, nullish, optionalUrl } from './schema-helpers';

export const FILE_TYPES = ['IMAGE', 'VIDEO', 'AUDIO', 'PDF', 'SLIDESHOW'] as const;
export const FileTypeSchema = z.enum(FILE_TYPES);
export type FileType = z.infer<typeof FileTypeSchema>;

export const FileScopeSchema = z.enum(['GLOBAL', 'PROJECT', 'EXPORT', 'TEMPORARY', 'ENTITY']);
export type FileScope = z.infer<typeof FileScopeSchema>;

export const SourceStatusSchema = z.enum(['pending', 'ready', 'failed', 'skipped']);
export type SourceStatus = z.infer<typeof SourceStatusSchema>;

/** A rendition. `expiresAt` is Unix **seconds**; 0 / absent / null all mean "unknown". */
export const FileSourceSchema = z.object({
  status: SourceStatusSchema,
  url: optionalUrl,
  expiresAt: z
    .number()
    .nullish()
    .transform((v) => (v === undefined || v === null || v <= 0 ? null : v)),
  width: nullish(z.number().int().nonnegative()),
  height: nullish(z.number().int().nonnegative()),
  fileBytes: nullish(z.number().int().nonnegative()),
});
export type FileSource = z.infer<typeof FileSourceSchema>;

export const AnalysisLoadingStateSchema = z.enum(['UNATTEMPTED', 'LOADING', 'FULFILLED', 'REJECTED']);

export const FileAnalysisMetadataSchema = z.object({
  analysisLoadingState: AnalysisLoadingStateSchema,
  analysisProgressPercentage: z.number().transform(clampPercent),
  analysisAttemptIndex: nullish(z.number().int().nonnegative()),
});
export type FileAnalysisMetadata = z.infer<typeof FileAnalysisMetadataSchema>;

const source = nullish(FileSourceSchema);

export const StorageFileSchema = z.object({
  fileId: z.string().min(1),
  scope: FileScopeSchema,
  /** Null while processing. */
  type: nullish(FileTypeSchema),
  displayName: nullish(z.string()),
  description: nullish(z.string()),
  durationSeconds: nullish(z.number().nonnegative()),
  transcript: nullish(z.string()),
  thumbnailSource: source,
  previewSource: source,
  downloadSource: source,
  hlsSource: source,
  isPublicPreviewEnabled: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
  staticPublicPreviewSource: source,
  publicHlsUrl: optionalUrl,
  publicPlaybackId: nullish(z.string().min(1)),
  /** Open string: e.g. GENERATE_IMAGE, TEXT_TO_SPEECH. */
  sourceToolType: nullish(z.string()),
  sourceToolExecutionId: nullish(z.string()),
  /** Omitted on tool-result inline files and webhook payloads. */
  fileAnalysisMetadata: nullish(FileAnalysisMetadataSchema),
});
export type StorageFile = z.infer<typeof StorageFileSchema>;

/** Pagination (README A2): `nextCursor` is required, null on the last page; `""` counts as null. */
const pagination = {
  hasMore: z.boolean(),
  nextCursor: z
    .string()
    .nullable()
    .transform((v) => (v === '' ? null : v)),
};

const GetFilesResponseZod = z.object({ files: z.array(StorageFileSchema), ...pagination });
export type GetFilesResponse = z.infer<typeof GetFilesResponseZod>;
/** A library page. Checked by `fastFilesPage` first (see below), by zod when that is unsure. */
export const GetFilesResponseSchema = withFastPath(GetFilesResponseZod, fastFilesPage);

export const FileUploadResponseSchema = z.object({
  fileId: z.string().min(1),
  /** Pre-signed PUT URL. Must be http(s): we send the file's bytes there. */
  uploadUrl: httpUrl,
});
export type FileUploadResponse = z.infer<typeof FileUploadResponseSchema>;

export const SearchFilesResultSchema = z.object({
  similarity: z.number().transform((v) => Math.min(1, Math.max(0, v))),
  file: StorageFileSchema,
});
export const SearchFilesResponseSchema = z.object({ results: z.array(SearchFilesResultSchema) });
export type SearchFilesResponse = z.infer<typeof SearchFilesResponseSchema>;

export const ApiErrorBodySchema = z.object({
  message: z.string(),
  code: nullish(z.string()),
  requirement: nullish(
    z.object({
      type: z.string(),
      details: nullish(z.record(z.string(), z.unknown())),
    }),
  ),
  internalErrorCode: nullish(z.string()),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

export const ToolSuccessResultSchema = z.object({
  fileId: z.string().min(1),
  type: FileTypeSchema,
  /** Only in webhooks or after hydration. */
  file: nullish(StorageFileSchema),
});
export type ToolSuccessResult = z.infer<typeof ToolSuccessResultSchema>;

export const EXECUTION_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const ExecutionStatusSchema = z.enum(EXECUTION_STATUSES);
export type ExecutionStatus = z.infer<typeof ExecutionStatusSchema>;

export function isExecutionTerminal(status: ExecutionStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

export const ExecutedToolSchema = z.object({
  toolExecutionId: z.string().min(1),
  status: ExecutionStatusSchema,
  /** Open string: GENERATE_IMAGE, GENERATE_VIDEO_CLIP, TEXT_TO_SPEECH, … */
  toolType: z.string(),
  /** For the current attempt: may drop when `attemptIndex` rises. */
  progressPercentage: z.number().transform(clampPercent),
  attemptIndex: z.number().int().nonnegative(),
  /** Only on `succeeded`; absent ≡ null. */
  results: nullish(z.array(ToolSuccessResultSchema)),
  error: nullish(ApiErrorBodySchema),
});
export type ExecutedTool = z.infer<typeof ExecutedToolSchema>;

export const ToolExecutionListResponseSchema = z.object({ toolExecutions: z.array(ExecutedToolSchema), ...pagination });
export type ToolExecutionListResponse = z.infer<typeof ToolExecutionListResponseSchema>;

export const StartToolExecutionResponseSchema = z.object({ toolExecutionId: z.string().min(1) });
export type StartToolExecutionResponse = z.infer<typeof StartToolExecutionResponseSchema>;

export const MeResponseSchema = z.object({
  apiKeyId: z.string(),
  apiKeyNickname: z.string(),
  email: z.string(),
  displayName: nullish(z.string()),
  teamId: z.string(),
});
export type MeResponse = z.infer<typeof MeResponseSchema>;

export const GenderSchema = z.enum(['MALE', 'FEMALE', 'NEUTRAL']);

export const TtsVoiceSchema = z.object({
  voiceId: z.string().min(1),
  languageCode: z.string(),
  displayName: z.string(),
  displayGender: GenderSchema,
  accent: nullish(z.string()),
  description: nullish(z.string()),
  supportsDirectToolExecution: z.boolean(),
  supportsAllLanguages: z.boolean(),
  isDeprecated: z.boolean(),
});
export type TtsVoice = z.infer<typeof TtsVoiceSchema>;
export const TtsVoiceListResponseSchema = z.object({ ttsVoices: z.array(TtsVoiceSchema), ...pagination });
export type TtsVoiceListResponse = z.infer<typeof TtsVoiceListResponseSchema>;

export const AvatarPresenterSchema = z.object({
  avatarPresenterId: z.string().min(1),
  displayableGender: GenderSchema,
  /** Required by the spec; a blank one shouldn't hide the whole list, so "" → null. */
  imageUrl: optionalUrl,
  thumbnailUrl: optionalUrl,
  previewVideoUrl: optionalUrl,
});
export type AvatarPresenter = z.infer<typeof AvatarPresenterSchema>;
export const AvatarPresenterListResponseSchema = z.object({ avatarPresenters: z.array(AvatarPresenterSchema), ...pagination });
export type AvatarPresenterListResponse = z.infer<typeof AvatarPresenterListResponseSchema>;

export const LanguageSchema = z.object({ languageCode: z.string().min(1), name: z.string() });
export type Language = z.infer<typeof LanguageSchema>;
export const LanguageListResponseSchema = z.object({ languages: z.array(LanguageSchema) });
export type LanguageListResponse = z.infer<typeof LanguageListResponseSchema>;

export const WebhookEndpointSchema = z.object({
  endpointId: z.string().min(1),
  url: z.string(),
  /** Open strings: new event names must not break the list. */
  events: z.array(z.string()),
  description: nullish(z.string()),
  createdAt: z.number(),
  /** Only on create (the spec example sends null). */
  signingSecret: nullish(z.string()),
  signingSecretLast4: nullish(z.string()),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;
export const WebhookEndpointListResponseSchema = z.object({ endpoints: z.array(WebhookEndpointSchema), ...pagination });
export type WebhookEndpointListResponse = z.infer<typeof WebhookEndpointListResponseSchema>;

/** `tool_execution.*` webhook body (Atelier polls, but the shape is here for completeness and tests). */
export const ToolExecutionWebhookPayloadSchema = z.object({
  event: z.string(),
  toolExecutionId: z.string().min(1),
  occurredAt: z.number(),
  toolType: z.string(),
  results: nullish(z.array(ToolSuccessResultSchema)),
  error: nullish(ApiErrorBodySchema),
});
export type ToolExecutionWebhookPayload = z.infer<typeof ToolExecutionWebhookPayloadSchema>;

function clampPercent(v: number): number {
  return Number.isFinite(v) ? Math.min(100, Math.max(0, v)) : 0;
}

// ---- fast path for library pages ------------------------------------------------------
//
// A full library sync parses 100,000 StorageFiles in pages of 200; zod spends ~15 µs on each
// (a transform per nullable field: 1.5 s of a 100k sync). `fastFilesPage` checks the same
// rules by hand in ~0.5 µs. It can only *accept*: whenever it is not sure (wrong type,
// unknown enum value, bad URL, missing field, anything unusual) it gives up and the zod
// schema parses the input, so zod stays the authority on what is rejected and its issues
// make the `bad_response` message. When it accepts, its output equals zod's, field for field
// and in the same key order (checked against zod on 40,000 generated valid and broken pages
// and on a 100k-file sandbox library). A rule changed above must be changed here too.

/** Thrown (and caught in `withFastPath`) when the fast check is not sure: zod decides. */
const UNSURE: unique symbol = Symbol('unsure');

function unsure(): never {
  throw UNSURE;
}

/** Gives `schema.parse`/`safeParse` a fast path; composition (`z.array(schema)`, `.extend`, …) is plain zod. */
function withFastPath<S extends z.ZodType>(schema: S, fast: (input: unknown) => z.output<S>): S {
  const zodParse = schema.parse.bind(schema);
  const zodSafeParse = schema.safeParse.bind(schema);
  const tryFast = (input: unknown): { value: z.output<S> } | null => {
    try {
      return { value: fast(input) };
    } catch (e) {
      if (e === UNSURE) return null;
      throw e;
    }
  };
  const parse: typeof zodParse = (data, params) => {
    const r = tryFast(data);
    return r ? r.value : zodParse(data, params);
  };
  const safeParse: typeof zodSafeParse = (data, params) => {
    const r = tryFast(data);
    return r ? { success: true, data: r.value } : zodSafeParse(data, params);
  };
  return Object.assign(schema, { parse, safeParse });
}

type Loose = Record<string, unknown>;

/** What `z.object` accepts as an object. */
function obj(v: unknown): Loose {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Loose) : unsure();
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : unsure();
}

function nonEmptyStr(v: unknown): string {
  return typeof v === 'string' && v.length >= 1 ? v : unsure();
}

function nStr(v: unknown): string | null {
  return v === undefined || v === null ? null : str(v);
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : unsure();
}

function nNonNegNum(v: unknown): number | null {
  if (v === undefined || v === null) return null;
  return num(v) >= 0 ? (v as number) : unsure();
}

function nNonNegInt(v: unknown): number | null {
  if (v === undefined || v === null) return null;
  return Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : unsure();
}

function member<T extends string>(values: ReadonlySet<string>, v: unknown): T {
  return typeof v === 'string' && values.has(v) ? (v as T) : unsure();
}

function nMember<T extends string>(values: ReadonlySet<string>, v: unknown): T | null {
  return v === undefined || v === null ? null : member<T>(values, v);
}

/** `optionalUrl`: absent, null or blank → null; otherwise an http(s) URL, kept as sent. */
function url(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') unsure();
  if (v.trim() === '') return null;
  return isHttpUrl(v) ? v : unsure();
}

const FILE_TYPE_SET: ReadonlySet<string> = new Set(FileTypeSchema.options);
const SCOPE_SET: ReadonlySet<string> = new Set(FileScopeSchema.options);
const SOURCE_STATUS_SET: ReadonlySet<string> = new Set(SourceStatusSchema.options);
const ANALYSIS_STATE_SET: ReadonlySet<string> = new Set(AnalysisLoadingStateSchema.options);

function fastSource(v: unknown): FileSource | null {
  if (v === undefined || v === null) return null;
  const s = obj(v);
  const expiresAt = s['expiresAt'];
  return {
    status: member(SOURCE_STATUS_SET, s['status']),
    url: url(s['url']),
    expiresAt: expiresAt === undefined || expiresAt === null || num(expiresAt) <= 0 ? null : (expiresAt as number),
    width: nNonNegInt(s['width']),
    height: nNonNegInt(s['height']),
    fileBytes: nNonNegInt(s['fileBytes']),
  };
}

function fastAnalysis(v: unknown): FileAnalysisMetadata | null {
  if (v === undefined || v === null) return null;
  const a = obj(v);
  return {
    analysisLoadingState: member(ANALYSIS_STATE_SET, a['analysisLoadingState']),
    analysisProgressPercentage: clampPercent(num(a['analysisProgressPercentage'])),
    analysisAttemptIndex: nNonNegInt(a['analysisAttemptIndex']),
  };
}

function fastStorageFile(v: unknown): StorageFile {
  const f = obj(v);
  const pub = f['isPublicPreviewEnabled'];
  return {
    fileId: nonEmptyStr(f['fileId']),
    scope: member(SCOPE_SET, f['scope']),
    type: nMember(FILE_TYPE_SET, f['type']),
    displayName: nStr(f['displayName']),
    description: nStr(f['description']),
    durationSeconds: nNonNegNum(f['durationSeconds']),
    transcript: nStr(f['transcript']),
    thumbnailSource: fastSource(f['thumbnailSource']),
    previewSource: fastSource(f['previewSource']),
    downloadSource: fastSource(f['downloadSource']),
    hlsSource: fastSource(f['hlsSource']),
    isPublicPreviewEnabled: pub === undefined || pub === null ? false : typeof pub === 'boolean' ? pub : unsure(),
    staticPublicPreviewSource: fastSource(f['staticPublicPreviewSource']),
    publicHlsUrl: url(f['publicHlsUrl']),
    publicPlaybackId: f['publicPlaybackId'] === undefined || f['publicPlaybackId'] === null ? null : nonEmptyStr(f['publicPlaybackId']),
    sourceToolType: nStr(f['sourceToolType']),
    sourceToolExecutionId: nStr(f['sourceToolExecutionId']),
    fileAnalysisMetadata: fastAnalysis(f['fileAnalysisMetadata']),
  };
}

function fastFilesPage(v: unknown): GetFilesResponse {
  const p = obj(v);
  const list = p['files'];
  if (!Array.isArray(list)) unsure();
  const files: StorageFile[] = new Array<StorageFile>(list.length);
  for (let i = 0; i < list.length; i++) files[i] = fastStorageFile(list[i]);
  const hasMore = p['hasMore'];
  if (typeof hasMore !== 'boolean') unsure();
  const cursor = p['nextCursor'];
  if (cursor !== null && typeof cursor !== 'string') unsure();
  return { files, hasMore, nextCursor: cursor === '' ? null : cursor };
}
