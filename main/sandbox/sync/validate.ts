// Validation of a Sync create-generation body (README B2/B5). Problems are collected and
// answered together as 400 `{message: string[], error: "Bad Request", statusCode: 400}`.
import { SyncError } from '../errors';
import { MODEL_NAMES } from './catalog';
import type { CreateGeneration, InputItem, InputType } from './types';

const INPUT_TYPES: readonly InputType[] = ['video', 'image', 'audio', 'text'];
const SYNC_MODES = ['bounce', 'loop', 'cut_off', 'silence', 'remap'];
const MODEL_MODES = ['lips', 'face', 'head'];
const EMOTIONS = ['happy', 'sad', 'angry', 'disgusted', 'surprised', 'neutral'];
const SPEEDUPS = [1, 2, 3, 4];
const OUTPUT_FORMATS = ['mp4', 'mov'];
export const MAX_SCRIPT_CHARS = 5000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateCreate(body: unknown): CreateGeneration {
  const problems: string[] = [];
  if (!isObject(body)) throw new SyncError(400, ['request body must be a JSON object']);

  const model = body.model;
  if (model === undefined) problems.push('model should not be empty');
  else if (typeof model !== 'string' || !MODEL_NAMES.includes(model)) problems.push(`model must be one of the following values: ${MODEL_NAMES.join(', ')}`);

  const input: InputItem[] = [];
  if (!Array.isArray(body.input) || body.input.length === 0) problems.push('input must be a non-empty array');
  else body.input.forEach((raw, i) => validateItem(raw, `input[${i}]`, problems, input));

  const visual = input.filter((x) => x.type === 'video' || x.type === 'image');
  const sound = input.filter((x) => x.type === 'audio' || x.type === 'text');
  if (Array.isArray(body.input) && body.input.length > 0) {
    if (visual.length !== 1) problems.push('input must contain exactly one video or image item');
    if (sound.length === 0) problems.push('input must contain at least one audio or text item');
  }
  if (typeof model === 'string' && model !== 'sync-3' && input.some((x) => x.type === 'image')) problems.push(`image input is only supported by model sync-3, not ${model}`);
  const refIds = input.map((x) => x.refId).filter((r): r is string => r !== undefined);
  if (new Set(refIds).size !== refIds.length) problems.push('input refId values must be unique');

  const options = body.options === undefined ? {} : body.options;
  if (!isObject(options)) problems.push('options must be an object');
  else validateOptions(options, typeof model === 'string' ? model : '', problems);

  if (body.segments !== undefined) validateSegments(body.segments, new Set(refIds), problems);
  const optionalString = (name: string) => {
    const v = body[name];
    if (v !== undefined && v !== null && typeof v !== 'string') problems.push(`${name} must be a string`);
    return typeof v === 'string' ? v : undefined;
  };
  const webhookUrl = optionalString('webhookUrl');
  if (webhookUrl !== undefined && !isUrl(webhookUrl)) problems.push('webhookUrl must be a URL address');
  const outputFileName = optionalString('outputFileName');
  const projectId = optionalString('projectId');

  if (problems.length > 0) throw new SyncError(400, problems);
  return {
    model: model as string,
    input,
    options: options as Record<string, unknown>,
    ...(Array.isArray(body.segments) ? { segments: body.segments } : {}),
    ...(webhookUrl !== undefined ? { webhookUrl } : {}),
    ...(outputFileName !== undefined ? { outputFileName: sanitizeFileName(outputFileName) } : {}),
    ...(projectId !== undefined ? { projectId } : {}),
  };
}

