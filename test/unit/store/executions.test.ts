import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExecutionStatus } from '../../../main/contract';
import { isStoreError } from '../../../main/store/index';
import { labelFor } from '../../../main/store/executions';
import { T0, file, tempStore } from './helpers';
import type { TempStore } from './helpers';
import { fileUpdates } from '../../../main/workers/file-updates';

let t: TempStore;
beforeEach(() => {
  t = tempStore();
});
afterEach(() => t.cleanup());

const REQUEST = { provider: 'videogen' as const, tool: 'generate-image', params: { prompt: 'A serene Japanese garden', quality: 'HIGH', numResults: 2 } };

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isStoreError(e) ? e.code : `not a StoreError: ${String(e)}`;
  }
  return undefined;
}

describe('executions', () => {
  it('writes the request down before anything is sent, exactly as given', () => {
    const e = t.store.executions.create(REQUEST);
    expect(e).toMatchObject({
      remoteId: null,
      provider: 'videogen',
      tool: 'generate-image',
      label: 'A serene Japanese garden',
      request: REQUEST,
      status: 'queued',
      remoteStatus: null,
      progress: null,
      attempt: 0,
      error: null,
      resultFileIds: [],
      createdAt: T0,
      updatedAt: T0,
      nextCheckAt: T0,
    });
    t.reopen();
    expect(t.store.executions.get(e.id)).toEqual(e);
    expect(t.store.executions.active().map((x) => x.id)).toEqual([e.id]);
  });

  it('goes through submit → remote states → terminal, and terminal never changes back', () => {
    const e = t.store.executions.create(REQUEST);
    t.store.executions.markSubmitting(e.id);
    t.clock.advance(100);
    const p = t.store.executions.setRemote(e.id, 'vg_tool_1');
    expect(p).toMatchObject({ status: 'pending', remoteId: 'vg_tool_1' });
    expect(t.store.executions.byRemoteId('vg_tool_1')!.id).toBe(e.id);
    expect(t.store.executions.byRemoteId('vg_tool_1', 'sync')).toBeNull();

    const run = t.store.executions.applyRemote(e.id, { status: 'running', remoteStatus: 'running', progress: 40, attempt: 0, nextCheckAt: T0 + 5000 });
    expect(run.changed).toBe(true);
    expect(run.view).toMatchObject({ status: 'running', progress: 40, nextCheckAt: T0 + 5000 });
    // A server retry: progress drops as the attempt rises.
    expect(t.store.executions.applyRemote(e.id, { status: 'running', progress: 10, attempt: 1 }).view).toMatchObject({ progress: 10, attempt: 1 });

    const done = t.store.executions.applyRemote(e.id, { status: 'succeeded', progress: 100, results: ['vg_file_a', 'vg_file_b'] });
    expect(done.view).toMatchObject({ status: 'succeeded', resultFileIds: ['vg_file_a', 'vg_file_b'], nextCheckAt: null });

    expect(t.store.executions.job(e.id)).toMatchObject({ checks: 3, submittedAt: T0 + 100, finishedAt: T0 + 100 });

    const late = t.store.executions.applyRemote(e.id, { status: 'running', progress: 50 });
    expect(late.changed).toBe(false);
    expect(late.view.status).toBe('succeeded');
    expect(code(() => t.store.executions.markFailed(e.id, { code: 'x', message: 'y' }))).toBe('invalid_transition');
    expect(code(() => t.store.executions.markSubmitting(e.id))).toBe('invalid_transition');
    expect(code(() => t.store.executions.setRemote(e.id, 'vg_tool_1'))).toBe('invalid_transition');
    expect(t.store.executions.active()).toEqual([]);
  });

  it('guards transitions that make no sense', () => {
    const e = t.store.executions.create(REQUEST);
    expect(code(() => t.store.executions.applyRemote(e.id, { status: 'running' }))).toBe('invalid_transition'); // never sent
    expect(code(() => t.store.executions.setUnknown(e.id))).toBe('invalid_transition');
    expect(code(() => t.store.executions.setRemote(e.id, 'r'))).toBe('invalid_transition');
    expect(code(() => t.store.executions.get('nope') ?? t.store.executions.markSubmitting('nope'))).toBe('not_found');
    t.store.executions.markSubmitting(e.id);
    t.store.executions.setRemote(e.id, 'r1');
    expect(code(() => t.store.executions.setRemote(e.id, 'r2'))).toBe('invalid_transition'); // a second remote id
    expect(code(() => t.store.executions.markCancelled(e.id))).toBe('invalid_transition'); // sent: cancel remotely
    const other = t.store.executions.create(REQUEST);
    t.store.executions.markSubmitting(other.id);
    expect(code(() => t.store.executions.setRemote(other.id, 'r1'))).toBe('invalid_value'); // belongs to e
  });

  it('an unknown outcome is reconciled, or requeued when it never arrived', () => {
    const a = t.store.executions.create(REQUEST);
    t.store.executions.markSubmitting(a.id);
    expect(t.store.executions.setUnknown(a.id, { code: 'timeout', message: 'No answer after 60 s' })).toMatchObject({
      status: 'unknown',
      error: { code: 'timeout', message: 'No answer after 60 s' },
    });
    // Reconciliation found it in the list of executions.
    t.store.executions.setRemote(a.id, 'vg_tool_found');
    expect(t.store.executions.get(a.id)).toMatchObject({ status: 'pending', error: null });

    const b = t.store.executions.create(REQUEST);
    t.store.executions.markSubmitting(b.id);
    t.store.executions.setUnknown(b.id);
    expect(t.store.executions.requeue(b.id).status).toBe('queued');
    t.store.executions.markSubmitting(b.id);

    const c = t.store.executions.create(REQUEST);
    expect(t.store.executions.markCancelled(c.id).status).toBe('cancelled');
    const d = t.store.executions.create(REQUEST);
    expect(t.store.executions.markFailed(d.id, { code: 'invalid_parameters', message: 'quality is required' })).toMatchObject({
      status: 'failed',
      error: { code: 'invalid_parameters', message: 'quality is required' },
    });
  });

  it('due() returns non-terminal executions whose check time has come, soonest first', () => {
    const a = t.store.executions.create(REQUEST, { nextCheckAt: T0 + 3000 });
    const b = t.store.executions.create(REQUEST, { nextCheckAt: T0 + 1000 });
    const c = t.store.executions.create(REQUEST, { nextCheckAt: null });
    const d = t.store.executions.create(REQUEST, { nextCheckAt: T0 });
    t.store.executions.markCancelled(d.id);
    expect(t.store.executions.due(T0 + 5000).map((x) => x.id)).toEqual([b.id, a.id]);
    expect(t.store.executions.due(T0 + 2000).map((x) => x.id)).toEqual([b.id]);
    expect(t.store.executions.due(T0 + 5000, 1).map((x) => x.id)).toEqual([b.id]);
    t.changes.length = 0;
    t.store.executions.setNextCheck(c.id, T0);
    expect(t.changes).toEqual([]); // bookkeeping, no event
    expect(t.store.executions.due(T0 + 5000).map((x) => x.id)).toEqual([c.id, b.id, a.id]);
  });

  it('lists newest first, optionally only active ones', () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      t.clock.advance(10);
      ids.push(t.store.executions.create(REQUEST).id);
    }
    t.store.executions.markCancelled(ids[4]!);
    expect(t.store.executions.list().map((e) => e.id)).toEqual([...ids].reverse());
    expect(t.store.executions.list({ limit: 2 }).map((e) => e.id)).toEqual([ids[4], ids[3]]);
    expect(t.store.executions.list({ activeOnly: true }).map((e) => e.id)).toEqual([ids[3], ids[2], ids[1], ids[0]]);
  });

  it('links result files that are already in the library', () => {
    t.store.files.upsert(fileUpdates([file({ fileId: 'vg_file_a', type: 'IMAGE' })]));
    const e = t.store.executions.create({ provider: 'sync', tool: 'lipsync', params: { model: 'lipsync-2' } });
    t.store.executions.markSubmitting(e.id);
    t.store.executions.setRemote(e.id, '6533643b-aceb-4c40-967e-d9ba9baac39e', 'PENDING');
    t.changes.length = 0;
    t.store.executions.applyRemote(e.id, { status: 'succeeded', remoteStatus: 'COMPLETED', results: ['vg_file_a', 'vg_file_later'] });
    expect(t.changes).toEqual([{ tables: ['executions', 'files'], ids: { executions: [e.id], files: ['vg_file_a'] } }]);
    expect(t.store.files.item('vg_file_a')).toMatchObject({ executionId: e.id, origin: 'lipsync', toolType: 'LIPSYNC' });
    expect(t.store.files.get('vg_file_a')!.request).toEqual(e.request);
  });

  it('labels requests by their prompt or script', () => {
    expect(labelFor({ provider: 'videogen', tool: 'text-to-speech', params: { ttsText: '  Hello\n world ', voiceId: 'v' } })).toBe('Hello world');
    expect(labelFor({ provider: 'sync', tool: 'lipsync', params: { voice: { type: 'text', script: 'Hi there' } } })).toBe('Hi there');
    expect(labelFor({ provider: 'sync', tool: 'lipsync', params: {} })).toBe('Lip-sync');
    expect(labelFor({ provider: 'videogen', tool: 'upscale-video', params: { videoStorageFileId: 'x' } })).toBe('upscale video');
    expect(labelFor({ provider: 'videogen', tool: 'generate-image', params: { prompt: 'x'.repeat(200) } })).toHaveLength(80);
  });

  it('statuses that are terminal stay terminal through every path', () => {
    const terminal: ExecutionStatus[] = ['succeeded', 'failed', 'cancelled'];
    for (const end of terminal) {
      const e = t.store.executions.create(REQUEST);
      t.store.executions.markSubmitting(e.id);
      t.store.executions.setRemote(e.id, `r-${end}`);
      t.store.executions.applyRemote(e.id, { status: end as 'succeeded' });
      for (const next of ['pending', 'running', 'succeeded', 'failed', 'cancelled'] as const) {
        expect(t.store.executions.applyRemote(e.id, { status: next }).view.status).toBe(end);
      }
      expect(code(() => t.store.executions.requeue(e.id))).toBe('invalid_transition');
    }
  });
});
