/**
 * Temporary uploads through the core against the sandbox: the choice is written down with the
 * upload and sent as `isTemporary`; the same bytes uploaded kept and temporary make two files
 * (a kept upload never leans on a file that may be archived after a day); the library hides the
 * temporary one unless asked, and a full re-sync keeps it temporary.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryPage, UploadView } from '../../../main/contract';
import type { Core } from '../../../main/core/types';
import type { Sandbox } from '../../../main/sandbox';
import { startCoreOnSandbox, type CoreOnSandbox } from '../../helpers/core-on-sandbox';
import { makePng, until } from '../../helpers/worker-harness';

const KEY = 'vg_temporary_key_1';
const ctx = { host: 'web' as const };
let env: CoreOnSandbox;
let root: string;
let sandbox: Sandbox;
let core: Core;

beforeAll(async () => {
  env = await startCoreOnSandbox({ name: 'temporary', key: KEY, sandbox: { processingMs: 300 } });
  ({ root, sandbox, core } = env);
});
afterAll(() => env?.close());

const uploadsOf = async (ids: string[]) => (await core.handlers['uploads.list']({ ids }, ctx)) as UploadView[];
const scopeOf = async (fileId: string) => {
  const res = await fetch(`${sandbox.url}/v1/files/${fileId}`, { headers: { Authorization: `Bearer ${KEY}` } });
  return ((await res.json()) as { scope: string }).scope;
};
const library = async (filter: Record<string, unknown> = {}) =>
  ((await core.handlers['library.query']({ filter, sort: { field: 'updated', dir: 'desc' }, offset: 0, limit: 200 }, ctx)) as LibraryPage).items.map((i) => i.fileId);

describe('temporary uploads', { timeout: 60_000 }, () => {
  it('are sent as isTemporary, never share a file with a kept upload, and stay hidden and temporary across a full sync', async () => {
    const file = path.join(root, 'same.png');
    writeFileSync(file, makePng(7, 32));
    const temp = await core.handlers['uploads.add']({ paths: [file], temporary: true }, ctx);
    const kept = await core.handlers['uploads.add']({ paths: [file] }, ctx);
    const ids = [temp.uploadIds[0]!, kept.uploadIds[0]!];
    expect((await uploadsOf(ids)).map((u) => u.temporary)).toEqual([true, false]);
    await until(async () => (await uploadsOf(ids)).every((u) => u.state === 'ready'), 'both uploads to be ready', 40_000);
    const [t, k] = await uploadsOf(ids);
    expect(t!.fileId).not.toBe(k!.fileId);
    expect(await scopeOf(t!.fileId!)).toBe('TEMPORARY');
    expect(await scopeOf(k!.fileId!)).toBe('GLOBAL');

    expect(await library()).toContain(k!.fileId);
    expect(await library()).not.toContain(t!.fileId);
    expect(await library({ includeTemporary: true })).toEqual(expect.arrayContaining([t!.fileId, k!.fileId]));

    const before = sandbox.stats().requests['GET /v1/files'] ?? 0;
    await core.handlers['library.sync']({ full: true }, ctx);
    await until(() => (sandbox.stats().requests['GET /v1/files'] ?? 0) > before, 'a full sync to read the files list');
    const detail = (await core.handlers['library.get']({ fileId: t!.fileId! }, ctx)) as { scope: string };
    expect(detail.scope).toBe('TEMPORARY');
    expect(await library()).not.toContain(t!.fileId);
  });
});
