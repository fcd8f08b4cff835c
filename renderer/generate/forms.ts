/**
 * Every generation form, built from the contract's tool catalogue: which tools exist, which
 * file inputs each takes, which take a watermark, and every limit come from
 * main/contract/tool-catalog.ts (imported as data). What is written here is presentation
 * only: labels, help, placeholders, grouping, order and defaults.
 */
import type { FileType } from '../../main/contract';
import {
  CLIP_INPUTS,
  CLIP_QUALITIES,
  DEFAULT_SYNC_MODEL,
  EMOTIONS,
  IMAGE_QUALITIES,
  LANGUAGE_CODE_PATTERN,
  LIPSYNC_LIMITS,
  MODEL_MODES,
  OUTPUT_FILE_NAME_PATTERN,
  SYNC_MODES,
  TOOL_LIMITS,
  toolMeta,
  toolTypeOf,
  type ModelMode,
  type SyncMode,
  type ToolName,
  type WatermarkMode,
} from '../../main/contract/tool-catalog';
import type { FieldDef, FormValues, Option, ToolDef, ToolGroup } from './types';

// ---------------------------------------------------------------------------------------
// Shared field definitions
// ---------------------------------------------------------------------------------------

const options = <V extends string>(values: readonly V[], labels: Record<V, string>): Option[] =>
  values.map((value) => ({ value, label: labels[value] }));
/** The labels' order is the menu's order; the Record type makes every catalogue value appear. */
const labelled = <V extends string>(labels: Record<V, string>): Option[] =>
  (Object.keys(labels) as V[]).map((value) => ({ value, label: labels[value] }));

const QUALITY_IMAGE = options(IMAGE_QUALITIES, { LOW: 'Low (fastest)', STANDARD: 'Standard', HIGH: 'High (slowest)' });
const QUALITY_CLIP = options(CLIP_QUALITIES, { STANDARD: 'Standard', HIGH: 'High (slowest)' });
export const WATERMARK_OPTIONS: readonly Option[] = labelled<WatermarkMode>({
  AUTO: 'Auto',
  VIDEO_GEN: 'Always watermark',
  NONE: 'None (Production add-on)',
});

const { numResults: N, referenceFiles, text, clipSeconds, soundSeconds, promptInfluence, voiceSpeed } = TOOL_LIMITS;

