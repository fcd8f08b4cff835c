import { describe, expect, it } from 'vitest';
import { SyncError, VideoGenError } from '../../../main/sandbox/errors';
import { validateCreate, sanitizeFileName } from '../../../main/sandbox/sync/validate';
import { GenerateVideoClipRequest } from '../../../main/sandbox/videogen/tools/schemas';
import { parseBody } from '../../../main/sandbox/videogen/validation';

function vgError(fn: () => unknown): VideoGenError {
  try {
    fn();
  } catch (err) {
    if (err instanceof VideoGenError) return err;
    throw err;
  }
  throw new Error('expected a VideoGenError');
}

describe('VideoGen body validation', () => {
  it('names every offending field', () => {
    const err = vgError(() => parseBody(GenerateVideoClipRequest, { durationSeconds: 16, imageFileIds: ['a', 'b', 'c', 'd', 'e'], numResults: 1.5 }));
    expect(err.status).toBe(400);
    expect(err.code).toBe('invalid_parameters');
    expect(err.message).toContain('quality is required');
    expect(err.message).toContain('durationSeconds must be at most 15');
    expect(err.message).toContain('imageFileIds must have at most 4 items');
    expect(err.message).toContain('numResults must be an integer');
  });

  it('rejects non-object bodies', () => {
    expect(vgError(() => parseBody(GenerateVideoClipRequest, undefined)).message).toContain('required');
    expect(vgError(() => parseBody(GenerateVideoClipRequest, [1])).message).toContain('JSON object');
  });
});

describe('Sync create validation', () => {
  const video = { type: 'video', url: 'https://x.test/v.mp4' };
  const audio = { type: 'audio', url: 'https://x.test/a.wav' };
  const problems = (body: unknown): string[] => {
    try {
      validateCreate(body);
      return [];
    } catch (err) {
      if (!(err instanceof SyncError)) throw err;
      expect(err.status).toBe(400);
      return err.messages as string[];
    }
  };

  it('accepts the documented shapes', () => {
    expect(problems({ model: 'lipsync-2', input: [video, audio] })).toEqual([]);
    expect(problems({ model: 'sync-3', input: [{ type: 'image', assetId: 'a1' }, { type: 'text', provider: { name: 'elevenlabs', voiceId: 'v', script: 'hi' } }] })).toEqual([]);
    expect(problems({ model: 'react-1', input: [video, audio], options: { model_mode: 'face', prompt: 'happy' } })).toEqual([]);
  });

  it('collects every problem', () => {
    expect(problems({ input: [video, audio] })).toContain('model should not be empty');
    expect(problems({ model: 'lipsync-2', input: [video] })).toContain('input must contain at least one audio or text item');
    expect(problems({ model: 'lipsync-2', input: [video, video, audio] })).toContain('input must contain exactly one video or image item');
    expect(problems({ model: 'lipsync-2', input: [{ type: 'image', url: 'https://x.test/i.png' }, audio] }).join()).toContain('only supported by model sync-3');
    expect(problems({ model: 'lipsync-2', input: [{ type: 'video' }, audio] }).join()).toContain('exactly one of url or assetId');
    expect(problems({ model: 'lipsync-2', input: [video, audio], options: { sync_mode: 'stretch', temperature: 2 } })).toHaveLength(2);
    expect(problems({ model: 'lipsync-2', input: [video, { type: 'text', provider: { name: 'elevenlabs', voiceId: 'v', script: 'a'.repeat(5000) } }] }).join()).toContain('5000');
  });

  it('sanitizes output file names', () => {
    expect(sanitizeFileName('my take #1.mp4')).toBe('my_take_1');
    expect(sanitizeFileName('a'.repeat(300))).toHaveLength(255);
  });
});
