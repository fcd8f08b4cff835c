// Every /v1/tools/* endpoint: its toolType, request schema, and how its outputs are made.
// Outputs are real media (media/recipes.ts), cached by parameters so many executions share a
// handful of encodes: images by size + palette (+ the prompt as caption while the caption budget
// lasts), clips by size + duration, audio by flavour + whole seconds.
import type { z } from 'zod';
import { VideoGenError, invalidParameters } from '../../errors';
import { hash32 } from '../../random';
import { PALETTE_COUNT, sizeForAspect, type Recipe } from '../../media/recipes';
import { TTS_VOICES, PRESENTERS } from '../resources-catalog';
import type { VgFileType } from '../types';
import { resolveFile, resolveFiles, type ReferenceContext } from './references';
import * as S from './schemas';

export interface OutputPlan {
  type: VgFileType;
  /** One recipe per result. */
  recipes: Recipe[];
  displayName: string;
  description: string;
  transcript: string | null;
  /** Text that decides simulated outcomes ("fail" → failure, "retry" → a server retry). */
  triggerText: string;
  temporary: boolean;
}

export interface PlanContext extends ReferenceContext {
  /** Whether the prompt may be drawn on this output (bounded number of distinct captions). */
  caption(label: string): string | null;
}

interface ToolDef<Schema extends z.ZodType> {
  name: string;
  toolType: string;
  schema: Schema;
  plan(body: z.infer<Schema>, ctx: PlanContext): OutputPlan;
}

const DEFAULT_ASPECT = { width: 16, height: 9 };

function checkWatermark(mode: string | undefined): void {
  if (mode === 'NONE') {
    // [inferred] NONE needs the Production API add-on, which the sandbox account does not have.
    throw new VideoGenError(403, 'watermarkMode NONE requires the Production API add-on.', undefined, {
      requirement: { type: 'purchase_add_on', details: { addOn: 'PRODUCTION_API' } },
    });
  }
}

const count = (n: number | undefined) => n ?? 1;
const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);
const paletteOf = (text: string, i = 0) => (hash32('palette', text) + i) % PALETTE_COUNT;
const repeat = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

const generateImage: ToolDef<typeof S.GenerateImageRequest> = {
  name: 'generate-image',
  toolType: 'GENERATE_IMAGE',
  schema: S.GenerateImageRequest,
  plan(body, ctx) {
    checkWatermark(body.watermarkMode);
    resolveFiles(ctx, 'imageFileIds', body.imageFileIds, 'IMAGE');
    const aspect = body.aspectRatio ?? DEFAULT_ASPECT;
    const longSide = { LOW: 768, STANDARD: 1280, HIGH: 1536 }[body.quality];
    const size = sizeForAspect(aspect.width, aspect.height, longSide);
    const label = body.prompt.trim() ? ctx.caption(body.prompt.trim()) : null;
    return {
      type: 'IMAGE',
      recipes: repeat(count(body.numResults), (i) => ({ kind: 'image', ...size, palette: paletteOf(body.prompt, i), label })),
      displayName: shorten(body.prompt.trim() || 'Generated image', 120),
      description: `A generated ${size.width}×${size.height} image of: ${body.prompt.trim()}`,
      transcript: null,
      triggerText: body.prompt,
      temporary: body.isOutputTemporary ?? false,
    };
  },
};

const generateVideoClip: ToolDef<typeof S.GenerateVideoClipRequest> = {
  name: 'generate-video-clip',
  toolType: 'GENERATE_VIDEO_CLIP',
  schema: S.GenerateVideoClipRequest,
  plan(body, ctx) {
    const prompt = body.prompt?.trim() ?? '';
    const lists = [body.imageFileIds, body.videoFileIds, body.audioFileIds];
    if (!prompt && lists.every((l) => !l || l.length === 0)) {
      throw invalidParameters('prompt', 'at least one of prompt, imageFileIds, videoFileIds or audioFileIds must be provided');
    }
    checkWatermark(body.watermarkMode);
    resolveFiles(ctx, 'imageFileIds', body.imageFileIds, 'IMAGE');
    resolveFiles(ctx, 'videoFileIds', body.videoFileIds, 'VIDEO');
    resolveFiles(ctx, 'audioFileIds', body.audioFileIds, 'AUDIO');
    const aspect = body.aspectRatio ?? DEFAULT_ASPECT;
    const size = sizeForAspect(aspect.width, aspect.height, body.quality === 'HIGH' ? 960 : 640);
    const durationS = body.durationSeconds ?? 6;
    const label = prompt ? ctx.caption(prompt) : null;
    const recipe: Recipe = { kind: 'video', ...size, durationS, palette: paletteOf(prompt), label };
    return {
      type: 'VIDEO',
      recipes: repeat(count(body.numResults), () => recipe),
      displayName: shorten(prompt || 'Generated video clip', 120),
      description: `A generated ${durationS}-second ${size.width}×${size.height} video clip${prompt ? ` of: ${prompt}` : ' from reference media'}`,
      transcript: null,
      triggerText: prompt,
      temporary: body.isOutputTemporary ?? false,
    };
  },
};