function validateItem(raw: unknown, at: string, problems: string[], out: InputItem[]): void {
  if (!isObject(raw)) return void problems.push(`${at} must be an object`);
  const type = raw.type;
  if (typeof type !== 'string' || !INPUT_TYPES.includes(type as InputType)) return void problems.push(`${at}.type must be one of the following values: ${INPUT_TYPES.join(', ')}`);
  const item: InputItem = { type: type as InputType };
  if (raw.refId !== undefined) {
    if (typeof raw.refId !== 'string' || !raw.refId) problems.push(`${at}.refId must be a non-empty string`);
    else item.refId = raw.refId;
  }
  if (type === 'text') {
    const p = raw.provider;
    if (!isObject(p)) return void problems.push(`${at}.provider must be an object`);
    if (p.name !== 'elevenlabs') problems.push(`${at}.provider.name must be one of the following values: elevenlabs`);
    if (typeof p.voiceId !== 'string' || !p.voiceId) problems.push(`${at}.provider.voiceId should not be empty`);
    if (typeof p.script !== 'string' || !p.script.trim()) problems.push(`${at}.provider.script should not be empty`);
    else if (p.script.length >= MAX_SCRIPT_CHARS) problems.push(`${at}.provider.script must be shorter than ${MAX_SCRIPT_CHARS} characters (generation_text_length_exceeded)`);
    for (const k of ['stability', 'similarityBoost'] as const) {
      if (p[k] !== undefined && (typeof p[k] !== 'number' || p[k] < 0 || p[k] > 1)) problems.push(`${at}.provider.${k} must be a number between 0 and 1`);
    }
    item.provider = {
      name: String(p.name),
      voiceId: String(p.voiceId),
      script: String(p.script),
      ...(typeof p.stability === 'number' ? { stability: p.stability } : {}),
      ...(typeof p.similarityBoost === 'number' ? { similarityBoost: p.similarityBoost } : {}),
    };
    return void out.push(item);
  }
  const hasUrl = raw.url !== undefined;
  const hasAsset = raw.assetId !== undefined;
  if (hasUrl === hasAsset) problems.push(`${at} must have exactly one of url or assetId`);
  if (hasUrl) {
    if (typeof raw.url !== 'string' || !isUrl(raw.url)) problems.push(`${at}.url must be a URL address`);
    else item.url = raw.url;
  }
  if (hasAsset) {
    if (typeof raw.assetId !== 'string' || !raw.assetId) problems.push(`${at}.assetId must be a non-empty string`);
    else item.assetId = raw.assetId;
  }
  if (type === 'video') {
    for (const k of ['segments_secs', 'segments_frames'] as const) {
      const v = raw[k];
      if (v === undefined) continue;
      if (!Array.isArray(v) || !v.every((s) => Array.isArray(s) && s.length === 2 && s.every((n) => typeof n === 'number'))) problems.push(`${at}.${k} must be an array of [start, end] pairs`);
      else item[k] = v as number[][];
    }
  }
  out.push(item);
}

/**
 * Options the Mar-2025 spec declares (GenerationOptions) and the SDK no longer sends; the API
 * still validates their types (README B5), in class-validator's wording.
 */
function validateLegacyOptions(o: Record<string, unknown>, problems: string[]): void {
  const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (o.pads !== undefined) {
    if (!Array.isArray(o.pads)) problems.push('options.pads must be an array');
    else if (!o.pads.every(isNumber)) problems.push('each value in options.pads must be a number conforming to the specified constraints');
  }
  if (o.speedup !== undefined && !SPEEDUPS.includes(o.speedup as number)) problems.push(`options.speedup must be one of the following values: ${SPEEDUPS.join(', ')}`);
  if (o.output_format !== undefined && !OUTPUT_FORMATS.includes(o.output_format as string)) problems.push(`options.output_format must be one of the following values: ${OUTPUT_FORMATS.join(', ')}`);
  if (o.fps !== undefined && !isNumber(o.fps)) problems.push('options.fps must be a number conforming to the specified constraints');
  if (o.output_resolution !== undefined) {
    // The spec types the items as strings while its example uses numbers: both are taken, as [width, height].
    const r = o.output_resolution;
    if (!Array.isArray(r)) problems.push('options.output_resolution must be an array');
    else if (r.length !== 2) problems.push('options.output_resolution must contain exactly 2 elements ([width, height])');
    else if (!r.every((v) => isNumber(v) || (typeof v === 'string' && /^\d+$/.test(v)))) problems.push('each value in options.output_resolution must be a string');
  }
  if (o.active_speaker !== undefined && typeof o.active_speaker !== 'boolean') problems.push('options.active_speaker must be a boolean value');
}

