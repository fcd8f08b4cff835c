// Sync v2 create options the sandbox checks as the API does (README B2, B5): segments with their
// own audio inputs, active speaker detection, TTS voice settings. Good values give 201 and are
// echoed back on the generation; bad ones give 400 with the API's error body
// `{message: string[], error: "Bad Request", statusCode: 400}` naming the field.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, sampleMedia, startTestSandbox, type Sandbox } from '../../helpers/sandbox';
import { clientFor, type ApiClient } from './support/client';

interface Generation {
  id: string;
  input: Array<{ type: string; assetId?: string; refId?: string; provider?: Record<string, unknown> }>;
  options?: Record<string, unknown> | null;
  segments?: unknown[] | null;
}
interface ErrorBody {
  message: string[];
  error: string;
  statusCode: number;
}

describe('Sync v2 create: segments, active speaker, voice settings', () => {
  let sb: Sandbox;
  let api: ApiClient;
  let video: string;
  let audio: string;
  const clock = manualClock();

  async function asset(file: string, fileName: string, contentType: string): Promise<string> {
    const bytes = readFileSync(file);
    const slot = await api.sync<{ uploadUrl: string; url: string }>('POST', '/v2/assets/upload', { fileName, contentType, size: bytes.length });
    await fetch(slot.body.uploadUrl, { method: 'PUT', body: bytes, headers: { 'Content-Type': contentType } });
    return (await api.sync<{ id: string }>('POST', '/v2/assets', { url: slot.body.url })).body.id;
  }
  const body = (extra: Record<string, unknown> = {}, items: unknown[] = []) => ({
    model: 'lipsync-2',
    input: [{ type: 'video', assetId: video }, { type: 'audio', assetId: audio }, ...items],
    ...extra,
  });
  async function refused(b: unknown): Promise<string[]> {
    const res = await api.sync<ErrorBody>('POST', '/v2/generate', b);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error).toBe('Bad Request');
    expect(res.body.statusCode).toBe(400);
    return res.body.message;
  }

  beforeAll(async () => {
    sb = await startTestSandbox({ clock: clock.now, syncGenerationMs: 1000, syncConcurrency: 50, processingMs: 0 });
    api = clientFor(sb);
    video = await asset(sampleMedia().video, 'speaker.mp4', 'video/mp4');
    audio = await asset(sampleMedia().audio, 'line.m4a', 'audio/mp4');
  });
  afterAll(() => sb.close());

  it('takes segments whose audio inputs are referenced by refId, and echoes them', async () => {
    const segments = [
      { startTime: 0, endTime: 1.5, audioInput: { refId: 'first' } },
      { startTime: 1.5, endTime: 3, audioInput: { refId: 'second', startTime: 0.25, endTime: 1.75 } },
    ];
    const res = await api.sync<Generation>(
      'POST',
      '/v2/generate',
      body({ segments }, [
        { type: 'audio', assetId: audio, refId: 'first' },
        { type: 'audio', assetId: audio, refId: 'second' },
      ]),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.segments).toEqual(segments);
    expect(res.body.input.filter((i) => i.refId).map((i) => i.refId)).toEqual(['first', 'second']);
  });

  it('refuses segments with bad times, a missing refId or one that matches no input', async () => {
    const withRef = [{ type: 'audio', assetId: audio, refId: 'a' }];
    expect(await refused(body({ segments: [{ startTime: 2, endTime: 1, audioInput: { refId: 'a' } }] }, withRef))).toContain('segments[0] needs numeric startTime < endTime (seconds)');
    expect(await refused(body({ segments: [{ startTime: -1, endTime: 1, audioInput: { refId: 'a' } }] }, withRef))).toContain('segments[0] needs numeric startTime < endTime (seconds)');
    expect(await refused(body({ segments: [{ startTime: 0, endTime: 1, audioInput: {} }] }, withRef))).toContain('segments[0].audioInput.refId should not be empty');
    expect(await refused(body({ segments: [{ startTime: 0, endTime: 1, audioInput: { refId: 'nope' } }] }, withRef))).toContain('segments[0].audioInput.refId "nope" matches no input refId');
    expect(await refused(body({ segments: [{ startTime: 0, endTime: 1, audioInput: { refId: 'a', startTime: 2, endTime: 1 } }] }, withRef))).toContain(
      'segments[0].audioInput needs startTime < endTime (seconds)',
    );
    expect(await refused(body({ segments: [{ startTime: 0, endTime: 1, audioInput: { refId: 'a', startTime: 'soon' } }] }, withRef))).toContain(
      'segments[0].audioInput.startTime must be a number not less than 0',
    );
    expect(await refused(body({ segments: {} }))).toContain('segments must be an array');
    expect(await refused(body({}, [{ type: 'audio', assetId: audio, refId: 'a' }, { type: 'audio', assetId: audio, refId: 'a' }]))).toContain('input refId values must be unique');
  });

  it('takes every documented form of active_speaker_detection, and echoes it', async () => {
    for (const asd of [
      { auto_detect: true },
      { frame_number: 12, coordinates: [320, 180] },
      { bounding_boxes: [[10, 20, 110, 140], null, [12, 20, 112, 140]] },
    ]) {
      const res = await api.sync<Generation>('POST', '/v2/generate', body({ options: { active_speaker_detection: asd } }));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.options?.['active_speaker_detection']).toEqual(asd);
    }
  });

  it('refuses active_speaker_detection values of the wrong type or shape', async () => {
    const at = 'options.active_speaker_detection';
    const bad = async (asd: unknown) => refused(body({ options: { active_speaker_detection: asd } }));
    expect(await bad('auto')).toContain(`${at} must be an object`);
    expect(await bad({ auto_detect: 'yes' })).toContain(`${at}.auto_detect must be a boolean value`);
    expect(await bad({ frame_number: 1.5 })).toContain(`${at}.frame_number must be an integer not less than 0`);
    expect(await bad({ frame_number: -1 })).toContain(`${at}.frame_number must be an integer not less than 0`);
    expect(await bad({ frame_number: 0, coordinates: [1] })).toContain(`${at}.coordinates must be an array of 2 numbers not less than 0 ([x, y])`);
    expect(await bad({ frame_number: 0, coordinates: [-1, 4] })).toContain(`${at}.coordinates must be an array of 2 numbers not less than 0 ([x, y])`);
    expect(await bad({ bounding_boxes: [1, 2, 3, 4] })).toContain(`${at}.bounding_boxes[0] must be null or an array of 4 numbers not less than 0 ([x1, y1, x2, y2])`);
    expect(await bad({ bounding_boxes: [null, [1, 2, 3]] })).toContain(`${at}.bounding_boxes[1] must be null or an array of 4 numbers not less than 0 ([x1, y1, x2, y2])`);
    expect(await bad({ bounding_boxes: 'all' })).toContain(`${at}.bounding_boxes must be an array`);
  });

  it('takes ElevenLabs stability and similarityBoost between 0 and 1, and refuses others', async () => {
    const tts = (provider: Record<string, unknown>) => ({
      model: 'lipsync-2',
      input: [{ type: 'video', assetId: video }, { type: 'text', provider: { name: 'elevenlabs', voiceId: 'v1', script: 'Hello there.', ...provider } }],
    });
    const ok = await api.sync<Generation>('POST', '/v2/generate', tts({ stability: 0.3, similarityBoost: 1 }));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.input[1]?.provider).toMatchObject({ stability: 0.3, similarityBoost: 1 });
    expect(await refused(tts({ stability: 1.2 }))).toContain('input[1].provider.stability must be a number between 0 and 1');
    expect(await refused(tts({ similarityBoost: '0.5' }))).toContain('input[1].provider.similarityBoost must be a number between 0 and 1');
  });
});
