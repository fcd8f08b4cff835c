// Tools and executions: real outputs per tool, the execution state machine (clock-driven),
// simulated failures and server retries, cancel, listing, and reference checks.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, sampleMedia, startTestSandbox, uploadBytes, waitFor, type Sandbox } from '../../helpers/sandbox';
import { clientFor, type ApiClient } from './support/client';
import { contractFetch } from './support/contract';

interface Exec {
  toolExecutionId: string;
  status: string;
  toolType: string;
  progressPercentage: number;
  attemptIndex: number;
  results?: Array<{ fileId: string; type: string }>;
  error?: { message: string; internalErrorCode?: string } | null;
}
interface File {
  fileId: string;
  type: string;
  scope: string;
  displayName: string;
  sourceToolType?: string;
  sourceToolExecutionId?: string;
  transcript: string | null;
  durationSeconds: number | null;
  downloadSource: { status: string; url: string | null; width: number | null; height: number | null };
  hlsSource: { status: string; url: string | null };
  fileAnalysisMetadata: { analysisLoadingState: string };
}

const E = 1000;

describe('tools and executions', () => {
  let sb: Sandbox;
  let api: ApiClient;
  const clock = manualClock();
  const refs = { image: '', video: '', audio: '' };
  let voices: Array<{ voiceId: string; supportsDirectToolExecution: boolean }> = [];
  let presenterId = '';

  const start = async (tool: string, body: unknown, key?: string) => {
    const res = await api.vg<{ toolExecutionId: string }>('POST', `/v1/tools/${tool}`, body, key ? { key } : {});
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.toolExecutionId).toMatch(/^vg_tool_/);
    return res.body.toolExecutionId;
  };
  const exec = async (id: string) => (await api.vg<Exec>('GET', `/v1/tools/executions/${id}`)).body;
  /** Moves the clock past the end and waits for the media to be rendered. */
  const finish = async (id: string) => {
    clock.advance(2 * E);
    return waitFor(async () => {
      const e = await exec(id);
      return ['succeeded', 'failed', 'cancelled'].includes(e.status) ? e : null;
    }, `execution ${id}`);
  };
  const file = async (id: string) => (await api.vg<File>('GET', `/v1/files/${id}`)).body;

  beforeAll(async () => {
    sb = await startTestSandbox({ clock: clock.now, executionMs: E, processingMs: 0, videogenKeys: ['vg_key_a', 'vg_key_b'] });
    api = clientFor(sb);
    const m = sampleMedia();
    refs.image = (await uploadBytes(contractFetch, sb, readFileSync(m.png), 'ref.png')).fileId;
    refs.video = (await uploadBytes(contractFetch, sb, readFileSync(m.video), 'ref.mp4')).fileId;
    refs.audio = (await uploadBytes(contractFetch, sb, readFileSync(m.audio), 'narration.m4a')).fileId;
    for (const id of Object.values(refs)) await waitFor(async () => (await file(id)).downloadSource.status === 'ready', `upload ${id}`);
    voices = (await api.vg<{ ttsVoices: typeof voices }>('GET', '/v1/resources/tts-voices?limit=200&includeDeprecatedVoices=true')).body.ttsVoices;
    presenterId = (await api.vg<{ avatarPresenters: Array<{ avatarPresenterId: string }> }>('GET', '/v1/resources/avatar-presenters')).body.avatarPresenters[0]!.avatarPresenterId;
  });
  afterAll(() => sb.close());

  it('moves pending → running (rising progress) → succeeded and creates result files', async () => {
    const id = await start('generate-image', { prompt: 'a paper boat on a pond', quality: 'LOW', aspectRatio: { width: 1, height: 1 }, numResults: 3 });
    expect(await exec(id)).toMatchObject({ status: 'pending', progressPercentage: 0, attemptIndex: 0, toolType: 'GENERATE_IMAGE', error: null });
    clock.advance(0.3 * E);
    const a = await exec(id);
    clock.advance(0.3 * E);
    const b = await exec(id);
    expect(a.status).toBe('running');
    expect(b.progressPercentage).toBeGreaterThan(a.progressPercentage);
    expect(a.results).toBeUndefined();
    const done = await finish(id);
    expect(done).toMatchObject({ status: 'succeeded', progressPercentage: 100 });
    expect(done.results).toHaveLength(3);
    for (const r of done.results!) {
      expect(r.type).toBe('IMAGE');
      const f = await file(r.fileId);
      expect(f).toMatchObject({ type: 'IMAGE', scope: 'GLOBAL', sourceToolType: 'GENERATE_IMAGE', sourceToolExecutionId: id });
      expect(f.downloadSource).toMatchObject({ status: 'ready', width: 768, height: 768 });
      // Fresh results come hydrated: a real PNG of the requested size.
      const png = Buffer.from(await (await fetch(f.downloadSource.url!)).arrayBuffer());
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([768, 768]);
    }
    const listed = await api.vg<{ files: File[] }>('GET', '/v1/files?limit=10');
    const ids = listed.body.files.map((f) => f.fileId);
    for (const r of done.results!) expect(ids).toContain(r.fileId);
  });

  it('makes the right kind of output for every tool', async () => {
    const voice = voices.find((v) => v.supportsDirectToolExecution)!;
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      ['generate-video-clip', { prompt: 'surf at noon', quality: 'STANDARD', durationSeconds: 2, aspectRatio: { width: 9, height: 16 } }, 'VIDEO', 'GENERATE_VIDEO_CLIP'],
      ['text-to-speech', { ttsText: 'Welcome to the studio. Let us begin.', voiceId: voice.voiceId }, 'AUDIO', 'TEXT_TO_SPEECH'],
      ['generate-sound-effect', { prompt: 'thunder', durationSeconds: 2 }, 'AUDIO', 'GENERATE_SOUND_EFFECT'],
      ['generate-music', { prompt: 'lo-fi beat' }, 'AUDIO', 'GENERATE_MUSIC'],
      ['generate-avatar', { avatarPresenterId: presenterId, audioStorageFileId: refs.audio }, 'VIDEO', 'GENERATE_AVATAR'],
      ['vectorize-image', { imageStorageFileId: refs.image }, 'IMAGE', 'VECTORIZE_IMAGE'],
      ['remove-image-background', { imageStorageFileId: refs.image }, 'IMAGE', 'REMOVE_IMAGE_BACKGROUND'],
      ['upscale-image', { imageStorageFileId: refs.image }, 'IMAGE', 'UPSCALE_IMAGE'],
      ['image-3d-effect', { imageStorageFileId: refs.image }, 'VIDEO', 'IMAGE_3D_EFFECT'],
      ['remove-video-background', { videoStorageFileId: refs.video }, 'VIDEO', 'REMOVE_VIDEO_BACKGROUND'],
      ['upscale-video', { videoStorageFileId: refs.video, isOutputTemporary: true }, 'VIDEO', 'UPSCALE_VIDEO'],
    ];
    const started = [];
    for (const [tool, body] of cases) started.push(await start(tool, body));
    clock.advance(2 * E);
    for (const [i, [tool, , type, toolType]] of cases.entries()) {
      const e = await finish(started[i]!);
      expect(e.status, tool).toBe('succeeded');
      expect(e.toolType, tool).toBe(toolType);
      const f = await file(e.results![0]!.fileId);
      expect(f.type, tool).toBe(type);
      if (type !== 'IMAGE') expect(f.hlsSource.status, tool).toBe('ready');
    }
    const tts = await file((await exec(started[1]!)).results![0]!.fileId);
    clock.advance(5 * E);
    expect((await file(tts.fileId)).transcript).toBe('Welcome to the studio. Let us begin.');
    const upscaled = await file((await exec(started[7]!)).results![0]!.fileId);
    expect(upscaled.downloadSource).toMatchObject({ width: 512, height: 288 });
    const svg = await file((await exec(started[5]!)).results![0]!.fileId);
    expect((await fetch(svg.downloadSource.url!)).headers.get('content-type')).toBe('image/svg+xml');
    const temp = await file((await exec(started[10]!)).results![0]!.fileId);
    expect(temp.scope).toBe('TEMPORARY');
    expect(temp.fileAnalysisMetadata.analysisLoadingState).toBe('UNATTEMPTED');
  }, 60_000);

  it('fails when the prompt says "fail", with an ApiError', async () => {
    const id = await start('generate-image', { prompt: 'this will FAIL', quality: 'LOW' });
    clock.advance(0.7 * E);
    const e = await exec(id);
    expect(e.status).toBe('failed');
    expect(e.error?.message).toBeTruthy();
    expect(e.error?.internalErrorCode).toMatch(/^e_/);
    expect(e.progressPercentage).toBeGreaterThan(0);
    expect(e.results).toBeUndefined();
  });

  it('simulates a server retry: attemptIndex 1 and progress starting over', async () => {
    const id = await start('generate-sound-effect', { prompt: 'retry: a creaky door', durationSeconds: 1 });
    clock.advance(0.45 * E);
    const first = await exec(id);
    expect(first).toMatchObject({ status: 'running', attemptIndex: 0 });
    clock.advance(0.15 * E);
    const second = await exec(id);
    expect(second).toMatchObject({ status: 'running', attemptIndex: 1 });
    expect(second.progressPercentage).toBeLessThan(first.progressPercentage);
    const done = await finish(id);
    expect(done).toMatchObject({ status: 'succeeded', attemptIndex: 1, progressPercentage: 100 });
  });

  it('cancels only unfinished executions (202 either way)', async () => {
    const id = await start('generate-music', { prompt: 'ambient pads' });
    clock.advance(0.3 * E);
    const c = await api.vg<{ toolExecutionId: string }>('POST', `/v1/tools/executions/${id}/cancel`);
    expect(c.status).toBe(202);
    expect(c.body.toolExecutionId).toBe(id);
    clock.advance(3 * E);
    const e = await exec(id);
    expect(e.status).toBe('cancelled');
    expect(e.results).toBeUndefined();

    const doneId = await start('generate-music', { prompt: 'ambient pads' });
    await finish(doneId);
    expect((await api.vg('POST', `/v1/tools/executions/${doneId}/cancel`)).status).toBe(202);
    expect((await exec(doneId)).status).toBe('succeeded');
  });

  it('lists executions newest first, by key with selfOnly, with cursors', async () => {
    const mine = await start('generate-music', { prompt: 'mine' }, 'vg_key_b');
    const all = await api.vg<{ toolExecutions: Exec[]; hasMore: boolean; nextCursor: string | null }>('GET', '/v1/tools/executions?limit=2');
    expect(all.body.toolExecutions[0]!.toolExecutionId).toBe(mine);
    expect(all.body.hasMore).toBe(true);
    const next = await api.vg<{ toolExecutions: Exec[] }>('GET', `/v1/tools/executions?limit=2&cursor=${encodeURIComponent(all.body.nextCursor!)}`);
    expect(next.body.toolExecutions.map((e) => e.toolExecutionId)).not.toContain(mine);
    const self = await api.vg<{ toolExecutions: Exec[] }>('GET', '/v1/tools/executions?selfOnly=true&limit=200', undefined, { key: 'vg_key_b' });
    expect(self.body.toolExecutions.map((e) => e.toolExecutionId)).toEqual([mine]);
  });

  it('checks referenced files, voices and the watermark add-on', async () => {
    const wrongType = await api.vg<{ code: string; message: string }>('POST', '/v1/tools/upscale-image', { imageStorageFileId: refs.video });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.message).toContain('imageStorageFileId');
    expect(wrongType.body.message).toContain('VIDEO');
    const missing = await api.vg<{ message: string }>('POST', '/v1/tools/generate-image', { prompt: 'x', quality: 'LOW', imageFileIds: ['vg_file_nope'] });
    expect(missing.status).toBe(404);
    expect(missing.body.message).toContain('imageFileIds[0]');
    const notAnId = await api.vg<{ code: string }>('POST', '/v1/tools/generate-image', { prompt: 'x', quality: 'LOW', imageFileIds: ['file_1'] });
    expect(notAnId.body.code).toBe('invalid_parameters');
    const blocked = voices.find((v) => !v.supportsDirectToolExecution)!;
    const voice = await api.vg<{ message: string }>('POST', '/v1/tools/text-to-speech', { ttsText: 'hi', voiceId: blocked.voiceId });
    expect(voice.status).toBe(400);
    expect(voice.body.message).toContain('supportsDirectToolExecution');
    const watermark = await api.vg<{ requirement: { type: string } }>('POST', '/v1/tools/generate-image', { prompt: 'x', quality: 'LOW', watermarkMode: 'NONE' });
    expect(watermark.status).toBe(403);
    expect(watermark.body.requirement.type).toBe('purchase_add_on');
    const nothing = await api.vg<{ message: string }>('POST', '/v1/tools/generate-video-clip', { quality: 'STANDARD' });
    expect(nothing.status).toBe(400);
    expect(nothing.body.message).toContain('at least one of');
  });
});
