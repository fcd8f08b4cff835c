/**
 * What is done with a generation form's values: defaults, which fields show, the checks made
 * before anything is sent, and the request built from them (and back, for Reuse). Pure, so it
 * is tested without a DOM. The forms themselves are in forms.ts, built from the contract's
 * tool catalogue; the form component (ToolForm.tsx) renders any ToolDef.
 */
import type { LipsyncRequest } from '../../main/contract';
import { LIPSYNC_LIMITS, imageNeedsVideoModel } from '../../main/contract/tool-catalog';
import { toolById } from './forms';
import {
  ASPECT_PRESETS,
  type AspectValue,
  type FieldDef,
  type FieldValue,
  type FormValues,
  type MediaRef,
  type Pair,
  type SegmentValue,
  type ToolContext,
  type ToolDef,
} from './types';

export * from './types';
export * from './forms';

// ---------------------------------------------------------------------------------------
// Values: defaults, visibility, validation
// ---------------------------------------------------------------------------------------

function emptyOf(f: FieldDef): FieldValue {
  switch (f.kind) {
    case 'boolean':
      return false;
    case 'files':
    case 'pairs':
    case 'segments':
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
      errors['visualType'] = imageNeedsVideoModel(model.name);
    }
    if (model?.deprecated) errors['model'] = `${model.name} is deprecated; pick another model.`;
    if (values['activeSpeaker'] === 'boxes' && !errors['speakerBoxes']) {
      const boxes = parseBoxes(String(values['speakerBoxes'] ?? ''));
      if (typeof boxes === 'string') errors['speakerBoxes'] = boxes;
    }
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
    case 'language': {
      const code = String(v).trim();
      if (f.pattern && !f.pattern.re.test(code)) return f.pattern.message;
      if (ctx.languages && !ctx.languages.some((l) => l.languageCode === code)) return 'Pick a language from the list.';
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
    case 'segments':
      return segmentsProblem(v as SegmentValue[]);
    default:
      return null;
  }
}

const SECONDS_MAX = LIPSYNC_LIMITS.seconds.max;

/** A time in seconds as typed: the number, or what is wrong with it. */
function secondsOf(raw: string, name: string): number | string {
  const n = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(n)) return `${name} must be a number of seconds.`;
  if (n < 0) return `${name} must not be negative.`;
  if (n > SECONDS_MAX) return `${name} must be at most ${SECONDS_MAX} seconds.`;
  return n;
}

/** The first problem of the segments, naming the segment and the field; null when they are fine. */
export function segmentsProblem(list: readonly SegmentValue[]): string | null {
  if (list.length > LIPSYNC_LIMITS.segments.max) return `At most ${LIPSYNC_LIMITS.segments.max} segments (${list.length} given).`;
  for (const [i, g] of list.entries()) {
    const at = `Segment ${i + 1}`;
    const start = secondsOf(g.start, 'Start');
    if (typeof start === 'string') return `${at}: ${start}`;
    const end = secondsOf(g.end, 'End');
    if (typeof end === 'string') return `${at}: ${end}`;
    if (end <= start) return `${at}: End must be after start.`;
    if (!g.audio) return `${at}: Audio is required.`;
    if (g.audio.kind === 'url' && !/^https?:\/\/\S+$/i.test(g.audio.url)) return `${at}: Enter a full http(s) URL for its audio.`;
    const hasAs = g.audioStart.trim() !== '';
    const hasAe = g.audioEnd.trim() !== '';
    const as = hasAs ? secondsOf(g.audioStart, 'Audio from') : null;
    if (typeof as === 'string') return `${at}: ${as}`;
    const ae = hasAe ? secondsOf(g.audioEnd, 'Audio to') : null;
    if (typeof ae === 'string') return `${at}: ${ae}`;
    if (as !== null && ae !== null && ae <= as) return `${at}: Audio to must be after audio from.`;
  }
  return null;
}

