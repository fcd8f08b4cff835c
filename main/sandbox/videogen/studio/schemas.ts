// Request bodies of the workflow, project, remix, export, entity and text endpoints, field by
// field from the spec (types, required, enums, minimum / maximum, minItems / minLength).
// Unknown properties are ignored, as the spec does not forbid them. Rules the spec states only
// in prose (required-when, at-least-one-of, LOW not for AI_VIDEO…) are checked by the code that
// uses the body, with messages naming the field.
import { z } from 'zod';

export const AspectRatio = z.object({ width: z.number().int().min(1), height: z.number().int().min(1) });
export type AspectRatio = z.infer<typeof AspectRatio>;

const Channel = z.number().int().min(0).max(255);
export const RgbColor = z.object({ red: Channel, green: Channel, blue: Channel });
export type RgbColor = z.infer<typeof RgbColor>;

const CaptionBackgroundStyle = z.object({
  type: z.enum(['RECT', 'WRAPPED', 'WORD_BY_WORD']),
  backgroundColor: RgbColor,
  borderRadiusProportion: z.number().optional(),
  opacityProportion: z.number().min(0).max(1).optional(),
});

export const CaptionStyle = z.object({
  fontName: z.string().optional(),
  fontSize: z.number().optional(),
  fontWeight: z.literal([100, 200, 300, 400, 500, 600, 700, 800, 900]).optional(),
  textColor: RgbColor.optional(),
  textJustification: z.enum(['LEFT', 'CENTER', 'RIGHT']).optional(),
  verticalAlignment: z.enum(['TOP', 'MIDDLE', 'BOTTOM']).optional(),
  strokeColor: RgbColor.nullable().optional(),
  strokeWeight: z.number().optional(),
  backgroundStyle: CaptionBackgroundStyle.nullable().optional(),
  spokenTextColor: RgbColor.nullable().optional(),
  spokenTextStrokeColor: RgbColor.nullable().optional(),
  persistSpokenTextColor: z.boolean().optional(),
});
export type CaptionStyle = z.infer<typeof CaptionStyle>;

export const VisualStyle = z.object({
  type: z.enum(['STOCK', 'AI_IMAGE', 'ENTITY']),
  aiStyle: z.string().optional(),
  entityId: z.string().optional(),
  restyleFeaturedBRollWithAiStyle: z.boolean().optional(),
});
export type VisualStyle = z.infer<typeof VisualStyle>;

const VisualPacing = z.enum(['FAST', 'MEDIUM', 'SLOW']);
const GenerationQuality = z.enum(['LOW', 'STANDARD', 'HIGH']);
export const TRANSITIONS = ['DYNAMIC', 'NONE', 'FADE', 'RISE', 'PAN', 'POP', 'WIPE'] as const;
const Transition = z.enum(TRANSITIONS);
export type Transition = z.infer<typeof Transition>;
export const LOGO_POSITIONS = ['TOP_LEFT', 'TOP_CENTER', 'TOP_RIGHT', 'BOTTOM_LEFT', 'BOTTOM_CENTER', 'BOTTOM_RIGHT'] as const;

// --- Remix actions (RemixAction: one of these, chosen by `type`) ---
const nullableString = z.string().nullable().optional();
const nullableBoolean = z.boolean().nullable().optional();

export const RemixAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('SET_BACKGROUND_MUSIC'), fileId: nullableString, volume: z.number().min(0).max(1).nullable().optional() }),
  z.object({ type: z.literal('SET_LOGO'), fileId: nullableString, position: z.enum(LOGO_POSITIONS).nullable().optional(), sizePercent: z.number().nullable().optional() }),
  z.object({ type: z.literal('ENABLE_CAPTIONS'), captionStyle: CaptionStyle.nullable().optional() }),
  z.object({ type: z.literal('DISABLE_CAPTIONS') }),
  z.object({ type: z.literal('ADD_TRANSITIONS'), sectionTransition: Transition.nullable().optional(), assetTransition: Transition.nullable().optional() }),
  z.object({ type: z.literal('RESIZE_PROJECT'), aspectRatio: AspectRatio }),
  z.object({
    type: z.literal('CLEAN_UP_TRANSCRIPT'),
    removeFillers: nullableBoolean,
    removePauses: nullableBoolean,
    fillerWords: z.array(z.string()).nullable().optional(),
    minPauseSeconds: z.number().min(0).nullable().optional(),
  }),
  z.object({ type: z.literal('CONVERT_IMAGES_TO_VIDEOS'), motionPrompt: nullableString, muteOutputVideos: nullableBoolean, quality: z.enum(['STANDARD', 'HIGH']).optional() }),
  z.object({ type: z.literal('REGENERATE_IMAGES'), stylePrompt: z.string(), modelMode: z.enum(['STANDARD', 'HIGH']).optional() }),
  z.object({ type: z.literal('UPSCALE_ASSETS'), includeVideos: nullableBoolean, includeStockContent: nullableBoolean }),
  z.object({ type: z.literal('CHANGE_NARRATOR'), voiceId: z.string(), avatarPresenterId: nullableString, voiceSpeed: z.number().nullable().optional() }),
  z.object({ type: z.literal('SHUFFLE_STOCK_VISUALS') }),
  z.object({ type: z.literal('GENERATE_MUSIC'), prompt: z.string() }),
  z.object({ type: z.literal('TRANSLATE_PROJECT'), languageCode: z.string(), changeVoice: nullableBoolean, translateImageText: nullableBoolean }),
  z.object({ type: z.literal('EDIT_WITH_AGENT'), prompt: z.string(), mode: z.enum(['MINOR_EDIT', 'RETHINK']).optional(), targetDurationSeconds: z.number().nullable().optional() }),
]);
export type RemixAction = z.infer<typeof RemixAction>;
export type RemixActionType = RemixAction['type'];
export type RemixActionOf<T extends RemixActionType> = Extract<RemixAction, { type: T }>;

