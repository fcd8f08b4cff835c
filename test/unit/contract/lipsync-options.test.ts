/**
 * Sync's options as main checks them (`lipsync.run`, `lipsync.estimate`: the contract's zod
 * schema, before any handler runs) and as the form checks them (renderer/generate/tools.ts), and
 * how a form becomes the request and back (Reuse).
 */
import { describe, expect, it } from 'vitest';
import { commandNames, lipsyncRequestSchema } from '../../../main/contract';
import { createRouter } from '../../../main/core/router';
import type { Handlers } from '../../../main/core/types';
import { buildLipsync, defaultValues, parseBoxes, segmentsProblem, toolById, validate, valuesFromParams } from '../../../renderer/generate/tools';

const base = {
  model: 'lipsync-2',
  visual: { type: 'video', ref: { kind: 'url', url: 'https://example.com/face.mp4' } },
  voice: { type: 'audio', ref: { kind: 'url', url: 'https://example.com/voice.wav' } },
} as const;

async function refusal(input: unknown): Promise<string> {
  const reached: string[] = [];
  const handlers = Object.fromEntries(commandNames.map((c) => [c, async () => void reached.push(c)])) as unknown as Handlers;
  const r = await createRouter(handlers).invoke('lipsync.run', input, { host: 'web' });
  expect(reached).toEqual([]);
  if (r.ok) throw new Error(`accepted: ${JSON.stringify(input)}`);
  expect(r.error.code).toBe('invalid_input');
  return r.error.message;
}

describe('main refuses bad Sync options before anything runs, naming the field', () => {
  it('voice settings: stability and similarity boost between 0 and 1', async () => {
    const tts = (extra: object) => ({ ...base, voice: { type: 'text', voiceId: 'v', script: 'Hi', ...extra } });
    expect(await refusal(tts({ stability: 1.2 }))).toContain('voice.stability: Stability must be between 0 and 1');
    expect(await refusal(tts({ similarityBoost: -0.1 }))).toContain('voice.similarityBoost: Similarity boost must be between 0 and 1');
    expect(await refusal(tts({ similarityBoost: '0.5' }))).toContain('voice.similarityBoost');
    expect(lipsyncRequestSchema.safeParse(tts({ stability: 0, similarityBoost: 1 })).success).toBe(true);
  });

  it('active speaker: a point needs its frame; frames are whole and not negative; boxes are boxes', async () => {
    const asd = (a: unknown) => ({ ...base, options: { active_speaker_detection: a } });
    expect(await refusal(asd({ coordinates: [10, 20] }))).toContain('options.active_speaker_detection.frame_number: Coordinates need the frame number they are on');
    expect(await refusal(asd({ frame_number: 1.5 }))).toContain('frame_number: The frame number must be a whole number');
    expect(await refusal(asd({ frame_number: -2 }))).toContain('frame_number: The frame number must not be negative');
    expect(await refusal(asd({ frame_number: 0, coordinates: [-1, 5] }))).toContain('coordinates.0: Pixel positions must not be negative');
    expect(await refusal(asd({ bounding_boxes: [[50, 10, 40, 90]] }))).toContain('bounding_boxes.0: A box is x1, y1, x2, y2 with x1 < x2 and y1 < y2');
    expect(await refusal(asd({ bounding_boxes: [] }))).toContain('bounding_boxes: Give at least one bounding box');
    expect(await refusal(asd({ speaker: 'me' }))).toContain('speaker');
    for (const ok of [{ auto_detect: true }, { frame_number: 0, coordinates: [0, 0] }, { bounding_boxes: [[0, 0, 10, 10], null] }]) {
      expect(lipsyncRequestSchema.safeParse(asd(ok)).success, JSON.stringify(ok)).toBe(true);
    }
  });

  it('segments: times in seconds, end after start, each with an audio input', async () => {
    const audio = { kind: 'url', url: 'https://example.com/line.wav' };
    const seg = (g: object) => ({ ...base, segments: [{ startTime: 0, endTime: 1, audio, ...g }] });
    expect(await refusal(seg({ endTime: 0 }))).toContain('segments.0.endTime: End must be after start');
    expect(await refusal(seg({ startTime: -1 }))).toContain('segments.0.startTime: Start must not be negative');
    expect(await refusal(seg({ endTime: 301 }))).toContain('segments.0.endTime: End must be at most 300 seconds');
    expect(await refusal(seg({ audioStartTime: 2, audioEndTime: 1 }))).toContain('segments.0.audioEndTime: Audio end must be after audio start');
    expect(await refusal(seg({ audio: { kind: 'path', path: '' } }))).toContain('segments.0.audio');
    expect(await refusal({ ...base, segments: [] })).toContain('segments');
    expect(await refusal({ ...base, segments: Array.from({ length: 51 }, () => ({ startTime: 0, endTime: 1, audio })) })).toContain('At most 50 segments');
    expect(lipsyncRequestSchema.safeParse(seg({ audioStartTime: 0.5 })).success).toBe(true);
  });
});

