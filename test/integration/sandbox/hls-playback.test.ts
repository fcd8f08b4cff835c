// hls.js in Debian Chromium plays the sandbox's signed HLS (video and audio-only): the real
// consumer of `hlsSource.url`. Skips with a printed reason when Chromium is not installed.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startTestSandbox, waitFor, type Sandbox } from '../../helpers/sandbox';
import { clientFor, type ApiClient } from './support/client';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HLS_JS = path.join(repoRoot, 'node_modules', 'hls.js', 'dist', 'hls.min.js');
const available = existsSync(CHROMIUM) && existsSync(HLS_JS);
if (!available) console.warn(`Chromium (${CHROMIUM}) or hls.js not found; skipping HLS playback checks.`);

describe.skipIf(!available)('HLS playback in Chromium', () => {
  let sb: Sandbox;
  let api: ApiClient;
  let browser: Browser;
  beforeAll(async () => {
    sb = await startTestSandbox();
    api = clientFor(sb);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--autoplay-policy=no-user-gesture-required'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await sb?.close();
  });

  async function hydratedResult(tool: string, body: unknown): Promise<{ hls: string; mp4: string }> {
    const start = await api.vg<{ toolExecutionId: string }>('POST', `/v1/tools/${tool}`, body);
    const exec = await waitFor(async () => {
      const e = await api.vg<{ status: string; results?: Array<{ fileId: string }> }>('GET', `/v1/tools/executions/${start.body.toolExecutionId}`);
      return e.body.status === 'succeeded' ? e.body : null;
    }, `${tool} result`);
    const file = await api.vg<{ hlsSource: { url: string }; downloadSource: { url: string } }>('POST', `/v1/files/${exec.results![0]!.fileId}/hydrate`);
    return { hls: file.body.hlsSource.url, mp4: file.body.downloadSource.url };
  }

  async function play(src: string, tag: 'video' | 'audio'): Promise<{ time: number; error: string | null }> {
    const page = await browser.newPage();
    try {
      await page.setContent(`<${tag} id="m" muted playsinline></${tag}>`);
      await page.addScriptTag({ path: HLS_JS });
      return await page.evaluate(
        ({ src, tag }) =>
          new Promise<{ time: number; error: string | null }>((resolve) => {
            const el = document.getElementById('m') as HTMLMediaElement;
            const Hls = (window as unknown as { Hls: { new (): { loadSource(s: string): void; attachMedia(m: HTMLMediaElement): void; on(e: string, f: (e: unknown, d: { fatal: boolean; details: string }) => void): void }; Events: Record<string, string> } }).Hls;
            const hls = new Hls();
            hls.on(Hls.Events.ERROR!, (_e, d) => d.fatal && resolve({ time: el.currentTime, error: `${tag}: ${d.details}` }));
            hls.loadSource(src);
            hls.attachMedia(el);
            el.muted = true;
            void el.play().catch(() => undefined);
            const started = Date.now();
            const tick = setInterval(() => {
              if (el.currentTime > 0.6 || Date.now() - started > 15_000) {
                clearInterval(tick);
                resolve({ time: el.currentTime, error: null });
              }
            }, 100);
          }),
        { src, tag },
      );
    } finally {
      await page.close();
    }
  }

  it('plays a generated video clip and an audio track', async () => {
    const clip = await hydratedResult('generate-video-clip', { prompt: 'playback check', quality: 'STANDARD', durationSeconds: 2 });
    const video = await play(clip.hls, 'video');
    expect(video.error).toBeNull();
    expect(video.time).toBeGreaterThan(0.5);
    const music = await hydratedResult('generate-sound-effect', { prompt: 'rain on a tin roof', durationSeconds: 2 });
    const audio = await play(music.hls, 'audio');
    expect(audio.error).toBeNull();
    expect(audio.time).toBeGreaterThan(0.5);
  }, 60_000);
});
