// Tool request bodies, mirroring the spec's request schemas field by field (types, required,
// enums, min/max, maxItems). Unknown properties are ignored, as the spec does not forbid them.
// Where the docs pages disagree with the spec, the spec wins (README open question 2):
// `quality` is required for generate-image and generate-video-clip (the docs omit it), and the
// clip takes `imageFileIds` / `videoFileIds` / `audioFileIds` + `durationSeconds` (the docs
// show a single `videoFileId`).
import { z } from 'zod';

const AspectRatio = z.object({ width: z.number().int().min(1), height: z.number().int().min(1) });
const WatermarkMode = z.enum(['NONE', 'VIDEO_GEN', 'AUTO']);
const FileIds = z.array(z.string()).max(4);
const common = {
  numResults: z.number().int().min(1).max(100).optional(),
  isOutputTemporary: z.boolean().optional(),
};

export const GenerateImageRequest = z.object({
  prompt: z.string(),
  imageFileIds: FileIds.optional(),
  aspectRatio: AspectRatio.optional(),
  quality: z.enum(['LOW', 'STANDARD', 'HIGH']),
  watermarkMode: WatermarkMode.optional(),
  ...common,
});

export const GenerateVideoClipRequest = z.object({
  prompt: z.string().optional(),
  imageFileIds: FileIds.optional(),
  videoFileIds: FileIds.optional(),
  audioFileIds: FileIds.optional(),
  generateAudio: z.boolean().optional(),
  durationSeconds: z.number().int().min(1).max(15).nullable().optional(),
  aspectRatio: AspectRatio.optional(),
  quality: z.enum(['STANDARD', 'HIGH']),
  watermarkMode: WatermarkMode.optional(),
  ...common,
});

export const TextToSpeechRequest = z.object({
  ttsText: z.string(),
  voiceId: z.string(),
  speechLanguageCode: z.string().nullable().optional(),
  pronunciationReplacements: z.array(z.object({ original: z.string(), replacement: z.string() })).optional(),
  autoExpandPronunciationReplacements: z.boolean().optional(),
  voiceSpeed: z.number().optional(),
  ...common,
});

export const GenerateSoundEffectRequest = z.object({
  prompt: z.string(),
  durationSeconds: z.number().min(1).max(30).nullable().optional(),
  promptInfluence: z.number().nullable().optional(),
  ...common,
});

export const GenerateMusicRequest = z.object({
  prompt: z.string(),
  ...common,
});

export const GenerateAvatarRequest = z.object({
  avatarPresenterId: z.string(),
  audioStorageFileId: z.string(),
  watermarkMode: WatermarkMode.optional(),
  ...common,
});

export const ImageAssetRequest = z.object({
  imageStorageFileId: z.string(),
  watermarkMode: WatermarkMode.optional(),
  ...common,
});

export const VideoAssetRequest = z.object({
  videoStorageFileId: z.string(),
  watermarkMode: WatermarkMode.optional(),
  ...common,
});
