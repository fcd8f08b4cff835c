// Pure parts of workflows and exports: remix actions as content changes, script splitting,
// slide counting, the ffmpeg composition plan, output sizes, caption looks, text generation,
// narration voices and WAV lengths.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compositionArgs, previewSize, wrapText, type CompositionSpec } from '../../../main/sandbox/media/compose';
import { espeakVoice, wavDuration } from '../../../main/sandbox/media/narration';
import { sniff } from '../../../main/sandbox/media/sniff';
import { countSlides, splitSentences, titleFrom } from '../../../main/sandbox/videogen/studio/builders';
import { applyRemix, DEFAULT_CAPTION_STYLE, removeFillers, type ProjectContent } from '../../../main/sandbox/videogen/studio/content';
import { captionLook, outputSize } from '../../../main/sandbox/videogen/studio/render';
import { generateText, topicOf } from '../../../main/sandbox/videogen/text';
import { pdfWithPages, pptxWithSlides } from '../../integration/sandbox/support/documents';

const content = (): ProjectContent => ({
  title: 'T',
  aspect: { width: 16, height: 9 },
  sections: [
    { title: 'S1', spoken: 'Um, water is good.', caption: 'Um, water is good.', durationS: null, visual: { kind: 'generated', palette: 1, animate: false }, insetFileId: null },
    { title: 'S2', spoken: '', caption: 'Stock', durationS: 4, visual: { kind: 'stock', variant: 2 }, insetFileId: null },
  ],
  narration: { kind: 'voice', voiceId: 'vg_voic_x', speed: 1 },
  language: 'en-US',
  presenterId: null,
  captions: { visible: true, style: DEFAULT_CAPTION_STYLE },
  logo: null,
  music: null,
  musicVolume: 0.3,
  transitions: { section: null, asset: null },
});

