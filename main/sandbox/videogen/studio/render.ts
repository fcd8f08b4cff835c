// Project content → real media. `prepare` makes every asset a project needs (generated stills
// and clips through the media cache, narration through espeak-ng or a tone) and describes the
// composition; `render` then makes the export MP4 (media/compose.ts) through the same cache, so
// exporting an unchanged project twice encodes once.
import type { CompositionSpec, CaptionLook } from '../../media/compose';
import type { NarrationMaker, NarrationVoice } from '../../media/narration';
import { sizeForAspect, type Recipe, type Size } from '../../media/recipes';
import type { MediaSet } from '../../media/types';
import { computeFileState } from '../file-state';
import { TTS_VOICES } from '../resources-catalog';
import type { VideoGenService } from '../service';
import { DEFAULT_VOICE, type ProjectContent, type Section } from './content';
import type { CaptionStyle, ExportQuality, RgbColor } from './schemas';

/** "Vertical resolution tier": the short side of the MP4 (the spec's FULL_HIGH example is 1080p). */
export const QUALITY_SHORT_SIDE: Record<ExportQuality, number> = { STANDARD: 480, HIGH: 720, FULL_HIGH: 1080, ULTRA_HIGH: 2160 };
/** The spec names no default quality; HIGH (720p) keeps exports quick. */
export const DEFAULT_EXPORT_QUALITY: ExportQuality = 'HIGH';
const MAX_LONG_SIDE = 3840;
/** Silence after each spoken section. */
const SPEECH_GAP_S = 0.35;
const SILENT_SECTION_S = 4;
const STILL_LONG_SIDE = 1280;

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

/** Output pixels for an aspect ratio and quality tier (short side = tier, long side ≤ 3840). */
export function outputSize(aspect: { width: number; height: number }, quality: ExportQuality): Size {
  const short = QUALITY_SHORT_SIDE[quality];
  const landscape = aspect.width >= aspect.height;
  const ratio = landscape ? aspect.width / aspect.height : aspect.height / aspect.width;
  let long = short * ratio;
  let s = short;
  if (long > MAX_LONG_SIDE) {
    s = (short * MAX_LONG_SIDE) / long;
    long = MAX_LONG_SIDE;
  }
  return landscape ? { width: even(long), height: even(s) } : { width: even(s), height: even(long) };
}

const hex = (c: RgbColor | null | undefined, fallback: string) =>
  c ? `0x${[c.red, c.green, c.blue].map((v) => v.toString(16).padStart(2, '0')).join('')}` : fallback;

export function captionLook(style: CaptionStyle, height: number): CaptionLook {
  const bg = style.backgroundStyle;
  return {
    color: hex(style.textColor, '0xffffff'),
    sizeShare: Math.min(0.2, Math.max(0.01, (style.fontSize ?? 48) / 1080)),
    justify: style.textJustification ?? 'CENTER',
    vertical: style.verticalAlignment ?? 'BOTTOM',
    box: bg ? { color: hex(bg.backgroundColor, '0x000000'), opacity: bg.opacityProportion ?? 0.55 } : null,
    stroke: style.strokeColor ? { color: hex(style.strokeColor, '0x000000'), width: ((style.strokeWeight ?? 2) * height) / 1080 } : null,
  };
}

export class ProjectRenderer {
  constructor(
    private readonly vg: VideoGenService,
    private readonly narrations: NarrationMaker,
  ) {}

