// ffmpeg recipes for media the sandbox makes up: images (gradient + caption), video clips
// (test pattern + tone, H.264/AAC, 1 s GOP so 1 s HLS segments), audio (tones, chords, noise),
// and transforms of an input image or audio file. Each recipe has a stable cache key.
//
// Every recipe is ONE ffmpeg process (spawning ffmpeg costs ~150 ms here): a filtergraph splits
// the picture into the main file, the thumbnail and the preview, and the `tee` muxer writes the
// MP4 and the HLS rendition from a single encode. Outputs are named relative to the working
// directory, so no path ever needs escaping inside a filtergraph or tee spec.
import { createHash } from 'node:crypto';
import type { CompositionSpec } from './compose';

export type AudioFlavor = 'speech' | 'music' | 'effect' | 'tone';
export type ImageOp = 'upscale' | 'remove-background' | 'vectorize';

export interface Size {
  width: number;
  height: number;
}

export type Recipe =
  | ({ kind: 'image'; palette: number; label: string | null } & Size)
  | ({ kind: 'video'; durationS: number; palette: number; label: string | null } & Size)
  | { kind: 'audio'; durationS: number; flavor: AudioFlavor }
  | { kind: 'image-op'; op: ImageOp; source: string; sourceKey: string; sourceWidth: number; sourceHeight: number }
  | ({ kind: 'image-motion'; source: string; sourceKey: string; durationS: number } & Size)
  | ({ kind: 'audio-video'; audio: string; audioKey: string; durationS: number } & Size)
  /** A project export (media/compose.ts); its paths are part of the key (uploads have unique paths). */
  | { kind: 'composition'; spec: CompositionSpec };

/** Bump when the ffmpeg arguments change, so cached renders of older recipes are not reused. */
const RECIPE_VERSION = 2;

export function recipeKey(recipe: Recipe): string {
  // Source paths vary between runs; the source key identifies the content instead.
  const stable = { ...recipe, source: undefined, audio: undefined, v: RECIPE_VERSION };
  return createHash('sha1').update(JSON.stringify(stable)).digest('hex').slice(0, 20);
}

const PALETTES: Array<[string, string, string]> = [
  ['0x1e3a8a', '0xdb2777', '0xf59e0b'],
  ['0x064e3b', '0x10b981', '0xfef3c7'],
  ['0x312e81', '0x7c3aed', '0x22d3ee'],
  ['0x7c2d12', '0xf97316', '0xfde68a'],
  ['0x0f172a', '0x0ea5e9', '0xe2e8f0'],
  ['0x4a044e', '0xd946ef', '0xfbcfe8'],
];

export const PALETTE_COUNT = PALETTES.length;
export const FONT_FILE = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';
export const CAPTION_FILE = 'caption.txt';
export const THUMBNAIL_MAX = 320;
export const IMAGE_PREVIEW_MAX = 1280;

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

/** Pixel size for an aspect ratio with the given long side (even numbers, >= 16 px). */
export function sizeForAspect(aw: number, ah: number, longSide: number): Size {
  const clampEven = (n: number) => Math.max(16, even(n));
  if (aw >= ah) return { width: clampEven(longSide), height: clampEven((longSide * ah) / aw) };
  return { width: clampEven((longSide * aw) / ah), height: clampEven(longSide) };
}

/** Fits a size inside max×max (never enlarging), even dimensions. */
export function fitWithin(size: Size, max: number): Size {
  const scale = Math.min(1, max / Math.max(size.width, size.height));
  return { width: even(size.width * scale), height: even(size.height * scale) };
}

/** The ≤720p preview size: the short side at most 720. */
export function preview720(size: Size): Size {
  const scale = Math.min(1, 720 / Math.min(size.width, size.height));
  return { width: even(size.width * scale), height: even(size.height * scale) };
}

/** H.264 + AAC, a keyframe every second (1 s HLS segments). */
export const H264_AAC = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0', '-force_key_frames', 'expr:gte(t,n_forced*1)', '-c:a', 'aac', '-b:a', '96k', '-ac', '2', '-ar', '44100'];

/** The main MP4 (or M4A) and a VOD HLS playlist with 1 s segments, from one encode. */
export function teeMp4AndHls(main: string): string[] {
  return ['-f', 'tee', `[f=mp4:movflags=+faststart]${main}|[f=hls:hls_time=1:hls_playlist_type=vod:hls_segment_filename=hls/seg%03d.ts]hls/index.m3u8`];
}

