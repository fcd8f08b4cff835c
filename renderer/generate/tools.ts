/**
 * Every generation tool as data: its fields, their limits, and how the form becomes a request.
 * The form (ToolForm.tsx) renders any ToolDef; validation and request building live here so
 * they can be tested without a DOM. Limits follow the VideoGen OpenAPI spec (api/README.md A8)
 * and the Sync create-generation body (B2, B5).
 */
import type { FileType, LipsyncRequest, SyncModelView, TtsVoiceView } from '../../main/contract';

// ---------------------------------------------------------------------------------------
// Field values
// ---------------------------------------------------------------------------------------

export type AspectPreset = '16:9' | '9:16' | '1:1' | '4:3' | 'custom';
export const ASPECT_PRESETS: readonly Exclude<AspectPreset, 'custom'>[] = ['16:9', '9:16', '1:1', '4:3'];
export interface AspectValue {
  preset: AspectPreset;
  /** Only read when preset is `custom`; kept as typed text so the field can be edited freely. */
  width: string;
  height: string;
}

/** A media reference: a library file, or (lip-sync only) a URL or a local path (Electron drops). */
export type MediaRef =
  | { kind: 'library'; fileId: string }
  | { kind: 'url'; url: string }
  | { kind: 'path'; path: string };

export interface Pair {
  original: string;
  replacement: string;
}

export type FieldValue = string | boolean | string[] | AspectValue | Pair[] | MediaRef | null;
export type FormValues = Record<string, FieldValue>;

export type FieldKind =
  | 'prompt' // the main free-text field (accessible name "Prompt")
  | 'textarea'
  | 'text'
  | 'select'
  | 'int'
  | 'number'
  | 'boolean'
  | 'aspectRatio'
  | 'files' // several library files
  | 'file' // one library file
  | 'voice' // a TTS voice from resources.voices
  | 'presenter' // an avatar presenter from resources.presenters
  | 'syncModel' // a Sync model from lipsync.models
  | 'mediaRef' // lip-sync input: library file or URL
  | 'pairs'; // pronunciation replacements

export interface Option {
  value: string;
  label: string;
}

export interface FieldDef {
  key: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  help?: string;
  options?: readonly Option[];
  min?: number;
  max?: number;
  step?: number;
  maxLength?: number;
  pattern?: { re: RegExp; message: string };
  /** Library file types a file field accepts. */
  accept?: readonly FileType[];
  maxFiles?: number;
  default?: FieldValue;
  /** Shown under "More options". */
  advanced?: boolean;
  /** Other fields that follow from the type of a library file put here (lip-sync: image or video). */
  derive?: (fileType: FileType) => FormValues;
  /** Only shown (and only validated/sent) when this is true. */
  when?: (v: FormValues, ctx: ToolContext) => boolean;
  placeholder?: string;
}

export interface ToolContext {
  voices?: readonly TtsVoiceView[];
  models?: readonly SyncModelView[];
}

export type ToolGroup = 'Image' | 'Video' | 'Audio' | 'Avatar & lip-sync';

export interface ToolDef {
  /** VideoGen tool name (`generate-image`) or `lipsync`. */
  id: string;
  provider: 'videogen' | 'sync';
  label: string;
  group: ToolGroup;
  description: string;
  /** `toolType` of its outputs, to match library items back to a tool. */
  toolType: string;
  fields: readonly FieldDef[];
  /** At least one of these keys must be non-empty. */
  anyOf?: readonly string[];
  /** The single-file parameter a batch run fills with each selected file (`tools.runBatch`). */
  batchParam?: string;
}

// ---------------------------------------------------------------------------------------
// Shared field definitions
// ---------------------------------------------------------------------------------------

const QUALITY_IMAGE: readonly Option[] = [
  { value: 'LOW', label: 'Low (fastest)' },
  { value: 'STANDARD', label: 'Standard' },
  { value: 'HIGH', label: 'High (slowest)' },
];
const QUALITY_CLIP: readonly Option[] = [
  { value: 'STANDARD', label: 'Standard' },
  { value: 'HIGH', label: 'High (slowest)' },
];
export const WATERMARK_MODES: readonly Option[] = [
  { value: 'AUTO', label: 'Auto' },
  { value: 'VIDEO_GEN', label: 'Always watermark' },
  { value: 'NONE', label: 'None (Production add-on)' },
];

