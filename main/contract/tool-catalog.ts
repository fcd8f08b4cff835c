/**
 * The generation tools as plain data: which tools exist, what files each takes, what each
 * makes, and every limit a request must keep. One home for all of it:
 *
 * - ./tools.ts builds each tool's zod request schema from these values (the router checks
 *   `tools.run` / `tools.runBatch` with them, the API client checks every body it sends);
 * - the renderer imports this module as data (renderer/generate/tools.ts) and builds its
 *   forms and client-side checks from the same numbers.
 *
 * So it imports nothing at run time and holds nothing but constants and two small pure
 * rules (a tool's `toolType`, which Sync models take an image). Limits follow the VideoGen
 * OpenAPI spec (api/README.md A8) and the Sync create-generation body (B2, B5); where the
 * spec leaves a field open, the limit here is Atelier's own guard (noted as such).
 */

// ---------------------------------------------------------------------------------------
// VideoGen uploads
// ---------------------------------------------------------------------------------------

/**
 * The largest file Atelier sends to VideoGen in one upload: the single-PUT ceiling (5 GiB) of
 * the S3/R2-style object storage behind its presigned upload URLs (api/README.md A3). The spec
 * names no number of its own; this is checked before a byte is read (main, and the browser
 * before it sends anything to the web host), and the sandbox's storage refuses the same.
 */
export const VIDEOGEN_MAX_UPLOAD_BYTES = 5 * 1024 ** 3;

// ---------------------------------------------------------------------------------------
// VideoGen tools
// ---------------------------------------------------------------------------------------

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

/**
 * VideoGen reports an execution's `toolType` (`GENERATE_IMAGE`) while requests go to a tool
 * name (`generate-image`). The documented values follow one rule (upper case, `-` → `_`);
 * `toolType` is an open string, so an unfamiliar value simply never matches.
 */
export function toolTypeOf(toolName: string): string {
  return toolName.trim().toUpperCase().replace(/-/g, '_');
}

export const IMAGE_QUALITIES = ['LOW', 'STANDARD', 'HIGH'] as const;
export const CLIP_QUALITIES = ['STANDARD', 'HIGH'] as const;
export const WATERMARK_MODES = ['NONE', 'VIDEO_GEN', 'AUTO'] as const;
export type WatermarkMode = (typeof WATERMARK_MODES)[number];

/** Numeric and length limits of tool requests. */
export const TOOL_LIMITS = {
  /** Outputs from one request (every tool). */
  numResults: { min: 1, max: 100 },
  /** Files per reference list (`imageFileIds`, `videoFileIds`, `audioFileIds`). */
  referenceFiles: { max: 4 },
  /** Prompts and text to speak. Atelier's guard: the spec sets no length. */
  text: { maxLength: 10_000 },
  /** Video clip length, whole seconds. */
  clipSeconds: { min: 1, max: 15 },
  /** Sound effect length, seconds. */
  soundSeconds: { min: 1, max: 30 },
  /** How literally a sound effect follows its prompt. Atelier's guard: the spec leaves it open. */
  promptInfluence: { min: 0, max: 1 },
  /** Speech rate multiplier. Atelier's guard: the spec only says "a number". */
  voiceSpeed: { min: 0.25, max: 4 },
} as const;

/** `speechLanguageCode`: a two-letter ISO 639-1 code. */
export const LANGUAGE_CODE_PATTERN = /^[a-z]{2}$/;

/** A video clip needs at least one of these: a prompt, or reference media. */
export const CLIP_INPUTS = ['prompt', 'imageFileIds', 'videoFileIds', 'audioFileIds'] as const;

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
  /** What notifications call it ("Generate image: done"). */
  label: string;
  outputType: ToolOutputType;
  fileInputs: readonly ToolFileInput[];
  /** Takes `watermarkMode`. */
  watermark: boolean;
}

const refs = (param: string, type: ToolOutputType): ToolFileInput => ({ param, type, max: TOOL_LIMITS.referenceFiles.max, required: false });
const oneImage: readonly ToolFileInput[] = [{ param: 'imageStorageFileId', type: 'IMAGE', max: 1, required: true }];
const oneVideo: readonly ToolFileInput[] = [{ param: 'videoStorageFileId', type: 'VIDEO', max: 1, required: true }];

