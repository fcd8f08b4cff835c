// A project export as ONE ffmpeg run: sections (a still or a clip each, scaled and padded to the
// output size, optionally animated, faded at their edges, with an inset image and a burned-in
// caption) concatenated with their narration (per-section speech, or one voice track under the
// whole video), then a logo overlay and a background music bed mixed under the narration. The
// same run writes the MP4, a ≤720p preview (the MP4 itself when it is that small), VOD HLS with
// 1 s segments and a thumbnail, like every other sandbox video.
//
// Written for ffmpeg ≥ 4.1 (the npm-bundled build): no xfade, no `apad whole_dur`, no amix
// weights. Caption text is read from files in the working directory, so nothing is escaped.
import { fitWithin, H264_AAC, THUMBNAIL_MAX, type Size } from './recipes';

export type LogoPosition = 'TOP_LEFT' | 'TOP_CENTER' | 'TOP_RIGHT' | 'BOTTOM_LEFT' | 'BOTTOM_CENTER' | 'BOTTOM_RIGHT';

export interface CompositionSection {
  durationS: number;
  visual: { kind: 'image'; path: string; animate: boolean } | { kind: 'video'; path: string };
  /** Caption burned in while this section shows (when captions are on). */
  caption: string | null;
  /** This section's speech (WAV), padded with silence to the section's length. */
  narration: string | null;
  fadeIn: boolean;
  fadeOut: boolean;
  /** An image inset in the lower left (a storyboard actor's reference). */
  inset: string | null;
}

export interface CaptionLook {
  /** 0xRRGGBB */
  color: string;
  /** Font size as a share of the output height (fontSize at 1080p / 1080). */
  sizeShare: number;
  justify: 'LEFT' | 'CENTER' | 'RIGHT';
  vertical: 'TOP' | 'MIDDLE' | 'BOTTOM';
  box: { color: string; opacity: number } | null;
  stroke: { color: string; width: number } | null;
}

export interface CompositionSpec {
  width: number;
  height: number;
  sections: CompositionSection[];
  /** One narration under the whole timeline (a voiceover file); sections then carry none. */
  voiceTrack: string | null;
  captions: CaptionLook | null;
  logo: { path: string; position: LogoPosition; widthPercent: number } | null;
  music: { path: string; volume: number } | null;
}

export const COMPOSE_FPS = 30;
/** Frames per second read from a still (COMPOSE_FPS must be a multiple). */
const STILL_RATE = 2;
/** Outputs whose short side is above this also get a separate preview / HLS rendition of this size. */
export const PREVIEW_SHORT_SIDE = 720;

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);
const AUDIO_FORMAT = 'aresample=44100,aformat=sample_fmts=fltp:sample_rates=44100:channel_layouts=stereo';

export function totalDuration(spec: CompositionSpec): number {
  return Math.round(spec.sections.reduce((sum, s) => sum + s.durationS, 0) * 1000) / 1000;
}

/** The preview size: the output itself up to 720p, else scaled so its short side is 720. */
export function previewSize(spec: Size): Size {
  const short = Math.min(spec.width, spec.height);
  if (short <= PREVIEW_SHORT_SIDE) return { width: spec.width, height: spec.height };
  const scale = PREVIEW_SHORT_SIDE / short;
  return { width: even(spec.width * scale), height: even(spec.height * scale) };
}