  /** Makes every asset of the content and returns what the export would compose. */
  async prepare(content: ProjectContent, quality: ExportQuality, now: number): Promise<CompositionSpec> {
    const size = outputSize(content.aspect, quality);
    const still = sizeForAspect(content.aspect.width, content.aspect.height, STILL_LONG_SIDE);
    const media = (recipe: Recipe) => this.vg.env.media.get(recipe).then((set) => downloadPath(set));
    const voice = this.voice(content);
    const transition = content.transitions.section !== null && content.transitions.section !== 'NONE';
    const n = content.sections.length;

    const sections = await Promise.all(
      content.sections.map(async (s, i) => {
        const [visual, narration] = await Promise.all([this.visual(s, still, content, media, now), voice && s.spoken.trim() ? this.narrations.make(s.spoken, voice) : null]);
        let durationS = s.durationS ?? 0;
        if (narration) durationS = Math.max(durationS, narration.durationS + SPEECH_GAP_S);
        if (durationS <= 0) durationS = SILENT_SECTION_S;
        return {
          durationS: Math.round(Math.max(1, durationS) * 1000) / 1000,
          visual,
          caption: s.caption.trim() ? s.caption : null,
          narration: narration?.path ?? null,
          fadeIn: transition && i > 0,
          fadeOut: transition && i < n - 1,
          inset: s.insetFileId ? this.filePath(s.insetFileId, now) : null,
        };
      }),
    );
    const voiceTrack = content.narration?.kind === 'file' ? this.filePath(content.narration.fileId, now) : null;
    const logoPath = content.logo ? this.filePath(content.logo.fileId, now) : null;
    let music: CompositionSpec['music'] = null;
    if (content.music) {
      const path = content.music.kind === 'file' ? this.filePath(content.music.fileId, now) : await media({ kind: 'audio', durationS: 30, flavor: 'music' });
      if (path) music = { path, volume: content.musicVolume };
    }
    return {
      width: size.width,
      height: size.height,
      sections,
      voiceTrack,
      captions: content.captions.visible ? captionLook(content.captions.style, size.height) : null,
      logo: content.logo && logoPath ? { path: logoPath, position: content.logo.position, widthPercent: content.logo.sizePercent } : null,
      music,
    };
  }

  /** The export MP4 and its renditions. */
  async render(content: ProjectContent, quality: ExportQuality, now: number): Promise<MediaSet> {
    const spec = await this.prepare(content, quality, now);
    return this.vg.env.media.get({ kind: 'composition', spec });
  }

  /** Which engine speaks narration now ('espeak-ng' or 'tone'). */
  narrationEngine(): string {
    return this.narrations.engine();
  }

  private voice(content: ProjectContent): NarrationVoice | null {
    if (content.narration?.kind !== 'voice') return null;
    const { voiceId, speed } = content.narration;
    const v = TTS_VOICES.find((x) => x.voiceId === voiceId) ?? DEFAULT_VOICE;
    // The voice's own accent unless the project speaks another language (translated).
    const sameLanguage = v.languageCode.split('-')[0]!.toLowerCase() === content.language.split('-')[0]!.toLowerCase();
    return { language: sameLanguage ? v.languageCode : content.language, gender: v.displayGender, speed };
  }

  private async visual(s: Section, still: Size, content: ProjectContent, media: (r: Recipe) => Promise<string>, now: number): Promise<CompositionSpec['sections'][number]['visual']> {
    const v = s.visual;
    switch (v.kind) {
      case 'generated':
        return { kind: 'image', path: await media({ kind: 'image', ...still, palette: v.palette, label: null }), animate: v.animate };
      case 'slide':
        return { kind: 'image', path: await media({ kind: 'image', ...still, palette: v.palette, label: `Slide ${v.index + 1}` }), animate: v.animate };
      case 'clip': {
        const clip = sizeForAspect(content.aspect.width, content.aspect.height, 640);
        return { kind: 'video', path: await media({ kind: 'video', ...clip, durationS: Math.min(15, Math.max(1, Math.ceil(v.durationS))), palette: v.palette, label: null }) };
      }
      case 'stock':
        return { kind: 'video', path: await media({ kind: 'video', ...sizeForAspect(16, 9, 640), durationS: 4, palette: v.variant, label: null }) };
      case 'file': {
        const record = this.vg.files.get(v.fileId);
        const path = this.filePath(v.fileId, now);
        if (record && path) {
          if (record.processing.type === 'VIDEO') return { kind: 'video', path };
          return { kind: 'image', path, animate: v.animate };
        }
        // The file vanished (it cannot, but a restart with another seeded library could): a plain still.
        return { kind: 'image', path: await media({ kind: 'image', ...still, palette: 0, label: null }), animate: false };
      }
    }
  }

  /** The original bytes of a library file, if it is processed. */
  private filePath(fileId: string, now: number): string | null {
    const record = this.vg.files.get(fileId);
    if (!record) return null;
    const download = computeFileState(record, Math.max(now, this.vg.env.clock.now()), this.vg.env.options.processingMs).sources.download;
    return download.status === 'ready' && download.blob ? download.blob.path : null;
  }
}

function downloadPath(set: MediaSet): string {
  const slot = set.slots.download;
  if (slot.status !== 'ready') throw new Error('a generated asset has no download rendition');
  return slot.blob.path;
}
