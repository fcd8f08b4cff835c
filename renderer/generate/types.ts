/**
 * What a generation form is made of: field kinds, their values, a field's and a tool's
 * definition. The definitions themselves are in forms.ts; what is done with the values
 * (defaults, checks, requests) in tools.ts.
 */
import type { FileType, SyncModelView, TtsVoiceView } from '../../main/contract';

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

/** One lip-sync segment as typed: times are kept as text so the fields can be edited freely. */
export interface SegmentValue {
  start: string;
  end: string;
  audio: MediaRef | null;
  audioStart: string;
  audioEnd: string;
}

export type FieldValue = string | boolean | string[] | AspectValue | Pair[] | MediaRef | SegmentValue[] | null;
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
  | 'language' // a language from resources.languages (searchable)
  | 'presenter' // an avatar presenter from resources.presenters
  | 'syncModel' // a Sync model from lipsync.models
  | 'mediaRef' // lip-sync input: library file or URL
  | 'pairs' // pronunciation replacements
  | 'segments'; // lip-sync segments, each with its own audio

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

export interface LanguageView {
  languageCode: string;
  name: string;
}

export interface ToolContext {
  voices?: readonly TtsVoiceView[];
  languages?: readonly LanguageView[];
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
