import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import busboy from 'busboy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateBudget } from '../../../main/api/rate-budget';
import { createSyncClient } from '../../../main/api/sync';
import { GenerationSchema, isSyncTerminal, normalizeSyncStatus } from '../../../main/api/sync-schemas';
import { failure, fakeClock, json, scriptedFetch, type Reply } from './helpers';

const generation = {
  id: '6533643b-aceb-4c40-967e-d9ba9baac39e',
  createdAt: '2026-05-05T12:00:00.000Z',
  status: 'PENDING',
  model: 'lipsync-2',
  input: [
    { type: 'video', url: 'https://assets.test/v.mp4' },
    { type: 'audio', url: 'https://assets.test/a.wav' },
  ],
};
const request = {
  model: 'lipsync-2',
  input: [
    { type: 'video' as const, url: 'https://assets.test/v.mp4' },
    { type: 'audio' as const, url: 'https://assets.test/a.wav' },
  ],
  options: { sync_mode: 'loop' },
};

function setup(replies: Reply[], apiKey: string | null = 'sk-test') {
  const clock = fakeClock();
  const fetch = scriptedFetch(replies);
  const client = createSyncClient({ baseUrl: 'http://sync.test', apiKey: () => apiKey, fetch, clock, budget: createRateBudget({ clock }), random: () => 0.5 });
  return { client, fetch, clock };
}

describe('Sync generation status', () => {
  it('accepts every spelling and normalises it', () => {
    const cases: Array<[string, string, boolean]> = [
      ['PENDING', 'pending', false],
      ['PROCESSING', 'processing', false],
      ['COMPLETED', 'completed', true],
      ['FAILED', 'failed', true],
      ['REJECTED', 'rejected', true],
      ['CANCELED', 'cancelled', true],
      ['CANCELLED', 'cancelled', true],
      ['TIMED_OUT', 'timed_out', true],
      ['timed-out', 'timed_out', true],
      ['QUANTUM_FLUX', 'unknown', false],
    ];
    for (const [raw, normal, terminal] of cases) {
      const g = GenerationSchema.parse({ ...generation, status: raw });
      expect(g.status).toBe(raw); // kept as-is
      expect(normalizeSyncStatus(g.status)).toBe(normal);
      expect(isSyncTerminal(g.status)).toBe(terminal);
    }
  });

  it('reads error_code and errorCode alike; nulls and absence alike', () => {
    const a = GenerationSchema.parse({ ...generation, status: 'FAILED', error: 'Audio too long', error_code: 'generation_audio_length_exceeded' });
    const b = GenerationSchema.parse({ ...generation, status: 'FAILED', error: 'Audio too long', errorCode: 'generation_audio_length_exceeded' });
    expect(a.errorCode).toBe('generation_audio_length_exceeded');
    expect(b.errorCode).toBe('generation_audio_length_exceeded');
    expect('error_code' in a).toBe(false);
    const nulls = GenerationSchema.parse({ ...generation, outputUrl: null, outputDuration: null, webhookUrl: null, error: null, errorCode: null, projectId: null });
    const absent = GenerationSchema.parse(generation);
    expect(nulls).toEqual(absent);
  });

  it('types outputUrl as a string and outputDuration as a number', () => {
    const g = GenerationSchema.parse({ ...generation, status: 'COMPLETED', outputUrl: 'https://api.sync.so/v2/generations/x/result?token=t', outputDuration: '9.98' });
    expect(g.outputUrl).toBe('https://api.sync.so/v2/generations/x/result?token=t');
    expect(g.outputDuration).toBe(9.98);
    expect(GenerationSchema.safeParse({ ...generation, outputUrl: { href: 'x' } }).success).toBe(false);
  });
});

