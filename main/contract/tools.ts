/**
 * Each VideoGen tool's request schema (`POST /v1/tools/<name>`), built from the catalogue's
 * limits (./tool-catalog.ts). The router checks `tools.run` / `tools.runBatch` input with
 * these before any handler runs; the execution worker and the API client check again with
 * the same schemas. Request objects are strict: an unknown or misspelt field is rejected
 * before anything is sent.
 */
import { z } from 'zod';
import {
  CLIP_INPUTS,
  CLIP_QUALITIES,
  IMAGE_QUALITIES,
  LANGUAGE_CODE_PATTERN,
  TOOL_LIMITS as L,
  WATERMARK_MODES,
  isToolName,
  toolMeta,
  type ToolName,
} from './tool-catalog';

export const WatermarkModeSchema = z.enum(WATERMARK_MODES);
export const ImageQualitySchema = z.enum(IMAGE_QUALITIES);
export const VideoQualitySchema = z.enum(CLIP_QUALITIES);

/** A ratio, not pixels. */
export const AspectRatioSchema = z.strictObject({
  width: z.number().int().min(1),
  height: z.number().int().min(1),
});

const fileId = z.string().min(1);
const fileIds = z.array(fileId).max(L.referenceFiles.max);
const longText = z.string().max(L.text.maxLength);
/** Required text: not blank. (Checked, not trimmed: the body sent is exactly the one given.) */
const text = longText.refine((s) => s.trim() !== '', { message: 'Must not be empty' });

/** numResults + isOutputTemporary: on every tool. */
const output = {
  numResults: z.number().int().min(L.numResults.min).max(L.numResults.max).optional(),
  isOutputTemporary: z.boolean().optional(),
};
const watermark = { watermarkMode: WatermarkModeSchema.optional() };

const imageAsset = z.strictObject({ imageStorageFileId: fileId, ...watermark, ...output });
const videoAsset = z.strictObject({ videoStorageFileId: fileId, ...watermark, ...output });

export const GenerateImageRequestSchema = z.strictObject({
  prompt: text,
  quality: ImageQualitySchema,
  imageFileIds: fileIds.optional(),
  aspectRatio: AspectRatioSchema.optional(),
  ...watermark,
  ...output,
});

export const GenerateVideoClipRequestSchema = z
  .strictObject({
    quality: VideoQualitySchema,
    prompt: longText.optional(),
    imageFileIds: fileIds.optional(),
    videoFileIds: fileIds.optional(),
    audioFileIds: fileIds.optional(),
    generateAudio: z.boolean().optional(),
    durationSeconds: z.number().int().min(L.clipSeconds.min).max(L.clipSeconds.max).nullable().optional(),
    aspectRatio: AspectRatioSchema.optional(),
    ...watermark,
    ...output,
  })
  .refine((b) => CLIP_INPUTS.some((k) => (k === 'prompt' ? (b.prompt?.trim() ?? '') !== '' : (b[k]?.length ?? 0) > 0)), {
    message: 'Give a prompt or at least one image, video or audio file',
    path: ['prompt'],
  });

export const TextToSpeechRequestSchema = z.strictObject({
  ttsText: text,
  voiceId: fileId,
  speechLanguageCode: z.string().regex(LANGUAGE_CODE_PATTERN, 'Use a two-letter ISO 639-1 code').nullable().optional(),
  pronunciationReplacements: z
    .array(z.strictObject({ original: z.string().min(1), replacement: z.string() }))
    .optional(),
  autoExpandPronunciationReplacements: z.boolean().optional(),
  voiceSpeed: z.number().min(L.voiceSpeed.min).max(L.voiceSpeed.max).optional(),
  ...output,
});

export const GenerateSoundEffectRequestSchema = z.strictObject({
  prompt: text,
  durationSeconds: z.number().min(L.soundSeconds.min).max(L.soundSeconds.max).nullable().optional(),
  promptInfluence: z.number().min(L.promptInfluence.min).max(L.promptInfluence.max).nullable().optional(),
  ...output,
});

export const GenerateMusicRequestSchema = z.strictObject({ prompt: text, ...output });

export const GenerateAvatarRequestSchema = z.strictObject({
  avatarPresenterId: fileId,
  audioStorageFileId: fileId,
  ...watermark,
  ...output,
});

export const toolRequestSchemas = {
  'generate-image': GenerateImageRequestSchema,
  'generate-video-clip': GenerateVideoClipRequestSchema,
  'text-to-speech': TextToSpeechRequestSchema,
  'generate-sound-effect': GenerateSoundEffectRequestSchema,
  'generate-music': GenerateMusicRequestSchema,
  'generate-avatar': GenerateAvatarRequestSchema,
  'vectorize-image': imageAsset,
  'remove-image-background': imageAsset,
  'remove-video-background': videoAsset,
  'upscale-image': imageAsset,
  'upscale-video': videoAsset,
  'image-3d-effect': imageAsset,
} satisfies Record<ToolName, z.ZodType>;

export type ToolRequest<N extends ToolName> = z.input<(typeof toolRequestSchemas)[N]>;

/** Params for one file of a batch: single-id fields take the id, list fields a one-item list. Null: no such file input. */
export function batchParams(tool: ToolName, params: Record<string, unknown>, fileParam: string, fileId: string): Record<string, unknown> | null {
  const input = toolMeta[tool].fileInputs.find((f) => f.param === fileParam);
  if (!input) return null;
  return { ...params, [fileParam]: input.max > 1 ? [fileId] : fileId };
}

export const unknownToolMessage = (tool: string) => `“${tool}” isn't a VideoGen tool Atelier knows.`;
export const noFileInputMessage = (fileParam: string) => `${fileParam}: this tool has no file input by that name.`;

/**
 * The `tools.run` / `tools.runBatch` check: the tool is known and its params pass its
 * schema (for a batch, with the first file in `fileParam`). Issues name `tool`,
 * `fileParam` or `params.<field>`.
 */
export function checkToolInput(
  input: { tool: string; params: Record<string, unknown>; fileParam?: string; fileIds?: readonly string[] },
  ctx: z.RefinementCtx,
): void {
  const { tool, fileParam, fileIds } = input;
  if (!isToolName(tool)) {
    ctx.addIssue({ code: 'custom', path: ['tool'], message: unknownToolMessage(tool) });
    return;
  }
  let params: Record<string, unknown> | null = input.params;
  if (fileParam !== undefined) {
    params = batchParams(tool, input.params, fileParam, fileIds?.[0] ?? '');
    if (!params) {
      ctx.addIssue({ code: 'custom', path: ['fileParam'], message: noFileInputMessage(fileParam) });
      return;
    }
  }
  const parsed = toolRequestSchemas[tool].safeParse(params);
  if (parsed.success) return;
  for (const issue of parsed.error.issues) {
    ctx.addIssue({ code: 'custom', path: ['params', ...issue.path], message: issue.message });
  }
}