const prompt = (label = 'Prompt', required = true, placeholder?: string): FieldDef => ({
  key: 'prompt',
  label,
  kind: 'prompt',
  required,
  maxLength: 10_000,
  placeholder,
});
const numResults: FieldDef = {
  key: 'numResults',
  label: 'Results',
  kind: 'int',
  min: 1,
  max: 100,
  default: '1',
  required: true,
  help: '1–100 outputs from one request',
};
const temporary: FieldDef = {
  key: 'isOutputTemporary',
  label: 'Temporary output',
  kind: 'boolean',
  default: false,
  advanced: true,
  help: 'Kept at least 24 h, then may be archived; never analysed, so not searchable.',
};
const watermark: FieldDef = {
  key: 'watermarkMode',
  label: 'Watermark',
  kind: 'select',
  options: WATERMARK_MODES,
  default: 'AUTO',
  advanced: true,
  help: '“None” needs the Production API add-on; the API rejects it otherwise.',
};
const aspect: FieldDef = {
  key: 'aspectRatio',
  label: 'Aspect ratio',
  kind: 'aspectRatio',
  default: { preset: '16:9', width: '16', height: '9' },
  help: 'A ratio, not pixels.',
};
const refs = (key: string, label: string, type: FileType): FieldDef => ({
  key,
  label,
  kind: 'files',
  accept: [type],
  maxFiles: 4,
  default: [],
  help: 'Up to 4, from the library or dropped here.',
});
const oneFile = (key: string, label: string, type: FileType): FieldDef => ({
  key,
  label,
  kind: 'file',
  accept: [type],
  required: true,
  default: null,
});

const imageAsset = (id: string, label: string, toolType: string, description: string): ToolDef => ({
  id,
  provider: 'videogen',
  label,
  group: 'Image',
  description,
  toolType,
  fields: [oneFile('imageStorageFileId', 'Image', 'IMAGE'), numResults, watermark, temporary],
  batchParam: 'imageStorageFileId',
});
const videoAsset = (id: string, label: string, toolType: string, description: string): ToolDef => ({
  id,
  provider: 'videogen',
  label,
  group: 'Video',
  description,
  toolType,
  fields: [oneFile('videoStorageFileId', 'Video', 'VIDEO'), numResults, watermark, temporary],
  batchParam: 'videoStorageFileId',
});

const isModel = (id: string) => (v: FormValues) => v['model'] === id;
const notModel = (id: string) => (v: FormValues) => v['model'] !== id;

// ---------------------------------------------------------------------------------------
// The tools
// ---------------------------------------------------------------------------------------