function caption(height: number, hasCaption: boolean): string {
  if (!hasCaption) return 'null';
  const size = Math.max(12, Math.round(height / 14));
  return (
    `drawtext=fontfile=${FONT_FILE}:textfile=${CAPTION_FILE}:expansion=none:fontsize=${size}:fontcolor=white` +
    `:box=1:boxcolor=black@0.45:boxborderw=${Math.round(size / 2)}:x=(w-text_w)/2:y=(h-text_h)/2`
  );
}

/** Picture → main (as is), thumbnail and preview (scaled), one frame each. */
function stillOutputs(input: string, main: Size, mainFile: string, prefilter: string): { graph: string; outputs: string[] } {
  const t = fitWithin(main, THUMBNAIL_MAX);
  const p = fitWithin(main, IMAGE_PREVIEW_MAX);
  return {
    graph: `${input}${prefilter},split=3[main][t0][p0];[t0]scale=${t.width}:${t.height}[thumb];[p0]scale=${p.width}:${p.height}[preview]`,
    outputs: ['-map', '[main]', '-frames:v', '1', mainFile, '-map', '[thumb]', '-frames:v', '1', '-q:v', '4', 'thumb.jpg', '-map', '[preview]', '-frames:v', '1', '-q:v', '3', 'preview.jpg'],
  };
}

/**
 * `hasGradients`: the `gradients` source exists from ffmpeg 4.4; older builds (the npm-bundled
 * 4.1) draw the same three-stop diagonal gradient with `geq`.
 */
export function imageArgs(r: Extract<Recipe, { kind: 'image' }>, hasCaption: boolean, hasGradients = true): string[] {
  const [c0, c1, c2] = PALETTES[r.palette % PALETTES.length]!;
  const src = hasGradients
    ? `gradients=s=${r.width}x${r.height}:c0=${c0}:c1=${c1}:c2=${c2}:n=3:x0=0:y0=0:x1=${r.width}:y1=${r.height}:d=1`
    : geqGradient(r, [c0, c1, c2]);
  const { graph, outputs } = stillOutputs('[0:v]', r, 'download.png', caption(r.height, hasCaption));
  return ['-f', 'lavfi', '-i', src, '-filter_complex', graph, ...outputs];
}

/** A linear gradient from (0,0) to (w,h) through three colours, for ffmpeg without `gradients`. */
function geqGradient(size: Size, colors: [string, string, string]): string {
  const rgb = colors.map((c) => [16, 8, 0].map((shift) => (Number.parseInt(c.slice(2), 16) >> shift) & 0xff));
  const norm = size.width * size.width + size.height * size.height;
  // Position along the diagonal, 0..1 (the `gradients` source's projection onto x0y0→x1y1).
  const t = `((X*${size.width}+Y*${size.height})/${norm})`;
  const channel = (i: number) => {
    const [a, b, c] = rgb.map((v) => v[i]!) as [number, number, number];
    return `'if(lt(${t},0.5),${a}+(${b - a})*2*${t},${b}+(${c - b})*(2*${t}-1))'`;
  };
  return `color=c=black:s=${size.width}x${size.height}:d=1,format=rgb24,geq=r=${channel(0)}:g=${channel(1)}:b=${channel(2)}`;
}

/** The output size of an image operation. */
export function imageOpSize(r: Extract<Recipe, { kind: 'image-op' }>): Size {
  const src = { width: r.sourceWidth, height: r.sourceHeight };
  if (r.op === 'upscale') return fitWithin({ width: src.width * 2, height: src.height * 2 }, 4096);
  return fitWithin(src, r.op === 'vectorize' ? 1280 : 1600);
}

export function imageOpArgs(r: Extract<Recipe, { kind: 'image-op' }>): string[] {
  const out = imageOpSize(r);
  const scale = `scale=${out.width}:${out.height}`;
  const ops: Record<ImageOp, string> = {
    upscale: `${scale}:flags=lanczos`,
    'remove-background': `${scale},format=rgba,geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='255*lt(hypot((X-W/2)/(W*0.4),(Y-H/2)/(H*0.45)),1)'`,
    vectorize: scale,
  };
  const { graph, outputs } = stillOutputs('[0:v]', out, r.op === 'vectorize' ? 'trace.png' : 'download.png', ops[r.op]);
  return ['-i', r.source, '-filter_complex', graph, ...outputs];
}

/** A clip: test pattern (optionally captioned) + tone → MP4 + HLS + thumbnail. */
export function videoArgs(r: Extract<Recipe, { kind: 'video' }>, hasCaption: boolean): string[] {
  const freq = 330 + (r.palette % PALETTES.length) * 55;
  return [
    '-f', 'lavfi', '-i', `testsrc2=size=${r.width}x${r.height}:rate=30:duration=${r.durationS}`,
    '-f', 'lavfi', '-i', `sine=frequency=${freq}:sample_rate=44100:duration=${r.durationS}`,
    ...clipOutputs(`[0:v]${caption(r.height, hasCaption)}`, '1:a', r, r.durationS),
  ];
}