const prompt = (label = 'Prompt', required = true, placeholder?: string): FieldDef => ({
  key: 'prompt',
  label,
  kind: 'prompt',
  required,
  maxLength: text.maxLength,
  placeholder,
});
const numResults: FieldDef = {
  key: 'numResults',
  label: 'Results',
  kind: 'int',
  min: N.min,
  max: N.max,
  default: '1',
  required: true,
  help: `${N.min}–${N.max} outputs from one request`,
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
  options: WATERMARK_OPTIONS,
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

/** Labels of the file inputs the catalogue lists, by request field. */
const FILE_LABELS: Record<string, string> = {
  imageFileIds: 'Reference images',
  videoFileIds: 'Reference videos',
  audioFileIds: 'Reference audio',
  imageStorageFileId: 'Image',
  videoStorageFileId: 'Video',
  audioStorageFileId: 'Audio',
};

/** The tool's file inputs as the catalogue lists them: a list of up to `max`, or one required file. */
function fileFields(tool: ToolName): FieldDef[] {
  return toolMeta[tool].fileInputs.map((input): FieldDef => {
    const label = FILE_LABELS[input.param] ?? input.param;
    const accept: readonly FileType[] = [input.type];
    if (input.max > 1) {
      return { key: input.param, label, kind: 'files', accept, maxFiles: input.max, default: [], help: `Up to ${input.max}, from the library or dropped here.` };
    }
    return { key: input.param, label, kind: 'file', accept, required: input.required, default: null };
  });
}

/** A batch runs over a tool whose only file input takes one file. */
function batchParamOf(tool: ToolName): string | undefined {
  const inputs = toolMeta[tool].fileInputs;
  return inputs.length === 1 && inputs[0]!.max === 1 ? inputs[0]!.param : undefined;
}

/** The fields every VideoGen tool ends with: results, the watermark where the tool takes one, temporary output. */
const outputFields = (tool: ToolName): FieldDef[] => [numResults, ...(toolMeta[tool].watermark ? [watermark] : []), temporary];

interface Presentation {
  label: string;
  group: ToolGroup;
  description: string;
  /** The form's fields in order; `files` stands for the tool's file inputs, `output` for the closing fields. */
  fields: ReadonlyArray<FieldDef | 'files' | 'output'>;
  anyOf?: readonly string[];
}

function videogenTool(id: ToolName, p: Presentation): ToolDef {
  const batchParam = batchParamOf(id);
  return {
    id,
    provider: 'videogen',
    label: p.label,
    group: p.group,
    description: p.description,
    toolType: toolTypeOf(id),
    fields: p.fields.flatMap((f) => (f === 'files' ? fileFields(id) : f === 'output' ? outputFields(id) : [f])),
    ...(p.anyOf ? { anyOf: p.anyOf } : {}),
    ...(batchParam ? { batchParam } : {}),
  };
}

const asset = (label: string, group: ToolGroup, description: string): Presentation => ({ label, group, description, fields: ['files', 'output'] });

const isModel = (id: string) => (v: FormValues) => v['model'] === id;
const notModel = (id: string) => (v: FormValues) => v['model'] !== id;

// ---------------------------------------------------------------------------------------
// The tools (keyed by the catalogue's names: a tool without a form is a type error)
// ---------------------------------------------------------------------------------------

const VIDEOGEN_FORMS: Record<ToolName, Presentation> = {
  'generate-image': {
    label: 'Image',
    group: 'Image',
    description: `Generate images from a prompt, optionally guided by up to ${referenceFiles.max} reference images.`,
    fields: [
      prompt('Prompt', true, 'A serene Japanese garden with cherry blossoms at golden hour'),
      { key: 'quality', label: 'Quality', kind: 'select', options: QUALITY_IMAGE, default: 'STANDARD', required: true },
      aspect,
      'files',
      'output',
    ],
  },
  'generate-video-clip': {
    label: 'Video clip',
    group: 'Video',
    description: `A short clip (${clipSeconds.min}–${clipSeconds.max} s) from a prompt and/or reference images, videos or audio.`,
    anyOf: CLIP_INPUTS,
    fields: [
      prompt('Prompt', false, 'A golden retriever running through a sunlit meadow in slow motion, cinematic'),
      { key: 'quality', label: 'Quality', kind: 'select', options: QUALITY_CLIP, default: 'STANDARD', required: true },
      {
        key: 'durationSeconds',
        label: 'Duration (s)',
        kind: 'int',
        min: clipSeconds.min,
        max: clipSeconds.max,
        default: '6',
        help: `Whole seconds, ${clipSeconds.min}–${clipSeconds.max}.`,
      },
      aspect,
      { key: 'generateAudio', label: 'Generate audio', kind: 'boolean', default: false },
      'files',
      'output',
    ],
  },
  'text-to-speech': {
    label: 'Text to speech',
    group: 'Audio',
    description: 'Speak a text with one of the voices that support direct tool execution.',
    fields: [
      { key: 'ttsText', label: 'Text to speak', kind: 'textarea', required: true, maxLength: text.maxLength },
      { key: 'voiceId', label: 'Voice', kind: 'voice', required: true, default: '' },
      {
        key: 'speechLanguageCode',
        label: 'Language',
        kind: 'language',
        help: 'A hint for pronunciation. Type to search VideoGen’s languages.',
        pattern: { re: LANGUAGE_CODE_PATTERN, message: 'Pick a language from the list.' },
        advanced: true,
      },
      {
        key: 'voiceSpeed',
        label: 'Voice speed',
        kind: 'number',
        min: voiceSpeed.min,
        max: voiceSpeed.max,
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
      'output',
    ],
  },
  'generate-sound-effect': {
    label: 'Sound effect',
    group: 'Audio',
    description: `A sound effect from a description, ${soundSeconds.min}–${soundSeconds.max} s.`,
    fields: [
      prompt('Prompt', true, 'Footsteps on gravel, slow, close-up'),
      {
        key: 'durationSeconds',
        label: 'Duration (s)',
        kind: 'number',
        min: soundSeconds.min,
        max: soundSeconds.max,
        step: 0.5,
        help: `${soundSeconds.min}–${soundSeconds.max} s; empty ≈ 10 s.`,
      },
      {
        key: 'promptInfluence',
        label: 'Prompt influence',
        kind: 'number',
        min: promptInfluence.min,
        max: promptInfluence.max,
        step: 0.05,
        advanced: true,
        help: `${promptInfluence.min}–${promptInfluence.max}: how literally the prompt is followed.`,
      },
      'output',
    ],
  },
  'generate-music': {
    label: 'Music',
    group: 'Audio',
    description: 'About 30 s of instrumental music. Name genre, mood, instruments and tempo.',
    fields: [prompt('Prompt', true, 'Lo-fi hip hop, mellow piano, vinyl crackle, 80 bpm'), 'output'],
  },
  'generate-avatar': {
    label: 'Avatar',
    group: 'Avatar & lip-sync',
    description: 'A presenter speaking an audio file (e.g. a text-to-speech result).',
    fields: [{ key: 'avatarPresenterId', label: 'Presenter', kind: 'presenter', required: true, default: '' }, 'files', 'output'],
  },
  'vectorize-image': asset('Vectorize', 'Image', 'Trace an image into vector art.'),
  'remove-image-background': asset('Remove background', 'Image', 'Cut the subject out of an image.'),
  'upscale-image': asset('Upscale image', 'Image', 'Enlarge an image with detail.'),
  'image-3d-effect': asset('3D effect', 'Image', 'Turn a still image into a parallax 3D clip.'),
  'remove-video-background': asset('Remove video background', 'Video', 'Cut the subject out of a video.'),
  'upscale-video': asset('Upscale video', 'Video', 'Enlarge a video with detail.'),
};

const SYNC_MODE_LABELS: Record<SyncMode, string> = { bounce: 'Bounce', loop: 'Loop', cut_off: 'Cut off', silence: 'Silence', remap: 'Remap' };
const MODEL_MODE_LABELS: Record<ModelMode, string> = { lips: 'Lips', face: 'Face', head: 'Head' };

const LIPSYNC_FORM: ToolDef = {
  id: 'lipsync',
  provider: 'sync',
  label: 'Lip-sync',
  group: 'Avatar & lip-sync',
  description: 'Make a face in a video (or image, sync-3) speak an audio track or a script (Sync).',
  toolType: 'LIPSYNC',
  fields: [
    { key: 'model', label: 'Model', kind: 'syncModel', required: true, default: DEFAULT_SYNC_MODEL },
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
      maxLength: LIPSYNC_LIMITS.voiceId.maxLength,
      when: (v) => v['voiceType'] === 'text',
      help: 'A Sync cloned voice or an ElevenLabs voice id.',
    },
    {
      key: 'script',
      label: 'Script',
      kind: 'textarea',
      required: true,
      maxLength: LIPSYNC_LIMITS.script.maxLength,
      when: (v) => v['voiceType'] === 'text',
    },
    {
      key: 'stability',
      label: 'Stability',
      kind: 'number',
      min: LIPSYNC_LIMITS.voiceSetting.min,
      max: LIPSYNC_LIMITS.voiceSetting.max,
      step: 0.05,
      when: (v) => v['voiceType'] === 'text',
      help: `ElevenLabs voice stability, ${LIPSYNC_LIMITS.voiceSetting.min}–${LIPSYNC_LIMITS.voiceSetting.max}: higher is steadier, lower more expressive.`,
    },
    {
      key: 'similarityBoost',
      label: 'Similarity boost',
      kind: 'number',
      min: LIPSYNC_LIMITS.voiceSetting.min,
      max: LIPSYNC_LIMITS.voiceSetting.max,
      step: 0.05,
      when: (v) => v['voiceType'] === 'text',
      help: `${LIPSYNC_LIMITS.voiceSetting.min}–${LIPSYNC_LIMITS.voiceSetting.max}: how closely the speech keeps to the original voice.`,
    },
    {
      key: 'sync_mode',
      label: 'Length mismatch',
      kind: 'select',
      options: [{ value: '', label: 'Default' }, ...options(SYNC_MODES, SYNC_MODE_LABELS)],
      default: '',
      advanced: true,
    },
    {
      key: 'temperature',
      label: 'Temperature',
      kind: 'number',
      min: LIPSYNC_LIMITS.temperature.min,
      max: LIPSYNC_LIMITS.temperature.max,
      step: 0.05,
      advanced: true,
      when: notModel('sync-3'),
      help: `${LIPSYNC_LIMITS.temperature.min}–${LIPSYNC_LIMITS.temperature.max} (default 0.5); sync-3 ignores it.`,
    },
    {
      key: 'activeSpeaker',
      label: 'Active speaker',
      kind: 'select',
      options: [
        { value: '', label: 'Not set (Sync decides)' },
        { value: 'auto', label: 'Detect automatically' },
        { value: 'point', label: 'A point on one frame' },
        { value: 'boxes', label: 'A box on each frame' },
      ],
      default: '',
      advanced: true,
      help: 'Who speaks, when the video shows more than one face.',
    },
    {
      key: 'speakerFrame',
      label: 'Frame number',
      kind: 'int',
      min: 0,
      required: true,
      advanced: true,
      when: (v) => v['activeSpeaker'] === 'point',
      help: 'The frame (counting from 0) on which you point at the speaker.',
    },
    { key: 'speakerX', label: 'X (pixels)', kind: 'number', min: 0, required: true, advanced: true, when: (v) => v['activeSpeaker'] === 'point' },
    { key: 'speakerY', label: 'Y (pixels)', kind: 'number', min: 0, required: true, advanced: true, when: (v) => v['activeSpeaker'] === 'point' },
    {
      key: 'speakerBoxes',
      label: 'Bounding boxes',
      kind: 'textarea',
      required: true,
      advanced: true,
      when: (v) => v['activeSpeaker'] === 'boxes',
      placeholder: '120, 40, 360, 300\n122, 40, 362, 300\nnone',
      help: 'One line per frame: x1, y1, x2, y2 in pixels (left, top, right, bottom), or “none” where the speaker isn’t in the frame.',
    },
    {
      key: 'segments',
      label: 'Segments',
      kind: 'segments',
      default: [],
      advanced: true,
      help: `Lip-sync only parts of the video, each to its own audio (at most ${LIPSYNC_LIMITS.segments.max}). Times in seconds.`,
    },
    { key: 'occlusion_detection_enabled', label: 'Occlusion detection (slower)', kind: 'boolean', default: false, advanced: true },
    {
      key: 'model_mode',
      label: 'Animate',
      kind: 'select',
      options: [{ value: '', label: 'Default (face)' }, ...options(MODEL_MODES, MODEL_MODE_LABELS)],
      default: '',
      when: isModel('react-1'),
    },
    {
      key: 'emotion',
      label: 'Emotion',
      kind: 'select',
      options: [{ value: '', label: 'None' }, ...EMOTIONS.map((e) => ({ value: e, label: e.charAt(0).toUpperCase() + e.slice(1) }))],
      default: '',
      when: isModel('react-1'),
    },
    {
      key: 'outputFileName',
      label: 'Output file name',
      kind: 'text',
      maxLength: LIPSYNC_LIMITS.outputFileName.maxLength,
      advanced: true,
      pattern: { re: OUTPUT_FILE_NAME_PATTERN, message: 'Letters, digits, “_” and “-” only (.mp4 is added).' },
    },
  ],
};

export const TOOLS: readonly ToolDef[] = [
  ...(Object.entries(VIDEOGEN_FORMS) as Array<[ToolName, Presentation]>).map(([id, p]) => videogenTool(id, p)),
  LIPSYNC_FORM,
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
