/**
 * Lip-sync end to end against the sandbox's Sync twin: every way of giving inputs, the
 * finished video in the library (a playable MP4), failures in words, waiting for a free slot,
 * and nothing created twice across a restart or a lost answer.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionView, LipsyncRequest } from '../../../main/contract';
import { lipsyncOutputPath } from '../../../main/workers/lipsync/save-output';
import { sampleMedia, startTestSandbox, uploadBytes, type Sandbox } from '../../helpers/sandbox';
import { createExecEnv, isTerminal, sawStatus, until, type ExecEnv } from './executions-env';

let sandbox: Sandbox;
let work: string;
const envs: ExecEnv[] = [];

beforeAll(async () => {
  sandbox = await startTestSandbox({ syncGenerationMs: 1_500, syncConcurrency: 4, processingMs: 200 });
  work = mkdtempSync(join(tmpdir(), 'atelier-lipsync-'));
});
afterEach(async () => {
  sandbox.setFaults({});
  await Promise.all(envs.splice(0).map((e) => e.close()));
});
afterAll(async () => {
  await sandbox?.close();
});

function env(s: Sandbox = sandbox, dataDir?: string): ExecEnv {
  const e = createExecEnv({ baseUrl: s.url, videogenKey: s.videogenKey, syncKey: s.syncKey, ...(dataDir ? { dataDir } : {}), worker: { lane: { slotBackoffMinMs: 2_000 } } });
  envs.push(e);
  return e;
}

const lipsync = (params: LipsyncRequest) => ({ provider: 'sync' as const, tool: 'lipsync', params: params as unknown as Record<string, unknown> });
const count = (key: string, s: Sandbox = sandbox) => s.stats().requests[key] ?? 0;
const finished = (e: ExecEnv, id: string, timeoutMs = 40_000) =>
  until(() => {
    const v = e.view(id);
    return isTerminal(v) && v;
  }, `lip-sync ${id} to finish`, timeoutMs);

function probe(path: string): { video: boolean; audio: boolean; duration: number } {
  const out = execFileSync('/usr/bin/ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type:format=duration', '-of', 'json', path]).toString();
  const json = JSON.parse(out) as { streams: Array<{ codec_type: string }>; format: { duration: string } };
  return { video: json.streams.some((s) => s.codec_type === 'video'), audio: json.streams.some((s) => s.codec_type === 'audio'), duration: Number(json.format.duration) };
}

function expectPlayableOutput(e: ExecEnv, v: ExecutionView): void {
  expect(v.status, JSON.stringify(v.error)).toBe('succeeded');
  const path = lipsyncOutputPath(e.dataDir, v.id);
  expect(existsSync(path)).toBe(true);
  const p = probe(path);
  expect(p.video && p.audio).toBe(true);
  expect(p.duration).toBeGreaterThan(0.5);
  expect(v.resultFileIds).toEqual([`local_sync_${v.id}`]);
  const item = e.store.files.get(`local_sync_${v.id}`);
  expect(item).toMatchObject({ origin: 'lipsync', type: 'VIDEO', executionId: v.id, toolType: 'LIPSYNC' });
  expect(item?.request?.tool).toBe('lipsync');
  expect(e.store.mediaCache.get(`local_sync_${v.id}`, 'download')).toMatchObject({ path, pinned: true });
}

describe('lip-sync', () => {
  it('sends local files under 20 MB as multipart, downloads a playable MP4 into the library', async () => {
    const e = env();
    const media = sampleMedia();
    const [assets, creates] = [count('POST /v2/assets/upload'), count('POST /v2/generate')];
    const { id } = e.worker.run(lipsync({ model: 'lipsync-2', visual: { type: 'video', ref: { kind: 'path', path: media.video } }, voice: { type: 'audio', ref: { kind: 'path', path: media.audio } } }));
    const done = await finished(e, id);
    expectPlayableOutput(e, done);
    expect(count('POST /v2/generate')).toBe(creates + 1);
    expect(count('POST /v2/assets/upload')).toBe(assets);
    const remote = await e.sync.getGeneration(done.remoteId!);
    expect(remote.input.every((i) => !i.url || i.url.includes('/sync-storage/uploads/'))).toBe(true);
    expect(remote.outputFileName).toMatch(new RegExp(`atelier_${id.replace(/-/g, '')}|atelier_${id}`));
  });

  it('uploads a file of 20 MB or more as an asset (exact Content-Type) and sends its assetId', async () => {
    const e = env();
    const big = join(work, 'big-take.mp4');
    execFileSync('/usr/bin/ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'nullsrc=s=640x360:r=25,geq=random(1)*255:128:128', '-t', '2.4', '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv420p', big]);
    expect(statSync(big).size).toBeGreaterThan(20 * 1024 * 1024);
    const before = { upload: count('POST /v2/assets/upload'), put: count('PUT /sync-storage/assets/{key}/{name}'), asset: count('POST /v2/assets') };
    const { id } = e.worker.run(lipsync({ model: 'lipsync-2', visual: { type: 'video', ref: { kind: 'path', path: big } }, voice: { type: 'audio', ref: { kind: 'path', path: sampleMedia().audio } } }));
    const done = await finished(e, id, 60_000);
    expectPlayableOutput(e, done);
    expect(count('POST /v2/assets/upload')).toBe(before.upload + 1);
    expect(count('PUT /sync-storage/assets/{key}/{name}')).toBe(before.put + 1);
    expect(count('POST /v2/assets')).toBe(before.asset + 1);
    const remote = await e.sync.getGeneration(done.remoteId!);
    expect(remote.input.find((i) => i.type === 'video')?.assetId).toBeTruthy();
  });

  it('takes a URL input and a library file, and turns text into the TTS input', async () => {
    const e = env();
    const { fileId } = await uploadBytes(fetch, sandbox, readFileSync(sampleMedia().video), 'talking head.mp4');
    await until(async () => (await e.videogen.getFile(fileId)).downloadSource?.status === 'ready', 'the upload to be processed');
    const url = (await e.videogen.hydrateFile(fileId)).downloadSource!.url!;
    const text = { type: 'text' as const, voiceId: 'sandbox-voice', script: 'Hello from the sandbox, this is a short script.' };

    const byUrl = e.worker.run(lipsync({ model: 'sync-3', visual: { type: 'video', ref: { kind: 'url', url } }, voice: text }));
    const byLibrary = e.worker.run(lipsync({ model: 'lipsync-2', visual: { type: 'video', ref: { kind: 'library', fileId } }, voice: { type: 'audio', ref: { kind: 'url', url } } }));
    for (const v of [byUrl, byLibrary]) expectPlayableOutput(e, await finished(e, v.id));

    const tts = await e.sync.getGeneration(e.view(byUrl.id).remoteId!);
    expect(tts.input.find((i) => i.type === 'text')).toMatchObject({ provider: { name: 'elevenlabs', voiceId: 'sandbox-voice', script: text.script } });
  });

  it('animates a still image only with sync-3; other models are refused before anything is written', () => {
    const e = env();
    const png = sampleMedia().png;
    expect(() => e.worker.run(lipsync({ model: 'lipsync-2', visual: { type: 'image', ref: { kind: 'path', path: png } }, voice: { type: 'audio', ref: { kind: 'path', path: sampleMedia().audio } } }))).toThrow(/only sync-3/);
    expect(() => e.worker.run(lipsync({ model: 'sync-3', visual: { type: 'video', ref: { kind: 'path', path: join(work, 'missing.mp4') } }, voice: { type: 'audio', ref: { kind: 'path', path: sampleMedia().audio } } }))).toThrow(/Couldn't find/);
    expect(e.store.executions.list().length).toBe(0);
  });

  it('a FAILED generation is explained in words a person can act on; the inputs are kept for retry', async () => {
    const e = env();
    const noface = join(work, 'noface-clip.mp4');
    copyFileSync(sampleMedia().video, noface);
    const { id } = e.worker.run(lipsync({ model: 'lipsync-2', visual: { type: 'video', ref: { kind: 'path', path: noface } }, voice: { type: 'audio', ref: { kind: 'path', path: sampleMedia().audio } } }));
    const done = await finished(e, id);
    expect(done.status).toBe('failed');
    expect(done.remoteStatus).toBe('FAILED');
    expect(done.error?.code).toBe('generation_input_validation_failed');
    expect(done.error?.message).toMatch(/No face was found in the video/);
    expect(e.worker.retry(id).request).toEqual(done.request);
  });

  it("a failure's words come from Sync's error catalogue (GET /v2/errors, asked once, then cached)", async () => {
    const e = env();
    const catalogs = count('GET /v2/errors');
    const ids = [1, 2].map(
      (n) =>
        e.worker.run(
          lipsync({
            model: 'lipsync-2',
            visual: { type: 'video', ref: { kind: 'url', url: `https://unreachable.example/clip-${n}.mp4` } },
            voice: { type: 'audio', ref: { kind: 'path', path: sampleMedia().audio } },
          }),
        ).id,
    );
    for (const id of ids) {
      const done = await finished(e, id);
      expect(done.error?.code).toBe('generation_input_video_inaccessible');
      expect(done.error?.message).toBe('An input URL could not be downloaded. Use a publicly reachable URL, or upload the file as an asset and pass its assetId.');
    }
    expect(count('GET /v2/errors') - catalogs).toBe(1);
  });

  it('cancels a running generation at Sync and confirms it by polling', async () => {
    const e = env();
    const { id } = e.worker.run(lipsync({ model: 'lipsync-2', visual: { type: 'video', ref: { kind: 'path', path: sampleMedia().video } }, voice: { type: 'audio', ref: { kind: 'path', path: sampleMedia().audio } } }));
    await until(() => e.view(id).remoteId !== null, 'accepted');
    await e.worker.cancel(id);
    const done = await finished(e, id);
    expect(done.status).toBe('cancelled');
    expect(done.remoteStatus).toMatch(/^CANCE/);
  });

  it('a lost create answer is reconciled by its unique outputFileName, not sent again', async () => {
    const e = env();
    const creates = count('POST /v2/generate');
    e.network.loseAnswer = (method, url) => method === 'POST' && url.endsWith('/v2/generate');
    const { id } = e.worker.run(lipsync({ model: 'lipsync-2', visual: { type: 'video', ref: { kind: 'path', path: sampleMedia().video } }, voice: { type: 'audio', ref: { kind: 'path', path: sampleMedia().audio } } }));
    await sawStatus(e, id, 'unknown');
    e.network.loseAnswer = null;
    expectPlayableOutput(e, await finished(e, id));
    expect(count('POST /v2/generate')).toBe(creates + 1);
  });

  it('a restart mid-generation resumes polling without a second create', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'atelier-lipsync-restart-'));
    const first = env(sandbox, dataDir);
    const creates = count('POST /v2/generate');
    const { id } = first.worker.run(lipsync({ model: 'lipsync-2', visual: { type: 'video', ref: { kind: 'path', path: sampleMedia().video } }, voice: { type: 'audio', ref: { kind: 'path', path: sampleMedia().mp3 } } }));
    await until(() => first.view(id).remoteId !== null, 'the create to be accepted');
    envs.splice(envs.indexOf(first), 1);
    await first.close({ keepData: true });

    const second = env(sandbox, dataDir);
    expectPlayableOutput(second, await finished(second, id));
    expect(count('POST /v2/generate')).toBe(creates + 1);
  });
});

describe('lip-sync concurrency', () => {
  it('a concurrency 429 keeps the job queued ("waiting for a free slot") and sends it when ours finishes', async () => {
    const one = await startTestSandbox({ syncGenerationMs: 2_500, syncConcurrency: 1 });
    try {
      const e = env(one);
      const req = lipsync({ model: 'lipsync-2', visual: { type: 'video', ref: { kind: 'path', path: sampleMedia().video } }, voice: { type: 'audio', ref: { kind: 'path', path: sampleMedia().audio } } });
      const a = e.worker.run(req);
      const b = e.worker.run(req);
      const waiting = await until(() => {
        const v = e.view(b.id);
        return v.status === 'queued' && v.error?.code === 'waiting_for_slot' && v;
      }, 'b to wait for a slot');
      expect(waiting.error?.message).toMatch(/start when one of yours finishes/);
      const [da, db] = [await finished(e, a.id), await finished(e, b.id)];
      expectPlayableOutput(e, da);
      expectPlayableOutput(e, db);
      // One refused create for b, then the one that worked: no tight loop.
      expect(count('POST /v2/generate', one)).toBeLessThanOrEqual(4);
    } finally {
      await Promise.all(envs.splice(0).map((x) => x.close()));
      await one.close();
    }
  });
});