const textToSpeech: ToolDef<typeof S.TextToSpeechRequest> = {
  name: 'text-to-speech',
  toolType: 'TEXT_TO_SPEECH',
  schema: S.TextToSpeechRequest,
  plan(body) {
    const voice = TTS_VOICES.find((v) => v.voiceId === body.voiceId);
    if (!voice) throw invalidParameters('voiceId', `no voice with id "${body.voiceId}"; list voices with GET /v1/resources/tts-voices`);
    if (!voice.supportsDirectToolExecution) throw invalidParameters('voiceId', `voice "${voice.displayName}" cannot be used with text-to-speech (supportsDirectToolExecution is false)`);
    let text = body.ttsText;
    for (const r of body.pronunciationReplacements ?? []) if (r.original) text = text.split(r.original).join(r.replacement);
    const words = text.trim() ? text.trim().split(/\s+/).length : 0;
    const speed = body.voiceSpeed && body.voiceSpeed > 0 ? body.voiceSpeed : 1;
    const durationS = Math.min(120, Math.max(1, Math.ceil(words / 2.6 / speed)));
    return {
      type: 'AUDIO',
      recipes: repeat(count(body.numResults), () => ({ kind: 'audio', durationS, flavor: 'speech' }) as Recipe),
      displayName: shorten(body.ttsText.trim() || 'Speech', 80),
      description: `Speech by the voice ${voice.displayName} (${voice.languageCode})${body.speechLanguageCode ? ` with the language hint ${body.speechLanguageCode}` : ''} reading: ${shorten(body.ttsText.trim(), 200)}`,
      transcript: body.ttsText,
      triggerText: body.ttsText,
      temporary: body.isOutputTemporary ?? false,
    };
  },
};

const generateSoundEffect: ToolDef<typeof S.GenerateSoundEffectRequest> = {
  name: 'generate-sound-effect',
  toolType: 'GENERATE_SOUND_EFFECT',
  schema: S.GenerateSoundEffectRequest,
  plan(body) {
    const durationS = Math.round(body.durationSeconds ?? 10);
    return {
      type: 'AUDIO',
      recipes: repeat(count(body.numResults), () => ({ kind: 'audio', durationS, flavor: 'effect' }) as Recipe),
      displayName: shorten(body.prompt.trim() || 'Sound effect', 120),
      description: `A ${durationS}-second sound effect of: ${body.prompt.trim()}`,
      transcript: null,
      triggerText: body.prompt,
      temporary: body.isOutputTemporary ?? false,
    };
  },
};

const generateMusic: ToolDef<typeof S.GenerateMusicRequest> = {
  name: 'generate-music',
  toolType: 'GENERATE_MUSIC',
  schema: S.GenerateMusicRequest,
  plan(body) {
    return {
      type: 'AUDIO',
      recipes: repeat(count(body.numResults), () => ({ kind: 'audio', durationS: 30, flavor: 'music' }) as Recipe),
      displayName: shorten(body.prompt.trim() || 'Music', 120),
      description: `A 30-second instrumental music track: ${body.prompt.trim()}`,
      transcript: null,
      triggerText: body.prompt,
      temporary: body.isOutputTemporary ?? false,
    };
  },
};

