// Turning a create request (JSON or multipart) into a generation: parse, validate, resolve the
// inputs to files the sandbox can read, and start rendering in the background.
import path from 'node:path';
import type { RequestContext } from '../context';
import { SyncError } from '../errors';
import { parseMultipart } from './multipart';
import { renderGeneration, type ResolvedInputs } from './render';
import type { SyncService } from './service';
import type { CreateGeneration, GenerationRecord, InputItem } from './types';
import { validateCreate } from './validate';

/** The body as a plain object, whichever encoding the client used. */
export async function readCreateBody(ctx: RequestContext, sync: SyncService): Promise<unknown> {
  const type = String(ctx.req.headers['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('multipart/form-data')) return ctx.json();

  const { fields, files } = await parseMultipart(ctx.req, path.join(sync.dir, 'uploads'), () => sync.env.ids.uuid());
  const first = (name: string) => fields.get(name)?.[0];
  const parseJson = (name: string, text: string): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new SyncError(400, [`${name} must be a valid JSON string`]);
    }
  };
  const input: unknown[] = [];
  for (const text of fields.get('input') ?? []) {
    const v = parseJson('input', text);
    if (Array.isArray(v)) input.push(...(v as unknown[]));
    else input.push(v);
  }
  // A file part beats a URL item of the same type (README B3).
  for (const part of files.values()) {
    const id = path.basename(path.dirname(part.path));
    sync.addUpload(id, part.path);
    const item = { type: part.field, url: `${sync.env.baseUrl()}/sync-storage/uploads/${id}/${encodeURIComponent(part.fileName)}` };
    const at = input.findIndex((x) => typeof x === 'object' && x !== null && (x as { type?: unknown }).type === part.field);
    if (at >= 0) input[at] = item;
    else input.push(item);
  }
  const body: Record<string, unknown> = { input };
  const model = first('model');
  if (model !== undefined) body.model = model;
  const options = first('options');
  if (options !== undefined) body.options = parseJson('options', options);
  const segments = first('segments');
  if (segments !== undefined) body.segments = parseJson('segments', segments);
  for (const name of ['webhookUrl', 'outputFileName', 'projectId']) {
    const v = first(name);
    if (v !== undefined) body[name] = v;
  }
  return body;
}

export interface Resolution {
  reported: InputItem[];
  inputs: ResolvedInputs | null;
  failure: { code: string; message: string } | null;
  /** Local path of the audio input, when it is a file. */
  audioPath: string | null;
}

/** Maps every input to a local file; unusable ones become the generation's failure. */
export function resolveInputs(sync: SyncService, req: CreateGeneration, keyIndex: number, now: number): Resolution {
  const reported: InputItem[] = [];
  let failure: Resolution['failure'] = null;
  let visual: ResolvedInputs['visual'] | null = null;
  let audio: ResolvedInputs['audio'] | null = null;
  let audioPath: string | null = null;

  for (const [i, item] of req.input.entries()) {
    if (item.type === 'text') {
      reported.push(item);
      audio ??= { kind: 'text', script: item.provider?.script ?? '' };
      continue;
    }
    let file: string | null;
    let name: string;
    if (item.assetId !== undefined) {
      const asset = sync.assets.get(item.assetId);
      if (!asset || asset.keyIndex !== keyIndex) throw new SyncError(400, [`input[${i}].assetId: no asset with id ${item.assetId}`]);
      if (asset.type.toLowerCase() !== item.type) throw new SyncError(400, [`input[${i}].assetId: asset ${item.assetId} is ${asset.type}, not ${item.type.toUpperCase()}`]);
      reported.push({ ...item, url: asset.url });
      file = asset.path;
      name = asset.name;
    } else {
      reported.push(item);
      file = sync.localPath(item.url ?? '', now);
      name = item.url ?? '';
    }
    if (!file) {
      failure ??= item.type === 'audio'
        ? { code: 'generation_audio_missing', message: `The audio input ${name} could not be downloaded (the sandbox only reads its own URLs).` }
        : { code: 'generation_input_video_inaccessible', message: `The ${item.type} input ${name} could not be downloaded (the sandbox only reads its own URLs).` };
      continue;
    }
    if (item.type === 'audio') {
      if (!audio) {
        audio = { kind: 'file', path: file };
        audioPath = file;
      }
    } else if (!visual) {
      visual = { kind: item.type === 'image' ? 'image' : 'video', path: file };
      // Deterministic failure trigger for tests and demos.
      if (/noface/i.test(name)) failure ??= { code: 'generation_input_validation_failed', message: 'No face was detected in the input video.' };
    }
  }
  const inputs = visual && audio ? { visual, audio } : null;
  return { reported, inputs, failure, audioPath };
}

export function startGeneration(sync: SyncService, body: unknown, keyIndex: number, now: number): GenerationRecord {
  const req = validateCreate(body);
  const resolution = resolveInputs(sync, req, keyIndex, now);
  // Out of credits (fault profile): a valid request is refused before it is queued (README B7).
  if (sync.env.faults.outOfCredits) throw new SyncError(402, 'Insufficient credits: your balance does not cover this generation. Top up or upgrade your plan at sync.so/billing.');
  const limit = sync.env.options.syncConcurrency;
  if (sync.generations.active(keyIndex, now) >= limit) {
    throw new SyncError(429, `Concurrency limit reached: your plan allows ${limit} generation${limit === 1 ? '' : 's'} in progress (PENDING or PROCESSING) at a time. Wait for one to finish.`);
  }
  const id = sync.env.ids.uuid();
  const record: GenerationRecord = {
    id,
    keyIndex,
    createdAt: now,
    request: req,
    input: resolution.reported,
    failure: resolution.failure ? { ...resolution.failure, at: now } : null,
    output: null,
    synthesizedAudio: null,
    cancelledAt: null,
    resultToken: sync.env.ids.uuid(),
    inputs: resolution.inputs,
  };
  sync.generations.add(record);
  if (!record.failure && resolution.inputs) renderInBackground(sync, record, resolution.inputs, path.join(sync.dir, 'results', id));
  return record;
}

/** Renders the output in the background and persists the outcome (output or failure). */
export function renderInBackground(sync: SyncService, record: GenerationRecord, inputs: ResolvedInputs, outDir: string): void {
  const env = sync.env;
  const ttsUrl = `${env.baseUrl()}/sync-storage/tts/${record.id}/speech.m4a`;
  const render = renderGeneration(env, record, inputs, outDir, ttsUrl).then(() => {
    // Runs killed by close() are not failures of the generation: record nothing.
    if (!env.closing()) sync.generations.save(record);
  });
  env.background(render);
}
