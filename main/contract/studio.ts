/**
 * Whole videos (VideoGen workflows, projects, exports, remix actions, entities, text): every
 * request schema, built from the spec (`shared/api/videogen-openapi.json`), and the names of the
 * jobs they become. A workflow run, an export and a remix request are executions like a tool
 * run (written down first, sent once, reconciled, polled, shown in Activity); their `tool` is
 * one of `STUDIO_JOBS` below, never a catalogue tool name.
 *
 * Limits the spec states only in prose are enforced too: `aiStyle` / `entityId` by visual style
 * type, AI_VIDEO scenes 1–15 s and not at LOW quality, an entity update names a field.
 */
import { z } from 'zod';
import { AspectRatioSchema } from './tools';
import {
  ENTITY_TYPES,
  EXPORT_JOB,
  EXPORT_QUALITIES,
  LOGO_POSITIONS,
  PACINGS,
  REMIX_JOB,
  TEXT_QUALITIES,
  TRANSITION_STYLES,
  WORKFLOW_QUALITIES,
  workflowOfJob,
  type EntityType,
  type WorkflowName,
  type WorkflowType,
} from './studio-catalog';

export * from './studio-catalog';
const id = z.string().min(1).max(200);
const TEXT_MAX = 20_000;
const notBlank = (max: number) => z.string().max(max).refine((s) => s.trim() !== '', { message: 'Must not be empty' });
const bcp47 = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'A language code such as en or es-MX');
const channel = z.number().int().min(0).max(255);
const rgb = z.strictObject({ red: channel, green: channel, blue: channel });

export const CaptionStyleSchema = z.strictObject({
  fontName: z.string().min(1).max(100).optional(),
  fontSize: z.number().positive().max(500).optional(),
  fontWeight: z.number().int().refine((n) => n % 100 === 0 && n >= 100 && n <= 900, { message: 'One of 100, 200 … 900' }).optional(),
  textColor: rgb.optional(),
  textJustification: z.enum(['LEFT', 'CENTER', 'RIGHT']).optional(),
  verticalAlignment: z.enum(['TOP', 'MIDDLE', 'BOTTOM']).optional(),
  strokeColor: rgb.nullable().optional(),
  strokeWeight: z.number().min(0).max(100).optional(),
  backgroundStyle: z
    .strictObject({
      type: z.enum(['RECT', 'WRAPPED', 'WORD_BY_WORD']),
      backgroundColor: rgb,
      borderRadiusProportion: z.number().min(0).optional(),
      opacityProportion: z.number().min(0).max(1).optional(),
    })
    .nullable()
    .optional(),
  spokenTextColor: rgb.nullable().optional(),
  spokenTextStrokeColor: rgb.nullable().optional(),
  persistSpokenTextColor: z.boolean().optional(),
});

export const VisualStyleSchema = z
  .strictObject({
    type: z.enum(['STOCK', 'AI_IMAGE', 'ENTITY']),
    aiStyle: z.string().max(2_000).optional(),
    entityId: id.optional(),
    restyleFeaturedBRollWithAiStyle: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'AI_IMAGE' && !v.aiStyle?.trim()) ctx.addIssue({ code: 'custom', path: ['aiStyle'], message: 'Describe the AI style' });
    if (v.type === 'ENTITY' && !v.entityId) ctx.addIssue({ code: 'custom', path: ['entityId'], message: 'Pick a visual style' });
  });

const aspectRatio = AspectRatioSchema.optional();
const fileRef = id;

