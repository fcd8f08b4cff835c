// Finding ffmpeg / ffprobe: ATELIER_FFMPEG / ATELIER_FFPROBE, then PATH (first hit wins), then the
// npm-bundled binaries; a missing tool fails the first media job with a clear message, not the start.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../main/sandbox/index';
import { FfmpegRunner, parseFilters } from '../../../main/sandbox/media/ffmpeg';
import { MediaToolMissing, findOnPath, lazyMediaTool, resolveMediaTool } from '../../../main/sandbox/media/tools';

const root = mkdtempSync(path.join(tmpdir(), 'atelier-media-tools-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An executable (or not) stand-in binary. */
function fake(dir: string, name: string, executable = true): string {
  mkdirSync(path.join(root, dir), { recursive: true });
  const file = path.join(root, dir, name);
  writeFileSync(file, '#!/bin/sh\nexit 0\n');
  chmodSync(file, executable ? 0o755 : 0o644);
  return file;
}

const noBundle = () => {
  // What @ffmpeg-installer/ffmpeg throws on an unsupported platform: a plain string.
  throw 'Unsupported platform/architecture: plan9-mips';
};

describe('ffmpeg / ffprobe discovery', () => {
  const a = fake('a', 'ffmpeg');
  const b = fake('b', 'ffmpeg');
  fake('b', 'ffprobe');
  fake('noexec', 'ffmpeg', false);
  const custom = fake('custom', 'my-ffmpeg');
  const PATH = [path.join(root, 'noexec'), path.join(root, 'a'), path.join(root, 'b')].join(':');

  it('takes the first executable on PATH, in PATH order, skipping non-executable files', () => {
    expect(resolveMediaTool('ffmpeg', { env: { PATH }, bundled: noBundle })).toEqual({ path: a, source: 'path' });
    expect(resolveMediaTool('ffmpeg', { env: { PATH: [path.join(root, 'b'), path.join(root, 'a')].join(':') }, bundled: noBundle }).path).toBe(b);
    expect(resolveMediaTool('ffprobe', { env: { PATH }, bundled: noBundle }).path).toBe(path.join(root, 'b', 'ffprobe'));
    expect(findOnPath('ffmpeg', { PATH: path.join(root, 'noexec') }, 'linux')).toBeNull();
  });

  it('prefers ATELIER_FFMPEG / ATELIER_FFPROBE over PATH (a path, or a command looked up on PATH)', () => {
    expect(resolveMediaTool('ffmpeg', { env: { PATH, ATELIER_FFMPEG: custom }, bundled: noBundle })).toEqual({ path: custom, source: 'env' });
    expect(resolveMediaTool('ffmpeg', { env: { PATH: `${PATH}:${path.join(root, 'custom')}`, ATELIER_FFMPEG: 'my-ffmpeg' }, bundled: noBundle }).path).toBe(custom);
    expect(resolveMediaTool('ffprobe', { env: { PATH, ATELIER_FFPROBE: custom }, bundled: noBundle }).path).toBe(custom);
    // Only the matching variable counts.
    expect(resolveMediaTool('ffprobe', { env: { PATH, ATELIER_FFMPEG: custom }, bundled: noBundle }).path).toBe(path.join(root, 'b', 'ffprobe'));
    expect(() => resolveMediaTool('ffmpeg', { env: { PATH, ATELIER_FFMPEG: path.join(root, 'nope') } })).toThrow(/ATELIER_FFMPEG is set to ".*nope", which is not an executable file/);
  });

  it('falls back to the npm-bundled binaries, and says what to do when there are none', () => {
    expect(resolveMediaTool('ffmpeg', { env: { PATH: '' }, bundled: () => '/opt/app/resources/app.asar/node_modules/@ffmpeg-installer/linux-x64/ffmpeg' })).toEqual({
      path: '/opt/app/resources/app.asar.unpacked/node_modules/@ffmpeg-installer/linux-x64/ffmpeg',
      source: 'bundled',
    });
    const err = (() => {
      try {
        resolveMediaTool('ffmpeg', { env: { PATH: '' }, bundled: noBundle });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(MediaToolMissing);
    expect((err as Error).message).toMatch(/^The sandbox needs ffmpeg to make media: install ffmpeg or set ATELIER_FFMPEG \(.*plan9-mips/);
    expect(() => resolveMediaTool('ffprobe', { env: { PATH: '' }, bundled: noBundle })).toThrow(/^The sandbox needs ffprobe .* set ATELIER_FFPROBE/);
  });

  it('finds the real bundled binaries of @ffmpeg-installer/ffmpeg and @ffprobe-installer/ffprobe', () => {
    for (const tool of ['ffmpeg', 'ffprobe'] as const) {
      const found = resolveMediaTool(tool, { env: { PATH: '' } });
      expect(found.source).toBe('bundled');
      expect(found.path).toMatch(new RegExp(`node_modules[\\\\/]@${tool}-installer[\\\\/][^\\\\/]+[\\\\/]${tool}(\\.exe)?$`));
    }
  });

  it('fails the first media job, not the start, when no ffmpeg can be found', async () => {
    const missing = lazyMediaTool('ffmpeg', { env: { PATH: '' }, bundled: noBundle });
    const told: string[] = [];
    const runner = new FfmpegRunner(missing, lazyMediaTool('ffprobe', { env: { PATH: '' }, bundled: noBundle }), 1, (m) => told.push(m));
    await expect(runner.run(['-version'])).rejects.toThrow(/^The sandbox needs ffmpeg to make media: install ffmpeg or set ATELIER_FFMPEG/);
    await expect(runner.probe('/x.mp4')).rejects.toThrow(/^The sandbox needs ffprobe/);
    await expect(runner.run(['-version'])).rejects.toThrow(MediaToolMissing);
    expect(told).toHaveLength(1);
    expect(await runner.filters()).toEqual(new Set());
    runner.close();
  });

  it('starts a sandbox without ffmpeg; its first media job fails cleanly', async () => {
    const saved = { ffmpeg: process.env.ATELIER_FFMPEG, ffprobe: process.env.ATELIER_FFPROBE };
    process.env.ATELIER_FFMPEG = path.join(root, 'missing', 'ffmpeg');
    process.env.ATELIER_FFPROBE = path.join(root, 'missing', 'ffprobe');
    try {
      const sb = await startSandbox({ executionMs: 20, mediaCacheDir: path.join(root, 'cache') });
      try {
        const auth = { Authorization: `Bearer ${sb.videogenKey}`, 'Content-Type': 'application/json' };
        expect((await fetch(`${sb.url}/v1/me`, { headers: auth })).status).toBe(200);
        const started = await fetch(`${sb.url}/v1/tools/generate-image`, { method: 'POST', headers: auth, body: JSON.stringify({ prompt: 'no ffmpeg here', quality: 'LOW' }) });
        const { toolExecutionId } = (await started.json()) as { toolExecutionId: string };
        let status = '';
        for (let i = 0; i < 100 && status !== 'failed'; i++) {
          await new Promise((r) => setTimeout(r, 20));
          status = ((await (await fetch(`${sb.url}/v1/tools/executions/${toolExecutionId}`, { headers: auth })).json()) as { status: string }).status;
        }
        expect(status).toBe('failed');
      } finally {
        await sb.close();
      }
    } finally {
      for (const [k, v] of [['ATELIER_FFMPEG', saved.ffmpeg], ['ATELIER_FFPROBE', saved.ffprobe]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('reads the filter list of any ffmpeg version', () => {
    const listing = [
      'Filters:',
      '  T.. = Timeline support',
      ' ------',
      ' T.. afade             A->A       Fade in/out input audio.',
      ' T.C drawtext          V->V       Draw text on top of video frames using libfreetype library.',
      ' ... gradients         |->V       Draw a gradient.',
      ' ... abuffer           |->A       Buffer audio frames, and make them accessible to the filterchain.',
    ].join('\n');
    expect([...parseFilters(listing)]).toEqual(['afade', 'drawtext', 'gradients', 'abuffer']);
  });
});
