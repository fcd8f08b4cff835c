/**
 * Files waiting for VideoGen to process them are checked by the one poller: the upload worker's
 * processing watch is a poll source, and nothing else asks for their status.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { StorageFile } from '../../../main/api';
import { AppError } from '../../../main/kernel/errors';
import { systemClock } from '../../../main/kernel/clock';
import { createPollScheduler, type PollScheduler } from '../../../main/workers/poller';
import { createProcessingWatch } from '../../../main/workers/uploads/processing';

const src = (status: 'pending' | 'ready' | 'failed') => ({ status, url: null, expiresAt: null, width: null, height: null, fileBytes: null });
const file = (dl: 'pending' | 'ready' | 'failed'): StorageFile => ({ fileId: 'f1', scope: 'GLOBAL', downloadSource: src(dl), thumbnailSource: src('ready') }) as unknown as StorageFile;

let scheduler: PollScheduler | null = null;
afterEach(async () => {
  await scheduler?.stop();
  scheduler = null;
});

function setup(answers: Array<StorageFile | Error>, online = { value: true }) {
  const calls: string[] = [];
  const videogen = {
    async getFile(id: string) {
      calls.push(id);
      const next = answers.length > 1 ? answers.shift()! : answers[0]!;
      if (next instanceof Error) throw next;
      return next;
    },
  };
  const s = createPollScheduler({ clock: systemClock, idleMs: 20 });
  scheduler = s;
  const watch = createProcessingWatch({
    videogen,
    clock: systemClock,
    connectivity: { get online() { return online.value; } },
    wake: () => s.wake(),
    firstDelayMs: 5,
    maxDelayMs: 20,
  });
  s.addSource(watch.source);
  s.start();
  return { watch, calls, online };
}

describe('upload processing through the poller', () => {
  it('checks until the file is processed, on a growing interval, and reports the outcome', async () => {
    const { watch, calls } = setup([file('pending'), file('pending'), file('ready')]);
    const done = await watch.watch('u1', 'f1', new AbortController().signal);
    expect(done.outcome).toBe('ready');
    expect(calls).toEqual(['f1', 'f1', 'f1']);
  });

  it('retries a transient failure and gives up on a refusal', async () => {
    const transient = new AppError({ kind: 'server', status: 503, message: 'busy' });
    const ok = setup([transient, file('failed')]);
    expect((await ok.watch.watch('u1', 'f1', new AbortController().signal)).outcome).toBe('failed');
    await scheduler!.stop();

    const gone = new AppError({ kind: 'not_found', status: 404, message: 'gone', retryable: false });
    const refused = setup([gone]);
    await expect(refused.watch.watch('u2', 'f1', new AbortController().signal)).rejects.toBe(gone);
    expect(refused.calls).toEqual(['f1']);
  });

  it('asks nothing while offline, and stops when the upload is cancelled', async () => {
    const offline = { value: false };
    const { watch, calls } = setup([file('pending')], offline);
    const ctrl = new AbortController();
    const waiting = watch.watch('u1', 'f1', ctrl.signal);
    await new Promise((r) => setTimeout(r, 60));
    expect(calls).toEqual([]);
    offline.value = true;
    await new Promise((r) => setTimeout(r, 1_100));
    expect(calls.length).toBeGreaterThan(0);
    ctrl.abort(new AppError({ kind: 'cancelled', message: 'Cancelled.' }));
    await expect(waiting).rejects.toMatchObject({ kind: 'cancelled' });
    const seen = calls.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(calls.length).toBe(seen);
  });
});