/** "x1, y1, x2, y2" or "none" per line → Sync's `bounding_boxes`, or the first problem (naming its line). */
export function parseBoxes(text: string): Array<[number, number, number, number] | null> | string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) return 'Bounding boxes is required.';
  if (lines.length > LIPSYNC_LIMITS.boundingBoxes.max) return `At most ${LIPSYNC_LIMITS.boundingBoxes.max} bounding boxes (${lines.length} given).`;
  const out: Array<[number, number, number, number] | null> = [];
  for (const [i, line] of lines.entries()) {
    if (/^none$/i.test(line)) {
      out.push(null);
      continue;
    }
    const parts = line.split(/[\s,]+/).filter(Boolean).map(Number);
    const bad = `Bounding boxes, line ${i + 1}: write four pixel numbers x1, y1, x2, y2 with x1 < x2 and y1 < y2, or “none”.`;
    if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n) || n < 0)) return bad;
    const [x1, y1, x2, y2] = parts as [number, number, number, number];
    if (!(x1 < x2 && y1 < y2)) return bad;
    out.push([x1, y1, x2, y2]);
  }
  return out;
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
    case 'language':
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
        ? {
            type: 'text',
            voiceId: str('voiceId'),
            script: str('script'),
            ...(str('stability') ? { stability: Number(str('stability')) } : {}),
            ...(str('similarityBoost') ? { similarityBoost: Number(str('similarityBoost')) } : {}),
          }
        : { type: 'audio', ref: refToSync(values['audio'] as MediaRef) },
  };
  const options: NonNullable<LipsyncRequest['options']> = {};
  const mode = str('sync_mode');
  if (mode) options.sync_mode = mode as NonNullable<typeof options.sync_mode>;
  if (str('temperature')) options.temperature = Number(str('temperature'));
  const speaker = str('activeSpeaker');
  if (speaker === 'auto') options.active_speaker_detection = { auto_detect: true };
  if (speaker === 'point') {
    options.active_speaker_detection = { frame_number: Number(str('speakerFrame')), coordinates: [Number(str('speakerX')), Number(str('speakerY'))] };
  }
  if (speaker === 'boxes') {
    const boxes = parseBoxes(str('speakerBoxes'));
    if (typeof boxes !== 'string') options.active_speaker_detection = { bounding_boxes: boxes };
  }
  if (values['occlusion_detection_enabled'] === true) options.occlusion_detection_enabled = true;
  const mm = str('model_mode');
  if (mm) options.model_mode = mm as NonNullable<typeof options.model_mode>;
  const emo = str('emotion');
  if (emo) options.prompt = emo as NonNullable<typeof options.prompt>;
  if (Object.keys(options).length) req.options = options;
  const segments = visible.has('segments') ? ((values['segments'] as SegmentValue[] | null) ?? []) : [];
  if (segments.length) {
    req.segments = segments.map((g) => ({
      startTime: Number(g.start.trim()),
      endTime: Number(g.end.trim()),
      audio: refToSync(g.audio!),
      ...(g.audioStart.trim() ? { audioStartTime: Number(g.audioStart.trim()) } : {}),
      ...(g.audioEnd.trim() ? { audioEndTime: Number(g.audioEnd.trim()) } : {}),
    }));
  }
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
    case 'language':
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
      if (typeof r.voice.stability === 'number') v['stability'] = String(r.voice.stability);
      if (typeof r.voice.similarityBoost === 'number') v['similarityBoost'] = String(r.voice.similarityBoost);
    } else if (r.voice?.type === 'audio') {
      v['voiceType'] = 'audio';
      v['audio'] = refFromSync(r.voice.ref);
    }
    const o = r.options ?? {};
    if (o.sync_mode) v['sync_mode'] = o.sync_mode;
    if (typeof o.temperature === 'number') v['temperature'] = String(o.temperature);
    const asd = o.active_speaker_detection;
    if (asd?.bounding_boxes) {
      v['activeSpeaker'] = 'boxes';
      v['speakerBoxes'] = asd.bounding_boxes.map((b) => (b ? b.join(', ') : 'none')).join('\n');
    } else if (asd?.coordinates) {
      v['activeSpeaker'] = 'point';
      v['speakerFrame'] = String(asd.frame_number ?? 0);
      v['speakerX'] = String(asd.coordinates[0]);
      v['speakerY'] = String(asd.coordinates[1]);
    } else if (asd?.auto_detect) v['activeSpeaker'] = 'auto';
    if (Array.isArray(r.segments)) {
      v['segments'] = r.segments.map((g) => ({
        start: String(g.startTime),
        end: String(g.endTime),
        audio: refFromSync(g.audio),
        audioStart: g.audioStartTime !== undefined ? String(g.audioStartTime) : '',
        audioEnd: g.audioEndTime !== undefined ? String(g.audioEndTime) : '',
      }));
    }
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
