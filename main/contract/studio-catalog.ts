/**
 * Whole videos as plain data (the renderer bundles it, like the tool catalogue): workflow and
 * job names, the spec's enums for workflows, exports, remix actions and entities, and the words
 * the app shows for them. The request schemas built on them are in ./studio.ts.
 */
export const WORKFLOWS = ['script-to-video', 'voiceover-to-video', 'slideshow-to-video', 'storyboard-to-video'] as const;
export type WorkflowName = (typeof WORKFLOWS)[number];
export const WORKFLOW_TYPES = ['SCRIPT_TO_VIDEO', 'VOICEOVER_TO_VIDEO', 'SLIDESHOW_TO_VIDEO', 'STORYBOARD_TO_VIDEO'] as const;
export type WorkflowType = (typeof WORKFLOW_TYPES)[number];
export const workflowTypeOf: Record<WorkflowName, WorkflowType> = {
  'script-to-video': 'SCRIPT_TO_VIDEO',
  'voiceover-to-video': 'VOICEOVER_TO_VIDEO',
  'slideshow-to-video': 'SLIDESHOW_TO_VIDEO',
  'storyboard-to-video': 'STORYBOARD_TO_VIDEO',
};
export const workflowLabel: Record<WorkflowType, string> = {
  SCRIPT_TO_VIDEO: 'Script',
  VOICEOVER_TO_VIDEO: 'Voiceover',
  SLIDESHOW_TO_VIDEO: 'Slideshow',
  STORYBOARD_TO_VIDEO: 'Storyboard',
};

/** Execution `tool` names of studio jobs. */
export const STUDIO_JOB_PREFIX = 'studio:';
export const EXPORT_JOB = 'studio:export';
export const REMIX_JOB = 'studio:remix';
export const workflowJob = (w: WorkflowName) => `studio:${w}`;
export function isStudioJob(tool: string): boolean {
  return tool.startsWith(STUDIO_JOB_PREFIX);
}
/** The workflow of a studio job, or null for exports and remixes. */
export function workflowOfJob(tool: string): WorkflowName | null {
  const w = tool.slice(STUDIO_JOB_PREFIX.length);
  return isStudioJob(tool) && (WORKFLOWS as readonly string[]).includes(w) ? (w as WorkflowName) : null;
}

export const PACINGS = ['FAST', 'MEDIUM', 'SLOW'] as const;
export const WORKFLOW_QUALITIES = ['LOW', 'STANDARD', 'HIGH'] as const;
export const TEXT_QUALITIES = ['LOW', 'STANDARD', 'HIGH', 'MAX'] as const;
export const EXPORT_QUALITIES = ['STANDARD', 'HIGH', 'FULL_HIGH', 'ULTRA_HIGH'] as const;
export type ExportQuality = (typeof EXPORT_QUALITIES)[number];
export const exportQualityLabel: Record<ExportQuality, string> = {
  STANDARD: '480p',
  HIGH: '720p',
  FULL_HIGH: '1080p',
  ULTRA_HIGH: '4K (2160p)',
};
export const ENTITY_TYPES = ['ACTOR', 'PRODUCT', 'VISUAL_STYLE'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];
export const entityTypeLabel: Record<EntityType, string> = { ACTOR: 'Actor', PRODUCT: 'Product', VISUAL_STYLE: 'Visual style' };
export const LOGO_POSITIONS = ['TOP_LEFT', 'TOP_CENTER', 'TOP_RIGHT', 'BOTTOM_LEFT', 'BOTTOM_CENTER', 'BOTTOM_RIGHT'] as const;
export const TRANSITION_STYLES = ['DYNAMIC', 'NONE', 'FADE', 'RISE', 'PAN', 'POP', 'WIPE'] as const;
export const REMIX_TYPES = [
  'SET_BACKGROUND_MUSIC',
  'SET_LOGO',
  'ENABLE_CAPTIONS',
  'DISABLE_CAPTIONS',
  'ADD_TRANSITIONS',
  'RESIZE_PROJECT',
  'CLEAN_UP_TRANSCRIPT',
  'CONVERT_IMAGES_TO_VIDEOS',
  'REGENERATE_IMAGES',
  'UPSCALE_ASSETS',
  'CHANGE_NARRATOR',
  'SHUFFLE_STOCK_VISUALS',
  'GENERATE_MUSIC',
  'TRANSLATE_PROJECT',
  'EDIT_WITH_AGENT',
] as const;
export type RemixType = (typeof REMIX_TYPES)[number];
export const remixLabel: Record<RemixType, string> = {
  SET_BACKGROUND_MUSIC: 'Background music',
  SET_LOGO: 'Logo',
  ENABLE_CAPTIONS: 'Show captions',
  DISABLE_CAPTIONS: 'Hide captions',
  ADD_TRANSITIONS: 'Transitions',
  RESIZE_PROJECT: 'Resize',
  CLEAN_UP_TRANSCRIPT: 'Clean up transcript',
  CONVERT_IMAGES_TO_VIDEOS: 'Images to videos',
  REGENERATE_IMAGES: 'Regenerate images',
  UPSCALE_ASSETS: 'Upscale',
  CHANGE_NARRATOR: 'Change narrator',
  SHUFFLE_STOCK_VISUALS: 'Shuffle stock visuals',
  GENERATE_MUSIC: 'Generate music',
  TRANSLATE_PROJECT: 'Translate',
  EDIT_WITH_AGENT: 'Edit with agent',
};

