/**
 * "Move to top" and dragging in Activity reach main as `uploads.move`: the input is checked before
 * the handler runs, and the handler leaves an upload that has meanwhile started alone (no error).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uploadHandlers } from '../../../main/core/handlers/uploads';
import { createRouter } from '../../../main/core/router';
import type { Services } from '../../../main/core/services';
import type { Handlers } from '../../../main/core/types';
import { createEventBus } from '../../../main/kernel/events';
import { systemClock } from '../../../main/kernel/clock';
import { createUploadWorker, type UploadWorkerOptions } from '../../../main/workers/uploads';
import { tempStore, type TempStore } from '../store/helpers';

const ctx = { host: 'web' as const };
let t: TempStore;
let router: ReturnType<typeof createRouter>;

beforeEach(() => {
  t = tempStore();
  // A worker that is not started: nothing is sent, the line is only rearranged.
  const worker = createUploadWorker({
    store: t.store,
    videogen: {} as UploadWorkerOptions['videogen'],
    connectivity: {} as UploadWorkerOptions['connectivity'],
    events: createEventBus(),
    clock: systemClock,
    concurrency: () => 1,
    poller: { addSource: () => () => undefined, wake: () => undefined } as unknown as UploadWorkerOptions['poller'],
  });
  const services = { store: t.store, uploads: worker } as unknown as Services;
  router = createRouter(uploadHandlers(services) as unknown as Handlers, { log: () => undefined });
});
afterEach(() => t.cleanup());

const add = (names: string[]) => t.store.uploads.createMany(names.map((n) => ({ path: `/q/${n}`, name: n, size: 10, mtime: 1 }))).map((u) => u.uploadId);
const line = () => t.store.uploads.resumable().filter((u) => u.state === 'queued').map((u) => u.name);

describe('uploads.move', () => {
  it('refuses malformed input, naming the field', async () => {
    const [a] = add(['a']);
    const bad: unknown[] = [
      {},
      { uploadId: a },
      { uploadId: a, to: 'bottom' },
      { uploadId: a, to: {} },
      { uploadId: a, to: { before: '' } },
      { uploadId: a, to: { before: 'x', after: 'y' } },
      { uploadId: a, to: { before: 42 } },
      { uploadId: a, to: 'top', sneaky: 1 },
      { uploadId: '', to: 'top' },
      { uploadId: 'x'.repeat(201), to: 'top' },
    ];
    for (const input of bad) {
      const r = await router.invoke('uploads.move', input, ctx);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid_input');
    }
    const self = await router.invoke('uploads.move', { uploadId: a, to: { after: a } }, ctx);
    expect(!self.ok && self.error.message).toMatch(/to: An upload cannot be moved next to itself/);
    expect(line()).toEqual(['a']);
  });

  it('moves a queued upload; an unknown one is not found', async () => {
    const [a, b, c] = add(['a', 'b', 'c']);
    expect(await router.invoke('uploads.move', { uploadId: c, to: 'top' }, ctx)).toEqual({ ok: true, value: { moved: true } });
    expect(line()).toEqual(['c', 'a', 'b']);
    expect(await router.invoke('uploads.move', { uploadId: c, to: { after: b } }, ctx)).toEqual({ ok: true, value: { moved: true } });
    expect(line()).toEqual(['a', 'b', 'c']);
    expect(await router.invoke('uploads.move', { uploadId: b, to: { before: a } }, ctx)).toEqual({ ok: true, value: { moved: true } });
    expect(line()).toEqual(['b', 'a', 'c']);
    expect(await router.invoke('uploads.move', { uploadId: 'gone', to: 'top' }, ctx)).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'That upload is no longer in the list.' },
    });
  });

  it('an upload that has meanwhile started or finished stays where it is, without an error', async () => {
    const [a, b, c] = add(['a', 'b', 'c']);
    t.store.uploads.startHashing(a!);
    t.store.uploads.cancel(b!);
    expect(await router.invoke('uploads.move', { uploadId: a, to: 'top' }, ctx)).toEqual({ ok: true, value: { moved: false } });
    expect(await router.invoke('uploads.move', { uploadId: b, to: { before: c } }, ctx)).toEqual({ ok: true, value: { moved: false } });
    // Dropped next to one that has started: the top of the line.
    expect(await router.invoke('uploads.move', { uploadId: c, to: { after: a } }, ctx)).toEqual({ ok: true, value: { moved: true } });
    expect(t.store.uploads.get(a!)!.state).toBe('hashing');
    expect(line()).toEqual(['c']);
  });
});
