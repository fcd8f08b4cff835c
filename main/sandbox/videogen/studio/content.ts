// What a project is made of, as data: sections (a visual and a line of text each), narration,
// captions, logo, music, transitions, aspect ratio, language. A workflow builds it once
// (builders.ts); remix actions change it (`applyRemix`, pure); an export renders a snapshot of it
// (render.ts). Everything that changes what one sees or hears in the MP4 lives here.
import { hash32 } from '../../random';
import { PALETTE_COUNT } from '../../media/recipes';
import type { LogoPosition } from '../../media/compose';
import { TTS_VOICES } from '../resources-catalog';
import type { AspectRatio, CaptionStyle, RemixAction, Transition } from './schemas';

export type Visual =
  /** A generated still (AI image, entity-less visual style). */
  | { kind: 'generated'; palette: number; animate: boolean }
  /** A slide of a slideshow (a titled card: the sandbox renders no PDF / PowerPoint pages). */
  | { kind: 'slide'; index: number; palette: number; animate: boolean }
  /** A generated clip (storyboard AI_VIDEO). */
  | { kind: 'clip'; palette: number; durationS: number }
  /** Stock footage (a test-pattern clip; `variant` changes when shuffled). */
  | { kind: 'stock'; variant: number }
  /** A library image or video (featured b-roll, entity references). */
  | { kind: 'file'; fileId: string; animate: boolean };

export interface Section {
  title: string;
  /** Spoken by the narrator ('' = silent). */
  spoken: string;
  /** Shown when captions are on. */
  caption: string;
  /** A fixed length (storyboard, voiceover chunks, silent slides); null = as long as the speech. */
  durationS: number | null;
  visual: Visual;
  /** A storyboard actor's reference image, inset in the corner. */
  insetFileId: string | null;
}

export type Narration = { kind: 'voice'; voiceId: string; speed: number } | { kind: 'file'; fileId: string } | null;
export type Music = { kind: 'file'; fileId: string } | { kind: 'generated'; prompt: string } | null;

export interface ProjectContent {
  title: string;
  aspect: AspectRatio;
  sections: Section[];
  narration: Narration;
  /** BCP-47; narration speaks it (TRANSLATE_PROJECT changes it). */
  language: string;
  presenterId: string | null;
  captions: { visible: boolean; style: CaptionStyle };
  logo: { fileId: string; position: LogoPosition; sizePercent: number } | null;
  music: Music;
  musicVolume: number;
  transitions: { section: Transition | null; asset: Transition | null };
}

export const DEFAULT_ASPECT: AspectRatio = { width: 16, height: 9 };
export const DEFAULT_VOICE = TTS_VOICES[0]!;
export const DEFAULT_MUSIC_VOLUME = 0.3;
export const DEFAULT_LOGO = { position: 'BOTTOM_RIGHT' as LogoPosition, sizePercent: 12 };
export const MAX_SECTIONS = 24;
/** Default caption look (VideoGen's own default is not documented). */
export const DEFAULT_CAPTION_STYLE: CaptionStyle = {
  fontSize: 48,
  textColor: { red: 255, green: 255, blue: 255 },
  textJustification: 'CENTER',
  verticalAlignment: 'BOTTOM',
  backgroundStyle: { type: 'RECT', backgroundColor: { red: 0, green: 0, blue: 0 }, opacityProportion: 0.55 },
};
/** Fillers CLEAN_UP_TRANSCRIPT removes unless the request lists its own. */
export const DEFAULT_FILLERS = ['um', 'uh', 'uhm', 'erm', 'er', 'ah', 'hmm', 'you know', 'i mean'];

export const paletteOf = (...parts: Array<string | number>) => hash32('studio-palette', ...parts) % PALETTE_COUNT;

/** What an action did, for its run record: `skipped` = nothing in the project was eligible. */
export interface RemixOutcome {
  content: ProjectContent;
  skipped: boolean;
}

const clone = (c: ProjectContent): ProjectContent => structuredClone(c);