describe('remix actions as content changes', () => {
  it('sets and removes music, logo and captions, keeping what a null or omitted field leaves alone', () => {
    let c = applyRemix(content(), { type: 'SET_BACKGROUND_MUSIC', fileId: 'vg_file_m', volume: 0.8 }).content;
    expect(c.music).toEqual({ kind: 'file', fileId: 'vg_file_m' });
    expect(c.musicVolume).toBe(0.8);
    c = applyRemix(c, { type: 'SET_BACKGROUND_MUSIC', volume: null }).content;
    expect(c.musicVolume).toBe(0.8);
    expect(applyRemix(c, { type: 'SET_BACKGROUND_MUSIC', fileId: null }).content.music).toBeNull();
    expect(applyRemix(c, { type: 'GENERATE_MUSIC', prompt: 'lofi' }).content.music).toEqual({ kind: 'generated', prompt: 'lofi' });

    c = applyRemix(c, { type: 'SET_LOGO', fileId: 'vg_file_l', sizePercent: 30 }).content;
    expect(c.logo).toEqual({ fileId: 'vg_file_l', position: 'BOTTOM_RIGHT', sizePercent: 30 });
    c = applyRemix(c, { type: 'SET_LOGO', position: 'TOP_LEFT' }).content;
    expect(c.logo).toEqual({ fileId: 'vg_file_l', position: 'TOP_LEFT', sizePercent: 30 });
    expect(applyRemix(c, { type: 'SET_LOGO', fileId: null }).content.logo).toBeNull();
    expect(applyRemix(content(), { type: 'SET_LOGO', position: 'TOP_LEFT' }).skipped).toBe(true);

    const hidden = applyRemix(content(), { type: 'DISABLE_CAPTIONS' }).content;
    expect(hidden.captions.visible).toBe(false);
    const shown = applyRemix(hidden, { type: 'ENABLE_CAPTIONS', captionStyle: { verticalAlignment: 'TOP' } }).content;
    expect(shown.captions).toEqual({ visible: true, style: { ...DEFAULT_CAPTION_STYLE, verticalAlignment: 'TOP' } });
    // Re-enabling without a style keeps the current one.
    expect(applyRemix(applyRemix(shown, { type: 'DISABLE_CAPTIONS' }).content, { type: 'ENABLE_CAPTIONS', captionStyle: null }).content.captions).toEqual(shown.captions);
  });

  it('resizes, adds transitions, animates stills, restyles, shuffles stock, re-narrates and translates; skips when nothing is eligible', () => {
    const base = content();
    expect(applyRemix(base, { type: 'RESIZE_PROJECT', aspectRatio: { width: 9, height: 16 } }).content.aspect).toEqual({ width: 9, height: 16 });
    const t = applyRemix(base, { type: 'ADD_TRANSITIONS', sectionTransition: 'FADE', assetTransition: null }).content;
    expect(t.transitions).toEqual({ section: 'FADE', asset: null });
    expect(applyRemix(t, { type: 'ADD_TRANSITIONS', sectionTransition: null }).content.transitions.section).toBe('FADE');
    const animated = applyRemix(base, { type: 'CONVERT_IMAGES_TO_VIDEOS' });
    expect(animated.content.sections[0]!.visual).toMatchObject({ kind: 'generated', animate: true });
    expect(applyRemix(animated.content, { type: 'CONVERT_IMAGES_TO_VIDEOS' }).skipped).toBe(true);
    const restyled = applyRemix(base, { type: 'REGENERATE_IMAGES', stylePrompt: 'ink' }).content.sections[0]!.visual;
    expect(restyled).toEqual(applyRemix(base, { type: 'REGENERATE_IMAGES', stylePrompt: 'ink' }).content.sections[0]!.visual);
    expect(applyRemix(base, { type: 'SHUFFLE_STOCK_VISUALS' }).content.sections[1]!.visual).toEqual({ kind: 'stock', variant: 3 });
    const narrator = applyRemix(base, { type: 'CHANGE_NARRATOR', voiceId: 'vg_voic_y', avatarPresenterId: 'vg_pres_p' }).content;
    expect(narrator.narration).toEqual({ kind: 'voice', voiceId: 'vg_voic_y', speed: 1 });
    expect(narrator.presenterId).toBe('vg_pres_p');
    expect(applyRemix({ ...base, narration: { kind: 'file', fileId: 'vg_file_v' } }, { type: 'CHANGE_NARRATOR', voiceId: 'vg_voic_y' }).skipped).toBe(true);
    const spanish = applyRemix(base, { type: 'TRANSLATE_PROJECT', languageCode: 'es' }).content;
    expect(spanish.language).toBe('es');
    expect(spanish.narration).not.toEqual(base.narration);
    expect(applyRemix(base, { type: 'TRANSLATE_PROJECT', languageCode: 'es', changeVoice: false }).content.narration).toEqual(base.narration);
    const cleaned = applyRemix(base, { type: 'CLEAN_UP_TRANSCRIPT' });
    expect(cleaned.content.sections[0]!.spoken).toBe('water is good.');
    expect(applyRemix(cleaned.content, { type: 'CLEAN_UP_TRANSCRIPT' }).skipped).toBe(true);
    for (const type of ['UPSCALE_ASSETS', 'EDIT_WITH_AGENT'] as const) {
      const action = type === 'EDIT_WITH_AGENT' ? { type, prompt: 'x' } : { type };
      expect(applyRemix(base, action).content).toEqual(base);
    }
    // Pure: the input is never changed.
    expect(base).toEqual(content());
  });

  it('removes filler words and phrases, whole words only', () => {
    expect(removeFillers('Um, so, you know, the plan is uh simple.', ['um', 'uh', 'you know'])).toBe('so, the plan is simple.');
    expect(removeFillers('Umbrellas and humming.', ['um'])).toBe('Umbrellas and humming.');
    expect(removeFillers('I mean it.', ['i mean'])).toBe('it.');
  });
});

