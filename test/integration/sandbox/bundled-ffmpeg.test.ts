// Everything the sandbox renders, made with the npm-bundled binaries (@ffmpeg-installer/ffmpeg is
// ffmpeg 4.1: no `gradients`, no anullsrc `d`; @ffprobe-installer/ffprobe) into a fresh media
// cache, as on a machine without a system ffmpeg: upload renditions of every type, every tool's
// output (captions, image operations, clips, audio flavours, avatar, 3D motion), Sync renders and
// a project export using every part of the composition (stills, motion, clips, library files,
// captions, inset, logo, music, fades, tone narration).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveMediaTool } from '../../../main/sandbox/media/tools';
import { sampleMedia, startTestSandbox, uploadBytes, waitFor, type Sandbox } from '../../helpers/sandbox';
import { clientFor, type ApiClient } from './support/client';
import { contractFetch } from './support/contract';
import { download, probe, studioClient } from './support/studio';

interface Src { status: string; url: string | null }
interface File { fileId: string; type: string | null; downloadSource: Src; previewSource: Src; hlsSource: Src; thumbnailSource: Src }
interface Exec { status: string; results?: Array<{ fileId: string }>; error?: { message: string } | null }

const bundled = (() => {
  try {
    return { ffmpegPath: resolveMediaTool('ffmpeg', { env: { PATH: '' } }).path, ffprobePath: resolveMediaTool('ffprobe', { env: { PATH: '' } }).path };
  } catch (e) {
    console.warn(`bundled ffmpeg checks skipped: the npm-bundled ffmpeg/ffprobe are not installed here (${e instanceof Error ? e.message : String(e)}); run npm ci.`);
    return null;
  }
})();