export const TOOLS: readonly ToolDef[] = [
  {
    id: 'generate-image',
    provider: 'videogen',
    label: 'Image',
    group: 'Image',
    description: 'Generate images from a prompt, optionally guided by up to 4 reference images.',
    toolType: 'GENERATE_IMAGE',
    fields: [
      prompt('Prompt', true, 'A serene Japanese garden with cherry blossoms at golden hour'),
      { key: 'quality', label: 'Quality', kind: 'select', options: QUALITY_IMAGE, default: 'STANDARD', required: true },
      aspect,
      refs('imageFileIds', 'Reference images', 'IMAGE'),
      numResults,
      watermark,
      temporary,
    ],
  },
  {
    id: 'generate-video-clip',
    provider: 'videogen',
    label: 'Video clip',
    group: 'Video',
    description: 'A short clip (1–15 s) from a prompt and/or reference images, videos or audio.',
    toolType: 'GENERATE_VIDEO_CLIP',
    anyOf: ['prompt', 'imageFileIds', 'videoFileIds', 'audioFileIds'],
    fields: [
      prompt('Prompt', false, 'A golden retriever running through a sunlit meadow in slow motion, cinematic'),
      { key: 'quality', label: 'Quality', kind: 'select', options: QUALITY_CLIP, default: 'STANDARD', required: true },
      {
        key: 'durationSeconds',
        label: 'Duration (s)',
        kind: 'int',
        min: 1,
        max: 15,
        default: '6',
        help: 'Whole seconds, 1–15.',
      },
      aspect,
      { key: 'generateAudio', label: 'Generate audio', kind: 'boolean', default: false },
      refs('imageFileIds', 'Reference images', 'IMAGE'),
      refs('videoFileIds', 'Reference videos', 'VIDEO'),
      refs('audioFileIds', 'Reference audio', 'AUDIO'),
      numResults,
      watermark,
      temporary,
    ],
  },
  {
    id: 'text-to-speech',
    provider: 'videogen',
    label: 'Text to speech',
    group: 'Audio',
    description: 'Speak a text with one of the voices that support direct tool execution.',
    toolType: 'TEXT_TO_SPEECH',
    fields: [
      { key: 'ttsText', label: 'Text to speak', kind: 'textarea', required: true, maxLength: 10_000 },
      { key: 'voiceId', label: 'Voice', kind: 'voice', required: true, default: '' },
      {
        key: 'speechLanguageCode',
        label: 'Language (ISO 639-1)',
        kind: 'text',
        placeholder: 'en',
        pattern: { re: /^[a-z]{2}$/, message: 'Use a two-letter ISO 639-1 code, like “en” or “es”.' },
        advanced: true,
      },
      {
        key: 'voiceSpeed',
        label: 'Voice speed',
        kind: 'number',
        min: 0.25,
        max: 4,
        step: 0.05,
        help: 'Multiplier; empty = the voice’s default.',
        advanced: true,
      },
      {
        key: 'autoExpandPronunciationReplacements',
        label: 'Expand numbers and symbols',
        kind: 'boolean',
        default: false,
        advanced: true,
        help: '“$100” → “one hundred dollars”.',
      },
      { key: 'pronunciationReplacements', label: 'Pronunciations', kind: 'pairs', default: [], advanced: true },
      numResults,
      temporary,
    ],
  },
  {
    id: 'generate-sound-effect',
    provider: 'videogen',
    label: 'Sound effect',
    group: 'Audio',
    description: 'A sound effect from a description, 1–30 s.',
    toolType: 'GENERATE_SOUND_EFFECT',
    fields: [
      prompt('Prompt', true, 'Footsteps on gravel, slow, close-up'),
      { key: 'durationSeconds', label: 'Duration (s)', kind: 'number', min: 1, max: 30, step: 0.5, help: '1–30 s; empty ≈ 10 s.' },
      {
        key: 'promptInfluence',
        label: 'Prompt influence',
        kind: 'number',
        min: 0,
        max: 1,
        step: 0.05,
        advanced: true,
        help: '0–1: how literally the prompt is followed.',
      },
      numResults,
      temporary,
    ],
  },
  {
    id: 'generate-music',
    provider: 'videogen',
    label: 'Music',
    group: 'Audio',
    description: 'About 30 s of instrumental music. Name genre, mood, instruments and tempo.',
    toolType: 'GENERATE_MUSIC',
    fields: [prompt('Prompt', true, 'Lo-fi hip hop, mellow piano, vinyl crackle, 80 bpm'), numResults, temporary],
  },
  {
    id: 'generate-avatar',
    provider: 'videogen',
    label: 'Avatar',
    group: 'Avatar & lip-sync',
    description: 'A presenter speaking an audio file (e.g. a text-to-speech result).',
    toolType: 'GENERATE_AVATAR',
    fields: [
      { key: 'avatarPresenterId', label: 'Presenter', kind: 'presenter', required: true, default: '' },
      oneFile('audioStorageFileId', 'Audio', 'AUDIO'),
      numResults,
      watermark,
      temporary,
    ],
    batchParam: 'audioStorageFileId',
  },
  imageAsset('vectorize-image', 'Vectorize', 'VECTORIZE_IMAGE', 'Trace an image into vector art.'),
  imageAsset('remove-image-background', 'Remove background', 'REMOVE_IMAGE_BACKGROUND', 'Cut the subject out of an image.'),
  imageAsset('upscale-image', 'Upscale image', 'UPSCALE_IMAGE', 'Enlarge an image with detail.'),
  imageAsset('image-3d-effect', '3D effect', 'IMAGE_3D_EFFECT', 'Turn a still image into a parallax 3D clip.'),
  videoAsset('remove-video-background', 'Remove video background', 'REMOVE_VIDEO_BACKGROUND', 'Cut the subject out of a video.'),
  videoAsset('upscale-video', 'Upscale video', 'UPSCALE_VIDEO', 'Enlarge a video with detail.'),
  {
    id: 'lipsync',
    provider: 'sync',
    label: 'Lip-sync',
    group: 'Avatar & lip-sync',
    description: 'Make a face in a video (or image, sync-3) speak an audio track or a script (Sync).',
    toolType: 'LIPSYNC',
    fields: [
      { key: 'model', label: 'Model', kind: 'syncModel', required: true, default: 'sync-3' },
      {
        key: 'visualType',
        label: 'Face from',
        kind: 'select',
        options: [
          { value: 'video', label: 'Video' },
          { value: 'image', label: 'Image' },
        ],
        default: 'video',
        required: true,
      },
      {
        key: 'visual',
        label: 'Face video or image',
        kind: 'mediaRef',
        accept: ['VIDEO', 'IMAGE'],
        required: true,
        default: null,
        derive: (t) => ({ visualType: t === 'IMAGE' ? 'image' : 'video' }),
      },
      {
        key: 'voiceType',
        label: 'Voice from',
        kind: 'select',
        options: [
          { value: 'audio', label: 'Audio file' },
          { value: 'text', label: 'Script (ElevenLabs voice)' },
        ],
        default: 'audio',
        required: true,
      },
      {
        key: 'audio',
        label: 'Audio',
        kind: 'mediaRef',
        accept: ['AUDIO'],
        required: true,
        default: null,
        when: (v) => v['voiceType'] === 'audio',
      },
      {
        key: 'voiceId',
        label: 'Voice id',
        kind: 'text',
        required: true,
        maxLength: 200,
        when: (v) => v['voiceType'] === 'text',
        help: 'A Sync cloned voice or an ElevenLabs voice id.',
      },
      {
        key: 'script',
        label: 'Script',
        kind: 'textarea',
        required: true,
        maxLength: 4999,
        when: (v) => v['voiceType'] === 'text',
      },
      {
        key: 'sync_mode',
        label: 'Length mismatch',
        kind: 'select',
        options: [
          { value: '', label: 'Default' },
          { value: 'bounce', label: 'Bounce' },
          { value: 'loop', label: 'Loop' },
          { value: 'cut_off', label: 'Cut off' },
          { value: 'silence', label: 'Silence' },
          { value: 'remap', label: 'Remap' },
        ],
        default: '',
        advanced: true,
      },
      {
        key: 'temperature',
        label: 'Temperature',
        kind: 'number',
        min: 0,
        max: 1,
        step: 0.05,
        advanced: true,
        when: notModel('sync-3'),
        help: '0–1 (default 0.5); sync-3 ignores it.',
      },
      { key: 'auto_detect', label: 'Detect the active speaker', kind: 'boolean', default: false, advanced: true },
      { key: 'occlusion_detection_enabled', label: 'Occlusion detection (slower)', kind: 'boolean', default: false, advanced: true },
      {
        key: 'model_mode',
        label: 'Animate',
        kind: 'select',
        options: [
          { value: '', label: 'Default (face)' },
          { value: 'lips', label: 'Lips' },
          { value: 'face', label: 'Face' },
          { value: 'head', label: 'Head' },
        ],
        default: '',
        when: isModel('react-1'),
      },
      {
        key: 'emotion',
        label: 'Emotion',
        kind: 'select',
        options: [
          { value: '', label: 'None' },
          ...['happy', 'sad', 'angry', 'disgusted', 'surprised', 'neutral'].map((e) => ({
            value: e,
            label: e.charAt(0).toUpperCase() + e.slice(1),
          })),
        ],
        default: '',
        when: isModel('react-1'),
      },
      {
        key: 'outputFileName',
        label: 'Output file name',
        kind: 'text',
        maxLength: 255,
        advanced: true,
        pattern: { re: /^[A-Za-z0-9_-]+$/, message: 'Letters, digits, “_” and “-” only (.mp4 is added).' },
      },
    ],
  },
];

