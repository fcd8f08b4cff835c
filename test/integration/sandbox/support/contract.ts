// Contract conformance: every JSON body the sandbox sends through `contractFetch` is validated
// against the matching response schema of the OpenAPI specs in ../shared/api.
//   VideoGen (OpenAPI 3.1): `#/components/schemas/*` compiled with ajv 2020, made strict
//   (additionalProperties: false on every object schema with properties) to catch undeclared
//   or misspelt keys. Any status the operation does not list is checked against `default`
//   (ApiError).
//   Sync (OpenAPI 3.0, stale): `nullable` converted to 2020 types; the three fields the spec
//   mistypes as `object` (README B6: outputUrl, outputDuration, webhookUrl) corrected; the
//   Generation fields documented since (README B6) added; endpoints missing from the spec
//   (assets, models, errors, estimate) checked against schemas written from README B1/B4.
//   Sync error statuses not listed in the spec are checked against GenerationError (README B7).
import { readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { hasShared, noSharedReason, specPaths } from '../../../helpers/sandbox';

// CommonJS default-export interop (vite-node and tsx disagree on the shape).
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as typeof Ajv2020Module;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as typeof addFormatsModule;

type Json = Record<string, unknown>;

export class ContractViolation extends Error {}

interface Operation {
  family: 'videogen' | 'sync';
  method: string;
  template: string;
  regex: RegExp;
  params: number;
  /** status → validator; 'empty' = no body allowed; null = body not described. */
  responses: Map<string, ValidateFunction | 'empty' | null>;
}

const VG_ID = 'https://contract.local/videogen.json';
const SYNC_ID = 'https://contract.local/sync.json';

function deepMap(node: unknown, fn: (obj: Json) => Json): unknown {
  if (Array.isArray(node)) return node.map((n) => deepMap(n, fn));
  if (node && typeof node === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) out[k] = deepMap(v, fn);
    return fn(out);
  }
  return node;
}

/** Absolute $refs so inline response schemas compile against the registered document. */
function absoluteRefs(doc: unknown, id: string): unknown {
  return deepMap(doc, (o) => (typeof o.$ref === 'string' && o.$ref.startsWith('#') ? { ...o, $ref: `${id}${o.$ref}` } : o));
}

/** additionalProperties: false wherever an object schema lists its properties. */
function strict(doc: unknown): unknown {
  return deepMap(doc, (o) => (o.properties && typeof o.properties === 'object' && o.additionalProperties === undefined ? { ...o, additionalProperties: false } : o));
}

/** OpenAPI 3.0 `nullable: true` → JSON Schema 2020 type unions. */
function convertNullable(doc: unknown): unknown {
  return deepMap(doc, (o) => {
    if (o.nullable !== true) return o;
    const { nullable: _n, ...rest } = o;
    if (typeof rest.type === 'string') return { ...rest, type: [rest.type, 'null'] };
    return { anyOf: [rest, { type: 'null' }] };
  });
}

function syncReadmeSchemas(): Json {
  const str = { type: 'string' };
  const num = { type: 'number' };
  return {
    Asset: {
      type: 'object',
      required: ['id', 'createdAt', 'updatedAt', 'type', 'visibility'],
      properties: {
        id: str, createdAt: { type: 'string', format: 'date-time' }, updatedAt: { type: 'string', format: 'date-time' },
        type: { enum: ['AUDIO', 'VIDEO', 'IMAGE'] }, visibility: { enum: ['USER', 'ORGANIZATION'] },
        name: str, url: str, size: num, format: str,
        inputType: { enum: ['UPLOAD', 'URL', 'RECORD', 'TTS', 'EXTRACT', 'PLATFORM_IMPORT'] },
        durationSeconds: num, thumbnailUrl: str, width: num, height: num,
      },
    },
    AssetList: {
      type: 'object',
      required: ['items'],
      properties: { items: { type: 'array', items: { $ref: `${SYNC_ID}#/components/schemas/Asset` } }, nextCursor: str, totalCount: num },
    },
    AssetUpload: { type: 'object', required: ['uploadUrl', 'url', 'expiresIn'], properties: { uploadUrl: str, url: str, expiresIn: num } },
    Model: {
      type: 'object',
      required: ['id', 'name', 'type', 'version'],
      properties: { id: str, name: str, type: { enum: ['lipsync', 'react'] }, version: str, description: str, deprecatedAt: str },
    },
    ErrorCatalogEntry: { type: 'object', required: ['code', 'message', 'fix'], properties: { code: str, message: str, fix: str } },
  };
}