function validateOptions(o: Record<string, unknown>, model: string, problems: string[]): void {
  validateLegacyOptions(o, problems);
  if (o.sync_mode !== undefined && !SYNC_MODES.includes(o.sync_mode as string)) problems.push(`options.sync_mode must be one of the following values: ${SYNC_MODES.join(', ')}`);
  if (o.temperature !== undefined && (typeof o.temperature !== 'number' || o.temperature < 0 || o.temperature > 1)) problems.push('options.temperature must be a number between 0 and 1');
  if (o.occlusion_detection_enabled !== undefined && typeof o.occlusion_detection_enabled !== 'boolean') problems.push('options.occlusion_detection_enabled must be a boolean value');
  if (o.active_speaker_detection !== undefined) validateActiveSpeaker(o.active_speaker_detection, problems);
  if (o.model_mode !== undefined) {
    if (!MODEL_MODES.includes(o.model_mode as string)) problems.push(`options.model_mode must be one of the following values: ${MODEL_MODES.join(', ')}`);
    else if (model && model !== 'react-1') problems.push('options.model_mode is only supported by model react-1');
  }
  if (o.prompt !== undefined) {
    if (!EMOTIONS.includes(o.prompt as string)) problems.push(`options.prompt must be one of the following values: ${EMOTIONS.join(', ')}`);
    else if (model && model !== 'react-1') problems.push('options.prompt is only supported by model react-1');
  }
}

/**
 * `active_speaker_detection {auto_detect?, frame_number?, coordinates?: [x, y],
 * bounding_boxes?: ([x1, y1, x2, y2] | null)[]}` (README B5): the documented types and shapes,
 * pixel values never negative. (Nothing more is documented, so nothing more is refused.)
 */
function validateActiveSpeaker(a: unknown, problems: string[]): void {
  const at = 'options.active_speaker_detection';
  if (!isObject(a)) return void problems.push(`${at} must be an object`);
  const pixel = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  if (a.auto_detect !== undefined && typeof a.auto_detect !== 'boolean') problems.push(`${at}.auto_detect must be a boolean value`);
  if (a.frame_number !== undefined && !(typeof a.frame_number === 'number' && Number.isInteger(a.frame_number) && a.frame_number >= 0)) {
    problems.push(`${at}.frame_number must be an integer not less than 0`);
  }
  if (a.coordinates !== undefined) {
    const c = a.coordinates;
    if (!Array.isArray(c) || c.length !== 2 || !c.every(pixel)) problems.push(`${at}.coordinates must be an array of 2 numbers not less than 0 ([x, y])`);
  }
  if (a.bounding_boxes !== undefined) {
    const boxes = a.bounding_boxes;
    if (!Array.isArray(boxes)) problems.push(`${at}.bounding_boxes must be an array`);
    else
      boxes.forEach((b, i) => {
        if (b === null) return;
        if (!Array.isArray(b) || b.length !== 4 || !b.every(pixel)) problems.push(`${at}.bounding_boxes[${i}] must be null or an array of 4 numbers not less than 0 ([x1, y1, x2, y2])`);
      });
  }
}

/** `segments: [{startTime, endTime, audioInput: {refId, startTime?, endTime?}}]`, in seconds (README B2). */
function validateSegments(segments: unknown, refIds: Set<string>, problems: string[]): void {
  if (!Array.isArray(segments)) return void problems.push('segments must be an array');
  const seconds = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  segments.forEach((s, i) => {
    const at = `segments[${i}]`;
    if (!isObject(s)) return void problems.push(`${at} must be an object`);
    if (!seconds(s.startTime) || !seconds(s.endTime) || (s.endTime as number) <= (s.startTime as number)) problems.push(`${at} needs numeric startTime < endTime (seconds)`);
    const audio = s.audioInput;
    if (!isObject(audio) || typeof audio.refId !== 'string') return void problems.push(`${at}.audioInput.refId should not be empty`);
    if (!refIds.has(audio.refId)) problems.push(`${at}.audioInput.refId "${audio.refId}" matches no input refId`);
    const hasStart = audio.startTime !== undefined;
    const hasEnd = audio.endTime !== undefined;
    if (hasStart && !seconds(audio.startTime)) problems.push(`${at}.audioInput.startTime must be a number not less than 0`);
    if (hasEnd && !seconds(audio.endTime)) problems.push(`${at}.audioInput.endTime must be a number not less than 0`);
    if (hasStart && hasEnd && seconds(audio.startTime) && seconds(audio.endTime) && (audio.endTime as number) <= (audio.startTime as number)) {
      problems.push(`${at}.audioInput needs startTime < endTime (seconds)`);
    }
  });
}

function isUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** `[A-Za-z0-9_-]`, at most 255 characters (README B2); `.mp4` is appended on output. */
export function sanitizeFileName(name: string): string {
  return name.replace(/\.mp4$/i, '').replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 255);
}
