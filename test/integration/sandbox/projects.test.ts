// Project exports are real MP4s assembled with ffmpeg from the project: scenes (generated stills
// and clips, library files), the script burned in as captions, narration (espeak-ng speech where
// it is installed, a tone otherwise) and the remix actions that change what one sees or hears.
// Each export also becomes an EXPORT StorageFile with the usual renditions.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOnPath } from '../../../main/sandbox/media/tools';
import { sampleMedia, startTestSandbox, uploadBytes, waitFor, type Sandbox } from '../../helpers/sandbox';
import { clientFor, type ApiClient } from './support/client';
import { contractFetch } from './support/contract';
import { pdfWithPages } from './support/documents';
import { audioStats, download, frameRgb, probe, regionDiff, studioClient } from './support/studio';

interface Source { status: string; url: string | null; width: number | null; height: number | null }
interface File {
  fileId: string;
  type: string | null;
  scope: string;
  displayName: string;
  description: string | null;
  transcript: string | null;
  durationSeconds: number | null;
  thumbnailSource: Source;
  previewSource: Source;
  downloadSource: Source;
  hlsSource: Source;
  fileAnalysisMetadata: { analysisLoadingState: string };
}

const SCRIPT = 'Staying hydrated keeps you sharp. Keep a bottle of water on your desk.';
const espeakInstalled = findOnPath('espeak-ng', process.env, process.platform) !== null;
if (!espeakInstalled) console.warn('espeak-ng is not on PATH: the default narration checks expect the tone stand-in.');