function patchSyncGeneration(schemas: Json): void {
  const gen = schemas.Generation as { properties: Json };
  const p = gen.properties;
  // README B6: the spec types these three as `object`.
  p.webhookUrl = { type: 'string', description: 'corrected: spec says object' };
  p.outputUrl = { type: 'string', description: 'corrected: spec says object' };
  p.outputDuration = { type: 'number', description: 'corrected: spec says object' };
  // README B6: fields documented after the Mar-2025 spec.
  Object.assign(p, {
    segments: { type: 'array' },
    segmentOutputUrl: { type: 'string' },
    error_code: { type: 'string' },
    errorCode: { type: 'string' },
    outputFileName: { type: 'string' },
    synthesizedAudioUrl: { type: 'string' },
    projectId: { type: 'string' },
  });
  const item = (p.input as { items: { properties: Json } }).items;
  Object.assign(item.properties, {
    assetId: { type: 'string' },
    refId: { type: 'string' },
    provider: { type: 'object' },
    segments_secs: { type: 'array' },
    segments_frames: { type: 'array' },
  });
}

export class Contract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly ops: Operation[] = [];
  readonly seen = new Map<string, number>();

  constructor() {
    addFormats(this.ajv);
    for (const f of ['double', 'float', 'int32', 'int64']) this.ajv.addFormat(f, true);

    const vg = JSON.parse(readFileSync(specPaths.videogen, 'utf8')) as Json;
    const vgDoc = strict(absoluteRefs(vg, VG_ID)) as Json;
    this.ajv.addSchema({ $id: VG_ID, components: vgDoc.components }, VG_ID);
    this.addOperations('videogen', vgDoc.paths as Json);

    const sync = JSON.parse(readFileSync(specPaths.sync, 'utf8')) as Json;
    const syncSchemas = (sync.components as { schemas: Json }).schemas;
    patchSyncGeneration(syncSchemas);
    Object.assign(syncSchemas, syncReadmeSchemas());
    const syncDoc = strict(convertNullable(absoluteRefs(sync, SYNC_ID))) as Json;
    this.ajv.addSchema({ $id: SYNC_ID, components: syncDoc.components }, SYNC_ID);
    const ref = (name: string) => ({ $ref: `${SYNC_ID}#/components/schemas/${name}` });
    const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
    const extra: Json = {
      '/v2/generations/estimate': { post: { responses: { 200: json({ type: 'array', items: ref('EstimatedGenerationCost') }) } } },
      '/v2/models': { get: { responses: { 200: json({ type: 'array', items: ref('Model') }) } } },
      '/v2/errors': { get: { responses: { 200: json({ type: 'array', items: ref('ErrorCatalogEntry') }) } } },
      '/v2/assets/upload': { post: { responses: { 201: json(ref('AssetUpload')) } } },
      '/v2/assets': { post: { responses: { 201: json(ref('Asset')) } }, get: { responses: { 200: json(ref('AssetList')) } } },
      '/v2/assets/{id}': { get: { responses: { 200: json(ref('Asset')) } } },
    };
    this.addOperations('sync', { ...(syncDoc.paths as Json), ...extra });
    this.ops.sort((a, b) => a.params - b.params);
  }

  private addOperations(family: 'videogen' | 'sync', paths: Json): void {
    for (const [template, item] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(item as Json)) {
        const responses = new Map<string, ValidateFunction | 'empty' | null>();
        for (const [status, resp] of Object.entries(((op as Json).responses ?? {}) as Json)) {
          const content = (resp as Json).content as Json | undefined;
          const schema = (content?.['application/json'] as Json | undefined)?.schema;
          responses.set(status, schema ? this.ajv.compile(schema as Json) : content ? null : 'empty');
        }
        const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
        this.ops.push({ family, method: method.toUpperCase(), template, regex: new RegExp(`^${pattern}$`), params: (template.match(/\{/g) ?? []).length, responses });
      }
    }
  }

  /** Throws ContractViolation when the body does not match the spec. */
  check(method: string, url: URL, status: number, contentType: string, body: string, allowMalformed = false): void {
    const family = url.pathname.startsWith('/v1/') ? 'videogen' : url.pathname.startsWith('/v2/') ? 'sync' : null;
    if (!family) return; // media and object storage: bytes, not JSON
    const op = this.ops.find((o) => o.family === family && o.method === method && o.regex.test(url.pathname));
    const where = `${method} ${url.pathname} → ${status}`;
    if (!op && status < 400) throw new ContractViolation(`${where}: no operation in the ${family} spec`);
    const key = `${method} ${op?.template ?? '(no operation)'} ${status}`;
    this.seen.set(key, (this.seen.get(key) ?? 0) + 1);
    let validator = op?.responses.get(String(status));
    if (validator === undefined && status >= 400) {
      // Errors outside the listed responses: VideoGen's `default` is ApiError; Sync's body is GenerationError (README B7).
      const name = family === 'videogen' ? `${VG_ID}#/components/schemas/ApiError` : `${SYNC_ID}#/components/schemas/GenerationError`;
      validator = (family === 'videogen' ? op?.responses.get('default') : undefined) ?? this.ajv.getSchema(name) ?? undefined;
    }
    if (validator === undefined) throw new ContractViolation(`${where}: status ${status} is not described by the spec`);
    if (validator === 'empty') {
      if (family === 'videogen' && body.length > 0) throw new ContractViolation(`${where}: the spec describes no body, got ${body.slice(0, 80)}`);
      return;
    }
    if (validator === null) return;
    if (!/^application\/json\b/.test(contentType)) throw new ContractViolation(`${where}: expected JSON, got Content-Type ${contentType || '(none)'}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      if (allowMalformed) return;
      throw new ContractViolation(`${where}: body is not valid JSON: ${body.slice(0, 120)}`);
    }
    if (!validator(parsed)) {
      const errors = (validator.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${e.params ? JSON.stringify(e.params) : ''}`);
      throw new ContractViolation(`${where}: body does not match the spec:\n  ${errors.join('\n  ')}\n  body: ${body.slice(0, 600)}`);
    }
  }
}

let shared: Contract | null | undefined;
let warned = false;

/** The contract, or null (with a printed reason, once) when the specs are not on this machine. */
export function contract(): Contract | null {
  if (shared !== undefined) return shared;
  if (!hasShared) {
    if (!warned) console.warn(noSharedReason);
    warned = true;
    return (shared = null);
  }
  return (shared = new Contract());
}

export interface ContractFetchOptions {
  /** The fault profile may truncate bodies on purpose. */
  allowMalformed?: boolean;
}

/** fetch, plus validation of the response body against the spec (when the specs exist). */
export async function contractFetch(input: string, init: RequestInit = {}, opts: ContractFetchOptions = {}): Promise<Response> {
  const res = await fetch(input, init);
  const c = contract();
  if (!c) return res;
  const url = new URL(input);
  if (!url.pathname.startsWith('/v1/') && !url.pathname.startsWith('/v2/')) return res;
  const text = await res.text();
  c.check((init.method ?? 'GET').toUpperCase(), url, res.status, res.headers.get('content-type') ?? '', text, opts.allowMalformed);
  const nullBody = res.status === 204 || res.status === 304;
  return new Response(nullBody ? null : text, { status: res.status, statusText: res.statusText, headers: res.headers });
}
