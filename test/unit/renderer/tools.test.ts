import { describe, expect, it } from 'vitest';
import {
  TOOLS,
  aspectFromParam,
  aspectToParam,
  batchTools,
  buildLipsync,
  buildParams,
  defaultValues,
  toolById,
  validate,
  valuesFromParams,
  visibleFields,
  type FormValues,
  type ToolDef,
} from '../../../renderer/generate/tools';
import type { SyncModelView, TtsVoiceView } from '../../../main/contract';
import { TOOL_NAMES } from '../../../main/contract/tool-catalog';

/** Every tool of the contract's catalogue has a form, plus lip-sync (the catalogue is the one list). */
const REQUIRED_TOOLS = [...TOOL_NAMES, 'lipsync'];

const tool = (id: string): ToolDef => {
  const t = toolById(id);
  if (!t) throw new Error(`no tool ${id}`);
  return t;
};
const withValues = (id: string, patch: FormValues) => ({ ...defaultValues(tool(id)), ...patch });

describe('tool form definitions', () => {
  it('has exactly one form per tool in the spec, plus lip-sync', () => {
    expect([...TOOLS.map((t) => t.id)].sort()).toEqual([...REQUIRED_TOOLS].sort());
    expect(new Set(TOOLS.map((t) => t.id)).size).toBe(TOOLS.length);
  });

  it('every tool has fields, a label, a description and unique field keys', () => {
    for (const t of TOOLS) {
      expect(t.fields.length, t.id).toBeGreaterThan(0);
      expect(t.label, t.id).toBeTruthy();
      expect(t.description, t.id).toBeTruthy();
      expect(new Set(t.fields.map((f) => f.key)).size, t.id).toBe(t.fields.length);
    }
  });

  it('every VideoGen tool offers numResults 1–100 and isOutputTemporary', () => {
    for (const t of TOOLS.filter((x) => x.provider === 'videogen')) {
      const n = t.fields.find((f) => f.key === 'numResults');
      expect(n, t.id).toMatchObject({ kind: 'int', min: 1, max: 100 });
      expect(t.fields.find((f) => f.key === 'isOutputTemporary')?.kind, t.id).toBe('boolean');
    }
  });

  it('watermark (AUTO/VIDEO_GEN/NONE) exactly where the spec has it', () => {
    const withWatermark = TOOLS.filter((t) => t.fields.some((f) => f.key === 'watermarkMode')).map((t) => t.id);
    expect(withWatermark.sort()).toEqual(
      [
        'generate-image',
        'generate-video-clip',
        'generate-avatar',
        'vectorize-image',
        'remove-image-background',
        'remove-video-background',
        'upscale-image',
        'upscale-video',
        'image-3d-effect',
      ].sort(),
    );
    const wm = tool('generate-image').fields.find((f) => f.key === 'watermarkMode')!;
    expect(wm.options!.map((o) => o.value).sort()).toEqual(['AUTO', 'NONE', 'VIDEO_GEN']);
  });

  it('quality choices per tool: image LOW/STANDARD/HIGH, clip STANDARD/HIGH', () => {
    const q = (id: string) => tool(id).fields.find((f) => f.key === 'quality')!.options!.map((o) => o.value);
    expect(q('generate-image')).toEqual(['LOW', 'STANDARD', 'HIGH']);
    expect(q('generate-video-clip')).toEqual(['STANDARD', 'HIGH']);
    expect(validate(tool('generate-video-clip'), withValues('generate-video-clip', { prompt: 'x', quality: 'LOW' }))).toHaveProperty('quality');
  });

  it('defaults validate for tools whose only requirement is a default-able field', () => {
    expect(validate(tool('generate-image'), withValues('generate-image', { prompt: 'a cat' }))).toEqual({});
    expect(validate(tool('generate-music'), withValues('generate-music', { prompt: 'jazz' }))).toEqual({});
  });
});

