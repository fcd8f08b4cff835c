/** The Sync client against the local sandbox: assets, JSON and multipart creates, polling. */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../main/kernel/clock';
import { AppError } from '../../../main/kernel/errors';
import { createRateBudget } from '../../../main/api/rate-budget';
import { createSyncClient, type SyncClient } from '../../../main/api/sync';
import { isSyncTerminal, normalizeSyncStatus, type Generation } from '../../../main/api/sync-schemas';
import type { Sandbox } from '../../../main/sandbox/index';
import { failure } from '../../unit/api/helpers';
import { makeMedia, pollUntil, skipReason, type TestMedia } from './support';


const reason = skipReason();
if (reason) console.warn(`[api integration] Sync tests skipped: ${reason}`);

describe.skipIf(reason !== null)('Sync client ↔ sandbox', () => {
  let sandbox: Sandbox;
  let dir: string;
  let media: TestMedia;
  let client: SyncClient;

  const newClient = (key: string | null) =>
    createSyncClient({ baseUrl: sandbox.url, apiKey: () => key, fetch, clock: systemClock, budget: createRateBudget({ clock: systemClock }) });

  beforeAll(async () => {
    const { startSandbox } = await import('../../../main/sandbox/index');
    sandbox = await startSandbox({ syncGenerationMs: 400, processingMs: 150, syncConcurrency: 1, seed: 11 });
    dir = await mkdtemp(path.join(tmpdir(), 'atelier-sync-int-'));
    media = await makeMedia(dir);
    client = newClient(sandbox.syncKey);
  });

  afterAll(async () => {
    await sandbox?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const finished = (id: string): Promise<Generation> =>
    pollUntil(() => client.getGeneration(id), (g) => isSyncTerminal(g.status), 60_000);

  async function asset(file: string, fileName: string, contentType: string): Promise<string> {
    const size = (await stat(file)).size;
    const up = await client.createAssetUpload({ fileName, contentType, size });
    await client.putAsset(up.uploadUrl, createReadStream(file), { contentType, size });
    const created = await client.createAsset({ url: up.url });
    expect((await client.getAsset(created.id)).id).toBe(created.id);
    return created.id;
  }

  it('lists models; a wrong key → auth; the error catalog needs no key', async () => {
    const models = await client.listModels();
    expect(models.map((m) => m.name)).toContain('sync-3');
    const err = await failure(newClient('wrong').listModels());
    expect([err.kind, err.status]).toEqual(['auth', 401]);
    const catalog = await newClient(null).listErrors();
    expect(catalog.length).toBeGreaterThan(0);
    expect(catalog[0]?.code).toMatch(/^generation_/);
  });

  it('JSON create with uploaded assets → polls to COMPLETED → the output URL serves media', async () => {
    const video = await asset(media.mp4, 'clip.mp4', 'video/mp4');
    const audio = await asset(media.wav, 'voice.wav', 'audio/wav');
    const body = { model: 'lipsync-2', input: [{ type: 'video' as const, assetId: video }, { type: 'audio' as const, assetId: audio }], options: { sync_mode: 'cut_off' } };
    const estimate = await client.estimateCost(body);
    expect(estimate[0]?.estimatedFrameCount).toBeGreaterThan(0);
    const created = await client.createGeneration(body);
    expect(['PENDING', 'PROCESSING']).toContain(created.status);
    const done = await finished(created.id);
    expect(normalizeSyncStatus(done.status)).toBe('completed');
    expect(done.outputUrl).toMatch(/^http/);
    expect(typeof done.outputDuration).toBe('number');
    const res = await fetch(done.outputUrl ?? '');
    expect(res.ok).toBe(true);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    const listed = await client.listGenerations({ ids: [created.id] });
    expect(listed.map((g) => g.id)).toEqual([created.id]);
  }, 90_000);

  it('multipart create (files streamed) → polls to COMPLETED', async () => {
    const created = await client.createGenerationMultipart({
      model: 'lipsync-2',
      files: {
        video: { path: media.mp4, name: 'clip.mp4', size: (await stat(media.mp4)).size, contentType: 'video/mp4' },
        audio: { stream: createReadStream(media.wav), name: 'voice.wav', size: (await stat(media.wav)).size, contentType: 'audio/wav' },
      },
    });
    const done = await finished(created.id);
    // Known sandbox defect (Nov 2026): main/sandbox/sync/multipart.ts stores multipart files empty
    // (a 'data' listener starts the stream before the pipeline to disk is attached), so this fails
    // with generation_media_metadata_missing until that is fixed. The client's body is checked
    // byte for byte in test/unit/api/sync.test.ts.
    expect(done.status, JSON.stringify(done)).toBe('COMPLETED');
    expect(done.errorCode).toBeNull();
  }, 90_000);

  it('a second create over the plan concurrency → rate_limited / concurrency_limit, sent once', async () => {
    const video = await asset(media.mp4, 'c.mp4', 'video/mp4');
    const audio = await asset(media.wav, 'c.wav', 'audio/wav');
    const body = { model: 'lipsync-2', input: [{ type: 'video' as const, assetId: video }, { type: 'audio' as const, assetId: audio }] };
    const first = await client.createGeneration(body);
    const before = sandbox.stats().requests['POST /v2/generate'] ?? 0;
    const err = await failure(client.createGeneration(body));
    expect([err.kind, err.code]).toEqual(['rate_limited', 'concurrency_limit']);
    expect((sandbox.stats().requests['POST /v2/generate'] ?? 0) - before).toBe(1);
    // cancel the first so later tests have a free slot
    const cancelled = await client.cancelGeneration(first.id).catch((e: unknown) => e);
    if (cancelled instanceof AppError) expect(cancelled.kind).toBe('invalid'); // already finished
    const done = await finished(first.id);
    expect(isSyncTerminal(done.status)).toBe(true);
  }, 90_000);

  it('an unknown generation → not_found', async () => {
    const err = await failure(client.getGeneration('00000000-0000-4000-8000-000000000000'));
    expect(err.kind).toBe('not_found');
  });

  it('an expired asset upload URL → forbidden / upload_url_expired', async () => {
    const up = await client.createAssetUpload({ fileName: 'late.wav', contentType: 'audio/wav', size: 4 });
    sandbox.advance(2 * 3600_000);
    const err = await failure(client.putAsset(up.uploadUrl, Buffer.from('RIFF'), { contentType: 'audio/wav', size: 4 }));
    expect([err.kind, err.code]).toEqual(['forbidden', 'upload_url_expired']);
  });
});
