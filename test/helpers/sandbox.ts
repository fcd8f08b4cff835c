// Shared helpers for tests that run the sandbox: start/stop with test-friendly timings, where the
// API specs live (../shared on dev machines and CI, absent in a user's clone), sample media made
// with ffmpeg, polling, and the upload flow.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../main/sandbox/index';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const sharedDir = path.resolve(repoRoot, '..', 'shared');
export const specPaths = {
  videogen: path.join(sharedDir, 'api', 'videogen-openapi.json'),
  sync: path.join(sharedDir, 'api', 'sync-openapi.json'),
};
export const hasShared = existsSync(specPaths.videogen) && existsSync(specPaths.sync);
export const noSharedReason = `API specs not found at ${path.join(sharedDir, 'api')} (only dev machines and CI have ../shared); skipping spec-based checks.`;

/** Rendered media shared by every test sandbox (and every run) so ffmpeg work happens once. */
export const testMediaCacheDir = path.join(tmpdir(), 'atelier-sandbox-test-media-v1');

export type { Sandbox };

/** A sandbox with short simulated durations; add overrides per test. */
export function startTestSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({
    processingMs: 200,
    executionMs: 300,
    syncGenerationMs: 300,
    mediaCacheDir: testMediaCacheDir,
    ...opts,
  });
}

/** A clock the test moves by hand (an alternative to `sandbox.advance`, which adds an offset on top). */
export function manualClock(start = Date.UTC(2026, 4, 5, 12)): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 20_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export interface SampleMedia {
  /** 2 s 320×180 H.264/AAC MP4. */
  video: string;
  /** 2 s AAC in M4A. */
  audio: string;
  /** 2 s MP3 with an ID3 tag. */
  mp3: string;
  /** 256×144 PNG. */
  png: string;
  /** A tiny valid PDF. */
  pdf: string;
}

let samples: SampleMedia | null = null;

/** Small real media files for uploads, made once per machine with ffmpeg. */
export function sampleMedia(): SampleMedia {
  if (samples) return samples;
  const dir = path.join(testMediaCacheDir, 'samples-v1');
  mkdirSync(dir, { recursive: true });
  const make = (name: string, args: string[]): string => {
    const out = path.join(dir, name);
    if (!existsSync(out)) {
      const tmp = path.join(dir, `${process.pid}-${name}`);
      execFileSync('/usr/bin/ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args, tmp]);
      renameSync(tmp, out);
    }
    return out;
  };
  const pdf = path.join(dir, 'doc.pdf');
  if (!existsSync(pdf)) writeFileSync(pdf, '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  samples = {
    video: make('clip.mp4', ['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=300', '-t', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-f', 'mp4']),
    audio: make('voice.m4a', ['-f', 'lavfi', '-i', 'sine=frequency=220:duration=2', '-c:a', 'aac', '-f', 'ipod']),
    mp3: make('tone.mp3', ['-f', 'lavfi', '-i', 'sine=frequency=500:duration=2', '-c:a', 'libmp3lame', '-f', 'mp3']),
    png: make('still.png', ['-f', 'lavfi', '-i', 'testsrc2=size=256x144', '-frames:v', '1', '-f', 'image2', '-c:v', 'png']),
    pdf,
  };
  return samples;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** POST /v1/files/upload then PUT the bytes, exactly as the docs describe. Returns the file id. */
export async function uploadBytes(
  fetchFn: FetchLike,
  sandbox: Sandbox,
  bytes: Uint8Array,
  displayName: string,
  extra: { type?: string; isTemporary?: boolean } = {},
): Promise<{ fileId: string; uploadUrl: string }> {
  const res = await fetchFn(`${sandbox.url}/v1/files/upload`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${sandbox.videogenKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ displayName, ...extra }),
  });
  if (res.status !== 200) throw new Error(`upload create failed: ${res.status} ${await res.text()}`);
  const { fileId, uploadUrl } = (await res.json()) as { fileId: string; uploadUrl: string };
  const put = await fetch(uploadUrl, { method: 'PUT', body: bytes as BodyInit });
  if (put.status !== 200) throw new Error(`PUT failed: ${put.status} ${await put.text()}`);
  return { fileId, uploadUrl };
}
