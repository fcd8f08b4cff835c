/** Small real media files for uploads, made with ffmpeg into a temp folder (names unique per call). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './fixtures';

let n = 0;
export function unique(stem: string): string {
  return `${stem}-${process.pid}-${Date.now().toString(36)}-${++n}`;
}

function ffmpeg(args: string[], out: string): string {
  execFileSync('/usr/bin/ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args, out]);
  return out;
}

// Every file's bytes differ (random seeds): the app de-duplicates identical content, and a
// test must see each file go through the whole upload.
const seed = () => Math.floor(Math.random() * 1_000_000);
const hz = () => 200 + Math.floor(Math.random() * 800);

export function png(dir: string, name: string, pattern: 'gradients' | 'mandelbrot' | 'testsrc2' = 'gradients'): string {
  const src = pattern === 'gradients' ? `gradients=size=320x180:seed=${seed()}` : pattern === 'mandelbrot' ? `mandelbrot=size=320x180:start_scale=${2 + Math.random()}` : `testsrc2=size=320x180`;
  // testsrc2 is the same picture every time: stamp a random box on it.
  const vf = pattern === 'testsrc2' ? ['-vf', `drawbox=x=${seed() % 280}:y=${seed() % 140}:w=40:h=40:color=white:t=fill`] : [];
  return ffmpeg(['-f', 'lavfi', '-i', src, ...vf, '-frames:v', '1'], path.join(dir, name));
}

export function mp4(dir: string, name: string, seconds = 3): string {
  return ffmpeg(
    ['-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=25`, '-f', 'lavfi', '-i', `sine=frequency=${hz()}`, '-t', String(seconds), '-vf', `drawbox=x=${seed() % 280}:y=${seed() % 140}:w=40:h=40:color=white:t=fill`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest'],
    path.join(dir, name),
  );
}

export function m4a(dir: string, name: string, seconds = 2): string {
  return ffmpeg(['-f', 'lavfi', '-i', `sine=frequency=${hz()}:duration=${seconds}`, '-c:a', 'aac'], path.join(dir, name));
}

export interface Samples {
  dir: string;
  files: string[];
  folder: string;
  folderFiles: string[];
}

/** Two files and a folder of two more, all with unique names. */
export function samples(stem: string): Samples {
  const dir = tempDir('media');
  const files = [png(dir, `${unique(`${stem}-still`)}.png`, 'testsrc2'), mp4(dir, `${unique(`${stem}-clip`)}.mp4`)];
  const folder = path.join(dir, unique(`${stem}-album`));
  mkdirSync(folder);
  const folderFiles = [png(folder, `${unique('album-a')}.png`, 'mandelbrot'), png(folder, `${unique('album-b')}.png`, 'gradients')];
  return { dir, files, folder, folderFiles };
}

/** A file as something page.evaluate can carry (name, type, base64). */
export function portable(file: string, type: string): { name: string; type: string; b64: string } {
  return { name: path.basename(file), type, b64: readFileSync(file).toString('base64') };
}