const remixActions = z.array(RemixAction).optional();

// --- Workflows ---
export const ScriptToVideoRequest = z.object({
  script: z.string(),
  aspectRatio: AspectRatio.optional(),
  visualStyle: VisualStyle,
  visualPacing: VisualPacing.optional(),
  quality: GenerationQuality.optional(),
  language: z.string().optional(),
  voiceId: nullableString,
  voiceSpeed: z.number().optional(),
  avatarPresenterId: nullableString,
  featuredBRollFileIds: z.array(z.string()).optional(),
  workflowAgentContext: z.string().optional(),
  remixActions,
});

export const VoiceoverToVideoRequest = z.object({
  fileId: z.string(),
  aspectRatio: AspectRatio.optional(),
  visualStyle: VisualStyle,
  visualPacing: VisualPacing.optional(),
  quality: GenerationQuality.optional(),
  language: z.string().optional(),
  captionStyle: CaptionStyle.nullable().optional(),
  logoFileId: nullableString,
  workflowAgentContext: z.string().optional(),
  remixActions,
});

export const SlideshowToVideoRequest = z.object({
  fileId: z.string(),
  slideScripts: z.array(z.string()).optional(),
  aspectRatio: AspectRatio.optional(),
  language: z.string().optional(),
  voiceId: nullableString,
  voiceSpeed: z.number().optional(),
  avatarPresenterId: nullableString,
  captionStyle: CaptionStyle.nullable().optional(),
  logoFileId: nullableString,
  remixActions,
});

const SceneGeneration = z.object({ type: z.enum(['AI_IMAGE', 'AI_VIDEO']), aiStyle: nullableString });
export type SceneGeneration = z.infer<typeof SceneGeneration>;

export const StoryboardToVideoRequest = z.object({
  scenes: z
    .array(
      z.object({
        prompt: z.string().min(1),
        title: z.string().optional(),
        generation: SceneGeneration.nullable().optional(),
        durationSeconds: z.number().int().min(1).nullable().optional(),
        actorEntityId: nullableString,
        visualStyleEntityId: nullableString,
        voiceoverScript: nullableString,
      }),
    )
    .min(1),
  defaultGeneration: SceneGeneration.nullable().optional(),
  defaultDurationSeconds: z.number().int().min(1).optional(),
  quality: GenerationQuality.optional(),
  aspectRatio: AspectRatio.optional(),
  workflowAgentContext: z.string().optional(),
  remixActions,
});

export type ScriptToVideo = z.infer<typeof ScriptToVideoRequest>;
export type VoiceoverToVideo = z.infer<typeof VoiceoverToVideoRequest>;
export type SlideshowToVideo = z.infer<typeof SlideshowToVideoRequest>;
export type StoryboardToVideo = z.infer<typeof StoryboardToVideoRequest>;

// --- Projects ---
export const EXPORT_QUALITIES = ['STANDARD', 'HIGH', 'FULL_HIGH', 'ULTRA_HIGH'] as const;
export type ExportQuality = (typeof EXPORT_QUALITIES)[number];
export const ExportProjectRequest = z.object({ quality: z.enum(EXPORT_QUALITIES).optional() });
export const RemixProjectRequest = z.object({ remixActions: z.array(RemixAction).min(1), saveAsNewProject: z.boolean().optional() });

// --- Entities ---
export const ENTITY_TYPES = ['ACTOR', 'PRODUCT', 'VISUAL_STYLE'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];
export const CreateEntityRequest = z.object({ entityType: z.enum(ENTITY_TYPES), name: z.string().min(1), description: z.string().optional() });
export const UpdateEntityRequest = z.object({ name: z.string().nullable().optional(), description: z.string().nullable().optional() });
export const AddEntityReferenceRequest = z.object({ fileId: z.string(), description: z.string().optional(), isDefault: z.boolean().optional() });
export const RemoveEntityReferenceRequest = z.object({ fileId: z.string() });

// --- Text ---
export const TEXT_QUALITIES = ['LOW', 'STANDARD', 'HIGH', 'MAX'] as const;
export const GenerateTextRequest = z.object({
  prompt: z.string(),
  system: z.string().nullable().optional(),
  quality: z.enum(TEXT_QUALITIES).optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxOutputTokens: z.number().int().min(1).max(2000).optional(),
});