describe('building projects', () => {
  it('splits scripts into sentences and titles from the first one', () => {
    expect(splitSentences('One. Two!  Three? "Four." Five')).toEqual(['One.', 'Two!', 'Three?', '"Four."', 'Five']);
    expect(titleFrom('Staying hydrated keeps you sharp.')).toBe('Staying hydrated keeps you sharp');
    const long = titleFrom('A very long first sentence that goes on and on well beyond the sixty characters a title may have.');
    expect(long.length).toBeLessThanOrEqual(61);
    expect(long.endsWith('…')).toBe(true);
  });

  it('counts PDF pages and PowerPoint slides from the bytes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'atelier-slides-'));
    writeFileSync(path.join(dir, 'a.pdf'), pdfWithPages(5));
    writeFileSync(path.join(dir, 'b.pptx'), pptxWithSlides(3));
    expect(await countSlides(path.join(dir, 'a.pdf'), 'pdf')).toBe(5);
    expect(await countSlides(path.join(dir, 'b.pptx'), 'pptx')).toBe(3);
    expect(sniff(pptxWithSlides(1))).toMatchObject({ type: 'SLIDESHOW', ext: 'pptx', ambiguous: true });
  });
});

describe('export composition', () => {
  const spec = (over: Partial<CompositionSpec> = {}): CompositionSpec => ({
    width: 1280,
    height: 720,
    sections: [
      { durationS: 2, visual: { kind: 'image', path: '/a.png', animate: false }, caption: 'Hello there', narration: '/n0.wav', fadeIn: false, fadeOut: true, inset: null },
      { durationS: 3, visual: { kind: 'video', path: '/b.mp4' }, caption: null, narration: null, fadeIn: true, fadeOut: false, inset: '/actor.png' },
    ],
    voiceTrack: null,
    captions: captionLook(DEFAULT_CAPTION_STYLE, 720),
    logo: { path: '/logo.png', position: 'TOP_RIGHT', widthPercent: 20 },
    music: { path: '/m.m4a', volume: 0.5 },
    ...over,
  });

  it('reads each input once and writes MP4, HLS and a thumbnail from one run', () => {
    const plan = compositionArgs(spec(), true, '/font.ttf');
    const inputs = plan.args.filter((a) => a === '-i').length;
    // 2 visuals, 1 narration, 1 silence, 1 inset, 1 logo, 1 music.
    expect(inputs).toBe(7);
    expect(plan.durationS).toBe(5);
    expect(plan.files).toEqual([['caption-0.txt', 'Hello there']]);
    const graph = plan.args[plan.args.indexOf('-filter_complex') + 1]!;
    expect(graph).toContain('concat=n=2:v=1:a=1');
    expect(graph).toContain('drawtext=fontfile=/font.ttf:textfile=caption-0.txt');
    expect(graph).toContain('amix=inputs=2');
    expect(graph).toContain('overlay=x=W-w-');
    expect(graph).toContain('fade=t=out');
    expect(plan.args).toContain('thumb.jpg');
    expect(plan.separatePreview).toBe(false);
    expect(plan.args.some((a) => a.includes('download.mp4|') && a.includes('hls/index.m3u8'))).toBe(true);
  });

  it('leaves captions out without drawtext, takes one voice track, and adds a 720p preview above 720p', () => {
    const noCaptions = compositionArgs(spec(), false, '/font.ttf');
    expect(noCaptions.files).toEqual([]);
    expect(noCaptions.args.join(' ')).not.toContain('drawtext');
    const voiced = compositionArgs(spec({ voiceTrack: '/voice.m4a', sections: spec().sections.map((s) => ({ ...s, narration: null })) }), true, '/font.ttf');
    expect(voiced.args[voiced.args.indexOf('-filter_complex') + 1]).toContain('concat=n=2:v=1:a=0');
    const big = compositionArgs(spec({ width: 1920, height: 1080 }), true, '/font.ttf');
    expect(big.separatePreview).toBe(true);
    expect(big.preview).toEqual({ width: 1280, height: 720 });
    expect(big.args).toContain('download.mp4');
    expect(previewSize({ width: 1080, height: 1920 })).toEqual({ width: 720, height: 1280 });
  });

  it('wraps captions to lines and elides the rest', () => {
    expect(wrapText('one two three four five six', 9, 2)).toBe('one two\nthree…');
    expect(wrapText('short', 20, 3)).toBe('short');
  });

  it('sizes outputs by quality tier (the short side) and caps the long side', () => {
    expect(outputSize({ width: 16, height: 9 }, 'STANDARD')).toEqual({ width: 854, height: 480 });
    expect(outputSize({ width: 16, height: 9 }, 'HIGH')).toEqual({ width: 1280, height: 720 });
    expect(outputSize({ width: 16, height: 9 }, 'FULL_HIGH')).toEqual({ width: 1920, height: 1080 });
    expect(outputSize({ width: 16, height: 9 }, 'ULTRA_HIGH')).toEqual({ width: 3840, height: 2160 });
    expect(outputSize({ width: 9, height: 16 }, 'HIGH')).toEqual({ width: 720, height: 1280 });
    expect(outputSize({ width: 1, height: 1 }, 'HIGH')).toEqual({ width: 720, height: 720 });
    expect(outputSize({ width: 100, height: 1 }, 'HIGH')).toEqual({ width: 3840, height: 38 });
  });

  it('maps caption styles to a look', () => {
    const look = captionLook({ fontSize: 108, textColor: { red: 255, green: 0, blue: 16 }, verticalAlignment: 'TOP', textJustification: 'LEFT', backgroundStyle: null, strokeColor: { red: 0, green: 0, blue: 0 }, strokeWeight: 4 }, 540);
    expect(look).toEqual({ color: '0xff0010', sizeShare: 0.1, justify: 'LEFT', vertical: 'TOP', box: null, stroke: { color: '0x000000', width: 2 } });
  });
});