describe('the form checks the same things, and Reuse gives back what was sent', () => {
  const form = toolById('lipsync')!;
  const filled = () => ({
    ...defaultValues(form),
    visual: { kind: 'url' as const, url: 'https://example.com/face.mp4' },
    audio: { kind: 'url' as const, url: 'https://example.com/voice.wav' },
  });

  it('names the field and the segment or line that is wrong', () => {
    expect(segmentsProblem([{ start: '2', end: '1', audio: null, audioStart: '', audioEnd: '' }])).toBe('Segment 1: End must be after start.');
    expect(segmentsProblem([{ start: 'x', end: '1', audio: null, audioStart: '', audioEnd: '' }])).toBe('Segment 1: Start must be a number of seconds.');
    expect(segmentsProblem([{ start: '0', end: '1', audio: null, audioStart: '', audioEnd: '' }])).toBe('Segment 1: Audio is required.');
    expect(segmentsProblem([{ start: '0', end: '1', audio: { kind: 'url', url: 'https://a/b.wav' }, audioStart: '3', audioEnd: '2' }])).toBe('Segment 1: Audio to must be after audio from.');
    expect(parseBoxes('1, 2, 3, 4\nnone\n5 6 7')).toBe('Bounding boxes, line 3: write four pixel numbers x1, y1, x2, y2 with x1 < x2 and y1 < y2, or “none”.');
    expect(parseBoxes('1, 2, 3, 4\n\nNONE')).toEqual([[1, 2, 3, 4], null]);

    const v = { ...filled(), voiceType: 'text', voiceId: 'v', script: 'Hi', stability: '1.5', similarityBoost: '-1', activeSpeaker: 'point', speakerFrame: '2.5', speakerX: '', speakerY: '3' };
    const errors = validate(form, v);
    expect(errors['stability']).toBe('Stability must be between 0 and 1.');
    expect(errors['similarityBoost']).toBe('Similarity boost must be between 0 and 1.');
    expect(errors['speakerFrame']).toBe('Frame number must be a whole number.');
    expect(errors['speakerX']).toBe('X (pixels) is required.');
    expect(validate(form, { ...filled(), activeSpeaker: 'boxes', speakerBoxes: '9, 9, 1, 1' })['speakerBoxes']).toMatch(/^Bounding boxes, line 1: /);
  });

  it('builds the request Sync gets, and Reuse restores every option', () => {
    const values = {
      ...filled(),
      voiceType: 'text',
      voiceId: 'v',
      script: 'Hi',
      stability: '0.4',
      similarityBoost: '0.8',
      activeSpeaker: 'point',
      speakerFrame: '3',
      speakerX: '320',
      speakerY: '180',
      segments: [{ start: '1', end: '2', audio: { kind: 'path' as const, path: '/tmp/line.wav' }, audioStart: '0.25', audioEnd: '' }],
    };
    expect(validate(form, values)).toEqual({});
    const req = buildLipsync(values);
    expect(req.voice).toEqual({ type: 'text', voiceId: 'v', script: 'Hi', stability: 0.4, similarityBoost: 0.8 });
    expect(req.options?.active_speaker_detection).toEqual({ frame_number: 3, coordinates: [320, 180] });
    expect(req.segments).toEqual([{ startTime: 1, endTime: 2, audio: { kind: 'path', path: '/tmp/line.wav' }, audioStartTime: 0.25 }]);
    expect(lipsyncRequestSchema.safeParse(req).success).toBe(true);

    const back = valuesFromParams(form, req as unknown as Record<string, unknown>);
    expect(back).toMatchObject({ stability: '0.4', similarityBoost: '0.8', activeSpeaker: 'point', speakerFrame: '3', speakerX: '320', speakerY: '180' });
    expect(back['segments']).toEqual(values.segments);
    expect(buildLipsync(back)).toEqual(req);

    const boxes = buildLipsync({ ...filled(), activeSpeaker: 'boxes', speakerBoxes: '1, 2, 3, 4\nnone' });
    expect(boxes.options?.active_speaker_detection).toEqual({ bounding_boxes: [[1, 2, 3, 4], null] });
    expect(valuesFromParams(form, boxes as unknown as Record<string, unknown>)).toMatchObject({ activeSpeaker: 'boxes', speakerBoxes: '1, 2, 3, 4\nnone' });
    // An older request with auto_detect comes back as "Detect automatically".
    expect(valuesFromParams(form, { ...base, options: { active_speaker_detection: { auto_detect: true } } })['activeSpeaker']).toBe('auto');
  });
});