export const TOOL_IDS: readonly string[] = TOOLS.map((t) => t.id);

export function toolById(id: string): ToolDef | undefined {
  return TOOLS.find((t) => t.id === id);
}

export function toolForType(toolType: string | null | undefined): ToolDef | undefined {
  return toolType ? TOOLS.find((t) => t.toolType === toolType) : undefined;
}

/** Tools a batch can run over: those with one file input, and the file type that input takes. */
export function batchTools(): Array<{ tool: ToolDef; accept: readonly FileType[] }> {
  return TOOLS.filter((t) => t.batchParam).map((t) => ({
    tool: t,
    accept: t.fields.find((f) => f.key === t.batchParam)?.accept ?? [],
  }));
}

// ---------------------------------------------------------------------------------------
// Values: defaults, visibility, validation
// ---------------------------------------------------------------------------------------

function emptyOf(f: FieldDef): FieldValue {
  switch (f.kind) {
    case 'boolean':
      return false;
    case 'files':
    case 'pairs':
      return [];
    case 'file':
    case 'mediaRef':
      return null;
    case 'aspectRatio':
      return { preset: '16:9', width: '16', height: '9' };
    default:
      return '';
  }
}

export function defaultValues(tool: ToolDef): FormValues {
  const v: FormValues = {};
  for (const f of tool.fields) v[f.key] = f.default !== undefined ? clone(f.default) : emptyOf(f);
  return v;
}