export const toolMeta: Readonly<Record<ToolName, ToolMeta>> = {
  'generate-image': { label: 'Generate image', outputType: 'IMAGE', fileInputs: [refs('imageFileIds', 'IMAGE')], watermark: true },
  'generate-video-clip': {
    label: 'Generate video clip',
    outputType: 'VIDEO',
    fileInputs: [refs('imageFileIds', 'IMAGE'), refs('videoFileIds', 'VIDEO'), refs('audioFileIds', 'AUDIO')],
    watermark: true,
  },
  'text-to-speech': { label: 'Text to speech', outputType: 'AUDIO', fileInputs: [], watermark: false },
  'generate-sound-effect': { label: 'Generate sound effect', outputType: 'AUDIO', fileInputs: [], watermark: false },
  'generate-music': { label: 'Generate music', outputType: 'AUDIO', fileInputs: [], watermark: false },
  'generate-avatar': {
    label: 'Generate avatar clip',
    outputType: 'VIDEO',
    fileInputs: [{ param: 'audioStorageFileId', type: 'AUDIO', max: 1, required: true }],
    watermark: true,
  },
  'vectorize-image': { label: 'Vectorize image', outputType: 'IMAGE', fileInputs: oneImage, watermark: true },
  'remove-image-background': { label: 'Remove image background', outputType: 'IMAGE', fileInputs: oneImage, watermark: true },
  'remove-video-background': { label: 'Remove video background', outputType: 'VIDEO', fileInputs: oneVideo, watermark: true },
  'upscale-image': { label: 'Upscale image', outputType: 'IMAGE', fileInputs: oneImage, watermark: true },
  'upscale-video': { label: 'Upscale video', outputType: 'VIDEO', fileInputs: oneVideo, watermark: true },
  'image-3d-effect': { label: 'Add 3D motion to an image', outputType: 'VIDEO', fileInputs: oneImage, watermark: true },
};

// ---------------------------------------------------------------------------------------
// Sync lip-sync
// ---------------------------------------------------------------------------------------

export const SYNC_MODES = ['bounce', 'loop', 'cut_off', 'silence', 'remap'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];
/** react-1: how much of the face moves. */
export const MODEL_MODES = ['lips', 'face', 'head'] as const;
export type ModelMode = (typeof MODEL_MODES)[number];
/** react-1: the emotion prompt. */
export const EMOTIONS = ['happy', 'sad', 'angry', 'disgusted', 'surprised', 'neutral'] as const;
export type Emotion = (typeof EMOTIONS)[number];

export const LIPSYNC_LIMITS = {
  model: { maxLength: 100 },
  voiceId: { maxLength: 200 },
  /** Sync refuses scripts of 5,000 characters or more. */
  script: { maxLength: 4999 },
  temperature: { min: 0, max: 1 },
  outputFileName: { maxLength: 255 },
  /** ElevenLabs `stability` and `similarityBoost` (README B2). */
  voiceSetting: { min: 0, max: 1 },
  /** Segments of one take. Sync documents no cap: this is Atelier's, to keep a form usable. */
  segments: { max: 50 },
  /** One box (or none) per frame. Sync documents no cap: this is Atelier's. */
  boundingBoxes: { max: 100_000 },
  /** Sync refuses audio over 300 s (`generation_audio_length_exceeded`): no take is longer. */
  seconds: { max: 300 },
} as const;

/**
 * A local file Atelier sends to Sync: under 20 MB as a multipart part, else as an asset (README
 * B3, B4). Sync's asset size limit depends on the plan; past 5 GB Atelier does not try.
 */
export const SYNC_MULTIPART_LIMIT_BYTES = 20 * 1024 * 1024;
export const SYNC_LOCAL_FILE_MAX_BYTES = 5 * 1024 ** 3;

/** Sync output names: letters, digits, `_` and `-` (`.mp4` is added). */
export const OUTPUT_FILE_NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

/** The model lip-sync forms start with (and the one that can animate a still image). */
export const DEFAULT_SYNC_MODEL = 'sync-3';

/** What each Sync model accepts (README B2): only sync-3 takes an image instead of a video. */
export function modelAcceptsImage(model: string): boolean {
  return /^sync-3(\b|[.-]|$)/i.test(model.trim());
}

/** The one sentence for an image given to a model that needs a video. */
export function imageNeedsVideoModel(modelName: string): string {
  return `${modelName} needs a video; only sync-3 can animate a still image. Pick sync-3 or use a video.`;
}
