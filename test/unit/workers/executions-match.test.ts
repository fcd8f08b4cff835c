import { describe, expect, it } from 'vitest';
import type { Generation } from '../../../main/api/sync-schemas';
import { matchSyncCreate } from '../../../main/workers/executions/sync-ops';
import { toolTypeOf } from '../../../main/contract/tool-catalog';
import { matchUnknownCreate, type RemoteListItem } from '../../../main/workers/executions/videogen-match';
import { displayStemOf, isOurOutputName, outputNameFor } from '../../../main/workers/lipsync/output-name';

const item = (id: string, toolType = 'GENERATE_IMAGE'): RemoteListItem => ({ toolExecutionId: id, toolType });
const known = (...ids: string[]) => (id: string) => ids.includes(id);

describe('matching an unknown VideoGen create (positional rule)', () => {
  it('takes the orphan of the same tool closest above the anchor', () => {
    const items = [item('new2'), item('mine'), item('tts', 'TEXT_TO_SPEECH'), item('anchor'), item('old-orphan')];
    expect(matchUnknownCreate({ items, complete: false, toolType: 'GENERATE_IMAGE', anchorRemoteId: 'anchor', isKnown: known('anchor') })).toEqual({ kind: 'found', remoteId: 'mine' });
  });

  it('ignores executions other rows own and everything below the anchor', () => {
    const items = [item('ours-known'), item('anchor'), item('older')];
    expect(matchUnknownCreate({ items, complete: false, toolType: 'GENERATE_IMAGE', anchorRemoteId: 'anchor', isKnown: known('anchor', 'ours-known') })).toEqual({ kind: 'absent' });
  });

  it('asks for more pages until the anchor (or the end) has been read', () => {
    const input = { items: [item('a', 'TEXT_TO_SPEECH')], toolType: 'GENERATE_IMAGE', anchorRemoteId: 'anchor', isKnown: known() };
    expect(matchUnknownCreate({ ...input, complete: false })).toEqual({ kind: 'need_more' });
    expect(matchUnknownCreate({ ...input, complete: true })).toEqual({ kind: 'absent' });
  });

  it('with a baseline from an empty list, the oldest orphan is ours; without any anchor, the newest', () => {
    const items = [item('newer'), item('older')];
    expect(matchUnknownCreate({ items, complete: true, toolType: 'GENERATE_IMAGE', anchorRemoteId: null, isKnown: known(), oldestFirst: true })).toEqual({ kind: 'found', remoteId: 'older' });
    expect(matchUnknownCreate({ items, complete: false, toolType: 'GENERATE_IMAGE', anchorRemoteId: null, isKnown: known() })).toEqual({ kind: 'found', remoteId: 'newer' });
  });

  it('maps tool names to the toolType the list reports', () => {
    expect(toolTypeOf('generate-video-clip')).toBe('GENERATE_VIDEO_CLIP');
    expect(toolTypeOf('text-to-speech')).toBe('TEXT_TO_SPEECH');
  });
});

describe('matching an unknown Sync create', () => {
  const gen = (id: string, outputFileName: string | null, createdAt = '2026-05-05T12:00:00.000Z', model = 'lipsync-2') =>
    ({ id, createdAt, status: 'PENDING', model, input: [], outputFileName }) as unknown as Generation;
  const want = { outputFileName: 'atelier_abc', model: 'lipsync-2', sentAfter: Date.parse('2026-05-05T11:59:00Z'), isKnown: known() };

  it('matches exactly by the unique outputFileName (with or without .mp4)', () => {
    expect(matchSyncCreate([gen('x', 'other'), gen('y', 'atelier_abc.mp4')], want)?.id).toBe('y');
  });

  it('falls back to a single nameless generation of the model in the window, never to an ambiguous one', () => {
    expect(matchSyncCreate([gen('n1', null)], want)?.id).toBe('n1');
    expect(matchSyncCreate([gen('n1', null), gen('n2', null)], want)).toBeNull();
    expect(matchSyncCreate([gen('old', null, '2026-05-05T10:00:00.000Z')], want)).toBeNull();
  });

  it('names outputs per local execution within Sync’s rules', () => {
    const name = outputNameFor('3f2a-77', 'my take!');
    expect(name).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(name).toBe('mytake_atelier_3f2a-77');
    expect(outputNameFor('x'.repeat(300)).length).toBeLessThanOrEqual(255);
    expect(isOurOutputName('mytake_atelier_3f2a-77.mp4', name)).toBe(true);
  });

  it('shows the chosen name without the matching suffix', () => {
    expect(displayStemOf(`${outputNameFor('3f2a-77', 'my take!')}.mp4`)).toBe('mytake');
    expect(displayStemOf(outputNameFor('336cbac9-bded-4f45-8a18-b7f23a2bbb9b'))).toBeNull();
    expect(displayStemOf(null)).toBeNull();
  });
});
