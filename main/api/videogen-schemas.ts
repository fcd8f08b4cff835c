/**
 * VideoGen v1 response shapes (OpenAPI `components/schemas`), parsed with zod.
 * Strict on what code relies on (required fields, documented enums); tolerant where real data
 * deviates (README A4): absent ≡ null, `url: ""` / `expiresAt: 0` mean "no URL", open strings
 * (`toolType`, `sourceToolType`, error codes) stay open, unknown keys are dropped.
 */
import { z } from 'zod';
import { httpUrl, nullish, optionalUrl } from './schema-helpers';

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

export const GetFilesResponseSchema = z.object({ files: z.array(StorageFileSchema), ...pagination });
export type GetFilesResponse = z.infer<typeof GetFilesResponseSchema>;

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
