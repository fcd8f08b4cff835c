import { describe, expect, it } from 'vitest';
import { TOOL_NAMES, isToolName, toolMeta } from '../../../main/contract/tool-catalog';
import { toolRequestSchemas } from '../../../main/contract/tools';

const ok = (name: keyof typeof toolRequestSchemas, body: unknown) => toolRequestSchemas[name].safeParse(body).success;

describe('tool request schemas (as the spec)', () => {
  it('lists the twelve tools with meta for each', () => {
    expect(TOOL_NAMES).toHaveLength(12);
    for (const name of TOOL_NAMES) {
      expect(toolRequestSchemas[name]).toBeDefined();
      expect(toolMeta[name].label).not.toBe('');
    }
    expect(isToolName('upscale-video')).toBe(true);
    expect(isToolName('generate-text')).toBe(false);
  });

  it('generate-image: prompt and quality required; ≤4 reference images; enums', () => {
    expect(ok('generate-image', { prompt: 'fox', quality: 'LOW' })).toBe(true);
    expect(ok('generate-image', { prompt: 'fox' })).toBe(false);
    expect(ok('generate-image', { prompt: '  ', quality: 'LOW' })).toBe(false);
    expect(ok('generate-image', { prompt: 'fox', quality: 'ULTRA' })).toBe(false);
    expect(ok('generate-image', { prompt: 'fox', quality: 'HIGH', imageFileIds: ['a', 'b', 'c', 'd'] })).toBe(true);
    expect(ok('generate-image', { prompt: 'fox', quality: 'HIGH', imageFileIds: ['a', 'b', 'c', 'd', 'e'] })).toBe(false);
    expect(ok('generate-image', { prompt: 'fox', quality: 'HIGH', watermarkMode: 'NONE' })).toBe(true);
    expect(ok('generate-image', { prompt: 'fox', quality: 'HIGH', watermarkMode: 'OFF' })).toBe(false);
  });

  it('common: numResults 1..100 integer, aspectRatio integers ≥ 1, no unknown fields', () => {
    const base = { prompt: 'fox', quality: 'STANDARD' };
    expect(ok('generate-image', { ...base, numResults: 1 })).toBe(true);
    expect(ok('generate-image', { ...base, numResults: 100 })).toBe(true);
    expect(ok('generate-image', { ...base, numResults: 0 })).toBe(false);
    expect(ok('generate-image', { ...base, numResults: 101 })).toBe(false);
    expect(ok('generate-image', { ...base, numResults: 1.5 })).toBe(false);
    expect(ok('generate-image', { ...base, aspectRatio: { width: 16, height: 9 } })).toBe(true);
    expect(ok('generate-image', { ...base, aspectRatio: { width: 0, height: 9 } })).toBe(false);
    expect(ok('generate-image', { ...base, aspectRatio: { width: 1.5, height: 1 } })).toBe(false);
    expect(ok('generate-image', { ...base, numResult: 2 })).toBe(false);
  });

  it('generate-video-clip: quality + at least one of prompt / image / video / audio ids; duration 1..15', () => {
    expect(ok('generate-video-clip', { quality: 'STANDARD', prompt: 'waves' })).toBe(true);
    expect(ok('generate-video-clip', { quality: 'STANDARD', audioFileIds: ['vg_file_a'] })).toBe(true);
    expect(ok('generate-video-clip', { quality: 'STANDARD' })).toBe(false);
    expect(ok('generate-video-clip', { quality: 'STANDARD', prompt: '', imageFileIds: [] })).toBe(false);
    expect(ok('generate-video-clip', { prompt: 'waves' })).toBe(false);
    expect(ok('generate-video-clip', { quality: 'LOW', prompt: 'waves' })).toBe(false);
    expect(ok('generate-video-clip', { quality: 'HIGH', prompt: 'w', durationSeconds: 15 })).toBe(true);
    expect(ok('generate-video-clip', { quality: 'HIGH', prompt: 'w', durationSeconds: null })).toBe(true);
    expect(ok('generate-video-clip', { quality: 'HIGH', prompt: 'w', durationSeconds: 16 })).toBe(false);
    expect(ok('generate-video-clip', { quality: 'HIGH', prompt: 'w', durationSeconds: 0 })).toBe(false);
    expect(ok('generate-video-clip', { quality: 'HIGH', prompt: 'w', videoFileIds: ['1', '2', '3', '4', '5'] })).toBe(false);
    expect(ok('generate-video-clip', { quality: 'HIGH', videoFileId: 'x' })).toBe(false);
  });

  it('generate-sound-effect: duration 1..30', () => {
    expect(ok('generate-sound-effect', { prompt: 'door creak', durationSeconds: 30 })).toBe(true);
    expect(ok('generate-sound-effect', { prompt: 'door creak', durationSeconds: 2.5 })).toBe(true);
    expect(ok('generate-sound-effect', { prompt: 'door creak', durationSeconds: 31 })).toBe(false);
    expect(ok('generate-sound-effect', { prompt: 'door creak', durationSeconds: 0.5 })).toBe(false);
  });

  it('text-to-speech: text and voice; no watermark field', () => {
    expect(ok('text-to-speech', { ttsText: 'Hello', voiceId: 'vg_voic_1', pronunciationReplacements: [{ original: 'VG', replacement: 'video gen' }] })).toBe(true);
    expect(ok('text-to-speech', { ttsText: 'Hello' })).toBe(false);
    expect(ok('text-to-speech', { ttsText: 'Hello', voiceId: 'v', watermarkMode: 'AUTO' })).toBe(false);
  });

  it('single-file tools require their file id', () => {
    expect(ok('upscale-image', { imageStorageFileId: 'vg_file_1' })).toBe(true);
    expect(ok('upscale-image', {})).toBe(false);
    expect(ok('upscale-video', { videoStorageFileId: 'vg_file_1', watermarkMode: 'AUTO' })).toBe(true);
    expect(ok('generate-avatar', { avatarPresenterId: 'vg_pres_1', audioStorageFileId: 'vg_file_1' })).toBe(true);
    expect(ok('generate-avatar', { avatarPresenterId: 'vg_pres_1' })).toBe(false);
    expect(ok('generate-music', { prompt: 'lofi' })).toBe(true);
  });

  it('meta file inputs match the schemas', () => {
    for (const name of TOOL_NAMES) {
      for (const input of toolMeta[name].fileInputs) {
        const value = input.max === 1 ? 'vg_file_x' : Array.from({ length: input.max + 1 }, (_, i) => `vg_file_${i}`);
        const shape = (toolRequestSchemas[name] as unknown as { shape?: Record<string, unknown>; def?: { in?: { shape?: Record<string, unknown> } } });
        const keys = Object.keys(shape.shape ?? {});
        if (keys.length) expect(keys).toContain(input.param);
        if (input.max > 1) {
          const base = name === 'generate-image' ? { prompt: 'p', quality: 'LOW' } : { quality: 'STANDARD' };
          expect(ok(name, { ...base, [input.param]: value })).toBe(false);
        }
      }
    }
    expect(toolMeta['image-3d-effect'].outputType).toBe('VIDEO');
    expect(toolMeta['generate-avatar'].fileInputs).toEqual([{ param: 'audioStorageFileId', type: 'AUDIO', max: 1, required: true }]);
  });
});