const generateAvatar: ToolDef<typeof S.GenerateAvatarRequest> = {
  name: 'generate-avatar',
  toolType: 'GENERATE_AVATAR',
  schema: S.GenerateAvatarRequest,
  plan(body, ctx) {
    checkWatermark(body.watermarkMode);
    const presenter = PRESENTERS.find((p) => p.avatarPresenterId === body.avatarPresenterId);
    if (!presenter) throw invalidParameters('avatarPresenterId', `no presenter with id "${body.avatarPresenterId}"; list them with GET /v1/resources/avatar-presenters`);
    const audio = resolveFile(ctx, 'audioStorageFileId', body.audioStorageFileId, 'AUDIO');
    const durationS = Math.min(60, Math.max(1, Math.ceil(audio.record.processing.media?.durationSeconds ?? 5)));
    const recipe: Recipe = {
      kind: 'audio-video',
      audio: audio.download.path,
      audioKey: `${audio.record.fileId}:${audio.record.upload?.generation ?? 0}`,
      ...sizeForAspect(16, 9, 640),
      durationS,
    };
    return {
      type: 'VIDEO',
      recipes: repeat(count(body.numResults), () => recipe),
      displayName: `${presenter.name} presenting ${shorten(audio.record.displayName, 80)}`,
      description: `A talking-head video of the presenter ${presenter.name} speaking the audio "${audio.record.displayName}".`,
      transcript: audio.record.transcriptText,
      triggerText: audio.record.displayName,
      temporary: body.isOutputTemporary ?? false,
    };
  },
};

function imageOpTool(name: string, toolType: string, op: 'upscale' | 'remove-background' | 'vectorize' | '3d', verb: string): ToolDef<typeof S.ImageAssetRequest> {
  return {
    name,
    toolType,
    schema: S.ImageAssetRequest,
    plan(body, ctx) {
      checkWatermark(body.watermarkMode);
      const src = resolveFile(ctx, 'imageStorageFileId', body.imageStorageFileId, 'IMAGE');
      const sourceKey = `${src.record.fileId}:${src.record.upload?.generation ?? 0}`;
      let recipe: Recipe;
      if (op === '3d') {
        const w = src.download.width ?? 16;
        const h = src.download.height ?? 9;
        recipe = { kind: 'image-motion', source: src.download.path, sourceKey, ...sizeForAspect(w, h, 640), durationS: 5 };
      } else {
        recipe = { kind: 'image-op', op, source: src.download.path, sourceKey, sourceWidth: src.download.width ?? 1280, sourceHeight: src.download.height ?? 720 };
      }
      return {
        type: op === '3d' ? 'VIDEO' : 'IMAGE',
        recipes: repeat(count(body.numResults), () => recipe),
        displayName: `${src.record.displayName} (${verb})`,
        description: `${verb[0]!.toUpperCase()}${verb.slice(1)} version of the image "${src.record.displayName}".`,
        transcript: null,
        triggerText: src.record.displayName,
        temporary: body.isOutputTemporary ?? false,
      };
    },
  };
}

function videoOpTool(name: string, toolType: string, verb: string): ToolDef<typeof S.VideoAssetRequest> {
  return {
    name,
    toolType,
    schema: S.VideoAssetRequest,
    plan(body, ctx) {
      checkWatermark(body.watermarkMode);
      const src = resolveFile(ctx, 'videoStorageFileId', body.videoStorageFileId, 'VIDEO');
      const media = src.record.processing.media;
      const w = media?.width ?? 16;
      const h = media?.height ?? 9;
      const durationS = Math.min(15, Math.max(1, Math.round(media?.durationSeconds ?? 6)));
      // A stand-in clip of the same shape and length (re-encoding the real input could take minutes).
      const recipe: Recipe = { kind: 'video', ...sizeForAspect(w, h, 640), durationS, palette: paletteOf(toolType), label: null };
      return {
        type: 'VIDEO',
        recipes: repeat(count(body.numResults), () => recipe),
        displayName: `${src.record.displayName} (${verb})`,
        description: `${verb[0]!.toUpperCase()}${verb.slice(1)} version of the video "${src.record.displayName}".`,
        transcript: null,
        triggerText: src.record.displayName,
        temporary: body.isOutputTemporary ?? false,
      };
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyToolDef = ToolDef<any>;

export const TOOLS: readonly AnyToolDef[] = [
  generateImage,
  generateVideoClip,
  textToSpeech,
  generateSoundEffect,
  generateMusic,
  generateAvatar,
  imageOpTool('vectorize-image', 'VECTORIZE_IMAGE', 'vectorize', 'vectorized'),
  imageOpTool('remove-image-background', 'REMOVE_IMAGE_BACKGROUND', 'remove-background', 'background removed'),
  videoOpTool('remove-video-background', 'REMOVE_VIDEO_BACKGROUND', 'background removed'),
  imageOpTool('upscale-image', 'UPSCALE_IMAGE', 'upscale', 'upscaled'),
  videoOpTool('upscale-video', 'UPSCALE_VIDEO', 'upscaled'),
  imageOpTool('image-3d-effect', 'IMAGE_3D_EFFECT', '3d', '3D motion'),
];
