import { describe, expect, it } from 'vitest';
import { describeSyncFailure } from '../../../main/workers/lipsync/failure-words';
import { defaultScheduleOptions as opts, newTrack, nextCheckAt, observe, predictFinish } from '../../../main/workers/poller/schedule';

describe('adaptive poll schedule', () => {
  it('checks fresh work every second and backs off as it runs long, up to the cap', () => {
    const t = newTrack(0);
    expect(nextCheckAt(t, 0)).toBe(opts.minMs);
    expect(nextCheckAt(t, 20_000) - 20_000).toBe(5_000);
    expect(nextCheckAt(t, 600_000) - 600_000).toBe(opts.maxMs);
  });

  it('looks just after the end the progress rate predicts', () => {
    let t = newTrack(0);
    t = observe(t, 40_000, 0, 40);
    t = observe(t, 50_000, 0, 80);
    expect(predictFinish(t)).toBe(55_000);
    // The regular interval (a quarter of 50 s) would look at 62.5 s.
    expect(nextCheckAt(t, 50_000)).toBe(55_000 + opts.predictSlackMs);
  });

  it('restarts the estimate when a server retry makes progress drop', () => {
    let t = newTrack(0);
    t = observe(t, 1_000, 0, 30);
    t = observe(t, 2_000, 0, 60);
    t = observe(t, 3_000, 1, 5);
    expect(t.attempt).toBe(1);
    expect(t.samples).toEqual([{ at: 3_000, progress: 5 }]);
    expect(predictFinish(t)).toBeNull();
  });

  it('stops trusting a prediction when progress stalls', () => {
    let t = newTrack(0);
    for (const [at, p] of [[1_000, 90], [2_000, 95], [3_000, 95], [4_000, 95], [5_000, 95]] as const) t = observe(t, at, 0, p);
    expect(predictFinish(t)).toBeNull();
  });
});

describe('Sync failures in words', () => {
  it('explains catalog codes and recognises a missing face under a generic code', () => {
    expect(describeSyncFailure({ code: 'generation_input_validation_failed', message: 'No face was detected in the input video.' })).toMatch(/^No face was found in the video/);
    expect(describeSyncFailure({ code: 'generation_audio_length_exceeded', message: '' })).toMatch(/longer than 5 minutes/);
    expect(describeSyncFailure({ code: 'something_new', message: 'Monthly plan limit reached' })).toMatch(/plan's limit/);
    expect(describeSyncFailure({ code: 'generation_failed', message: 'Odd thing' })).toBe('Sync could not make this video: Odd thing. Try again; the inputs are kept.');
  });

  it("uses Sync's catalogue words for a listed code; today's wording when it is unknown or unlisted", () => {
    const catalog = (code: string) => (code === 'generation_audio_length_exceeded' ? 'The audio is too long. Trim it.' : null);
    expect(describeSyncFailure({ code: 'generation_audio_length_exceeded', message: '' }, 'FAILED', catalog)).toBe('The audio is too long. Trim it.');
    expect(describeSyncFailure({ code: 'generation_text_length_exceeded', message: '' }, 'FAILED', catalog)).toMatch(/^The script is too long/);
    expect(describeSyncFailure({ code: 'generation_audio_length_exceeded', message: '' }, 'FAILED', () => null)).toMatch(/longer than 5 minutes/);
  });
});
