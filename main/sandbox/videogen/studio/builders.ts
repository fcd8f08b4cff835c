// From a workflow request to the project it builds (content.ts), checking every reference the
// body makes: files (exist, type, processed), voices, presenters, languages, entities, and the
// rules the spec states in prose. Failures are 400 `invalid_parameters` naming the field (404
// for a well-formed id of no file / entity, as for tool requests).
import { open, stat } from 'node:fs/promises';
import { VideoGenError, invalidParameters } from '../../errors';
import { computeFileState } from '../file-state';
import { defaultReference, usableEntity } from '../entities';
import { LANGUAGES, PRESENTERS, TTS_VOICES } from '../resources-catalog';
import type { VideoGenService } from '../service';
import type { FileRecord, VgFileType } from '../types';
import {
  DEFAULT_ASPECT,
  DEFAULT_CAPTION_STYLE,
  DEFAULT_LOGO,
  DEFAULT_MUSIC_VOLUME,
  DEFAULT_VOICE,
  MAX_SECTIONS,
  paletteOf,
  type ProjectContent,
  type Section,
  type Visual,
} from './content';
import type { CaptionStyle, RemixAction, ScriptToVideo, SlideshowToVideo, StoryboardToVideo, VisualStyle, VoiceoverToVideo } from './schemas';

export interface Built {
  content: ProjectContent;
  /** Text deciding simulated outcomes ("fail" → the run fails, "retry" → a server retry). */
  trigger: string;
}

/** Seconds a visual stays on screen per pacing, for voiceovers (scripts group sentences instead). */
const PACING_SECONDS = { FAST: 3, MEDIUM: 5, SLOW: 8 } as const;
const SENTENCES_PER_SECTION = { FAST: 1, MEDIUM: 2, SLOW: 3 } as const;
const SILENT_SLIDE_SECONDS = 4;
const DEFAULT_SCENE_SECONDS = 5;
const MAX_SLIDES = 60;

export class Builder {
  constructor(
    private readonly vg: VideoGenService,
    private readonly now: number,
  ) {}

  /** A processed file of one of `types`, as a body field references it. */
  file(field: string, id: string, types: VgFileType[]): FileRecord {
    if (!/^vg_file_[A-Za-z0-9_-]+$/.test(id)) throw invalidParameters(field, `"${id}" is not a file id (expected "vg_file_…")`);
    const record = this.vg.files.get(id);
    if (!record) throw new VideoGenError(404, `Invalid parameters. ${field}: no file found with id "${id}".`);
    const state = computeFileState(record, this.now, this.vg.env.options.processingMs);
    if (record.processing.failure !== null && state.type === null) throw invalidParameters(field, `file "${id}" failed processing and cannot be used`);
    if (state.type === null) throw invalidParameters(field, `file "${id}" is still processing; wait until its type is known`);
    if (!types.includes(state.type)) throw invalidParameters(field, `file "${id}" is ${state.type}, expected ${types.join(' or ')}`);
    if (state.sources.download.status !== 'ready') throw invalidParameters(field, `file "${id}" is still processing; wait until its sources are ready`);
    return record;
  }

  voice(field: string, id: string): void {
    if (!TTS_VOICES.some((v) => v.voiceId === id)) throw invalidParameters(field, `no voice with id "${id}"; list voices with GET /v1/resources/tts-voices`);
  }

  presenter(field: string, id: string): void {
    if (!PRESENTERS.some((p) => p.avatarPresenterId === id)) throw invalidParameters(field, `no presenter with id "${id}"; list them with GET /v1/resources/avatar-presenters`);
  }