describe('limits are enforced before sending', () => {
  it('requires a prompt for images', () => {
    expect(validate(tool('generate-image'), withValues('generate-image', { prompt: '  ' }))).toEqual({ prompt: 'Prompt is required.' });
  });

  it('at most 4 reference images (and 4 of each clip reference)', () => {
    const five = ['a', 'b', 'c', 'd', 'e'];
    expect(validate(tool('generate-image'), withValues('generate-image', { prompt: 'x', imageFileIds: five }))).toHaveProperty('imageFileIds');
    expect(validate(tool('generate-image'), withValues('generate-image', { prompt: 'x', imageFileIds: five.slice(0, 4) }))).toEqual({});
    for (const k of ['imageFileIds', 'videoFileIds', 'audioFileIds']) {
      expect(validate(tool('generate-video-clip'), withValues('generate-video-clip', { prompt: 'x', [k]: five })), k).toHaveProperty(k);
    }
  });

  it('clip duration is a whole number of seconds, 1–15', () => {
    const v = (d: string) => validate(tool('generate-video-clip'), withValues('generate-video-clip', { prompt: 'x', durationSeconds: d }));
    expect(v('0')).toHaveProperty('durationSeconds', 'Duration (s) must be between 1 and 15.');
    expect(v('16')).toHaveProperty('durationSeconds');
    expect(v('2.5')).toHaveProperty('durationSeconds', 'Duration (s) must be a whole number.');
    expect(v('1')).toEqual({});
    expect(v('15')).toEqual({});
    expect(v('')).toEqual({}); // optional: the API's default (6)
  });

  it('numResults 1–100, whole', () => {
    const v = (n: string) => validate(tool('upscale-image'), withValues('upscale-image', { imageStorageFileId: 'f', numResults: n }));
    expect(v('0')).toHaveProperty('numResults');
    expect(v('101')).toHaveProperty('numResults');
    expect(v('1.5')).toHaveProperty('numResults');
    expect(v('')).toHaveProperty('numResults');
    expect(v('100')).toEqual({});
  });

  it('clip needs at least one of prompt or reference media', () => {
    const e = validate(tool('generate-video-clip'), withValues('generate-video-clip', { prompt: '' }));
    expect(e['_form']).toMatch(/at least one of/);
    expect(validate(tool('generate-video-clip'), withValues('generate-video-clip', { prompt: '', imageFileIds: ['f'] }))).toEqual({});
  });

  it('aspect ratio: presets or custom whole numbers ≥ 1', () => {
    const v = (a: unknown) => validate(tool('generate-image'), withValues('generate-image', { prompt: 'x', aspectRatio: a as never }));
    for (const p of ['16:9', '9:16', '1:1', '4:3']) expect(v({ preset: p, width: '', height: '' })).toEqual({});
    expect(v({ preset: 'custom', width: '21', height: '9' })).toEqual({});
    expect(v({ preset: 'custom', width: '0', height: '9' })).toHaveProperty('aspectRatio');
    expect(v({ preset: 'custom', width: '2.5', height: '1' })).toHaveProperty('aspectRatio');
    expect(v({ preset: 'custom', width: '', height: '1' })).toHaveProperty('aspectRatio');
    expect(aspectToParam({ preset: '9:16', width: '', height: '' })).toEqual({ width: 9, height: 16 });
    expect(aspectToParam({ preset: 'custom', width: '21', height: '9' })).toEqual({ width: 21, height: 9 });
    expect(aspectFromParam({ width: 4, height: 3 }).preset).toBe('4:3');
    expect(aspectFromParam({ width: 5, height: 4 })).toEqual({ preset: 'custom', width: '5', height: '4' });
  });

  it('sound effect duration 1–30 s', () => {
    const v = (d: string) => validate(tool('generate-sound-effect'), withValues('generate-sound-effect', { prompt: 'x', durationSeconds: d }));
    expect(v('31')).toHaveProperty('durationSeconds');
    expect(v('0.5')).toHaveProperty('durationSeconds');
    expect(v('12.5')).toEqual({});
  });

  it('text-to-speech: only voices that support direct tool execution', () => {
    const voices: TtsVoiceView[] = [
      { voiceId: 'v1', displayName: 'Ava', languageCode: 'en-US', gender: 'FEMALE', accent: null, supportsDirectToolExecution: true, deprecated: false },
      { voiceId: 'v2', displayName: 'Old', languageCode: 'en-US', gender: 'MALE', accent: null, supportsDirectToolExecution: false, deprecated: false },
    ];
    const t = tool('text-to-speech');
    expect(validate(t, withValues('text-to-speech', { ttsText: 'hi', voiceId: 'v2' }), { ctx: { voices } })).toHaveProperty('voiceId');
    expect(validate(t, withValues('text-to-speech', { ttsText: 'hi', voiceId: 'nope' }), { ctx: { voices } })).toHaveProperty('voiceId');
    expect(validate(t, withValues('text-to-speech', { ttsText: 'hi', voiceId: 'v1' }), { ctx: { voices } })).toEqual({});
    expect(validate(t, withValues('text-to-speech', { ttsText: 'hi', voiceId: 'v1', speechLanguageCode: 'eng' }), { ctx: { voices } })).toHaveProperty('speechLanguageCode');
  });

  it('single-file tools require their file, except in batch mode', () => {
    const t = tool('upscale-image');
    expect(validate(t, defaultValues(t))).toHaveProperty('imageStorageFileId');
    expect(validate(t, defaultValues(t), { batchParam: 'imageStorageFileId' })).toEqual({});
    expect(batchTools().map((b) => b.tool.id)).toContain('upscale-image');
    expect(batchTools().find((b) => b.tool.id === 'upscale-video')?.accept).toEqual(['VIDEO']);
  });

  it('lip-sync: image input only with image-capable models; script under 5,000 characters', () => {
    const models: SyncModelView[] = [
      { id: 'sync-3', name: 'sync-3', type: 'lipsync', acceptsImage: true, deprecated: false },
      { id: 'lipsync-2', name: 'lipsync-2', type: 'lipsync', acceptsImage: false, deprecated: false },
    ];
    const t = tool('lipsync');
    const base = withValues('lipsync', { visual: { kind: 'library', fileId: 'v' }, audio: { kind: 'library', fileId: 'a' } });
    expect(validate(t, base, { ctx: { models } })).toEqual({});
    expect(validate(t, { ...base, model: 'lipsync-2', visualType: 'image' }, { ctx: { models } })).toHaveProperty('visualType');
    const long = { ...base, voiceType: 'text', voiceId: 'el', script: 'x'.repeat(5000) };
    expect(validate(t, long, { ctx: { models } })).toHaveProperty('script');
    expect(validate(t, { ...long, script: 'x'.repeat(4999) }, { ctx: { models } })).toEqual({});
    expect(validate(t, { ...base, outputFileName: 'bad name!' })).toHaveProperty('outputFileName');
    expect(validate(t, { ...base, visual: { kind: 'url', url: 'ftp://x' } })).toHaveProperty('visual');
  });
});