function clone<T extends FieldValue>(v: T): T {
  return (v && typeof v === 'object' ? structuredClone(v) : v) as T;
}

export function visibleFields(tool: ToolDef, values: FormValues, ctx: ToolContext = {}): FieldDef[] {
  return tool.fields.filter((f) => !f.when || f.when(values, ctx));
}

export function isEmpty(v: FieldValue | undefined): boolean {
  if (v == null) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

export type Errors = Record<string, string>;

export interface ValidateOptions {
  ctx?: ToolContext;
  /** Batch mode: this file field is filled per selected file, so it is not checked here. */
  batchParam?: string;
}

/** Every problem with the form, keyed by field (and `_form` for cross-field rules). */
export function validate(tool: ToolDef, values: FormValues, opts: ValidateOptions = {}): Errors {
  const ctx = opts.ctx ?? {};
  const errors: Errors = {};
  for (const f of visibleFields(tool, values, ctx)) {
    if (f.key === opts.batchParam) continue;
    const v = values[f.key];
    const err = validateField(f, v, values, ctx);
    if (err) errors[f.key] = err;
  }
  if (tool.anyOf && tool.anyOf.every((k) => isEmpty(values[k]))) {
    const names = tool.anyOf.map((k) => tool.fields.find((f) => f.key === k)?.label.toLowerCase() ?? k);
    errors['_form'] = `Give at least one of: ${names.join(', ')}.`;
  }
  if (tool.id === 'lipsync') {
    const model = ctx.models?.find((m) => m.id === values['model']);
    if (values['visualType'] === 'image' && model && !model.acceptsImage) {
      errors['visualType'] = `${model.name} takes a video; only image-capable models (sync-3) take an image.`;
    }
    if (model?.deprecated) errors['model'] = `${model.name} is deprecated; pick another model.`;
  }
  return errors;
}

export function validateField(f: FieldDef, v: FieldValue | undefined, _values: FormValues, ctx: ToolContext): string | null {
  if (isEmpty(v)) return f.required ? `${f.label} is required.` : null;
  switch (f.kind) {
    case 'int':
    case 'number': {
      const s = String(v).trim();
      const n = Number(s);
      if (!Number.isFinite(n)) return `${f.label} must be a number.`;
      if (f.kind === 'int' && !Number.isInteger(n)) return `${f.label} must be a whole number.`;
      if (f.min != null && n < f.min) return rangeMessage(f);
      if (f.max != null && n > f.max) return rangeMessage(f);
      return null;
    }
    case 'prompt':
    case 'textarea':
    case 'text': {
      const s = String(v);
      if (f.maxLength != null && s.length > f.maxLength) return `${f.label} is too long (${s.length} of ${f.maxLength} characters).`;
      if (f.pattern && !f.pattern.re.test(s.trim())) return f.pattern.message;
      return null;
    }
    case 'select':
      if (f.options && !f.options.some((o) => o.value === v)) return `Pick a ${f.label.toLowerCase()}.`;
      return null;
    case 'files': {
      const list = v as string[];
      if (f.maxFiles != null && list.length > f.maxFiles) return `At most ${f.maxFiles} ${f.label.toLowerCase()} (${list.length} given).`;
      return null;
    }
    case 'aspectRatio': {
      const a = v as AspectValue;
      if (a.preset !== 'custom') return ASPECT_PRESETS.includes(a.preset) ? null : 'Pick an aspect ratio.';
      const w = Number(a.width);
      const h = Number(a.height);
      if (!Number.isInteger(w) || !Number.isInteger(h) || w < 1 || h < 1) {
        return 'Width and height must be whole numbers of at least 1.';
      }
      return null;
    }
    case 'voice': {
      const voice = ctx.voices?.find((x) => x.voiceId === v);
      if (ctx.voices && !voice) return 'Pick a voice from the list.';
      if (voice && !voice.supportsDirectToolExecution) return `${voice.displayName} cannot be used directly; pick another voice.`;
      return null;
    }
    case 'mediaRef': {
      const r = v as MediaRef;
      if (r.kind === 'url' && !/^https?:\/\/\S+$/i.test(r.url)) return 'Enter a full http(s) URL.';
      return null;
    }
    case 'pairs': {
      const pairs = v as Pair[];
      if (pairs.some((p) => !p.original.trim() || !p.replacement.trim())) return 'Fill in both sides of every pronunciation.';
      return null;
    }
    default:
      return null;
  }
}

function rangeMessage(f: FieldDef): string {
  if (f.min != null && f.max != null) return `${f.label} must be between ${f.min} and ${f.max}.`;
  if (f.min != null) return `${f.label} must be at least ${f.min}.`;
  return `${f.label} must be at most ${f.max}.`;
}

// ---------------------------------------------------------------------------------------
// Values → request, request → values (Reuse)
// ---------------------------------------------------------------------------------------

export function aspectToParam(a: AspectValue): { width: number; height: number } {
  if (a.preset === 'custom') return { width: Number(a.width), height: Number(a.height) };
  const [w, h] = a.preset.split(':').map(Number);
  return { width: w ?? 16, height: h ?? 9 };
}

export function aspectFromParam(p: unknown): AspectValue {
  const o = p as { width?: unknown; height?: unknown } | null;
  const w = typeof o?.width === 'number' ? o.width : 16;
  const h = typeof o?.height === 'number' ? o.height : 9;
  const preset = ASPECT_PRESETS.find((x) => x === `${w}:${h}`);
  return preset ? { preset, width: String(w), height: String(h) } : { preset: 'custom', width: String(w), height: String(h) };
}

function fieldToParam(f: FieldDef, v: FieldValue | undefined): unknown {
  if (isEmpty(v)) return undefined;
  switch (f.kind) {
    case 'int':
    case 'number':
      return Number(String(v).trim());
    case 'aspectRatio':
      return aspectToParam(v as AspectValue);
    case 'prompt':
    case 'textarea':
    case 'text':
      return String(v).trim();
    case 'pairs':
      return (v as Pair[]).map((p) => ({ original: p.original.trim(), replacement: p.replacement.trim() }));
    default:
      return v;
  }
}

/** VideoGen: the `params` of `tools.run` (only what the person set; empty optionals left out). */
export function buildParams(tool: ToolDef, values: FormValues, opts: ValidateOptions = {}): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const f of visibleFields(tool, values, opts.ctx)) {
    if (f.key === opts.batchParam) continue;
    const p = fieldToParam(f, values[f.key]);
    if (p === undefined) continue;
    // Defaults the API applies anyway are still sent: the request shown later is exactly what ran.
    params[f.key] = p;
  }
  return params;
}

