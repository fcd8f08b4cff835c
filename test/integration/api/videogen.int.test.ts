/** The VideoGen client against the local sandbox: real HTTP, real media, real presigned PUTs. */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../main/kernel/clock';
import type { AppError } from '../../../main/kernel/errors';
import type { Outcome } from '../../../main/api/http';
import { createRateBudget, type RateBudget } from '../../../main/api/rate-budget';
import { createVideoGenClient, type VideoGenClient } from '../../../main/api/videogen';
import type { StorageFile } from '../../../main/api/videogen-schemas';
import { isExecutionTerminal } from '../../../main/api/videogen-schemas';
import type { Sandbox } from '../../../main/sandbox/index';
import { failure } from '../../unit/api/helpers';
import { makeMedia, pollUntil, skipReason, type TestMedia } from './support';


const reason = skipReason();
if (reason) console.warn(`[api integration] VideoGen tests skipped: ${reason}`);

describe.skipIf(reason !== null)('VideoGen client ↔ sandbox', () => {
  let sandbox: Sandbox;
  let dir: string;
  let media: TestMedia;
  let budget: RateBudget;
  let client: VideoGenClient;
  const outcomes: Outcome[] = [];

  const newClient = (key: string | null, b: RateBudget = createRateBudget({ clock: systemClock })) =>
    createVideoGenClient({ baseUrl: sandbox.url, apiKey: () => key, fetch, clock: systemClock, budget: b, onOutcome: (o) => outcomes.push(o) });

  beforeAll(async () => {
    const { startSandbox } = await import('../../../main/sandbox/index');
    sandbox = await startSandbox({ processingMs: 150, executionMs: 300, seed: 7 });
    dir = await mkdtemp(path.join(tmpdir(), 'atelier-api-int-'));
    media = await makeMedia(dir);
    budget = createRateBudget({ clock: systemClock });
    client = newClient(sandbox.videogenKey, budget);
  });

  afterAll(async () => {
    await sandbox?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function upload(file: string, displayName: string): Promise<StorageFile> {
    const size = (await stat(file)).size;
    const { fileId, uploadUrl } = await client.createUpload({ displayName });
    const progress: number[] = [];
    await client.putUpload(uploadUrl, createReadStream(file), { size, onProgress: (n) => progress.push(n) });
    expect(progress.at(-1)).toBe(size);
    const processing = await client.getFile(fileId);
    expect(processing.fileId).toBe(fileId);
    return pollUntil(
      () => client.getFile(fileId),
      (f) => f.type !== null && f.downloadSource?.status !== 'pending',
    );
  }

  it('checks the key with me(), and learns the rate budget from the headers', async () => {
    const me = await client.me();
    expect(me.email).toContain('@');
    const entry = budget.snapshot().find((e) => e.endpoint === 'videogen:GET /v1/me');
    expect(entry?.limit).toBeGreaterThan(0);
    expect(entry?.resetAt).toBeGreaterThan(Date.now());
    expect(outcomes.at(-1)).toMatchObject({ ok: true, endpoint: 'videogen:GET /v1/me' });
  });

  it('a wrong key → auth', async () => {
    const err = await failure(newClient('vg_wrong_key').me());
    expect([err.kind, err.status]).toEqual(['auth', 401]);
    expect(err.message).toBe('The VideoGen API key was rejected. Check it in Settings.');
  });

  it('an unknown file → not_found', async () => {
    const err = await failure(client.getFile('vg_file_doesnotexist0000000'));
    expect(err.kind).toBe('not_found');
  });

  it('uploads a real PNG → processes → hydrates with signed URLs', async () => {
    const ready = await upload(media.png, 'frame.png');
    expect(ready.type).toBe('IMAGE');
    const hydrated = await client.hydrateFile(ready.fileId);
    expect(hydrated.downloadSource?.status).toBe('ready');
    expect(hydrated.downloadSource?.url).toMatch(/^http/);
    expect(hydrated.downloadSource?.expiresAt).toBeGreaterThan(Date.now() / 1000); // Unix seconds
    const bytes = await fetch(hydrated.downloadSource?.url ?? '').then((r) => r.arrayBuffer());
    expect(bytes.byteLength).toBeGreaterThan(100);
  });

  it('uploads a real MP4 → processes → hydrates with HLS', async () => {
    const ready = await upload(media.mp4, 'clip.mp4');
    expect(ready.type).toBe('VIDEO');
    const hydrated = await pollUntil(
      () => client.hydrateFile(ready.fileId),
      (f) => f.hlsSource?.status !== 'pending' && f.previewSource?.status !== 'pending',
    );
    expect(hydrated.hlsSource?.status).toBe('ready');
    expect(hydrated.hlsSource?.url).toMatch(/\.m3u8/);
    const list = await client.listFiles({ limit: 200 });
    expect(list.files.some((f) => f.fileId === ready.fileId)).toBe(true);
  }, 60_000);

  it('runs generate-image → polls → results, which can be hydrated', async () => {
    const { toolExecutionId } = await client.runTool('generate-image', { prompt: 'a lighthouse at dusk', quality: 'LOW', numResults: 2 });
    const done = await pollUntil(() => client.getExecution(toolExecutionId), (e) => isExecutionTerminal(e.status));
    expect(done.status).toBe('succeeded');
    expect(done.results).toHaveLength(2);
    const first = done.results?.[0];
    expect(first?.type).toBe('IMAGE');
    const file = await client.hydrateFile(first?.fileId ?? '');
    expect(file.sourceToolExecutionId).toBe(toolExecutionId);
    const listed = await client.listExecutions({ limit: 10 });
    expect(listed.toolExecutions.map((e) => e.toolExecutionId)).toContain(toolExecutionId);
  }, 60_000);

  it('a tool body the spec rejects never reaches the server', async () => {
    const before = sandbox.stats().requests['POST /v1/tools/generate-video-clip'] ?? 0;
    const err = await failure(client.runTool('generate-video-clip', { quality: 'HIGH', durationSeconds: 16, prompt: 'x' }));
    expect(err.kind).toBe('invalid');
    expect(err.message).toMatch(/durationSeconds/);
    expect(sandbox.stats().requests['POST /v1/tools/generate-video-clip'] ?? 0).toBe(before);
  });

  it('a 5xx on a tool start is sent once → unknown_outcome', async () => {
    const key = 'POST /v1/tools/generate-image';
    const before = sandbox.stats().requests[key] ?? 0;
    sandbox.setFaults({ error5xx: 1 });
    try {
      const err = await failure(client.runTool('generate-image', { prompt: 'once', quality: 'LOW' }));
      expect(err.kind).toBe('unknown_outcome');
    } finally {
      sandbox.setFaults({});
    }
    expect((sandbox.stats().requests[key] ?? 0) - before).toBe(1);
  });

  it('a cut-off answer to a tool start → unknown_outcome, and the execution is found by listing (reconcile)', async () => {
    const before = (await client.listExecutions({ limit: 200 })).toolExecutions.length;
    sandbox.setFaults({ malformedJson: 1 });
    let err: AppError;
    try {
      err = await failure(client.runTool('generate-image', { prompt: 'reconcile me', quality: 'LOW' }));
    } finally {
      sandbox.setFaults({});
    }
    expect(err.kind).toBe('unknown_outcome');
    const after = (await client.listExecutions({ limit: 200 })).toolExecutions.length;
    expect(after).toBe(before + 1); // it did start: the worker reconciles instead of resending
  });

  it('GETs survive injected 5xx and 429 faults by retrying', async () => {
    sandbox.setFaults({ error5xx: 0.3, error429: 0.2 });
    try {
      const fast = createVideoGenClient({
        baseUrl: sandbox.url,
        apiKey: () => sandbox.videogenKey,
        fetch,
        clock: systemClock,
        budget: createRateBudget({ clock: systemClock }),
        maxAttempts: 8,
        random: () => 0.01,
      });
      for (let i = 0; i < 5; i++) expect((await fast.me()).email).toContain('@');
    } finally {
      sandbox.setFaults({});
    }
  }, 60_000);
});

describe.skipIf(reason !== null)('VideoGen client ↔ sandbox: limits and expiry', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    const { startSandbox } = await import('../../../main/sandbox/index');
    sandbox = await startSandbox({ processingMs: 150, executionMs: 300, rateLimits: { 'executions.get': 3 } });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('an expired upload URL → forbidden / upload_url_expired', async () => {
    const client = createVideoGenClient({ baseUrl: sandbox.url, apiKey: () => sandbox.videogenKey, fetch, clock: systemClock, budget: createRateBudget({ clock: systemClock }) });
    const { uploadUrl } = await client.createUpload({ displayName: 'late.png' });
    sandbox.advance(16 * 60_000);
    const err = await failure(client.putUpload(uploadUrl, Buffer.from('not sent in time'), { size: 16 }));
    expect([err.kind, err.code]).toEqual(['forbidden', 'upload_url_expired']);
  });

  it('the budget stops calls once the server says none remain (no request is wasted)', async () => {
    const budget = createRateBudget({ clock: systemClock });
    const client = createVideoGenClient({ baseUrl: sandbox.url, apiKey: () => sandbox.videogenKey, fetch, clock: systemClock, budget, maxRateWaitMs: 1000 });
    const { toolExecutionId } = await client.runTool('generate-music', { prompt: 'calm piano' });
    for (let i = 0; i < 3; i++) await client.getExecution(toolExecutionId);
    const before = sandbox.stats().requests['GET /v1/tools/executions/{toolExecutionId}'] ?? 0;
    const err = await failure(client.getExecution(toolExecutionId));
    expect([err.kind, err.code]).toEqual(['rate_limited', 'rate_budget_exhausted']);
    expect(err.retryAfterMs).toBeGreaterThan(1000);
    expect(sandbox.stats().requests['GET /v1/tools/executions/{toolExecutionId}'] ?? 0).toBe(before);
    expect(budget.snapshot().find((e) => e.endpoint === 'videogen:GET /v1/tools/executions/{id}')).toMatchObject({ limit: 3, remaining: 0 });
  });

  it('a server 429 past maxRateWaitMs → rate_limited with the wait until X-RateLimit-Reset', async () => {
    // Each call gets a fresh budget that knows nothing, so requests go out until the sandbox refuses.
    const fresh = () =>
      createVideoGenClient({ baseUrl: sandbox.url, apiKey: () => sandbox.videogenKey, fetch, clock: systemClock, budget: createRateBudget({ clock: systemClock }), maxRateWaitMs: 1000 });
    const { toolExecutionId } = await fresh().runTool('generate-music', { prompt: 'rain' });
    let err: AppError | null = null;
    for (let i = 0; i < 4 && !err; i++) err = await fresh().getExecution(toolExecutionId).then(() => null, (e: AppError) => e);
    expect([err?.kind, err?.status]).toEqual(['rate_limited', 429]);
    expect(err?.retryAfterMs).toBeGreaterThan(60_000);
    expect(err?.message).toMatch(/^Too many requests to VideoGen; waiting (\d+ h )?(\d+ min|\d+ h)\.$/);
  });
});