export const RemixActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('SET_BACKGROUND_MUSIC'), fileId: fileRef.nullable().optional(), volume: z.number().min(0).max(1).nullable().optional() }),
  z.strictObject({
    type: z.literal('SET_LOGO'),
    fileId: fileRef.nullable().optional(),
    position: z.enum(LOGO_POSITIONS).nullable().optional(),
    sizePercent: z.number().gt(0).max(100).nullable().optional(),
  }),
  z.strictObject({ type: z.literal('ENABLE_CAPTIONS'), captionStyle: CaptionStyleSchema.nullable().optional() }),
  z.strictObject({ type: z.literal('DISABLE_CAPTIONS') }),
  z.strictObject({ type: z.literal('ADD_TRANSITIONS'), sectionTransition: z.enum(TRANSITION_STYLES).nullable().optional(), assetTransition: z.enum(TRANSITION_STYLES).nullable().optional() }),
  z.strictObject({ type: z.literal('RESIZE_PROJECT'), aspectRatio: AspectRatioSchema }),
  z.strictObject({
    type: z.literal('CLEAN_UP_TRANSCRIPT'),
    removeFillers: z.boolean().nullable().optional(),
    removePauses: z.boolean().nullable().optional(),
    fillerWords: z.array(z.string().min(1).max(100)).max(200).nullable().optional(),
    minPauseSeconds: z.number().min(0).nullable().optional(),
  }),
  z.strictObject({ type: z.literal('CONVERT_IMAGES_TO_VIDEOS') }),
  z.strictObject({ type: z.literal('REGENERATE_IMAGES'), stylePrompt: notBlank(2_000), modelMode: z.enum(['STANDARD', 'HIGH']).optional() }),
  z.strictObject({ type: z.literal('UPSCALE_ASSETS') }),
  z.strictObject({ type: z.literal('CHANGE_NARRATOR'), voiceId: id, avatarPresenterId: id.nullable().optional(), voiceSpeed: z.number().gt(0).max(4).nullable().optional() }),
  z.strictObject({ type: z.literal('SHUFFLE_STOCK_VISUALS') }),
  z.strictObject({ type: z.literal('GENERATE_MUSIC'), prompt: notBlank(2_000) }),
  z.strictObject({ type: z.literal('TRANSLATE_PROJECT'), languageCode: bcp47, changeVoice: z.boolean().nullable().optional(), translateImageText: z.boolean().nullable().optional() }),
  z.strictObject({ type: z.literal('EDIT_WITH_AGENT'), prompt: notBlank(TEXT_MAX), mode: z.enum(['MINOR_EDIT', 'RETHINK']).optional(), targetDurationSeconds: z.number().positive().nullable().optional() }),
]);
export type RemixAction = z.infer<typeof RemixActionSchema>;
const remixActions = z.array(RemixActionSchema).max(50).optional();

const narration = {
  language: bcp47.optional(),
  voiceId: id.nullable().optional(),
  voiceSpeed: z.number().gt(0).max(4).optional(),
  avatarPresenterId: id.nullable().optional(),
};

export const ScriptToVideoSchema = z.strictObject({
  script: notBlank(TEXT_MAX),
  aspectRatio,
  visualStyle: VisualStyleSchema,
  visualPacing: z.enum(PACINGS).optional(),
  quality: z.enum(WORKFLOW_QUALITIES).optional(),
  ...narration,
  featuredBRollFileIds: z.array(fileRef).max(50).optional(),
  workflowAgentContext: z.string().max(TEXT_MAX).optional(),
  remixActions,
});

export const VoiceoverToVideoSchema = z.strictObject({
  fileId: fileRef,
  aspectRatio,
  visualStyle: VisualStyleSchema,
  visualPacing: z.enum(PACINGS).optional(),
  quality: z.enum(WORKFLOW_QUALITIES).optional(),
  language: bcp47.optional(),
  captionStyle: CaptionStyleSchema.nullable().optional(),
  logoFileId: fileRef.nullable().optional(),
  workflowAgentContext: z.string().max(TEXT_MAX).optional(),
  remixActions,
});

export const SlideshowToVideoSchema = z.strictObject({
  fileId: fileRef,
  slideScripts: z.array(z.string().max(TEXT_MAX)).max(500).optional(),
  aspectRatio,
  ...narration,
  captionStyle: CaptionStyleSchema.nullable().optional(),
  logoFileId: fileRef.nullable().optional(),
  remixActions,
});

const SceneGenerationSchema = z.strictObject({ type: z.enum(['AI_IMAGE', 'AI_VIDEO']), aiStyle: z.string().max(2_000).nullable().optional() });