describe('text generation', () => {
  it('is deterministic and about the prompt’s topic', () => {
    const prompt = 'Write a video script about honey bees.';
    expect(generateText({ prompt })).toBe(generateText({ prompt }));
    expect(generateText({ prompt })).toContain('honey bees');
    expect(generateText({ prompt, quality: 'LOW' })).not.toBe(generateText({ prompt, quality: 'MAX' }));
    expect(topicOf('Explain photosynthesis to kids')).toBe('photosynthesis to kids');
    expect(topicOf('Write a concise title for a video about staying hydrated.')).toBe('staying hydrated');
    expect(generateText({ prompt: 'A title for a video about tea' })).toBe('Tea' + generateText({ prompt: 'A title for a video about tea' }).slice(3));
    expect(generateText({ prompt, maxOutputTokens: 4 }).split(' ').length).toBeLessThanOrEqual(3);
  });
});

describe('narration', () => {
  it('picks espeak-ng voices by language and gender', () => {
    expect(espeakVoice({ language: 'en-US', gender: 'FEMALE', speed: 1 })).toBe('en-us+f3');
    expect(espeakVoice({ language: 'en-GB', gender: 'MALE', speed: 1 })).toBe('en-gb+m3');
    expect(espeakVoice({ language: 'zh', gender: 'NEUTRAL', speed: 1 })).toBe('cmn+m1');
    expect(espeakVoice({ language: 'es-MX', gender: 'MALE', speed: 1 })).toBe('es+m3');
  });

  it('reads a WAV’s length from its header', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'atelier-wav-'));
    const rate = 22050;
    const data = Buffer.alloc(rate * 2 * 3);
    const header = Buffer.alloc(44);
    header.write('RIFF', 0, 'ascii');
    header.writeUInt32LE(36 + data.length, 4);
    header.write('WAVEfmt ', 8, 'ascii');
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20);
    header.writeUInt16LE(1, 22);
    header.writeUInt32LE(rate, 24);
    header.writeUInt32LE(rate * 2, 28);
    header.writeUInt16LE(2, 32);
    header.writeUInt16LE(16, 34);
    header.write('data', 36, 'ascii');
    header.writeUInt32LE(data.length, 40);
    const file = path.join(dir, 'a.wav');
    writeFileSync(file, Buffer.concat([header, data]));
    expect(await wavDuration(file)).toBe(3);
    writeFileSync(path.join(dir, 'b.wav'), 'not a wav');
    await expect(wavDuration(path.join(dir, 'b.wav'))).rejects.toThrow(/not a WAV/);
  });
});
