/** Shared setup for the API clients' integration tests against the local sandbox. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const FFMPEG = '/usr/bin/ffmpeg';

/** Why these tests can't run here, or null when they can. */
export function skipReason(): string | null {
  if (!existsSync(path.join(repoRoot, 'main/sandbox/index.ts'))) return 'main/sandbox/index.ts is missing';
  if (!existsSync(FFMPEG)) return `${FFMPEG} is missing (the sandbox renders real media with it)`;
  return null;
}

export interface TestMedia {
  png: string;
  mp4: string;
  wav: string;
}

/** A real PNG, a 2 s H.264/AAC MP4 and a 2 s WAV, made with ffmpeg. */
export async function makeMedia(dir: string): Promise<TestMedia> {
  const png = path.join(dir, 'frame.png');
  const mp4 = path.join(dir, 'clip.mp4');
  const wav = path.join(dir, 'voice.wav');
  const quiet = ['-hide_banner', '-loglevel', 'error', '-y'];
  await run(FFMPEG, [...quiet, '-f', 'lavfi', '-i', 'testsrc=size=320x240', '-frames:v', '1', png]);
  await run(FFMPEG, [
    ...quiet,
    '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25',
    '-f', 'lavfi', '-i', 'sine=frequency=440',
    '-t', '2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', mp4,
  ]);
  await run(FFMPEG, [...quiet, '-f', 'lavfi', '-i', 'sine=frequency=330', '-t', '2', wav]);
  return { png, mp4, wav };
}

/** Calls `read` until `done` says so (real time), failing after `timeoutMs`. */
export async function pollUntil<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 30_000, intervalMs = 150): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last value: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