function refToSync(r: MediaRef): LipsyncRequest['visual']['ref'] {
  if (r.kind === 'library') return { kind: 'library', fileId: r.fileId };
  if (r.kind === 'url') return { kind: 'url', url: r.url.trim() };
  return { kind: 'path', path: r.path };
}

/** Sync: the body of `lipsync.run` / `lipsync.estimate`. */
export function buildLipsync(values: FormValues, ctx: ToolContext = {}): LipsyncRequest {
  const tool = toolById('lipsync')!;
  const visible = new Set(visibleFields(tool, values, ctx).map((f) => f.key));
  const str = (k: string) => (visible.has(k) && typeof values[k] === 'string' ? (values[k] as string).trim() : '');
  const req: LipsyncRequest = {
    model: str('model'),
    visual: { type: values['visualType'] === 'image' ? 'image' : 'video', ref: refToSync(values['visual'] as MediaRef) },
    voice:
      values['voiceType'] === 'text'
        ? { type: 'text', voiceId: str('voiceId'), script: str('script') }
        : { type: 'audio', ref: refToSync(values['audio'] as MediaRef) },
  };
  const options: NonNullable<LipsyncRequest['options']> = {};
  const mode = str('sync_mode');
  if (mode) options.sync_mode = mode as NonNullable<typeof options.sync_mode>;
  if (str('temperature')) options.temperature = Number(str('temperature'));
  if (values['auto_detect'] === true) options.active_speaker_detection = { auto_detect: true };
  if (values['occlusion_detection_enabled'] === true) options.occlusion_detection_enabled = true;
  const mm = str('model_mode');
  if (mm) options.model_mode = mm as NonNullable<typeof options.model_mode>;
  const emo = str('emotion');
  if (emo) options.prompt = emo as NonNullable<typeof options.prompt>;
  if (Object.keys(options).length) req.options = options;
  const name = str('outputFileName');
  if (name) req.outputFileName = name;
  return req;
}

