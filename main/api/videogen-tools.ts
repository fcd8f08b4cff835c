/**
 * The twelve VideoGen tools (`POST /v1/tools/<name>`): request validation exactly as the spec's
 * request schemas, and what the UI and batch runs need to know about each tool.
 * Request objects are strict: an unknown or misspelt field is rejected before anything is sent.
 */
import { z } from 'zod';

export const TOOL_NAMES = [
  'generate-image',
  'generate-video-clip',
  'text-to-speech',
  'generate-sound-effect',
  'generate-music',
  'generate-avatar',
  'vectorize-image',
  'remove-image-background',
  'remove-video-background',
  'upscale-image',
  'upscale-video',
  'image-3d-effect',
] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

export function isToolName(value: unknown): value is ToolName {
  return typeof value === 'string' && (TOOL_NAMES as readonly string[]).includes(value);
}

export const WatermarkModeSchema = z.enum(['NONE', 'VIDEO_GEN', 'AUTO']);
export const ImageQualitySchema = z.enum(['LOW', 'STANDARD', 'HIGH']);
export const VideoQualitySchema = z.enum(['STANDARD', 'HIGH']);

/** A ratio, not pixels. */
export const AspectRatioSchema = z.strictObject({
  width: z.number().int().min(1),
  height: z.number().int().min(1),
});

const fileId = z.string().min(1);
const fileIds = z.array(fileId).max(4);
/** Required text: not blank. (Checked, not trimmed: the body sent is exactly the one given.) */
const text = z.string().refine((s) => s.trim() !== '', { message: 'Must not be empty' });

/** numResults + isOutputTemporary: on every tool. */
const output = {
  numResults: z.number().int().min(1).max(100).optional(),
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
    prompt: z.string().optional(),
    imageFileIds: fileIds.optional(),
    videoFileIds: fileIds.optional(),
    audioFileIds: fileIds.optional(),
    generateAudio: z.boolean().optional(),
    durationSeconds: z.number().int().min(1).max(15).nullable().optional(),
    aspectRatio: AspectRatioSchema.optional(),
    ...watermark,
    ...output,
  })
  .refine(
    (b) =>
      (b.prompt?.trim() ?? '') !== '' ||
      (b.imageFileIds?.length ?? 0) > 0 ||
      (b.videoFileIds?.length ?? 0) > 0 ||
      (b.audioFileIds?.length ?? 0) > 0,
    { message: 'Give a prompt or at least one image, video or audio file', path: ['prompt'] },
  );

export const TextToSpeechRequestSchema = z.strictObject({
  ttsText: text,
  voiceId: fileId,
  speechLanguageCode: z.string().min(2).nullable().optional(),
  pronunciationReplacements: z
    .array(z.strictObject({ original: z.string().min(1), replacement: z.string() }))
    .optional(),
  autoExpandPronunciationReplacements: z.boolean().optional(),
  voiceSpeed: z.number().positive().optional(),
  ...output,
});

export const GenerateSoundEffectRequestSchema = z.strictObject({
  prompt: text,
  durationSeconds: z.number().min(1).max(30).nullable().optional(),
  promptInfluence: z.number().nullable().optional(),
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

export type ToolOutputType = 'IMAGE' | 'VIDEO' | 'AUDIO';

export interface ToolFileInput {
  /** Request field that takes the file id(s), e.g. `imageStorageFileId` or `imageFileIds`. */
  param: string;
  type: ToolOutputType;
  /** 1 for a single-id field; the list's maxItems otherwise. */
  max: number;
  required: boolean;
}

export interface ToolMeta {
  label: string;
  outputType: ToolOutputType;
  fileInputs: ToolFileInput[];
}

const oneImage: ToolFileInput[] = [{ param: 'imageStorageFileId', type: 'IMAGE', max: 1, required: true }];
const oneVideo: ToolFileInput[] = [{ param: 'videoStorageFileId', type: 'VIDEO', max: 1, required: true }];

export const toolMeta: Record<ToolName, ToolMeta> = {
  'generate-image': {
    label: 'Generate image',
    outputType: 'IMAGE',
    fileInputs: [{ param: 'imageFileIds', type: 'IMAGE', max: 4, required: false }],
  },
  'generate-video-clip': {
    label: 'Generate video clip',
    outputType: 'VIDEO',
    fileInputs: [
      { param: 'imageFileIds', type: 'IMAGE', max: 4, required: false },
      { param: 'videoFileIds', type: 'VIDEO', max: 4, required: false },
      { param: 'audioFileIds', type: 'AUDIO', max: 4, required: false },
    ],
  },
  'text-to-speech': { label: 'Text to speech', outputType: 'AUDIO', fileInputs: [] },
  'generate-sound-effect': { label: 'Generate sound effect', outputType: 'AUDIO', fileInputs: [] },
  'generate-music': { label: 'Generate music', outputType: 'AUDIO', fileInputs: [] },
  'generate-avatar': {
    label: 'Generate avatar clip',
    outputType: 'VIDEO',
    fileInputs: [{ param: 'audioStorageFileId', type: 'AUDIO', max: 1, required: true }],
  },
  'vectorize-image': { label: 'Vectorize image', outputType: 'IMAGE', fileInputs: oneImage },
  'remove-image-background': { label: 'Remove image background', outputType: 'IMAGE', fileInputs: oneImage },
  'remove-video-background': { label: 'Remove video background', outputType: 'VIDEO', fileInputs: oneVideo },
  'upscale-image': { label: 'Upscale image', outputType: 'IMAGE', fileInputs: oneImage },
  'upscale-video': { label: 'Upscale video', outputType: 'VIDEO', fileInputs: oneVideo },
  'image-3d-effect': { label: 'Add 3D motion to an image', outputType: 'VIDEO', fileInputs: oneImage },
};