export const StoryboardSceneSchema = z.strictObject({
  prompt: notBlank(TEXT_MAX),
  title: z.string().max(200).optional(),
  generation: SceneGenerationSchema.nullable().optional(),
  durationSeconds: z.number().int().min(1).max(600).nullable().optional(),
  actorEntityId: id.nullable().optional(),
  visualStyleEntityId: id.nullable().optional(),
  voiceoverScript: z.string().max(TEXT_MAX).nullable().optional(),
});

export const StoryboardToVideoSchema = z
  .strictObject({
    scenes: z.array(StoryboardSceneSchema).min(1).max(100),
    defaultGeneration: SceneGenerationSchema.nullable().optional(),
    defaultDurationSeconds: z.number().int().min(1).max(600).optional(),
    quality: z.enum(WORKFLOW_QUALITIES).optional(),
    aspectRatio,
    workflowAgentContext: z.string().max(TEXT_MAX).optional(),
    remixActions,
  })
  .superRefine((r, ctx) => {
    r.scenes.forEach((s, i) => {
      const gen = s.generation?.type ?? r.defaultGeneration?.type ?? 'AI_IMAGE';
      if (gen !== 'AI_VIDEO') return;
      const d = s.durationSeconds ?? r.defaultDurationSeconds ?? 5;
      if (d > 15) ctx.addIssue({ code: 'custom', path: ['scenes', i, 'durationSeconds'], message: 'A video scene lasts 1 to 15 seconds' });
      if ((r.quality ?? 'STANDARD') === 'LOW') ctx.addIssue({ code: 'custom', path: ['quality'], message: 'Video scenes need Standard or High quality' });
    });
  });

export const workflowRequestSchemas = {
  'script-to-video': ScriptToVideoSchema,
  'voiceover-to-video': VoiceoverToVideoSchema,
  'slideshow-to-video': SlideshowToVideoSchema,
  'storyboard-to-video': StoryboardToVideoSchema,
} as const satisfies Record<WorkflowName, z.ZodType>;

export const ExportRequestSchema = z.strictObject({ projectId: id, quality: z.enum(EXPORT_QUALITIES).optional() });
export const RemixRequestSchema = z.strictObject({
  projectId: id,
  remixActions: z.array(RemixActionSchema).min(1).max(50),
  saveAsNewProject: z.boolean().optional(),
});

export const GenerateTextSchema = z.strictObject({
  prompt: notBlank(TEXT_MAX),
  system: z.string().max(TEXT_MAX).nullable().optional(),
  quality: z.enum(TEXT_QUALITIES).optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxOutputTokens: z.number().int().min(1).max(2000).optional(),
});

export const CreateEntitySchema = z.strictObject({ entityType: z.enum(ENTITY_TYPES), name: notBlank(200), description: z.string().max(2_000).optional() });
export const UpdateEntitySchema = z
  .strictObject({ entityId: id, name: notBlank(200).nullable().optional(), description: z.string().max(2_000).nullable().optional() })
  .refine((u) => u.name !== undefined || u.description !== undefined, { message: 'Change the name or the description' });

/** The schema of a studio job's params (what the router and the worker check). */
export function studioJobSchema(tool: string): z.ZodType | null {
  if (tool === EXPORT_JOB) return ExportRequestSchema;
  if (tool === REMIX_JOB) return RemixRequestSchema;
  const w = workflowOfJob(tool);
  return w ? workflowRequestSchemas[w] : null;
}

// ---------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------

export interface ProjectView {
  projectId: string;
  title: string;
  status: 'generating' | 'ready';
  /** Known when this app started it (the API's project has no type). */
  workflowType: WorkflowType | null;
  aspectRatio: { width: number; height: number };
  projectUrl: string;
  /** The newest export that landed in the library (its thumbnail is the project's). */
  exportFileId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface EntityView {
  entityId: string;
  entityType: EntityType;
  name: string;
  description: string;
  references: Array<{ fileId: string; isDefault: boolean }>;
  updatedAt: number;
}

export interface RemixActionView {
  remixActionId: string;
  type: string;
  status: string;
  progress: number;
  error: string | null;
}