export function imageMotionArgs(r: Extract<Recipe, { kind: 'image-motion' }>): string[] {
  const frames = Math.round(r.durationS * 30);
  const zoom = `scale=${r.width * 2}:${r.height * 2}:force_original_aspect_ratio=increase,crop=${r.width * 2}:${r.height * 2},zoompan=z='min(zoom+0.0015,1.25)':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=${frames}:s=${r.width}x${r.height}:fps=30`;
  // Input-side -t rather than anullsrc's `d` option, which ffmpeg 4.1 (the npm-bundled build) lacks.
  return ['-i', r.source, '-f', 'lavfi', '-t', String(r.durationS), '-i', 'anullsrc=r=44100:cl=stereo', ...clipOutputs(`[0:v]${zoom}`, '1:a', r, r.durationS)];
}

export function audioVideoArgs(r: Extract<Recipe, { kind: 'audio-video' }>): string[] {
  return [
    '-f', 'lavfi', '-i', `testsrc2=size=${r.width}x${r.height}:rate=30:duration=${r.durationS}`, '-i', r.audio,
    ...clipOutputs('[0:v]null', '1:a:0', r, r.durationS, ['-t', String(r.durationS)]),
  ];
}

/** video graph → MP4 + HLS (tee) and a thumbnail from about half a second in. */
function clipOutputs(videoChain: string, audioMap: string, size: Size, durationS: number, extra: string[] = []): string[] {
  const t = fitWithin(size, THUMBNAIL_MAX);
  const thumbFrame = Math.min(15, Math.floor((durationS * 30) / 2));
  return [
    '-filter_complex', `${videoChain},fps=30,split=2[v][t0];[t0]select='eq(n\\,${thumbFrame})',scale=${t.width}:${t.height}[thumb]`,
    '-map', '[v]', '-map', audioMap, ...extra, ...H264_AAC, ...teeMp4AndHls('download.mp4'),
    '-map', '[thumb]', '-frames:v', '1', '-update', '1', '-q:v', '4', 'thumb.jpg',
  ];
}

export function audioArgs(r: Extract<Recipe, { kind: 'audio' }>): string[] {
  const d = r.durationS;
  const fadeOut = Math.max(0, d - 0.3).toFixed(2);
  let input: string;
  let filter: string;
  switch (r.flavor) {
    case 'speech':
      input = `sine=frequency=190:sample_rate=44100:duration=${d}`;
      filter = `vibrato=f=6:d=0.4,tremolo=f=4:d=0.7,afade=t=out:st=${fadeOut}:d=0.3`;
      break;
    case 'music':
      input = `aevalsrc=0.18*sin(2*PI*220*t)+0.14*sin(2*PI*277.18*t)+0.12*sin(2*PI*329.63*t)*(0.6+0.4*sin(2*PI*0.5*t)):s=44100:d=${d}`;
      filter = `afade=t=in:d=0.5,afade=t=out:st=${fadeOut}:d=0.3`;
      break;
    case 'effect':
      input = `anoisesrc=d=${d}:c=pink:a=0.35:r=44100`;
      filter = `afade=t=in:d=0.1,afade=t=out:st=${fadeOut}:d=0.3`;
      break;
    default:
      input = `sine=frequency=440:sample_rate=44100:duration=${d}`;
      filter = 'anull';
  }
  return ['-f', 'lavfi', '-i', input, '-map', '0:a', '-af', filter, '-c:a', 'aac', '-b:a', '128k', '-ac', '2', ...teeMp4AndHls('download.m4a')];
}

/** A simple SVG "trace" of an image: flat colour shapes in the palette. */
export function vectorSvg(size: Size, palette: number): string {
  const { width, height } = size;
  const [a, b, c] = PALETTES[palette % PALETTES.length]!.map((x) => `#${x.slice(2)}`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="${width}" height="${height}" fill="${a}"/>` +
    `<path d="M0 ${height * 0.65} C ${width * 0.3} ${height * 0.45}, ${width * 0.6} ${height * 0.85}, ${width} ${height * 0.6} L ${width} ${height} L 0 ${height} Z" fill="${b}"/>` +
    `<circle cx="${width * 0.72}" cy="${height * 0.3}" r="${Math.min(width, height) * 0.14}" fill="${c}"/>` +
    '</svg>'
  );
}