function paramToField(f: FieldDef, p: unknown): FieldValue | undefined {
  if (p === undefined || p === null) return undefined;
  switch (f.kind) {
    case 'int':
    case 'number':
      return typeof p === 'number' ? String(p) : undefined;
    case 'boolean':
      return p === true;
    case 'aspectRatio':
      return aspectFromParam(p);
    case 'files':
      return Array.isArray(p) ? p.filter((x): x is string => typeof x === 'string') : undefined;
    case 'pairs':
      return Array.isArray(p)
        ? p.map((x) => ({ original: String((x as Pair).original ?? ''), replacement: String((x as Pair).replacement ?? '') }))
        : undefined;
    case 'file':
    case 'voice':
    case 'presenter':
    case 'syncModel':
    case 'select':
    case 'prompt':
    case 'textarea':
    case 'text':
      return typeof p === 'string' ? p : undefined;
    default:
      return undefined;
  }
}

function refFromSync(r: unknown): MediaRef | null {
  const o = r as { kind?: string; fileId?: string; url?: string; path?: string } | null;
  if (o?.kind === 'library' && o.fileId) return { kind: 'library', fileId: o.fileId };
  if (o?.kind === 'url' && o.url) return { kind: 'url', url: o.url };
  if (o?.kind === 'path' && o.path) return { kind: 'path', path: o.path };
  return null;
}

/** Reuse: a stored request back into form values (unknown keys ignored, missing ones default). */
export function valuesFromParams(tool: ToolDef, params: Record<string, unknown>): FormValues {
  const v = defaultValues(tool);
  if (tool.id === 'lipsync') {
    const r = params as Partial<LipsyncRequest>;
    if (typeof r.model === 'string') v['model'] = r.model;
    if (r.visual) {
      v['visualType'] = r.visual.type === 'image' ? 'image' : 'video';
      v['visual'] = refFromSync(r.visual.ref);
    }
    if (r.voice?.type === 'text') {
      v['voiceType'] = 'text';
      v['voiceId'] = r.voice.voiceId;
      v['script'] = r.voice.script;
    } else if (r.voice?.type === 'audio') {
      v['voiceType'] = 'audio';
      v['audio'] = refFromSync(r.voice.ref);
    }
    const o = r.options ?? {};
    if (o.sync_mode) v['sync_mode'] = o.sync_mode;
    if (typeof o.temperature === 'number') v['temperature'] = String(o.temperature);
    if (o.active_speaker_detection?.auto_detect) v['auto_detect'] = true;
    if (o.occlusion_detection_enabled) v['occlusion_detection_enabled'] = true;
    if (o.model_mode) v['model_mode'] = o.model_mode;
    if (o.prompt) v['emotion'] = o.prompt;
    if (r.outputFileName) v['outputFileName'] = r.outputFileName;
    return v;
  }
  for (const f of tool.fields) {
    const x = paramToField(f, params[f.key]);
    if (x !== undefined) v[f.key] = x;
  }
  return v;
}
