// Renditions of an uploaded file, made from its real bytes: probe, then ONE ffmpeg run per file
// that writes the thumbnail (JPEG ≤320 px), the preview (JPEG ≤1280 px for images; H.264/AAC
// ≤720p MP4 for video; AAC M4A for audio) and, for video and audio, VOD HLS (1 s segments) from
// the same encode. The download rendition is the original upload. Renditions that do not apply
// to the type are `skipped` (PDF and PowerPoint files keep only their download); if ffmpeg cannot
// decode the file, processing fails.
import { mkdir, open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FfmpegRunner, ProbeResult } from './ffmpeg';
import { H264_AAC, IMAGE_PREVIEW_MAX, THUMBNAIL_MAX, fitWithin, preview720, teeMp4AndHls, type Size } from './recipes';
import type { FileType, Sniffed } from './sniff';
import { SKIPPED, ready, type MediaSet, type Slot } from './types';

export class UnprocessableUpload extends Error {}

export interface UploadMedia {
  set: MediaSet;
  /** Content-Type of the original bytes, as served by the download rendition. */
  mime: string;
}

const LONG_JOB_MS = 60 * 60_000;

export async function renderUpload(
  runner: FfmpegRunner,
  original: string,
  sniffed: Sniffed | null,
  outDir: string,
  /** Called as soon as the type is known, before the (slower) renditions. */
  onType: (type: FileType) => void = () => {},
): Promise<UploadMedia> {
  const size = (await stat(original)).size;
  if (size === 0) throw new UnprocessableUpload('the upload is empty (0 bytes)');
  if (!sniffed) throw new UnprocessableUpload('the bytes are not a supported image, video, audio or PDF format');

  if (sniffed.type === 'SLIDESHOW' && !(await isPowerPoint(original, size))) throw new UnprocessableUpload('the ZIP archive is not a PowerPoint presentation');
  if (sniffed.type === 'PDF' || sniffed.type === 'SLIDESHOW') {
    // Documents are kept as they are: the sandbox renders no page images from them.
    onType(sniffed.type);
    const download = ready({ path: original, contentType: sniffed.mime, width: null, height: null, bytes: size });
    return { mime: sniffed.mime, set: { type: sniffed.type, width: null, height: null, durationSeconds: null, slots: { thumbnail: SKIPPED, preview: SKIPPED, download, hls: SKIPPED } } };
  }

  let probe: ProbeResult;
  try {
    probe = await runner.probe(original);
  } catch (err) {
    throw new UnprocessableUpload(`the media could not be decoded (${err instanceof Error ? err.message : String(err)})`);
  }
  const { type, mime } = resolveType(sniffed, probe);
  onType(type);
  await mkdir(path.join(outDir, 'hls'), { recursive: true });
  const dims: Size | null = probe.width && probe.height ? { width: probe.width, height: probe.height } : null;
  const download = ready({ path: original, contentType: mime, width: dims?.width ?? null, height: dims?.height ?? null, bytes: size });
  const run = async (args: string[]) => {
    try {
      await runner.run(['-i', original, ...args], { cwd: outDir, timeoutMs: LONG_JOB_MS });
    } catch (err) {
      throw new UnprocessableUpload(`the ${type.toLowerCase()} could not be decoded (${err instanceof Error ? err.message : String(err)})`);
    }
  };
  const blob = async (file: string, contentType: string, s: Size | null) =>
    ready({ path: path.join(outDir, file), contentType, width: s?.width ?? null, height: s?.height ?? null, bytes: (await stat(path.join(outDir, file))).size });

  if (type === 'IMAGE') {
    if (!dims) throw new UnprocessableUpload('the image has no readable dimensions');
    const t = fitWithin(dims, THUMBNAIL_MAX);
    const p = fitWithin(dims, IMAGE_PREVIEW_MAX);
    await run([
      '-filter_complex', `[0:v]split=2[t0][p0];[t0]scale=${t.width}:${t.height}[t];[p0]scale=${p.width}:${p.height}[p]`,
      '-map', '[t]', '-frames:v', '1', '-q:v', '4', 'thumb.jpg',
      '-map', '[p]', '-frames:v', '1', '-q:v', '3', 'preview.jpg',
    ]);
    return {
      mime,
      set: { type, width: dims.width, height: dims.height, durationSeconds: null, slots: { thumbnail: await blob('thumb.jpg', 'image/jpeg', t), preview: await blob('preview.jpg', 'image/jpeg', p), download, hls: SKIPPED } },
    };
  }

  const duration = probe.durationSeconds;
  if (type === 'VIDEO') {
    if (!dims) throw new UnprocessableUpload('the video has no readable dimensions');
    const p = preview720(dims);
    const t = fitWithin(p, THUMBNAIL_MAX);
    const at = Math.min(1, (duration ?? 0) / 2);
    await run([
      '-filter_complex', `[0:v:0]scale=${p.width}:${p.height},setsar=1,split=2[v][t0];[t0]select='gte(t\\,${at.toFixed(2)})',scale=${t.width}:${t.height}[t]`,
      '-map', '[v]', '-map', '0:a:0?', ...H264_AAC, ...teeMp4AndHls('preview.mp4'),
      '-map', '[t]', '-frames:v', '1', '-update', '1', '-q:v', '4', 'thumb.jpg',
    ]);
    const slots: Record<'thumbnail' | 'preview' | 'download' | 'hls', Slot> = {
      thumbnail: await blob('thumb.jpg', 'image/jpeg', t),
      preview: await blob('preview.mp4', 'video/mp4', p),
      download,
      hls: await blob('hls/index.m3u8', 'application/vnd.apple.mpegurl', p),
    };
    return { mime, set: { type, width: dims.width, height: dims.height, durationSeconds: duration, slots } };
  }

  await run(['-map', '0:a:0', '-vn', '-c:a', 'aac', '-b:a', '128k', '-ac', '2', ...teeMp4AndHls('preview.m4a')]);
  return {
    mime,
    set: {
      type,
      width: null,
      height: null,
      durationSeconds: duration,
      slots: { thumbnail: SKIPPED, preview: await blob('preview.m4a', 'audio/mp4', null), download: { ...download }, hls: await blob('hls/index.m3u8', 'application/vnd.apple.mpegurl', null) },
    },
  };
}

/**
 * A ZIP archive is a PowerPoint deck when it holds `ppt/presentation.xml`: its name sits in a
 * local header near the start and in the central directory at the end, so both are searched.
 */
export async function isPowerPoint(file: string, size: number): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const window = Math.min(size, 256 * 1024);
    const head = Buffer.alloc(window);
    await fh.read(head, 0, window, 0);
    const tail = Buffer.alloc(window);
    await fh.read(tail, 0, window, Math.max(0, size - window));
    const marker = 'ppt/presentation.xml';
    return head.includes(marker) || tail.includes(marker);
  } finally {
    await fh.close();
  }
}

/** Containers (MP4, WebM, Ogg…) are audio when they hold no real video stream. */
export function resolveType(sniffed: Sniffed, probe: ProbeResult): { type: FileType; mime: string } {
  if (!sniffed.ambiguous) return { type: sniffed.type, mime: sniffed.mime };
  if (probe.hasVideo) return { type: 'VIDEO', mime: sniffed.mime.replace(/^audio\//, 'video/') };
  if (probe.hasAudio) return { type: 'AUDIO', mime: sniffed.ext === 'mov' ? 'audio/mp4' : sniffed.mime.replace(/^video\//, 'audio/') };
  throw new UnprocessableUpload('the container holds neither video nor audio');
}
