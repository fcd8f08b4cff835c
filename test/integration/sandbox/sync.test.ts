// Sync v2: generation lifecycle (clock-driven), real lip-sync stand-in output, assets with
// Content-Type-bound presigned PUTs, multipart with the 20 MB limit, failure triggers,
// concurrency, listing filters, estimates and catalogues.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, sampleMedia, startTestSandbox, uploadBytes, waitFor, type Sandbox } from '../../helpers/sandbox';
import { clientFor, type ApiClient } from './support/client';
import { contractFetch } from './support/contract';

interface Generation {
  id: string;
  status: string;
  model: string;
  input: Array<{ type: string; url?: string; assetId?: string }>;
  outputUrl?: string;
  outputDuration?: number;
  error?: string;
  error_code?: string;
  errorCode?: string;
  synthesizedAudioUrl?: string;
}
interface Asset { id: string; type: string; url: string; name: string; size: number; durationSeconds?: number; inputType: string }

const G = 1000;

describe('Sync v2', () => {
  let sb: Sandbox;
  let api: ApiClient;
  const clock = manualClock();
  let videoAsset: Asset;
  let audioAsset: Asset;

  const create = async (body: unknown) => {
    const res = await api.sync<Generation>('POST', '/v2/generate', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const get = async (id: string) => (await api.sync<Generation>('GET', `/v2/generate/${id}`)).body;
  const settle = async (id: string) => {
    clock.advance(2 * G);
    return waitFor(async () => {
      const g = await get(id);
      return ['COMPLETED', 'FAILED', 'CANCELED'].includes(g.status) ? g : null;
    }, `generation ${id}`);
  };
  async function uploadAsset(file: string, fileName: string, contentType: string): Promise<Asset> {
    const bytes = readFileSync(file);
    const slot = await api.sync<{ uploadUrl: string; url: string; expiresIn: number }>('POST', '/v2/assets/upload', { fileName, contentType, size: bytes.length });
    expect(slot.status).toBe(201);
    expect(slot.body.expiresIn).toBe(3600);
    const put = await fetch(slot.body.uploadUrl, { method: 'PUT', body: bytes, headers: { 'Content-Type': contentType } });
    expect(put.status).toBe(200);
    const asset = await api.sync<Asset>('POST', '/v2/assets', { url: slot.body.url });
    expect(asset.status).toBe(201);
    return asset.body;
  }

  beforeAll(async () => {
    sb = await startTestSandbox({ clock: clock.now, syncGenerationMs: G, syncConcurrency: 50, processingMs: 0 });
    api = clientFor(sb);
    videoAsset = await uploadAsset(sampleMedia().video, 'speaker.mp4', 'video/mp4');
    audioAsset = await uploadAsset(sampleMedia().audio, 'line.m4a', 'audio/mp4');
  });
  afterAll(() => sb.close());

  it('uploads assets; the PUT must carry exactly the declared Content-Type', async () => {
    expect(videoAsset).toMatchObject({ type: 'VIDEO', inputType: 'UPLOAD', name: 'speaker.mp4' });
    expect(videoAsset.durationSeconds).toBeCloseTo(2, 0);
    expect(audioAsset.type).toBe('AUDIO');
    const bytes = readFileSync(sampleMedia().png);
    const slot = await api.sync<{ uploadUrl: string }>('POST', '/v2/assets/upload', { fileName: 'face.png', contentType: 'image/png', size: bytes.length });
    const wrong = await fetch(slot.body.uploadUrl, { method: 'PUT', body: bytes, headers: { 'Content-Type': 'application/octet-stream' } });
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain('SignatureDoesNotMatch');
    const list = await api.sync<{ items: Asset[]; totalCount: number }>('GET', '/v2/assets?types=VIDEO&limit=10');
    expect(list.body.items.map((a) => a.id)).toEqual([videoAsset.id]);
    expect((await api.sync<Asset>('GET', `/v2/assets/${audioAsset.id}`)).body.id).toBe(audioAsset.id);
    const bad = await api.sync('POST', '/v2/assets/upload', { fileName: 'noext', contentType: 'text/plain', size: -1 });
    expect(bad.status).toBe(400);
  });

  it('moves PENDING → PROCESSING → COMPLETED and serves a real MP4 through outputUrl', async () => {
    const g = await create({ model: 'lipsync-2', input: [{ type: 'video', assetId: videoAsset.id }, { type: 'audio', url: audioAsset.url }], options: { sync_mode: 'loop' }, outputFileName: 'take 1!' });
    expect(g.status).toBe('PENDING');
    expect(g.input[0]).toMatchObject({ type: 'video', assetId: videoAsset.id, url: videoAsset.url });
    clock.advance(0.5 * G);
    expect((await get(g.id)).status).toBe('PROCESSING');
    const done = await settle(g.id);
    expect(done.status).toBe('COMPLETED');
    expect(done.outputDuration).toBeCloseTo(2, 0);
    expect(done.outputUrl).toMatch(new RegExp(`/v2/generations/${g.id}/result\\?token=`));
    const redirect = await api.sync<Generation>('GET', new URL(done.outputUrl!).pathname + new URL(done.outputUrl!).search, undefined, { key: null, redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location')!;
    expect(location).toContain('/take_1_.mp4');
    const mp4 = await fetch(location, { headers: { Range: 'bytes=0-63' } });
    expect(mp4.status).toBe(206);
    expect(Buffer.from(await mp4.arrayBuffer()).subarray(4, 8).toString('latin1')).toBe('ftyp');
    const followed = await fetch(done.outputUrl!);
    expect(followed.status).toBe(200);
    expect(followed.headers.get('content-type')).toBe('video/mp4');
    await followed.arrayBuffer();
  });

  it('accepts multipart uploads below 20 MB and answers 413 above', async () => {
    const form = new FormData();
    form.set('model', 'lipsync-2');
    form.set('video', new Blob([readFileSync(sampleMedia().video)], { type: 'video/mp4' }), 'clip.mp4');
    form.set('audio', new Blob([readFileSync(sampleMedia().mp3)], { type: 'audio/mpeg' }), 'tone.mp3');
    form.set('options', JSON.stringify({ sync_mode: 'cut_off' }));
    const res = await contractFetch(`${sb.url}/v2/generate`, { method: 'POST', headers: { 'x-api-key': sb.syncKey }, body: form });
    expect(res.status).toBe(201);
    const g = (await res.json()) as Generation;
    expect(g.input.map((i) => i.type).sort()).toEqual(['audio', 'video']);
    expect((await fetch(g.input.find((i) => i.type === 'video')!.url!)).status).toBe(200);
    const settled = await settle(g.id);
    expect(settled.status, settled.error).toBe('COMPLETED');

    const big = new FormData();
    big.set('model', 'lipsync-2');
    big.set('video', new Blob([new Uint8Array(20 * 1024 * 1024 + 1)], { type: 'video/mp4' }), 'big.mp4');
    big.set('audio', new Blob([readFileSync(sampleMedia().mp3)], { type: 'audio/mpeg' }), 'tone.mp3');
    const tooBig = await contractFetch(`${sb.url}/v2/generate`, { method: 'POST', headers: { 'x-api-key': sb.syncKey }, body: big });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('fails deterministically: no face, unreachable URLs', async () => {
    const slot = await api.sync<{ uploadUrl: string; url: string }>('POST', '/v2/assets/upload', { fileName: 'noface-take.mp4', contentType: 'video/mp4', size: 1 });
    await fetch(slot.body.uploadUrl, { method: 'PUT', body: readFileSync(sampleMedia().video), headers: { 'Content-Type': 'video/mp4' } });
    const noface = await create({ model: 'lipsync-2', input: [{ type: 'video', url: slot.body.url }, { type: 'audio', assetId: audioAsset.id }] });
    const failed = await settle(noface.id);
    expect(failed).toMatchObject({ status: 'FAILED', error_code: 'generation_input_validation_failed', errorCode: 'generation_input_validation_failed' });
    expect(failed.error).toMatch(/face/i);
    const remote = await create({ model: 'lipsync-2', input: [{ type: 'video', url: 'https://assets.example.com/v.mp4' }, { type: 'audio', assetId: audioAsset.id }] });
    expect(await settle(remote.id)).toMatchObject({ status: 'FAILED', errorCode: 'generation_input_video_inaccessible' });
  });

  it('speaks text inputs and animates still images (sync-3 only)', async () => {
    const image = await uploadAsset(sampleMedia().png, 'portrait.png', 'image/png');
    expect(image.type).toBe('IMAGE');
    const wrongModel = await api.sync<{ message: string[] }>('POST', '/v2/generate', { model: 'lipsync-2', input: [{ type: 'image', assetId: image.id }, { type: 'audio', assetId: audioAsset.id }] });
    expect(wrongModel.status).toBe(400);
    expect(wrongModel.body.message.join(' ')).toContain('sync-3');
    const g = await create({ model: 'sync-3', input: [{ type: 'image', assetId: image.id }, { type: 'text', provider: { name: 'elevenlabs', voiceId: 'v1', script: 'Hello from the sandbox, nice to meet you.' } }] });
    const done = await settle(g.id);
    expect(done.status).toBe('COMPLETED');
    expect(done.synthesizedAudioUrl).toMatch(/\/sync-storage\/tts\//);
    expect((await fetch(done.synthesizedAudioUrl!)).status).toBe(200);
    expect(done.outputDuration).toBeGreaterThan(2);
    const long = await api.sync('POST', '/v2/generate', { model: 'sync-3', input: [{ type: 'image', assetId: image.id }, { type: 'text', provider: { name: 'elevenlabs', voiceId: 'v1', script: 'x'.repeat(5000) } }] });
    expect(long.status).toBe(400);
  });

  it('uses VideoGen media URLs of the same sandbox as inputs', async () => {
    const vg = await uploadBytes(contractFetch, sb, readFileSync(sampleMedia().video), 'shared.mp4');
    await waitFor(async () => (await api.vg<{ downloadSource: { status: string } }>('GET', `/v1/files/${vg.fileId}`)).body.downloadSource.status === 'ready', 'vg file');
    const hydrated = await api.vg<{ downloadSource: { url: string } }>('POST', `/v1/files/${vg.fileId}/hydrate`);
    const g = await create({ model: 'lipsync-2-pro', input: [{ type: 'video', url: hydrated.body.downloadSource.url }, { type: 'audio', assetId: audioAsset.id }] });
    expect((await settle(g.id)).status).toBe('COMPLETED');
  });

  it('lists with status and ids filters (comma-separated, repeated, JSON array); cancels', async () => {
    const a = await create({ model: 'lipsync-2', input: [{ type: 'video', assetId: videoAsset.id }, { type: 'audio', assetId: audioAsset.id }] });
    const b = await create({ model: 'lipsync-2', input: [{ type: 'video', assetId: videoAsset.id }, { type: 'audio', assetId: audioAsset.id }] });
    clock.advance(0.3 * G);
    const canceled = await api.sync<Generation>('POST', `/v2/generate/${b.id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.body.status).toBe('CANCELED');
    await settle(a.id);
    expect((await api.sync('POST', `/v2/generate/${a.id}/cancel`)).status).toBe(400);
    const comma = await api.sync<Generation[]>('GET', `/v2/generations?ids=${a.id},${b.id}`);
    expect(comma.body.map((g) => g.id).sort()).toEqual([a.id, b.id].sort());
    const repeated = await api.sync<Generation[]>('GET', `/v2/generations?ids=${a.id}&ids=${b.id}&status=CANCELED`);
    expect(repeated.body.map((g) => g.id)).toEqual([b.id]);
    const json = await api.sync<Generation[]>('GET', `/v2/generations?status=${encodeURIComponent('["COMPLETED"]')}`);
    expect(json.body.length).toBeGreaterThan(0);
    expect(json.body.every((g) => g.status === 'COMPLETED')).toBe(true);
  });

  it('estimates cost on both documented paths; serves models, errors and health', async () => {
    const body = { model: 'lipsync-2', input: [{ type: 'video', assetId: videoAsset.id }, { type: 'audio', assetId: audioAsset.id }] };
    for (const path of ['/v2/analyze/cost', '/v2/generations/estimate']) {
      const est = await api.sync<Array<{ estimatedFrameCount: number; estimatedGenerationCost: number }>>('POST', path, body);
      expect(est.status).toBe(200);
      expect(est.body[0]!.estimatedFrameCount).toBe(50);
      expect(est.body[0]!.estimatedGenerationCost).toBeCloseTo(0.1, 2);
    }
    const models = await api.sync<Array<{ name: string }>>('GET', '/v2/models');
    expect(models.body.map((m) => m.name)).toEqual(expect.arrayContaining(['sync-3', 'lipsync-2', 'lipsync-2-pro', 'lipsync-1.9.0-beta', 'react-1']));
    const errors = await api.sync<Array<{ code: string; fix: string }>>('GET', '/v2/errors', undefined, { key: null });
    expect(errors.body.map((e) => e.code)).toContain('generation_input_video_inaccessible');
    expect((await api.sync('GET', '/v2/healthcheck', undefined, { key: null })).status).toBe(200);
  });
});

describe('Sync concurrency (Free plan: 1)', () => {
  const clock = manualClock();
  let sb: Sandbox;
  let api: ApiClient;
  beforeAll(async () => {
    sb = await startTestSandbox({ clock: clock.now, syncGenerationMs: G });
    api = clientFor(sb);
  });
  afterAll(() => sb.close());

  it('answers 429 on create while one generation is in progress', async () => {
    const body = { model: 'lipsync-2', input: [{ type: 'video', url: 'https://example.com/noface.mp4' }, { type: 'audio', url: 'https://example.com/a.wav' }] };
    expect((await api.sync('POST', '/v2/generate', body)).status).toBe(201);
    const second = await api.sync<{ statusCode: number; message: string }>('POST', '/v2/generate', body);
    expect(second.status).toBe(429);
    expect(second.body.statusCode).toBe(429);
    expect(second.body.message).toMatch(/concurren/i);
    clock.advance(G); // the first one has FAILED by now
    expect((await api.sync('POST', '/v2/generate', body)).status).toBe(201);
    const other = await api.sync('POST', '/v2/generate', body, { key: sb.syncKey });
    expect(other.status).toBe(429);
  });
});
