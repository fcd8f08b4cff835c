import { describe, expect, it } from 'vitest';
import type { MediaSet } from '../../../main/sandbox/media/types';
import { computeFileState } from '../../../main/sandbox/videogen/file-state';
import type { FileRecord } from '../../../main/sandbox/videogen/types';

const P = 1000;
const blob = { path: '/x', contentType: 'video/mp4', width: 640, height: 360, bytes: 10 };
const media: MediaSet = {
  type: 'VIDEO',
  width: 640,
  height: 360,
  durationSeconds: 4,
  slots: { thumbnail: { status: 'ready', blob }, preview: { status: 'ready', blob }, download: { status: 'ready', blob }, hls: { status: 'ready', blob } },
};

function record(over: Partial<FileRecord['processing']> = {}, scope: FileRecord['scope'] = 'GLOBAL'): FileRecord {
  return {
    fileId: 'vg_file_x',
    scope,
    displayName: 'x.mp4',
    creatorKeyIndex: 0,
    createdAt: 0,
    sortKey: { at: 0, seq: 1 },
    archivedAt: null,
    processing: { startedAt: 0, phased: true, type: 'VIDEO', typeKnownAt: 0, media, failure: null, ...over },
    upload: null,
    tool: null,
    descriptionText: null,
    transcriptText: null,
    publicPreview: null,
    hydratedUntilS: null,
    seedIndex: null,
  };
}

const statuses = (r: FileRecord, t: number) => {
  const s = computeFileState(r, t, P);
  return [s.type, s.sources.thumbnail.status, s.sources.download.status, s.sources.preview.status, s.sources.hls.status, s.analysis.state, s.analysis.progress];
};

describe('computeFileState (uploads)', () => {
  it('follows the phases with the clock', () => {
    const r = record();
    expect(statuses(r, 0)).toEqual([null, 'pending', 'pending', 'pending', 'pending', 'UNATTEMPTED', 0]);
    expect(statuses(r, 300)).toEqual(['VIDEO', 'pending', 'pending', 'pending', 'pending', 'UNATTEMPTED', 0]);
    expect(statuses(r, 600)).toEqual(['VIDEO', 'ready', 'ready', 'pending', 'pending', 'LOADING', 10]);
    expect(statuses(r, 1200)).toEqual(['VIDEO', 'ready', 'ready', 'ready', 'ready', 'LOADING', 70]);
    expect(statuses(r, 1500)).toEqual(['VIDEO', 'ready', 'ready', 'ready', 'ready', 'FULFILLED', 100]);
  });

  it('never reports a rendition ready before it exists', () => {
    const r = record({ media: null });
    expect(statuses(r, 10_000)).toEqual(['VIDEO', 'pending', 'pending', 'pending', 'pending', 'LOADING', 90]);
  });

  it('waits for the type to be known, and starts analysis from then', () => {
    const r = record({ typeKnownAt: 2000 });
    expect(statuses(r, 1999)[0]).toBeNull();
    expect(statuses(r, 2000)[0]).toBe('VIDEO');
    expect(statuses(r, 2500)[5]).toBe('LOADING');
    expect(statuses(r, 3000)[5]).toBe('FULFILLED');
  });

  it('awaits the upload, fails unprocessable bytes, never analyses temporary files', () => {
    expect(statuses(record({ startedAt: null, type: null, typeKnownAt: null, media: null }), 99_999)).toEqual([null, 'pending', 'pending', 'pending', 'pending', 'UNATTEMPTED', 0]);
    const failed = record({ type: null, media: null, failure: 'empty' });
    expect(statuses(failed, 100)[1]).toBe('pending');
    expect(statuses(failed, 300)).toEqual([null, 'failed', 'failed', 'failed', 'failed', 'REJECTED', 0]);
    const temp = computeFileState(record({}, 'TEMPORARY'), 99_999, P);
    expect(temp.analysis).toEqual({ state: 'UNATTEMPTED', progress: 0, attemptIndex: 0 });
    expect(temp.sources.hls.status).toBe('ready');
  });

  it('marks renditions that do not apply as skipped', () => {
    const audio = record({ type: 'AUDIO', media: { ...media, type: 'AUDIO', slots: { ...media.slots, thumbnail: { status: 'skipped' } } } });
    expect(computeFileState(audio, 300, P).sources.thumbnail.status).toBe('skipped');
    const image = record({ type: 'IMAGE' });
    expect(computeFileState(image, 300, P).sources.hls.status).toBe('skipped');
  });

  it('reports generated media ready at once', () => {
    expect(statuses(record({ phased: false }), 0).slice(0, 5)).toEqual(['VIDEO', 'ready', 'ready', 'ready', 'ready']);
  });
});