describe('text-to-speech language', () => {
  const languages = [
    { languageCode: 'es', name: 'Spanish' },
    { languageCode: 'fr', name: 'French' },
  ];
  const t = tool('text-to-speech');
  const base = { ttsText: 'hola', voiceId: 'v1' };
  it('is one of the languages VideoGen lists, or none', () => {
    expect(t.fields.find((f) => f.key === 'speechLanguageCode')?.kind).toBe('language');
    expect(validate(t, withValues('text-to-speech', { ...base, speechLanguageCode: 'es' }), { ctx: { languages } })).toEqual({});
    expect(validate(t, withValues('text-to-speech', { ...base, speechLanguageCode: '' }), { ctx: { languages } })).toEqual({});
    expect(validate(t, withValues('text-to-speech', { ...base, speechLanguageCode: 'de' }), { ctx: { languages } })).toEqual({ speechLanguageCode: 'Pick a language from the list.' });
    expect(validate(t, withValues('text-to-speech', { ...base, speechLanguageCode: 'Spanish' }), {})).toEqual({ speechLanguageCode: 'Pick a language from the list.' });
  });
  it('is sent as its code, and left out when empty', () => {
    expect(buildParams(t, withValues('text-to-speech', { ...base, speechLanguageCode: 'es' }))).toMatchObject({ speechLanguageCode: 'es' });
    expect(buildParams(t, withValues('text-to-speech', { ...base, speechLanguageCode: '' }))).not.toHaveProperty('speechLanguageCode');
    expect(valuesFromParams(t, { ...base, speechLanguageCode: 'fr' })['speechLanguageCode']).toBe('fr');
  });
});