describe.skipIf(!bundled)('media made with the npm-bundled ffmpeg 4.1 and ffprobe', () => {
  let sb: Sandbox;
  let api: ApiClient;
  const cache = mkdtempSync(path.join(tmpdir(), 'atelier-bundled-ffmpeg-'));
  const refs = { image: '', video: '', audio: '' };
  const file = async (id: string) => (await api.vg<File>('GET', `/v1/files/${id}`)).body;
  const settled = (id: string) => waitFor(async () => {
    const f = await file(id);
    return f.downloadSource.status !== 'pending' && f.previewSource.status !== 'pending' && f.hlsSource.status !== 'pending' ? f : null;
  }, `renditions of ${id}`, 60_000);

  beforeAll(async () => {
    // No espeak-ng either: project narration is the tone stand-in, also made with the bundled ffmpeg.
    sb = await startTestSandbox({ ...bundled!, espeakPath: null, mediaCacheDir: cache, processingMs: 0, executionMs: 100, workflowMs: 100, syncGenerationMs: 100, syncConcurrency: 10 });
    api = clientFor(sb);
  });
  afterAll(async () => {
    await sb?.close();
    rmSync(cache, { recursive: true, force: true });
  });

  it('makes upload renditions of every type', async () => {
    const m = sampleMedia();
    const cases: Array<[string, string, string, Partial<Record<keyof File, Partial<Src>>>]> = [
      [m.png, 'still.png', 'IMAGE', { thumbnailSource: { status: 'ready' }, previewSource: { status: 'ready' }, hlsSource: { status: 'skipped' } }],
      [m.video, 'clip.mp4', 'VIDEO', { thumbnailSource: { status: 'ready' }, previewSource: { status: 'ready' }, hlsSource: { status: 'ready' } }],
      [m.audio, 'voice.m4a', 'AUDIO', { previewSource: { status: 'ready' }, hlsSource: { status: 'ready' } }],
      [m.mp3, 'tone.mp3', 'AUDIO', { previewSource: { status: 'ready' }, hlsSource: { status: 'ready' } }],
    ];
    const ids: string[] = [];
    for (const [p, name] of cases) ids.push((await uploadBytes(contractFetch, sb, readFileSync(p), name)).fileId);
    for (const [i, [, name, type, sources]] of cases.entries()) {
      const f = await settled(ids[i]!);
      expect(f.type, name).toBe(type);
      expect(f, name).toMatchObject(sources);
    }
    [refs.image, refs.video, refs.audio] = ids as [string, string, string];
    const hydrated = (await api.vg<File>('POST', `/v1/files/${refs.video}/hydrate`)).body;
    const playlist = await (await fetch(hydrated.hlsSource.url!)).text();
    expect(playlist).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
    expect(playlist).toContain('#EXT-X-ENDLIST');
  }, 120_000);

  it('renders every tool output', async () => {
    const voice = (await api.vg<{ ttsVoices: Array<{ voiceId: string; supportsDirectToolExecution: boolean }> }>('GET', '/v1/resources/tts-voices?limit=200')).body.ttsVoices.find((v) => v.supportsDirectToolExecution)!;
    const presenter = (await api.vg<{ avatarPresenters: Array<{ avatarPresenterId: string }> }>('GET', '/v1/resources/avatar-presenters')).body.avatarPresenters[0]!;
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['generate-image', { prompt: 'a captioned gradient', quality: 'LOW' }, 'IMAGE'],
      ['generate-video-clip', { prompt: 'a captioned clip', quality: 'STANDARD', durationSeconds: 2 }, 'VIDEO'],
      ['text-to-speech', { ttsText: 'Hello there, this is a test.', voiceId: voice.voiceId }, 'AUDIO'],
      ['generate-sound-effect', { prompt: 'rain', durationSeconds: 2 }, 'AUDIO'],
      ['generate-music', { prompt: 'calm piano' }, 'AUDIO'],
      ['generate-avatar', { avatarPresenterId: presenter.avatarPresenterId, audioStorageFileId: refs.audio }, 'VIDEO'],
      ['vectorize-image', { imageStorageFileId: refs.image }, 'IMAGE'],
      ['remove-image-background', { imageStorageFileId: refs.image }, 'IMAGE'],
      ['upscale-image', { imageStorageFileId: refs.image }, 'IMAGE'],
      ['image-3d-effect', { imageStorageFileId: refs.image }, 'VIDEO'],
      ['upscale-video', { videoStorageFileId: refs.video }, 'VIDEO'],
    ];
    const started: string[] = [];
    for (const [tool, body] of cases) {
      const res = await api.vg<{ toolExecutionId: string }>('POST', `/v1/tools/${tool}`, body);
      expect(res.status, `${tool}: ${JSON.stringify(res.body)}`).toBe(202);
      started.push(res.body.toolExecutionId);
    }
    for (const [i, [tool, , type]] of cases.entries()) {
      const e = await waitFor(async () => {
        const cur = (await api.vg<Exec>('GET', `/v1/tools/executions/${started[i]}`)).body;
        return ['succeeded', 'failed'].includes(cur.status) ? cur : null;
      }, tool, 90_000);
      expect(e.status, `${tool}: ${e.error?.message}`).toBe('succeeded');
      const f = await file(e.results![0]!.fileId);
      expect(f.type, tool).toBe(type);
      const bytes = Buffer.from(await (await fetch(f.downloadSource.url!)).arrayBuffer());
      expect(bytes.length, tool).toBeGreaterThan(100);
      if (type === 'VIDEO') expect(f.hlsSource.status, tool).toBe('ready');
    }
  }, 180_000);

  it('renders Sync generations (video + audio, still image + spoken text)', async () => {
    const m = sampleMedia();
    const form = new FormData();
    form.set('model', 'lipsync-2');
    form.set('video', new Blob([readFileSync(m.video)], { type: 'video/mp4' }), 'clip.mp4');
    form.set('audio', new Blob([readFileSync(m.mp3)], { type: 'audio/mpeg' }), 'tone.mp3');
    const multipart = await contractFetch(`${sb.url}/v2/generate`, { method: 'POST', headers: { 'x-api-key': sb.syncKey }, body: form });
    expect(multipart.status).toBe(201);
    const image = new FormData();
    image.set('model', 'sync-3');
    image.set('image', new Blob([readFileSync(m.png)], { type: 'image/png' }), 'face.png');
    image.set('input', JSON.stringify([{ type: 'text', provider: { name: 'elevenlabs', voiceId: 'v1', script: 'Hello from the bundled ffmpeg.' } }]));
    const still = await contractFetch(`${sb.url}/v2/generate`, { method: 'POST', headers: { 'x-api-key': sb.syncKey }, body: image });
    expect(still.status).toBe(201);
    for (const g of [(await multipart.json()) as { id: string }, (await still.json()) as { id: string }]) {
      const done = await waitFor(async () => {
        const cur = (await api.sync<{ status: string; outputUrl?: string; error?: string }>('GET', `/v2/generate/${g.id}`)).body;
        return ['COMPLETED', 'FAILED'].includes(cur.status) ? cur : null;
      }, `generation ${g.id}`, 60_000);
      expect(done.status, done.error).toBe('COMPLETED');
      const mp4 = Buffer.from(await (await fetch(done.outputUrl!)).arrayBuffer());
      expect(mp4.subarray(4, 8).toString('latin1')).toBe('ftyp');
    }
  }, 120_000);

  it('composes a project export with every kind of scene and every overlay', async () => {
    const studio = studioClient(api);
    const actor = (await api.vg<{ entityId: string }>('POST', '/v1/entities', { entityType: 'ACTOR', name: 'Inset' })).body.entityId;
    await api.vg('POST', `/v1/entities/${actor}/references`, { fileId: refs.image });
    const started = await studio.start('storyboard-to-video', {
      scenes: [
        { prompt: 'A still', voiceoverScript: 'A few spoken words.', actorEntityId: actor },
        { prompt: 'A clip', generation: { type: 'AI_VIDEO' }, durationSeconds: 2 },
      ],
      remixActions: [
        { type: 'ENABLE_CAPTIONS' },
        { type: 'SET_LOGO', fileId: refs.image },
        { type: 'SET_BACKGROUND_MUSIC', fileId: refs.audio },
        { type: 'ADD_TRANSITIONS', sectionTransition: 'FADE' },
        { type: 'CONVERT_IMAGES_TO_VIDEOS' },
      ],
    });
    expect((await studio.waitRun(started.workflowRunId)).status).toBe('succeeded');
    await studio.waitReady(started.projectId);
    const e = await studio.waitExport(started.projectId, await studio.exportProject(started.projectId, { quality: 'STANDARD' }));
    expect(e.status, JSON.stringify(e.error)).toBe('succeeded');
    const info = probe(await download(e.downloadUrl!));
    expect(info.streams.find((st) => st.codec_type === 'video')).toMatchObject({ width: 854, height: 480 });
    expect(Number(info.format.duration)).toBeCloseTo(7, 0);
  }, 180_000);
});