describe('project exports', () => {
  let sb: Sandbox;
  let api: ApiClient;
  let studio: ReturnType<typeof studioClient>;
  const files = { logo: '', music: '' };

  const ready = async (body: Record<string, unknown>, workflow = 'script-to-video') => {
    const started = await studio.start(workflow, body);
    expect((await studio.waitRun(started.workflowRunId)).status).toBe('succeeded');
    await studio.waitReady(started.projectId);
    return started;
  };
  const exported = async (projectId: string, body?: unknown) => {
    const e = await studio.waitExport(projectId, await studio.exportProject(projectId, body));
    expect(e.status, JSON.stringify(e.error)).toBe('succeeded');
    return { ...e, file: await download(e.downloadUrl!) };
  };

  beforeAll(async () => {
    sb = await startTestSandbox({ processingMs: 0, workflowMs: 200, executionMs: 150 });
    api = clientFor(sb);
    studio = studioClient(api);
    files.logo = (await uploadBytes(contractFetch, sb, readFileSync(sampleMedia().png), 'logo.png')).fileId;
    files.music = (await uploadBytes(contractFetch, sb, readFileSync(sampleMedia().mp3), 'music.mp3')).fileId;
    for (const id of Object.values(files)) {
      await waitFor(async () => (await api.vg<File>('GET', `/v1/files/${id}`)).body.downloadSource.status === 'ready', `upload ${id}`);
    }
  });
  afterAll(() => sb.close());

  it('exports a real MP4 (H.264 + AAC, the tier’s size) that lands in the library as an EXPORT file with every rendition', async () => {
    const started = await ready({ script: SCRIPT, visualStyle: { type: 'AI_IMAGE', aiStyle: 'watercolor' }, visualPacing: 'FAST' });
    const t0 = Date.now();
    const e = await exported(started.projectId, { quality: 'STANDARD' });
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(e).toMatchObject({ projectId: started.projectId, progressPercentage: 100, attemptIndex: 0, error: null });
    const info = probe(e.file);
    const video = info.streams.find((s) => s.codec_type === 'video')!;
    expect(video).toMatchObject({ codec_name: 'h264', width: 854, height: 480 });
    expect(info.streams.find((s) => s.codec_type === 'audio')?.codec_name).toBe('aac');
    // Two spoken sentences, each a section as long as its narration.
    expect(Number(info.format.duration)).toBeGreaterThan(2);
    const res = await fetch(e.downloadUrl!);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('content-disposition')).toContain('Staying hydrated keeps you sharp.mp4');
    const thumb = await fetch(e.thumbnailUrl!);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');

    const latest = (await api.vg<{ files: File[] }>('GET', '/v1/files?limit=1')).body.files[0]!;
    expect(latest).toMatchObject({ scope: 'EXPORT', type: 'VIDEO', displayName: 'Staying hydrated keeps you sharp.mp4' });
    expect(latest.downloadSource).toMatchObject({ status: 'ready', width: 854, height: 480 });
    for (const s of [latest.thumbnailSource, latest.previewSource, latest.hlsSource]) expect(s.status).toBe('ready');
    const hydrated = (await api.vg<File>('POST', `/v1/files/${latest.fileId}/hydrate`)).body;
    const playlist = await fetch(hydrated.hlsSource.url!);
    expect(playlist.status).toBe(200);
    const segment = (await playlist.text()).split('\n').find((l) => l.endsWith('.ts'))!;
    expect((await fetch(new URL(segment, hydrated.hlsSource.url!))).status).toBe(200);
    const analysed = await waitFor(async () => {
      const f = (await api.vg<File>('GET', `/v1/files/${latest.fileId}`)).body;
      return f.fileAnalysisMetadata.analysisLoadingState === 'FULFILLED' ? f : null;
    }, 'analysis');
    expect(analysed.description).toContain(e.exportId);
    expect(analysed.transcript).toBe(SCRIPT);
    expect(analysed.durationSeconds).toBeCloseTo(Number(info.format.duration), 0);
  }, 90_000);

  it('renders each quality tier at its height, with a 720p preview above 720p; HIGH when no quality is given', async () => {
    const started = await ready({ script: 'One short line.', visualStyle: { type: 'STOCK' } });
    const full = await exported(started.projectId, { quality: 'FULL_HIGH' });
    expect(probe(full.file).streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: 1920, height: 1080 });
    const file = (await api.vg<{ files: File[] }>('GET', '/v1/files?limit=1')).body.files[0]!;
    expect(file.previewSource).toMatchObject({ width: 1280, height: 720 });
    expect(file.hlsSource).toMatchObject({ width: 1280, height: 720 });
    const plain = await exported(started.projectId);
    expect(probe(plain.file).streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: 1280, height: 720 });
    const bad = await api.vg<{ code: string; message: string }>('POST', `/v1/projects/${started.projectId}/export`, { quality: '8K' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('quality');
  }, 120_000);

  it('remixes with music, a logo and no captions: the next export looks and sounds different', async () => {
    const started = await ready({ script: SCRIPT, visualStyle: { type: 'AI_IMAGE', aiStyle: 'flat pastel' }, visualPacing: 'SLOW' });
    const before = await exported(started.projectId, { quality: 'STANDARD' });
    const remixed = await studio.remix(started.projectId, [
      { type: 'SET_BACKGROUND_MUSIC', fileId: files.music, volume: 0.9 },
      { type: 'SET_LOGO', fileId: files.logo, position: 'TOP_RIGHT', sizePercent: 25 },
      { type: 'DISABLE_CAPTIONS' },
    ]);
    expect(remixed.remixActionIds).toHaveLength(3);
    await studio.waitReady(started.projectId);
    const runs = await studio.actions(started.projectId);
    expect(runs.map((r) => [r.type, r.status, r.progressPercentage])).toEqual([
      ['DISABLE_CAPTIONS', 'succeeded', 100],
      ['SET_LOGO', 'succeeded', 100],
      ['SET_BACKGROUND_MUSIC', 'succeeded', 100],
    ]);
    const after = await exported(started.projectId, { quality: 'STANDARD' });
    expect(Number(probe(after.file).format.duration)).toBeCloseTo(Number(probe(before.file).format.duration), 1);

    const w = 160;
    const h = 90;
    const a = frameRgb(before.file, 1, w, h);
    const b = frameRgb(after.file, 1, w, h);
    // The logo (top right) appeared, the caption (bottom centre) went, the rest is the same picture.
    expect(regionDiff(a, b, w, h, { x0: 0.72, y0: 0.06, x1: 0.94, y1: 0.2 })).toBeGreaterThan(25);
    expect(regionDiff(a, b, w, h, { x0: 0.3, y0: 0.82, x1: 0.7, y1: 0.9 })).toBeGreaterThan(10);
    expect(regionDiff(a, b, w, h, { x0: 0.05, y0: 0.3, x1: 0.45, y1: 0.6 })).toBeLessThan(4);
    // The music bed: louder overall, and its 500 Hz tone fills the pauses of the narration.
    expect(audioStats(after.file).rmsDb).toBeGreaterThan(audioStats(before.file).rmsDb + 1);

    // Removing them again restores the original look.
    await studio.remix(started.projectId, [{ type: 'SET_LOGO', fileId: null }, { type: 'SET_BACKGROUND_MUSIC', fileId: null }, { type: 'ENABLE_CAPTIONS' }]);
    await studio.waitReady(started.projectId);
    const restored = await exported(started.projectId, { quality: 'STANDARD' });
    expect(regionDiff(a, frameRgb(restored.file, 1, w, h), w, h, { x0: 0, y0: 0, x1: 1, y1: 1 })).toBeLessThan(3);
  }, 180_000);

  it('resizes to 9:16 (the project and the MP4), styles captions, and can save the remix as a new project', async () => {
    const started = await ready({ script: 'Vertical video for phones.', visualStyle: { type: 'AI_IMAGE', aiStyle: 'neon' } });
    const copy = await studio.remix(
      started.projectId,
      [
        { type: 'RESIZE_PROJECT', aspectRatio: { width: 9, height: 16 } },
        { type: 'ENABLE_CAPTIONS', captionStyle: { verticalAlignment: 'TOP', textColor: { red: 255, green: 220, blue: 0 }, backgroundStyle: null } },
      ],
      true,
    );
    expect(copy.projectId).not.toBe(started.projectId);
    await studio.waitReady(copy.projectId);
    expect((await studio.project(copy.projectId)).aspectRatio).toEqual({ width: 9, height: 16 });
    expect((await studio.project(started.projectId)).aspectRatio).toEqual({ width: 16, height: 9 });
    const vertical = await exported(copy.projectId, { quality: 'HIGH' });
    expect(probe(vertical.file).streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: 720, height: 1280 });
    // Yellow caption text near the top.
    const w = 90;
    const h = 160;
    const f = frameRgb(vertical.file, 1, w, h);
    let yellowTop = 0;
    for (let y = 0; y < h * 0.25; y++) {
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * 3;
        if (f[i]! > 200 && f[i + 1]! > 180 && f[i + 2]! < 90) yellowTop++;
      }
    }
    expect(yellowTop).toBeGreaterThan(5);
  }, 120_000);

  it('narrates with espeak-ng when it is installed, with a tone otherwise (and when told to)', async () => {
    const body = { script: 'This is a quick narration check with several words in it.', visualStyle: { type: 'STOCK' } };
    const spoken = await exported((await ready(body)).projectId, { quality: 'STANDARD' });
    const toneSb = await startTestSandbox({ processingMs: 0, workflowMs: 200, executionMs: 150, espeakPath: null });
    try {
      const toneStudio = studioClient(clientFor(toneSb));
      const started = await toneStudio.start('script-to-video', body);
      await toneStudio.waitRun(started.workflowRunId);
      const e = await toneStudio.waitExport(started.projectId, await toneStudio.exportProject(started.projectId, { quality: 'STANDARD' }));
      const tone = audioStats(await download(e.downloadUrl!));
      // A sine of a couple of hundred hertz crosses zero about 0.01 times per sample; speech far more often.
      expect(tone.zeroCrossingRate).toBeLessThan(0.025);
      const first = audioStats(spoken.file);
      if (espeakInstalled) expect(first.zeroCrossingRate).toBeGreaterThan(0.03);
      else expect(first.zeroCrossingRate).toBeLessThan(0.025);
    } finally {
      await toneSb.close();
    }
  }, 120_000);

  it('insets a storyboard actor’s reference image in its scene, and plays AI_VIDEO scenes as clips', async () => {
    const actor = await api.vg<{ entityId: string }>('POST', '/v1/entities', { entityType: 'ACTOR', name: 'Maya' });
    expect((await api.vg('POST', `/v1/entities/${actor.body.entityId}/references`, { fileId: files.logo, isDefault: true })).status).toBe(200);
    const scenes = (withActor: boolean) => [
      { prompt: 'A calm lake at dawn', durationSeconds: 2, ...(withActor ? { actorEntityId: actor.body.entityId } : {}) },
      { prompt: 'A hiker on a summit', generation: { type: 'AI_VIDEO' }, durationSeconds: 2 },
    ];
    const plain = await exported((await ready({ scenes: scenes(false) }, 'storyboard-to-video')).projectId, { quality: 'STANDARD' });
    const cast = await exported((await ready({ scenes: scenes(true) }, 'storyboard-to-video')).projectId, { quality: 'STANDARD' });
    expect(Number(probe(cast.file).format.duration)).toBeCloseTo(4, 0);
    const w = 160;
    const h = 90;
    const a = frameRgb(plain.file, 1, w, h);
    const b = frameRgb(cast.file, 1, w, h);
    expect(regionDiff(a, b, w, h, { x0: 0.05, y0: 0.7, x1: 0.25, y1: 0.94 })).toBeGreaterThan(25);
    expect(regionDiff(a, b, w, h, { x0: 0.5, y0: 0.1, x1: 0.95, y1: 0.5 })).toBeLessThan(4);
    // The second scene is a moving clip: two frames half a second apart differ.
    expect(regionDiff(frameRgb(cast.file, 2.5, w, h), frameRgb(cast.file, 3.0, w, h), w, h, { x0: 0, y0: 0, x1: 1, y1: 1 })).toBeGreaterThan(1);
  }, 120_000);

  it('turns every page of a PDF into a slide, narrating the slides that have a script', async () => {
    const deck = (await uploadBytes(contractFetch, sb, pdfWithPages(2), 'Quarterly review.pdf')).fileId;
    await waitFor(async () => (await api.vg<File>('GET', `/v1/files/${deck}`)).body.type === 'PDF', 'pdf');
    const started = await ready({ fileId: deck, slideScripts: ['', ''] }, 'slideshow-to-video');
    expect((await studio.project(started.projectId)).title).toBe('Quarterly review');
    const silent = await exported(started.projectId, { quality: 'STANDARD' });
    // Two silent slides of four seconds.
    expect(Number(probe(silent.file).format.duration)).toBeCloseTo(8, 0);
  }, 90_000);
});