describe('requests', () => {
  it('buildParams sends what the person set, typed, and leaves empty optionals out', () => {
    const v = withValues('generate-video-clip', {
      prompt: '  a dog  ',
      durationSeconds: '8',
      imageFileIds: ['f1'],
      aspectRatio: { preset: '9:16', width: '9', height: '16' },
    });
    expect(buildParams(tool('generate-video-clip'), v)).toEqual({
      prompt: 'a dog',
      quality: 'STANDARD',
      durationSeconds: 8,
      aspectRatio: { width: 9, height: 16 },
      generateAudio: false,
      imageFileIds: ['f1'],
      numResults: 1,
      watermarkMode: 'AUTO',
      isOutputTemporary: false,
    });
  });

  it('batch params leave out the per-file parameter', () => {
    const p = buildParams(tool('upscale-image'), withValues('upscale-image', { imageStorageFileId: 'x' }), { batchParam: 'imageStorageFileId' });
    expect(p).not.toHaveProperty('imageStorageFileId');
    expect(p).toMatchObject({ numResults: 1 });
  });

  it('Reuse: a stored request comes back as the same form (round trip)', () => {
    for (const t of TOOLS.filter((x) => x.provider === 'videogen')) {
      const v = defaultValues(t);
      for (const f of t.fields) {
        if (f.kind === 'prompt' || f.kind === 'textarea') v[f.key] = `text for ${f.key}`;
        if (f.kind === 'file' || f.kind === 'voice' || f.kind === 'presenter') v[f.key] = `id-${f.key}`;
        if (f.kind === 'files') v[f.key] = ['a', 'b'];
        if (f.kind === 'int') v[f.key] = String(f.max ?? 3);
      }
      const params = buildParams(t, v);
      expect(buildParams(t, valuesFromParams(t, params)), t.id).toEqual(params);
    }
  });

  it('lip-sync request: model, visual, voice and only the options set', () => {
    const v = withValues('lipsync', {
      model: 'react-1',
      visual: { kind: 'library', fileId: 'vid' },
      voiceType: 'text',
      voiceId: 'el-1',
      script: ' Hello ',
      sync_mode: 'loop',
      temperature: '0.3',
      model_mode: 'head',
      emotion: 'happy',
    });
    const req = buildLipsync(v);
    expect(req).toEqual({
      model: 'react-1',
      visual: { type: 'video', ref: { kind: 'library', fileId: 'vid' } },
      voice: { type: 'text', voiceId: 'el-1', script: 'Hello' },
      options: { sync_mode: 'loop', temperature: 0.3, model_mode: 'head', prompt: 'happy' },
    });
    // Options that belong to other models are not sent.
    const s3 = buildLipsync({ ...v, model: 'sync-3' });
    expect(s3.options).toEqual({ sync_mode: 'loop' });
    expect(buildLipsync(valuesFromParams(tool('lipsync'), req as never))).toEqual(req);
  });

  it('hidden fields are neither validated nor sent', () => {
    const t = tool('lipsync');
    const v = withValues('lipsync', { voiceType: 'audio' });
    expect(visibleFields(t, v).map((f) => f.key)).not.toContain('script');
    expect(validate(t, v)).not.toHaveProperty('script');
  });
});