/** Up to `maxLines` lines of at most `perLine` characters (the rest elided). */
export function wrapText(text: string, perLine: number, maxLines: number): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && (line + ' ' + w).length > perLine) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines.join('\n');
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]}…`;
  return kept.join('\n');
}

export interface CompositionPlan {
  args: string[];
  /** Files to write into the working directory first: name → text. */
  files: Array<[string, string]>;
  durationS: number;
  preview: Size;
  /** True when the preview / HLS are a separate, smaller encode. */
  separatePreview: boolean;
}

/**
 * The ffmpeg arguments for a composition. `drawCaptions`: drawtext and the font exist (else
 * captions are left out, as elsewhere in the sandbox).
 */
export function compositionArgs(spec: CompositionSpec, drawCaptions: boolean, fontFile: string): CompositionPlan {
  const W = spec.width;
  const H = spec.height;
  const inputs: string[] = [];
  const graph: string[] = [];
  const files: Array<[string, string]> = [];
  let count = 0;
  const input = (...args: string[]) => {
    inputs.push(...args);
    return count++;
  };
  const fit = `scale=${W}:${H}:force_original_aspect_ratio=decrease,pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1`;
  const fontSize = spec.captions ? Math.max(12, Math.round(H * spec.captions.sizeShare)) : 0;
  const perLine = fontSize ? Math.max(12, Math.floor((W * 0.86) / (fontSize * 0.55))) : 0;

  const concatPads: string[] = [];
  spec.sections.forEach((s, i) => {
    const d = s.durationS.toFixed(3);
    const frames = Math.max(1, Math.round(s.durationS * COMPOSE_FPS));
    const chain: string[] = [];
    let source: number;
    if (s.visual.kind === 'image') {
      // The still is read STILL_RATE times a second (a second longer than needed, so the fps
      // filter reaches the end) and repeated to 30 fps after scaling: decoding and scaling it
      // for every frame costs 3×; the `loop` filter stalls ffmpeg when the graph also reads a clip.
      source = input('-loop', '1', '-framerate', String(STILL_RATE), '-t', (s.durationS + 1).toFixed(3), '-i', s.visual.path);
      if (s.visual.animate) {
        // A slow push-in (image → video): zoompan over a padded frame 25 % larger than the output.
        const bw = even(W * 1.25);
        const bh = even(H * 1.25);
        chain.push(
          `scale=${bw}:${bh}:force_original_aspect_ratio=decrease,pad=${bw}:${bh}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1`,
          `zoompan=z='1+0.18*on/${frames}':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=${COMPOSE_FPS / STILL_RATE}:s=${W}x${H}:fps=${COMPOSE_FPS}`,
          'setsar=1',
        );
      } else {
        chain.push(fit, `fps=${COMPOSE_FPS}`);
      }
    } else {
      source = input('-stream_loop', '-1', '-t', d, '-i', s.visual.path);
      chain.push(fit, `fps=${COMPOSE_FPS}`);
    }
    chain.push('format=yuv420p', `trim=duration=${d}`, 'setpts=PTS-STARTPTS');
    const fade = Math.min(0.4, s.durationS / 4).toFixed(3);
    if (s.fadeIn) chain.push(`fade=t=in:st=0:d=${fade}`);
    if (s.fadeOut) chain.push(`fade=t=out:st=${(s.durationS - Number(fade)).toFixed(3)}:d=${fade}`);
    let label = `v${i}a`;
    graph.push(`[${source}:v]${chain.join(',')}[${label}]`);
    if (s.inset) {
      const inset = input('-i', s.inset);
      const m = Math.round(Math.min(W, H) * 0.04);
      graph.push(`[${inset}:v]scale=${even(W * 0.24)}:-2,format=rgba[in${i}]`);
      graph.push(`[${label}][in${i}]overlay=x=${m}:y=H-h-${m}:eof_action=repeat,format=yuv420p[v${i}b]`);
      label = `v${i}b`;
    }
    if (spec.captions && drawCaptions && s.caption && s.caption.trim()) {
      const name = `caption-${i}.txt`;
      files.push([name, wrapText(s.caption, perLine, 3)]);
      graph.push(`[${label}]${drawtext(spec.captions, name, fontSize, fontFile)}[v${i}c]`);
      label = `v${i}c`;
    }
    concatPads.push(`[${label}]`);
    if (!spec.voiceTrack) {
      const audio = s.narration ? input('-i', s.narration) : input('-f', 'lavfi', '-t', d, '-i', 'anullsrc=r=44100:cl=stereo');
      graph.push(`[${audio}:a]${AUDIO_FORMAT},apad,atrim=duration=${d},asetpts=PTS-STARTPTS[a${i}]`);
      concatPads.push(`[a${i}]`);
    }
  });

  const total = totalDuration(spec);
  const T = total.toFixed(3);
  const n = spec.sections.length;
  if (spec.voiceTrack) {
    graph.push(`${concatPads.join('')}concat=n=${n}:v=1:a=0[vc]`);
    const voice = input('-i', spec.voiceTrack);
    graph.push(`[${voice}:a]${AUDIO_FORMAT},apad,atrim=duration=${T},asetpts=PTS-STARTPTS[ac]`);
  } else {
    graph.push(`${concatPads.join('')}concat=n=${n}:v=1:a=1[vc][ac]`);
  }

  let video = 'vc';
  if (spec.logo) {
    const logo = input('-i', spec.logo.path);
    const lw = even(W * Math.min(100, Math.max(1, spec.logo.widthPercent)) / 100);
    const m = Math.round(Math.min(W, H) * 0.04);
    const [x, y] = logoPlacement(spec.logo.position, m);
    graph.push(`[${logo}:v]scale=${lw}:-2,format=rgba[logo]`);
    graph.push(`[vc][logo]overlay=x=${x}:y=${y}:eof_action=repeat,format=yuv420p[vl]`);
    video = 'vl';
  }
  let audio = 'ac';
  if (spec.music) {
    const music = input('-stream_loop', '-1', '-t', T, '-i', spec.music.path);
    const volume = Math.min(1, Math.max(0, spec.music.volume)).toFixed(3);
    graph.push(`[${music}:a]${AUDIO_FORMAT},volume=${volume},atrim=duration=${T},asetpts=PTS-STARTPTS[music]`);
    // amix halves each input; doubling afterwards keeps the narration at its own level.
    graph.push(`[ac][music]amix=inputs=2:duration=first:dropout_transition=0,volume=2[am]`);
    audio = 'am';
  }

  const preview = previewSize({ width: W, height: H });
  const separatePreview = preview.width !== W || preview.height !== H;
  const thumb = fitWithin(preview, THUMBNAIL_MAX);
  const thumbFrame = Math.min(COMPOSE_FPS, Math.floor((total * COMPOSE_FPS) / 2));
  // x264 `ultrafast`: exports are the sandbox's longest encodes, and their looks do not matter.
  const codec = H264_AAC.map((a) => (a === 'veryfast' ? 'ultrafast' : a));
  const hls = `[f=hls:hls_time=1:hls_playlist_type=vod:hls_segment_filename=hls/seg%03d.ts]hls/index.m3u8`;
  const outputs: string[] = [];
  if (separatePreview) {
    graph.push(`[${video}]split=3[vm][vp0][t0]`, `[vp0]scale=${preview.width}:${preview.height}[vp]`, `[${audio}]asplit=2[am1][am2]`);
    outputs.push('-map', '[vm]', '-map', '[am1]', ...codec, '-movflags', '+faststart', 'download.mp4');
    outputs.push('-map', '[vp]', '-map', '[am2]', ...codec, '-f', 'tee', `[f=mp4:movflags=+faststart]preview.mp4|${hls}`);
  } else {
    graph.push(`[${video}]split=2[vm][t0]`);
    outputs.push('-map', '[vm]', '-map', `[${audio}]`, ...codec, '-f', 'tee', `[f=mp4:movflags=+faststart]download.mp4|${hls}`);
  }
  graph.push(`[t0]select='eq(n\\,${thumbFrame})',scale=${thumb.width}:${thumb.height}[thumb]`);
  outputs.push('-map', '[thumb]', '-frames:v', '1', '-update', '1', '-q:v', '4', 'thumb.jpg');

  return { args: [...inputs, '-filter_complex', graph.join(';'), ...outputs], files, durationS: total, preview, separatePreview };
}

function logoPlacement(position: LogoPosition, m: number): [string, string] {
  const x = position.endsWith('LEFT') ? String(m) : position.endsWith('RIGHT') ? `W-w-${m}` : '(W-w)/2';
  const y = position.startsWith('TOP') ? String(m) : `H-h-${m}`;
  return [x, y];
}

function drawtext(look: CaptionLook, file: string, size: number, fontFile: string): string {
  const x = look.justify === 'LEFT' ? 'w*0.06' : look.justify === 'RIGHT' ? 'w-text_w-w*0.06' : '(w-text_w)/2';
  const y = look.vertical === 'TOP' ? 'h*0.06' : look.vertical === 'MIDDLE' ? '(h-text_h)/2' : 'h-text_h-h*0.08';
  let out = `drawtext=fontfile=${fontFile}:textfile=${file}:expansion=none:fontsize=${size}:fontcolor=${look.color}:line_spacing=${Math.round(size / 4)}:x=${x}:y=${y}`;
  if (look.box) out += `:box=1:boxcolor=${look.box.color}@${look.box.opacity.toFixed(2)}:boxborderw=${Math.round(size / 3)}`;
  if (look.stroke) out += `:borderw=${Math.max(1, Math.round(look.stroke.width))}:bordercolor=${look.stroke.color}`;
  return out;
}
