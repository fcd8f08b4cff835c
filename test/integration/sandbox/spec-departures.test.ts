// Where an independent conformance run found the sandbox departing from the specs (issue 12),
// each checked against the spec text itself: Sync's legacy GenerationOptions, empty `limit`
// values on every paginated VideoGen endpoint, Allow on 405s for every spec path, presigned
// PUTs refusing a second auth mechanism, and the out-of-credits fault.
import { readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasShared, noSharedReason, sampleMedia, specPaths, startTestSandbox, uploadBytes, waitFor, type Sandbox } from '../../helpers/sandbox';
import { clientFor, type ApiClient } from './support/client';
import { contractFetch } from './support/contract';

const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as typeof Ajv2020Module;

if (!hasShared) console.warn(noSharedReason);

interface SyncErrorBody { message: string | string[]; error: string; statusCode: number }
type Json = Record<string, unknown>;

const readSpec = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { paths: Record<string, Record<string, Json>>; components: Json };
const joined = (m: string | string[]) => (Array.isArray(m) ? m.join(' | ') : m);

describe.skipIf(!hasShared)('spec departures found by the conformance run', () => {
  let sb: Sandbox;
  let api: ApiClient;
  beforeAll(async () => {
    sb = await startTestSandbox({ processingMs: 0, syncConcurrency: 100, rateLimits: { 'sync.generate': 1000 } });
    api = clientFor(sb);
  });
  afterAll(() => sb.close());

  it('Sync: legacy options are checked against the spec’s GenerationOptions, on create and on estimate', async () => {
    const spec = readSpec(specPaths.sync);
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: 'sync', components: spec.components });
    const validOptions = ajv.getSchema('sync#/components/schemas/GenerationOptions')!;
    const input = [
      { type: 'video', url: 'https://example.com/face.mp4' },
      { type: 'text', provider: { name: 'elevenlabs', voiceId: 'v1', script: 'Hello there, this is a test.' } },
    ];
    const cases: Array<[string, Json]> = [
      ['speedup 1', { speedup: 1 }],
      ['speedup 4', { speedup: 4 }],
      ['speedup 0', { speedup: 0 }],
      ['speedup 5', { speedup: 5 }],
      ['speedup 2.5', { speedup: 2.5 }],
      ['speedup "2"', { speedup: '2' }],
      ['output_format mov', { output_format: 'mov' }],
      ['output_format webm', { output_format: 'webm' }],
      ['output_format 4', { output_format: 4 }],
      ['fps 30', { fps: 30 }],
      ['fps 29.97', { fps: 29.97 }],
      ['fps "fast"', { fps: 'fast' }],
      ['fps "25"', { fps: '25' }],
      ['pads numbers', { pads: [0, 5, 0, 0] }],
      ['pads string', { pads: '0,5,0,0' }],
      ['pads with a string item', { pads: [0, 'five', 0, 0] }],
      ['output_resolution strings', { output_resolution: ['1280', '720'] }],
      ['output_resolution "1280x720"', { output_resolution: '1280x720' }],
      ['output_resolution object', { output_resolution: { width: 1280, height: 720 } }],
      ['active_speaker true', { active_speaker: true }],
      ['active_speaker "yes"', { active_speaker: 'yes' }],
      ['active_speaker 1', { active_speaker: 1 }],
    ];
    for (const [name, options] of cases) {
      const specAccepts = validOptions(options) as boolean;
      const field = Object.keys(options)[0]!;
      for (const path of ['/v2/generate', '/v2/analyze/cost']) {
        const res = await api.sync<SyncErrorBody>('POST', path, { model: 'lipsync-2', input, options });
        const label = `${path} ${name}: spec ${specAccepts ? 'accepts' : 'rejects'}, sandbox ${res.status} ${JSON.stringify(res.body)}`;
        if (specAccepts) {
          expect(res.status, label).toBe(path === '/v2/generate' ? 201 : 200);
        } else {
          expect(res.status, label).toBe(400);
          expect(res.body, label).toMatchObject({ error: 'Bad Request', statusCode: 400 });
          expect(joined(res.body.message), label).toContain(`options.${field}`);
        }
      }
    }
  }, 60_000);

  it('an empty limit is a 400 on every paginated endpoint of both specs', async () => {
    const spec = readSpec(specPaths.videogen);
    const paginated = Object.entries(spec.paths)
      .filter(([, item]) => ((item.get?.parameters as Array<{ $ref?: string }> | undefined) ?? []).some((p) => p.$ref?.endsWith('/PaginationLimit')))
      .map(([p]) => p);
    expect(paginated).toEqual(expect.arrayContaining(['/v1/files', '/v1/tools/executions', '/v1/webhooks/endpoints', '/v1/resources/tts-voices']));
    for (const p of paginated) {
      const empty = await api.vg<{ code: string; message: string }>('GET', `${p}?limit=`);
      expect(empty.status, `${p}?limit=`).toBe(400);
      expect(empty.body.code).toBe('invalid_parameters');
      expect(empty.body.message).toContain('limit');
      for (const bad of ['0', '201', 'ten', '1.5']) expect((await api.vg('GET', `${p}?limit=${bad}`)).status, `${p}?limit=${bad}`).toBe(400);
      expect((await api.vg('GET', `${p}?limit=1`)).status, `${p}?limit=1`).toBe(200);
    }
    const sync = await api.sync<SyncErrorBody>('GET', '/v2/assets?limit=');
    expect(sync.status).toBe(400);
    expect(joined(sync.body.message)).toContain('limit');
  });

  it('405 on every VideoGen spec path lists exactly the methods the spec gives it (plus HEAD and OPTIONS)', async () => {
    const spec = readSpec(specPaths.videogen);
    const all = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
    let checked = 0;
    for (const [template, item] of Object.entries(spec.paths)) {
      const methods = Object.keys(item).map((m) => m.toUpperCase());
      const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => `sample_${name}`);
      const expected = [...methods, ...(methods.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].sort();
      for (const wrong of all.filter((m) => !methods.includes(m))) {
        const res = await contractFetch(`${sb.url}${path}`, { method: wrong, headers: { Authorization: `Bearer ${sb.videogenKey}` } });
        expect(res.status, `${wrong} ${template}`).toBe(405);
        expect(res.headers.get('allow')?.split(', ').sort(), `${wrong} ${template}`).toEqual(expected);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(150);
    // Object storage answers like S3: MethodNotAllowed with Allow.
    const created = await api.vg<{ uploadUrl: string }>('POST', '/v1/files/upload', { displayName: 'x.png' });
    const post = await fetch(created.body.uploadUrl, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('OPTIONS, PUT');
    expect(await post.text()).toContain('<Code>MethodNotAllowed</Code>');
  }, 60_000);

  it('a presigned PUT that also carries an Authorization header is refused like S3 / R2 does, for both services', async () => {
    const png = readFileSync(sampleMedia().png);
    const created = await api.vg<{ fileId: string; uploadUrl: string }>('POST', '/v1/files/upload', { displayName: 'keyed.png' });
    const keyed = await fetch(created.body.uploadUrl, { method: 'PUT', body: png, headers: { Authorization: `Bearer ${sb.videogenKey}` } });
    expect(keyed.status).toBe(400);
    expect(keyed.headers.get('content-type')).toBe('application/xml');
    const xml = await keyed.text();
    expect(xml).toContain('<Code>InvalidArgument</Code>');
    expect(xml).toContain('Only one auth mechanism allowed');
    expect(xml).toContain('<ArgumentName>Authorization</ArgumentName>');
    expect(xml).not.toContain(sb.videogenKey);
    // Nothing was stored: the file is still waiting for its bytes, and the same URL works without the header.
    const waiting = await api.vg<{ type: string | null; downloadSource: { status: string } }>('GET', `/v1/files/${created.body.fileId}`);
    expect(waiting.body).toMatchObject({ type: null, downloadSource: { status: 'pending' } });
    expect((await fetch(created.body.uploadUrl, { method: 'PUT', body: png })).status).toBe(200);

    const slot = await api.sync<{ uploadUrl: string; url: string }>('POST', '/v2/assets/upload', { fileName: 'face.png', contentType: 'image/png', size: png.length });
    const syncKeyed = await fetch(slot.body.uploadUrl, { method: 'PUT', body: png, headers: { 'Content-Type': 'image/png', Authorization: `Bearer ${sb.syncKey}` } });
    expect(syncKeyed.status).toBe(400);
    expect(await syncKeyed.text()).toContain('<Code>InvalidArgument</Code>');
    expect((await api.sync('POST', '/v2/assets', { url: slot.body.url })).status).toBe(400);
    expect((await fetch(slot.body.uploadUrl, { method: 'PUT', body: png, headers: { 'Content-Type': 'image/png' } })).status).toBe(200);
    expect((await api.sync('POST', '/v2/assets', { url: slot.body.url })).status).toBe(201);
  });

  it('out of credits: spending requests answer 402 (VideoGen insufficient_credits, Sync Payment Required) until the fault is lifted', async () => {
    const music = { prompt: 'calm piano' };
    const syncBody = {
      model: 'lipsync-2',
      input: [
        { type: 'video', url: 'https://example.com/face.mp4' },
        { type: 'text', provider: { name: 'elevenlabs', voiceId: 'v1', script: 'Hi.' } },
      ],
    };
    const { fileId } = await uploadBytes(contractFetch, sb, readFileSync(sampleMedia().png), 'probe.png');
    await waitFor(async () => (await api.vg<{ downloadSource: { status: string } }>('GET', `/v1/files/${fileId}`)).body.downloadSource.status === 'ready', 'upload');
    sb.setFaults({ insufficientCredits: true });
    try {
      const tool = await api.vg<{ code: string; message: string }>('POST', '/v1/tools/generate-music', music);
      expect(tool.status).toBe(402);
      expect(tool.body.code).toBe('insufficient_credits');
      expect(tool.body.message).toMatch(/credits/i);
      // Validation comes first; reads and uploads are not billed.
      expect((await api.vg<{ code: string }>('POST', '/v1/tools/generate-music', {})).body.code).toBe('invalid_parameters');
      expect((await api.vg('GET', `/v1/files/${fileId}`)).status).toBe(200);
      expect((await api.vg('POST', '/v1/files/upload', { displayName: 'still-free.png' })).status).toBe(200);
      const gen = await api.sync<SyncErrorBody>('POST', '/v2/generate', syncBody);
      expect(gen.status).toBe(402);
      expect(gen.body).toMatchObject({ statusCode: 402, error: 'Payment Required' });
      expect((await api.sync('POST', '/v2/generate', { model: 'lipsync-2' })).status).toBe(400);
      expect((await api.sync('POST', '/v2/analyze/cost', syncBody)).status).toBe(200);
    } finally {
      sb.setFaults({});
    }
    expect((await api.vg('POST', '/v1/tools/generate-music', music)).status).toBe(202);
    expect((await api.sync('POST', '/v2/generate', syncBody)).status).toBe(201);
  });
});