  /** A BCP-47 tag whose language is one GET /v1/resources/languages lists. */
  language(field: string, code: string): string {
    if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(code)) throw invalidParameters(field, `"${code}" is not a BCP-47 language code`);
    const primary = code.split('-')[0]!.toLowerCase();
    if (!LANGUAGES.some((l) => l.languageCode === primary)) throw invalidParameters(field, `language "${code}" is not supported; see GET /v1/resources/languages`);
    return code;
  }

  speed(field: string, v: number | null | undefined): void {
    if (typeof v === 'number' && !(v > 0)) throw invalidParameters(field, `must be greater than 0, got ${v}`);
  }

  nonBlank(field: string, v: string): void {
    if (!v.trim()) throw invalidParameters(field, 'must not be blank');
  }

  /** Every remix action's own fields (file types, voices, languages…). */
  remixActions(field: string, actions: readonly RemixAction[] | undefined): void {
    (actions ?? []).forEach((a, i) => {
      const at = `${field}[${i}]`;
      switch (a.type) {
        case 'SET_BACKGROUND_MUSIC':
          if (typeof a.fileId === 'string') this.file(`${at}.fileId`, a.fileId, ['AUDIO']);
          break;
        case 'SET_LOGO':
          if (typeof a.fileId === 'string') this.file(`${at}.fileId`, a.fileId, ['IMAGE']);
          if (typeof a.sizePercent === 'number' && !(a.sizePercent > 0 && a.sizePercent <= 100)) {
            throw invalidParameters(`${at}.sizePercent`, `must be a percentage of the video width, above 0 and at most 100, got ${a.sizePercent}`);
          }
          break;
        case 'CHANGE_NARRATOR':
          this.voice(`${at}.voiceId`, a.voiceId);
          if (typeof a.avatarPresenterId === 'string') this.presenter(`${at}.avatarPresenterId`, a.avatarPresenterId);
          this.speed(`${at}.voiceSpeed`, a.voiceSpeed);
          break;
        case 'TRANSLATE_PROJECT':
          if (!LANGUAGES.some((l) => l.languageCode === a.languageCode)) {
            throw invalidParameters(`${at}.languageCode`, `"${a.languageCode}" is not one of the codes GET /v1/resources/languages returns`);
          }
          break;
        case 'REGENERATE_IMAGES':
          this.nonBlank(`${at}.stylePrompt`, a.stylePrompt);
          break;
        case 'GENERATE_MUSIC':
        case 'EDIT_WITH_AGENT':
          this.nonBlank(`${at}.prompt`, a.prompt);
          break;
        default:
          break;
      }
    });
  }

  /** A section visual for a workflow visual style. */
  private styled(style: VisualStyle, refs: string[], entityName: string | null, i: number, text: string): Visual {
    if (style.type === 'STOCK') return { kind: 'stock', variant: paletteOf('stock', text, i) };
    if (style.type === 'ENTITY') {
      if (refs.length > 0) return { kind: 'file', fileId: refs[i % refs.length]!, animate: false };
      return { kind: 'generated', palette: paletteOf('entity', entityName ?? '', i), animate: false };
    }
    return { kind: 'generated', palette: paletteOf(style.aiStyle ?? '', text, i), animate: false };
  }

  private visualStyle(field: string, style: VisualStyle): { refs: string[]; entityName: string | null } {
    if (style.type === 'AI_IMAGE' && !style.aiStyle?.trim()) throw invalidParameters(`${field}.aiStyle`, 'is required when type is AI_IMAGE');
    if (style.type === 'ENTITY') {
      if (!style.entityId) throw invalidParameters(`${field}.entityId`, 'is required when type is ENTITY');
      const e = usableEntity(this.vg, `${field}.entityId`, style.entityId, 'VISUAL_STYLE');
      return { refs: e.references.map((r) => r.fileId), entityName: e.name };
    }
    return { refs: [], entityName: null };
  }

  private captions(style: CaptionStyle | null | undefined, visibleByDefault: boolean): ProjectContent['captions'] {
    if (style === null) return { visible: false, style: DEFAULT_CAPTION_STYLE };
    return { visible: style !== undefined || visibleByDefault, style: { ...DEFAULT_CAPTION_STYLE, ...stripUndefined(style ?? {}) } };
  }

  private base(title: string, aspect: ProjectContent['aspect'] | undefined, language: string): Omit<ProjectContent, 'sections' | 'narration' | 'captions'> {
    return {
      title,
      aspect: aspect ?? DEFAULT_ASPECT,
      language,
      presenterId: null,
      logo: null,
      music: null,
      musicVolume: DEFAULT_MUSIC_VOLUME,
      transitions: { section: null, asset: null },
    };
  }

  script(body: ScriptToVideo): Built {
    this.nonBlank('script', body.script);
    const { refs, entityName } = this.visualStyle('visualStyle', body.visualStyle);
    if (body.voiceId) this.voice('voiceId', body.voiceId);
    if (body.avatarPresenterId) this.presenter('avatarPresenterId', body.avatarPresenterId);
    this.speed('voiceSpeed', body.voiceSpeed);
    const language = body.language ? this.language('language', body.language) : defaultLanguage(body.voiceId);
    const broll = (body.featuredBRollFileIds ?? []).map((id, i) => this.file(`featuredBRollFileIds[${i}]`, id, ['IMAGE', 'VIDEO']).fileId);
    this.remixActions('remixActions', body.remixActions);

    const sentences = splitSentences(body.script);
    const per = Math.max(SENTENCES_PER_SECTION[body.visualPacing ?? 'MEDIUM'], Math.ceil(sentences.length / MAX_SECTIONS));
    const sections: Section[] = [];
    for (let i = 0; i < sentences.length; i += per) {
      const text = sentences.slice(i, i + per).join(' ');
      const n = sections.length;
      sections.push({ title: `Section ${n + 1}`, spoken: text, caption: text, durationS: null, visual: this.styled(body.visualStyle, refs, entityName, n, text), insetFileId: null });
    }
    // Featured b-roll replaces the visuals of sections spread over the video.
    broll.forEach((fileId, k) => {
      const at = Math.min(sections.length - 1, Math.floor((k * sections.length) / broll.length));
      sections[at]!.visual = { kind: 'file', fileId, animate: false };
    });
    return {
      content: {
        ...this.base(titleFrom(sentences[0] ?? body.script), body.aspectRatio, language),
        sections,
        narration: { kind: 'voice', voiceId: body.voiceId ?? DEFAULT_VOICE.voiceId, speed: body.voiceSpeed ?? 1 },
        presenterId: body.avatarPresenterId ?? null,
        // The brief: the script shows as captions unless a remix action hides them.
        captions: this.captions(undefined, true),
      },
      trigger: `${body.script} ${body.workflowAgentContext ?? ''}`,
    };
  }

  voiceover(body: VoiceoverToVideo): Built {
    const audio = this.file('fileId', body.fileId, ['AUDIO']);
    const { refs, entityName } = this.visualStyle('visualStyle', body.visualStyle);
    const language = body.language ? this.language('language', body.language) : 'en';
    const logo = body.logoFileId ? this.file('logoFileId', body.logoFileId, ['IMAGE']).fileId : null;
    this.remixActions('remixActions', body.remixActions);

    const duration = Math.max(1, audio.processing.media?.durationSeconds ?? 1);
    const count = Math.min(MAX_SECTIONS, Math.max(1, Math.ceil(duration / PACING_SECONDS[body.visualPacing ?? 'MEDIUM'])));
    const chunk = Math.round((duration / count) * 1000) / 1000;
    const words = (audio.transcriptText ?? '').split(/\s+/).filter(Boolean);
    const sections: Section[] = Array.from({ length: count }, (_, i) => {
      const caption = words.slice(Math.floor((i * words.length) / count), Math.floor(((i + 1) * words.length) / count)).join(' ');
      const durationS = i === count - 1 ? Math.round((duration - chunk * (count - 1)) * 1000) / 1000 : chunk;
      return { title: `Section ${i + 1}`, spoken: '', caption, durationS, visual: this.styled(body.visualStyle, refs, entityName, i, `${audio.displayName} ${i}`), insetFileId: null };
    });
    return {
      content: {
        ...this.base(titleFrom(stripExtension(audio.displayName)), body.aspectRatio, language),
        sections,
        narration: { kind: 'file', fileId: audio.fileId },
        captions: this.captions(body.captionStyle, true),
        logo: logo ? { fileId: logo, ...DEFAULT_LOGO } : null,
      },
      trigger: `${audio.displayName} ${body.workflowAgentContext ?? ''}`,
    };
  }

  async slideshow(body: SlideshowToVideo): Promise<Built> {
    const deck = this.file('fileId', body.fileId, ['PDF', 'SLIDESHOW']);
    if (body.voiceId) this.voice('voiceId', body.voiceId);
    if (body.avatarPresenterId) this.presenter('avatarPresenterId', body.avatarPresenterId);
    this.speed('voiceSpeed', body.voiceSpeed);
    const language = body.language ? this.language('language', body.language) : defaultLanguage(body.voiceId);
    const logo = body.logoFileId ? this.file('logoFileId', body.logoFileId, ['IMAGE']).fileId : null;
    this.remixActions('remixActions', body.remixActions);

    const download = computeFileState(deck, this.now, this.vg.env.options.processingMs).sources.download.blob;
    const counted = download ? await countSlides(download.path, deck.processing.type === 'SLIDESHOW' ? 'pptx' : 'pdf') : 0;
    const slides = Math.min(MAX_SLIDES, Math.max(1, counted || (body.slideScripts?.length ?? 0)));
    const sections: Section[] = Array.from({ length: slides }, (_, i) => {
      // Without slideScripts the real API reads the speaker notes; the sandbox cannot, so those slides are silent.
      const text = body.slideScripts?.[i] ?? '';
      return { title: `Slide ${i + 1}`, spoken: text, caption: text, durationS: text.trim() ? null : SILENT_SLIDE_SECONDS, visual: { kind: 'slide', index: i, palette: paletteOf('slide', deck.fileId, i), animate: false }, insetFileId: null };
    });
    return {
      content: {
        ...this.base(titleFrom(stripExtension(deck.displayName)), body.aspectRatio, language),
        sections,
        narration: { kind: 'voice', voiceId: body.voiceId ?? DEFAULT_VOICE.voiceId, speed: body.voiceSpeed ?? 1 },
        presenterId: body.avatarPresenterId ?? null,
        captions: this.captions(body.captionStyle, true),
        logo: logo ? { fileId: logo, ...DEFAULT_LOGO } : null,
      },
      trigger: `${deck.displayName} ${(body.slideScripts ?? []).join(' ')}`,
    };
  }

  storyboard(body: StoryboardToVideo): Built {
    this.remixActions('remixActions', body.remixActions);
    const sections: Section[] = body.scenes.map((scene, i) => {
      const at = `scenes[${i}]`;
      this.nonBlank(`${at}.prompt`, scene.prompt);
      const generation = scene.generation ?? body.defaultGeneration ?? { type: 'AI_IMAGE' as const, aiStyle: null };
      const fromScene = scene.durationSeconds !== null && scene.durationSeconds !== undefined;
      const duration = fromScene ? scene.durationSeconds! : (body.defaultDurationSeconds ?? DEFAULT_SCENE_SECONDS);
      if (generation.type === 'AI_VIDEO') {
        if (body.quality === 'LOW') throw invalidParameters('quality', `LOW is not supported for AI_VIDEO scenes (${at} is generated as a video)`);
        if (duration > 15) throw invalidParameters(fromScene ? `${at}.durationSeconds` : 'defaultDurationSeconds', `must be a whole number between 1 and 15 for AI_VIDEO scenes (${at}), got ${duration}`);
      }
      const actor = scene.actorEntityId ? usableEntity(this.vg, `${at}.actorEntityId`, scene.actorEntityId, 'ACTOR') : null;
      const style = scene.visualStyleEntityId ? usableEntity(this.vg, `${at}.visualStyleEntityId`, scene.visualStyleEntityId, 'VISUAL_STYLE') : null;
      const look = `${scene.prompt} ${generation.aiStyle ?? ''}`;
      let visual: Visual;
      if (generation.type === 'AI_VIDEO') visual = { kind: 'clip', palette: paletteOf(style?.name ?? look, i), durationS: duration };
      else {
        const ref = style ? defaultReference(style) : null;
        visual = ref ? { kind: 'file', fileId: ref, animate: false } : { kind: 'generated', palette: paletteOf(style?.name ?? look, i), animate: false };
      }
      const title = scene.title?.trim() || `Scene ${i + 1}`;
      const spoken = scene.voiceoverScript ?? '';
      return { title, spoken, caption: spoken.trim() ? spoken : title, durationS: duration, visual, insetFileId: actor ? defaultReference(actor) : null };
    });
    const first = body.scenes[0]!;
    return {
      content: {
        ...this.base(titleFrom(first.title?.trim() || first.prompt), body.aspectRatio, 'en'),
        sections,
        narration: { kind: 'voice', voiceId: DEFAULT_VOICE.voiceId, speed: 1 },
        // "ENABLE_CAPTIONS shows and styles captions" for storyboards: hidden until asked for.
        captions: this.captions(undefined, false),
      },
      trigger: [...body.scenes.flatMap((s) => [s.prompt, s.voiceoverScript ?? '']), body.workflowAgentContext ?? ''].join(' '),
    };
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function defaultLanguage(voiceId: string | null | undefined): string {
  return TTS_VOICES.find((v) => v.voiceId === voiceId)?.languageCode ?? DEFAULT_VOICE.languageCode;
}

export function splitSentences(text: string): string[] {
  const normalised = text.replace(/\s+/g, ' ').trim();
  return (normalised.match(/[^.!?]+(?:[.!?]+["')\]]*|$)/g) ?? [normalised]).map((s) => s.trim()).filter(Boolean);
}

/** A project title: the first sentence, at most 60 characters, cut at a word. */
export function titleFrom(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim().replace(/[.!?]+$/, '');
  if (clean.length <= 60) return clean || 'Untitled video';
  const cut = clean.slice(0, 60);
  return `${cut.slice(0, Math.max(20, cut.lastIndexOf(' '))).trimEnd()}…`;
}

function stripExtension(name: string): string {
  return name.replace(/\.[A-Za-z0-9]{1,5}$/, '');
}

/**
 * Pages of a PDF (`/Type /Page` objects) or slides of a PowerPoint deck (`ppt/slides/slideN.xml`
 * entries), read from at most the first and last 8 MB. 0 when none can be seen (e.g. a PDF
 * whose page objects are compressed).
 */
export async function countSlides(file: string, kind: 'pdf' | 'pptx'): Promise<number> {
  const size = (await stat(file)).size;
  const window = 8 * 1024 * 1024;
  const fh = await open(file, 'r');
  let text: string;
  try {
    const read = async (at: number, length: number) => {
      const buf = Buffer.alloc(length);
      await fh.read(buf, 0, length, at);
      return buf.toString('latin1');
    };
    text = size <= 2 * window ? await read(0, size) : (await read(0, window)) + (await read(size - window, window));
  } finally {
    await fh.close();
  }
  if (kind === 'pdf') return (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
  return new Set(text.match(/ppt\/slides\/slide\d+\.xml/g) ?? []).size;
}