/** Applies one remix action to a project's content (pure). */
export function applyRemix(content: ProjectContent, action: RemixAction): RemixOutcome {
  const c = clone(content);
  switch (action.type) {
    case 'SET_BACKGROUND_MUSIC':
      if (action.fileId === null) c.music = null;
      else if (action.fileId !== undefined) c.music = { kind: 'file', fileId: action.fileId };
      if (action.volume !== null && action.volume !== undefined) c.musicVolume = action.volume;
      return { content: c, skipped: false };
    case 'GENERATE_MUSIC':
      c.music = { kind: 'generated', prompt: action.prompt };
      return { content: c, skipped: false };
    case 'SET_LOGO': {
      if (action.fileId === null) {
        c.logo = null;
        return { content: c, skipped: false };
      }
      const fileId = action.fileId ?? c.logo?.fileId;
      if (!fileId) return { content: c, skipped: true };
      c.logo = {
        fileId,
        position: action.position ?? c.logo?.position ?? DEFAULT_LOGO.position,
        sizePercent: action.sizePercent ?? c.logo?.sizePercent ?? DEFAULT_LOGO.sizePercent,
      };
      return { content: c, skipped: false };
    }
    case 'ENABLE_CAPTIONS':
      c.captions = { visible: true, style: { ...c.captions.style, ...stripUndefined(action.captionStyle ?? {}) } };
      return { content: c, skipped: false };
    case 'DISABLE_CAPTIONS':
      c.captions = { ...c.captions, visible: false };
      return { content: c, skipped: false };
    case 'ADD_TRANSITIONS':
      if (action.sectionTransition) c.transitions.section = action.sectionTransition;
      if (action.assetTransition) c.transitions.asset = action.assetTransition;
      return { content: c, skipped: false };
    case 'RESIZE_PROJECT':
      c.aspect = { width: action.aspectRatio.width, height: action.aspectRatio.height };
      return { content: c, skipped: false };
    case 'CLEAN_UP_TRANSCRIPT': {
      if (action.removeFillers === false) return { content: c, skipped: false };
      const fillers = (action.fillerWords ?? DEFAULT_FILLERS).map((f) => f.trim()).filter(Boolean);
      let changed = false;
      for (const s of c.sections) {
        const spoken = removeFillers(s.spoken, fillers);
        const caption = removeFillers(s.caption, fillers);
        changed ||= spoken !== s.spoken || caption !== s.caption;
        s.spoken = spoken;
        s.caption = caption;
      }
      return { content: c, skipped: !changed };
    }
    case 'CONVERT_IMAGES_TO_VIDEOS': {
      let any = false;
      // Library videos are marked too; render.ts animates only what turns out to be an image.
      for (const s of c.sections) {
        if ((s.visual.kind === 'generated' || s.visual.kind === 'slide' || s.visual.kind === 'file') && !s.visual.animate) {
          s.visual.animate = true;
          any = true;
        }
      }
      return { content: c, skipped: !any };
    }
    case 'REGENERATE_IMAGES': {
      let any = false;
      c.sections.forEach((s, i) => {
        if (s.visual.kind === 'generated' || s.visual.kind === 'slide') {
          s.visual.palette = paletteOf('restyle', action.stylePrompt, action.modelMode ?? 'STANDARD', i);
          any = true;
        }
      });
      return { content: c, skipped: !any };
    }
    case 'SHUFFLE_STOCK_VISUALS': {
      let any = false;
      for (const s of c.sections) {
        if (s.visual.kind === 'stock') {
          s.visual.variant = (s.visual.variant + 1) % PALETTE_COUNT;
          any = true;
        }
      }
      return { content: c, skipped: !any };
    }
    case 'CHANGE_NARRATOR':
      if (c.narration?.kind !== 'voice') return { content: c, skipped: true };
      c.narration = { kind: 'voice', voiceId: action.voiceId, speed: action.voiceSpeed ?? c.narration.speed };
      c.presenterId = action.avatarPresenterId ?? null;
      return { content: c, skipped: false };
    case 'TRANSLATE_PROJECT': {
      c.language = action.languageCode;
      if (c.narration?.kind === 'voice' && action.changeVoice !== false) {
        const native = TTS_VOICES.find((v) => !v.isDeprecated && v.languageCode.split('-')[0] === action.languageCode.split('-')[0]);
        if (native) c.narration = { ...c.narration, voiceId: native.voiceId };
      }
      return { content: c, skipped: false };
    }
    case 'UPSCALE_ASSETS':
    case 'EDIT_WITH_AGENT':
      // Recorded and run, but nothing the sandbox renders changes (see README).
      return { content: c, skipped: false };
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Removes filler words / phrases (whole words, any case) and the comma that follows them. */
export function removeFillers(text: string, fillers: string[]): string {
  let out = text;
  for (const f of fillers) {
    const escaped = f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    out = out.replace(new RegExp(`(^|[\\s,])${escaped}(?=$|[\\s,.!?;:])[,]?`, 'gi'), '$1');
  }
  return out.replace(/\s{2,}/g, ' ').replace(/\s+([,.!?;:])/g, '$1').trim();
}
