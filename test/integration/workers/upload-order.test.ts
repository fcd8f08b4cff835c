/**
 * The upload line through the core against the sandbox, one upload at a time: "Move to top" and a
 * drag (before another) decide which queued upload starts when the slot frees, and moving one that
 * has already started changes nothing.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, UploadView } from '../../../main/contract';
import type { Core } from '../../../main/core/types';
import { startCoreOnSandbox, type CoreOnSandbox } from '../../helpers/core-on-sandbox';
import { makePng, until } from '../../helpers/worker-harness';

const KEY = 'vg_order_key_1';
const ctx = { host: 'web' as const };
let env: CoreOnSandbox;
let root: string;
let core: Core;

beforeAll(async () => {
  // Every request takes a while, so the line is still waiting when it is rearranged.
  env = await startCoreOnSandbox({ name: 'upload-order', key: KEY, sandbox: { processingMs: 100, faults: { latencyMs: 400 } } });
  ({ root, core } = env);
});
afterAll(() => env?.close());

describe('the upload line', { timeout: 60_000 }, () => {
  it('starts a moved upload next when the slot frees; one that has started stays put', async () => {
    await core.handlers['settings.set']({ uploadConcurrency: 1 }, ctx);
    const names = ['a', 'b', 'c', 'd', 'e'];
    const paths = names.map((n, i) => {
      const p = path.join(root, `${n}.png`);
      writeFileSync(p, makePng(100 + i, 24));
      return p;
    });
    // Ids in the order they first started (the first starts while `uploads.add` is answering).
    const startedIds: string[] = [];
    core.events.on('upload.progress', (p: EventPayload<'upload.progress'>) => {
      if (p.state === 'hashing' && !startedIds.includes(p.uploadId)) startedIds.push(p.uploadId);
    });
    const { uploadIds } = await core.handlers['uploads.add']({ paths }, ctx);
    const id = (n: string) => uploadIds[names.indexOf(n)]!;
    const started = () => startedIds.map((x) => names[uploadIds.indexOf(x)]);
    await until(() => startedIds.length === 1, 'the first upload to start');
    expect(started()).toEqual(['a']);

    expect(await core.handlers['uploads.move']({ uploadId: id('e'), to: 'top' }, ctx)).toEqual({ moved: true });
    expect(await core.handlers['uploads.move']({ uploadId: id('d'), to: { before: id('b') } }, ctx)).toEqual({ moved: true });
    // 'a' is under way: moving it is a no-op, not an error.
    expect(await core.handlers['uploads.move']({ uploadId: id('a'), to: { after: id('c') } }, ctx)).toEqual({ moved: false });

    const list = async () => (await core.handlers['uploads.list']({ ids: uploadIds }, ctx)) as UploadView[];
    await until(async () => (await list()).every((u) => u.state === 'ready'), 'every upload to be ready', 45_000);
    expect(started()).toEqual(['a', 'e', 'd', 'b', 'c']);
  });
});