describe('Sync client (JSON)', () => {
  it('creates with x-api-key and gets a generation', async () => {
    const { client, fetch } = setup([json(generation, 201), json({ ...generation, status: 'PROCESSING' })]);
    const created = await client.createGeneration(request);
    expect(created.status).toBe('PENDING');
    expect(fetch.calls[0]?.headers.get('x-api-key')).toBe('sk-test');
    expect(fetch.calls[0]?.headers.get('authorization')).toBeNull();
    expect(JSON.parse(fetch.calls[0]?.body ?? '')).toEqual(request);
    expect((await client.getGeneration(created.id)).status).toBe('PROCESSING');
    expect(fetch.calls[1]?.url).toBe(`http://sync.test/v2/generate/${created.id}`);
  });

  it('validates the input mix before sending', async () => {
    const { client, fetch } = setup([json(generation, 201)]);
    const err = await failure(client.createGeneration({ model: 'lipsync-2', input: [{ type: 'video', url: 'https://a.test/v.mp4' }] }));
    expect(err.kind).toBe('invalid');
    expect(err.message).toMatch(/audio track or a text script/);
    const err2 = await failure(client.createGeneration({ model: 'lipsync-2', input: [{ type: 'video' }, { type: 'audio', url: 'https://a.test/a.wav' }] }));
    expect(err2.message).toMatch(/url or an assetId/);
    expect(fetch.calls).toHaveLength(0);
  });

  it('missing key → auth without a request', async () => {
    const { client, fetch } = setup([json(generation)], null);
    const err = await failure(client.getGeneration('x'));
    expect([err.kind, err.code, err.message]).toEqual(['auth', 'missing_api_key', 'Add your Sync API key in Settings to continue.']);
    expect(fetch.calls).toHaveLength(0);
  });

  it('create is never resent after a 5xx → unknown_outcome', async () => {
    const { client, fetch } = setup([json({ message: 'Internal server error', error: 'Internal Server Error', statusCode: 500 }, 500), json(generation, 201)]);
    expect((await failure(client.createGeneration(request))).kind).toBe('unknown_outcome');
    expect(fetch.calls).toHaveLength(1);
  });

  it('401 body {message, error, statusCode} → auth', async () => {
    const { client } = setup([json({ message: 'Invalid API key', error: 'Unauthorized', statusCode: 401 }, 401)]);
    const err = await failure(client.listModels());
    expect([err.kind, err.code]).toEqual(['auth', undefined]);
    expect(err.message).toBe('The Sync API key was rejected. Check it in Settings.');
  });

  it('400 with a message array → invalid listing the messages', async () => {
    const { client } = setup([json({ message: ['input.0.url must be a URL', 'model must be valid'], error: 'Bad Request', statusCode: 400 }, 400)]);
    const err = await failure(client.createGeneration(request));
    expect(err.kind).toBe('invalid');
    expect(err.message).toBe('Sync rejected the request: input.0.url must be a URL; model must be valid');
  });

  it('402 → forbidden: out of credits said plainly with where to top up; otherwise plan/credits', async () => {
    const { client } = setup([json({ message: 'Insufficient credits', error: 'Payment Required', statusCode: 402 }, 402)]);
    const err = await failure(client.createGeneration(request));
    expect(err.kind).toBe('forbidden');
    expect(err.message).toBe('Your Sync account is out of credits. Top up at sync.so/billing, then try again.');
    const plan = setup([json({ message: 'Your plan does not allow this model', error: 'Payment Required', statusCode: 402 }, 402)]);
    const err2 = await failure(plan.client.createGeneration(request));
    expect(err2.message).toMatch(/^Not enough Sync credits, or your plan doesn't include this/);
  });

  it('429 on create from the concurrency cap → rate_limited/concurrency_limit, not retried', async () => {
    const { client, fetch } = setup([
      json({ message: 'You have reached the maximum number of concurrent generations for your plan', error: 'Too Many Requests', statusCode: 429 }, 429),
      json(generation, 201),
    ]);
    const err = await failure(client.createGeneration(request));
    expect([err.kind, err.code, err.retryable]).toEqual(['rate_limited', 'concurrency_limit', true]);
    expect(err.message).toMatch(/already running as many jobs as your plan allows/);
    expect(fetch.calls).toHaveLength(1);
  });

  it('429 on create from the rate limit → waits and sends again (the server refused it)', async () => {
    const { client, fetch } = setup([json({ message: 'ThrottlerException: Too Many Requests', statusCode: 429 }, 429), json(generation, 201)]);
    expect((await client.createGeneration(request)).id).toBe(generation.id);
    expect(fetch.calls).toHaveLength(2);
  });

  it('lists generations by ids (comma-separated) and status', async () => {
    const { client, fetch } = setup([json([generation, { ...generation, id: 'b', status: 'COMPLETED' }])]);
    const list = await client.listGenerations({ ids: ['a', 'b'], status: 'COMPLETED' });
    expect(list).toHaveLength(2);
    const url = new URL(fetch.calls[0]?.url ?? '');
    expect(url.searchParams.get('ids')).toBe('a,b');
    expect(url.searchParams.get('status')).toBe('COMPLETED');
  });

  it('cancel: 404 → not_found saying the API may not support cancel', async () => {
    const { client } = setup([json({ message: 'Cannot POST /v2/generate/x/cancel', error: 'Not Found', statusCode: 404 }, 404)]);
    const err = await failure(client.cancelGeneration('x'));
    expect([err.kind, err.code]).toEqual(['not_found', 'cancel_unsupported']);
    expect(err.message).toMatch(/doesn't support cancelling/);
  });

  it('estimateCost falls back to /v2/generations/estimate on 404', async () => {
    const { client, fetch } = setup([
      json({ message: 'Cannot POST /v2/analyze/cost', error: 'Not Found', statusCode: 404 }, 404),
      json({ estimatedFrameCount: 300, estimatedGenerationCost: 0.4 }),
    ]);
    expect(await client.estimateCost(request)).toEqual([{ estimatedFrameCount: 300, estimatedGenerationCost: 0.4 }]);
    expect(fetch.calls.map((c) => new URL(c.url).pathname)).toEqual(['/v2/analyze/cost', '/v2/generations/estimate']);
  });

  it('models, assets and the public error catalog (no key sent)', async () => {
    const { client, fetch } = setup([
      json([{ id: 'sync-3', name: 'sync-3', type: 'lipsync', version: 3 }]),
      json({ uploadUrl: 'https://storage.test/put?sig', url: 'https://storage.test/a.wav', expiresIn: 3600 }, 201),
      json({ id: 'asset-1', createdAt: '2026-05-05T12:00:00Z', updatedAt: '2026-05-05T12:00:00Z', type: 'AUDIO', visibility: 'USER', url: 'https://storage.test/a.wav' }),
      json([{ code: 'generation_timeout', message: 'Timed out', fix: 'Try a shorter clip' }]),
    ]);
    expect((await client.listModels())[0]).toMatchObject({ id: 'sync-3', version: '3' });
    expect((await client.createAssetUpload({ fileName: 'a.wav', contentType: 'audio/wav', size: 1000 })).expiresIn).toBe(3600);
    expect((await client.createAsset({ url: 'https://storage.test/a.wav' })).id).toBe('asset-1');
    expect(await client.listErrors()).toEqual([{ code: 'generation_timeout', message: 'Timed out', fix: 'Try a shorter clip' }]);
    expect(fetch.calls[3]?.headers.get('x-api-key')).toBeNull();
  });
});

describe('Sync client (multipart, streamed)', () => {
  let server: http.Server;
  let base: string;
  let dir: string;
  const parts: Array<{ fields: Array<[string, string]>; files: Array<{ field: string; name: string; type: string; sha: string; bytes: number }>; contentLength: string | undefined; key: string | undefined }> = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'atelier-sync-test-'));
    server = http.createServer((req, res) => {
      const seen: (typeof parts)[number] = {
        fields: [],
        files: [],
        contentLength: req.headers['content-length'],
        key: req.headers['x-api-key'] as string | undefined,
      };
      const bb = busboy({ headers: req.headers });
      bb.on('field', (name, value) => seen.fields.push([name, value]));
      bb.on('file', (field, stream, info) => {
        const hash = createHash('sha256');
        let bytes = 0;
        stream.on('data', (c: Buffer) => {
          bytes += c.length;
          hash.update(c);
        });
        stream.on('end', () => seen.files.push({ field, name: info.filename, type: info.mimeType, sha: hash.digest('hex'), bytes }));
      });
      bb.on('close', () => {
        parts.push(seen);
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify(generation));
      });
      req.pipe(bb);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await rm(dir, { recursive: true, force: true });
  });

  it('streams files from a path and from a stream, with model/input/options fields', async () => {
    const video = randomBytes(3 * 1024 * 1024 + 5);
    const audio = randomBytes(200_000);
    const videoPath = path.join(dir, 'take.mp4');
    await writeFile(videoPath, video);
    const clock = fakeClock();
    const client = createSyncClient({ baseUrl: base, apiKey: () => 'sk-multi', fetch, clock, budget: createRateBudget({ clock }) });
    const g = await client.createGenerationMultipart({
      model: 'lipsync-2',
      options: { sync_mode: 'bounce' },
      files: {
        video: { path: videoPath, name: 'take.mp4', size: video.length, contentType: 'video/mp4' },
        audio: { stream: Readable.from([audio.subarray(0, 1000), audio.subarray(1000)]), name: 'voice.wav', size: audio.length, contentType: 'audio/wav' },
      },
    });
    expect(g.id).toBe(generation.id);
    const seen = parts.at(-1);
    expect(seen?.key).toBe('sk-multi');
    expect(Number(seen?.contentLength)).toBeGreaterThan(video.length + audio.length);
    expect(seen?.fields).toEqual([
      ['model', 'lipsync-2'],
      ['options', '{"sync_mode":"bounce"}'],
    ]);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(seen?.files).toEqual([
      { field: 'video', name: 'take.mp4', type: 'video/mp4', sha: sha(video), bytes: video.length },
      { field: 'audio', name: 'voice.wav', type: 'audio/wav', sha: sha(audio), bytes: audio.length },
    ]);
  });

  it('sends a text input item as an input part next to a video file', async () => {
    const video = randomBytes(1000);
    const clock = fakeClock();
    const client = createSyncClient({ baseUrl: base, apiKey: () => 'k', fetch, clock, budget: createRateBudget({ clock }) });
    const text = { type: 'text' as const, provider: { name: 'elevenlabs', voiceId: 'v1', script: 'Hello there' } };
    await client.createGenerationMultipart({
      model: 'sync-3',
      input: [text],
      files: { video: { stream: Readable.from([video]), name: 'v.mp4', size: video.length, contentType: 'video/mp4' } },
    });
    expect(parts.at(-1)?.fields).toEqual([
      ['model', 'sync-3'],
      ['input', JSON.stringify(text)],
    ]);
  });

  it('refuses files of 20 MB or more, and a missing voice, before sending', async () => {
    const clock = fakeClock();
    const fetchStub = scriptedFetch([json(generation, 201)]);
    const client = createSyncClient({ baseUrl: base, apiKey: () => 'k', fetch: fetchStub, clock, budget: createRateBudget({ clock }) });
    const big = await failure(
      client.createGenerationMultipart({
        model: 'lipsync-2',
        files: {
          video: { path: '/nope.mp4', name: 'v.mp4', size: 20 * 1024 * 1024, contentType: 'video/mp4' },
          audio: { path: '/nope.wav', name: 'a.wav', size: 10, contentType: 'audio/wav' },
        },
      }),
    );
    expect([big.kind, big.code]).toEqual(['invalid', 'file_too_large']);
    expect(big.message).toMatch(/under 20 MB.*asset/);
    const noVoice = await failure(
      client.createGenerationMultipart({ model: 'lipsync-2', files: { video: { path: '/nope.mp4', name: 'v.mp4', size: 10, contentType: 'video/mp4' } } }),
    );
    expect(noVoice.message).toMatch(/audio track or a text script/);
    expect(fetchStub.calls).toHaveLength(0);
  });
});
