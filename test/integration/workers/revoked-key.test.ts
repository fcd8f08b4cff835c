/**
 * Issue 11, defects 1 and 2: the VideoGen key is revoked while work is in flight. The sandbox
 * is restarted on the same data and port accepting only another key (that is what a revocation
 * looks like from here: the same server, the old key now answered with 401).
 *
 * Expected: within one poll the executions (and uploads whose bytes were sent) say "Paused: the
 * VideoGen key was rejected", Settings and the status show the key as rejected, no further
 * request goes out with the rejected key, nothing is marked failed, and saving a working key
 * resumes everything by itself. Retry of an upload that failed after its bytes were sent checks
 * that file again: no archive, no second PUT.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExecutionView, UploadView } from '../../../main/contract';
import { createCore } from '../../../main/core/create-core';
import type { Core } from '../../../main/core/types';
import { createMemorySecretStore } from '../../../main/host/layered-secrets';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { openStore } from '../../../main/store';
import { testMediaCacheDir } from '../../helpers/sandbox';
import { makePng, until } from '../../helpers/worker-harness';

const OLD_KEY = 'vg_old_key_0001';
const NEW_KEY = 'vg_new_key_0002';
const PAUSED = 'Paused: the VideoGen key was rejected. Save a working key in Settings and this continues by itself.';
const ctx = { host: 'web' as const };

let root: string;
let sandbox: Sandbox | null = null;
let core: Core | null = null;

afterEach(async () => {
  await core?.close();
  await sandbox?.close();
  core = null;
  sandbox = null;
  rmSync(root, { recursive: true, force: true });
});

async function setup(timings: { executionMs?: number; processingMs?: number; workflowMs?: number }): Promise<Core> {
  root = mkdtempSync(path.join(tmpdir(), 'atelier-revoked-'));
  sandbox = await startSandbox({ dataDir: path.join(root, 'sandbox'), videogenKeys: [OLD_KEY], mediaCacheDir: testMediaCacheDir, ...timings });
  core = await createCore({
    dataDir: path.join(root, 'app'),
    secrets: createMemorySecretStore({ videogen: OLD_KEY }),
    host: 'web',
    mediaBase: '/media/',
    videogenBaseUrl: sandbox.url,
    syncBaseUrl: sandbox.url,
  });
  return core;
}

/** The revocation: same server, same data, the old key no longer accepted. */
async function revoke(timings: { executionMs?: number; processingMs?: number; workflowMs?: number }): Promise<Sandbox> {
  const port = sandbox!.port;
  await sandbox!.close();
  sandbox = await startSandbox({ dataDir: path.join(root, 'sandbox'), port, videogenKeys: [NEW_KEY], mediaCacheDir: testMediaCacheDir, ...timings });
  return sandbox;
}

const getExecution = (c: Core, id: string) => c.handlers['executions.get']({ id }, ctx) as Promise<ExecutionView>;
const uploadsOf = (c: Core) => c.handlers['uploads.list']({}, ctx) as Promise<UploadView[]>;
const statusRequests = (sb: Sandbox, template: string) => sb.stats().requests[template] ?? 0;

describe('a VideoGen key revoked mid-work', { timeout: 90_000 }, () => {
  it('pauses generations (no retry storm), shows the key as rejected, and resumes once a working key is saved', async () => {
    const timings = { executionMs: 8_000 };
    const c = await setup(timings);
    const { executionId } = await c.handlers['tools.run']({ tool: 'generate-image', params: { prompt: 'a lighthouse at night', quality: 'LOW' } }, ctx);
    await until(async () => (await getExecution(c, executionId)).remoteId !== null, 'the execution to be accepted');

    const sb = await revoke(timings);
    await until(async () => (await getExecution(c, executionId)).error?.code === 'key_rejected', 'the execution to say it is paused', 15_000);
    const paused = await getExecution(c, executionId);
    expect(paused.status === 'pending' || paused.status === 'running').toBe(true);
    expect(paused.error?.message).toBe(PAUSED);

    const keys = await c.handlers['keys.status']({}, ctx);
    expect(keys.videogen.check?.ok).toBe(false);
    expect(keys.videogen.check?.message).toMatch(/^VideoGen rejected this key while Atelier was using it/);
    expect((await c.handlers['app.status']({}, ctx)).keysRejected).toEqual(['videogen']);

    // No storm: nothing more goes out with the rejected key.
    const polled = () => statusRequests(sb, 'GET /v1/tools/executions/{toolExecutionId}') + statusRequests(sb, 'GET /v1/tools/executions');
    const before = polled();
    expect(before).toBeLessThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 4_000));
    expect(polled()).toBe(before);
    expect((await getExecution(c, executionId)).status).not.toBe('failed');

    // A working key: the note goes, the job is followed to the end, the key shows as fine.
    await c.handlers['keys.set']({ provider: 'videogen', key: NEW_KEY }, ctx);
    await until(async () => (await getExecution(c, executionId)).status === 'succeeded', 'the execution to finish after the new key', 30_000);
    const done = await getExecution(c, executionId);
    expect(done.error).toBeNull();
    expect(done.resultFileIds).toHaveLength(1);
    expect((await c.handlers['keys.status']({}, ctx)).videogen.check?.ok).toBe(true);
    expect((await c.handlers['app.status']({}, ctx)).keysRejected).toEqual([]);
  });

  it('pauses a whole-video run the same way (no polling of its run), and follows it to the end after a working key', async () => {
    const timings = { workflowMs: 8_000 };
    const c = await setup(timings);
    const { executionId } = await c.handlers['videos.create']({ workflow: 'script-to-video', params: { script: 'The tide comes in. The tide goes out.', visualStyle: { type: 'STOCK' } } }, ctx);
    await until(async () => (await getExecution(c, executionId)).remoteId !== null, 'the run to be accepted');

    const sb = await revoke(timings);
    await until(async () => (await getExecution(c, executionId)).error?.code === 'key_rejected', 'the run to say it is paused', 15_000);
    const paused = await getExecution(c, executionId);
    expect(paused.status === 'pending' || paused.status === 'running').toBe(true);
    expect(paused.error?.message).toBe(PAUSED);
    const polled = () => statusRequests(sb, 'GET /v1/workflows/runs/{workflowRunId}') + statusRequests(sb, 'GET /v1/workflows/runs');
    const before = polled();
    expect(before).toBeLessThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 4_000));
    expect(polled()).toBe(before);

    await c.handlers['keys.set']({ provider: 'videogen', key: NEW_KEY }, ctx);
    await until(async () => (await getExecution(c, executionId)).status === 'succeeded', 'the run to finish after the new key', 30_000);
    expect((await getExecution(c, executionId)).error).toBeNull();
  });

  it('keeps an upload whose bytes were sent waiting (not failed), then finishes it with the new key', async () => {
    const timings = { processingMs: 6_000 };
    const c = await setup(timings);
    const file = path.join(root, 'sent.png');
    writeFileSync(file, makePng(77));
    const { uploadIds } = await c.handlers['uploads.add']({ paths: [file] }, ctx);
    const id = uploadIds[0]!;
    await until(async () => (await uploadsOf(c)).find((u) => u.uploadId === id)?.state === 'processing', 'the bytes to be sent');

    const sb = await revoke(timings);
    await until(async () => (await uploadsOf(c)).find((u) => u.uploadId === id)?.error?.code === 'key_rejected', 'the upload to say it is paused', 15_000);
    const waiting = (await uploadsOf(c)).find((u) => u.uploadId === id)!;
    expect(waiting.state).toBe('processing');
    expect(waiting.error?.message).toBe(PAUSED);
    const checks = () => statusRequests(sb, 'GET /v1/files/{fileId}');
    const before = checks();
    await new Promise((r) => setTimeout(r, 3_000));
    expect(checks()).toBe(before);

    await c.handlers['keys.set']({ provider: 'videogen', key: NEW_KEY }, ctx);
    await until(async () => (await uploadsOf(c)).find((u) => u.uploadId === id)?.state === 'ready', 'the upload to be ready', 30_000);
    expect((await uploadsOf(c)).find((u) => u.uploadId === id)!.error).toBeNull();
    expect(statusRequests(sb, 'PUT /storage/uploads/{fileId}/primary-source')).toBe(0);
    expect(statusRequests(sb, 'POST /v1/files/{fileId}/archive')).toBe(0);
  });

  it('Retry of an upload that failed after its bytes were sent checks the file again: no archive, no second PUT', async () => {
    const c = await setup({ processingMs: 3_000 });
    const file = path.join(root, 'fine.png');
    writeFileSync(file, makePng(78));
    const { uploadIds } = await c.handlers['uploads.add']({ paths: [file] }, ctx);
    const id = uploadIds[0]!;
    await until(async () => (await uploadsOf(c)).find((u) => u.uploadId === id)?.state === 'processing', 'the bytes to be sent');
    // What the old code did on a 401 while checking processing: the row failed, its file fine.
    await c.close();
    core = null;
    const store = openStore(path.join(root, 'app', 'atelier.db'));
    store.uploads.markFailed(id, { code: 'auth', message: 'The VideoGen API key was rejected. Check it in Settings.' });
    store.close();
    const puts = statusRequests(sandbox!, 'PUT /storage/uploads/{fileId}/primary-source');
    core = await createCore({
      dataDir: path.join(root, 'app'),
      secrets: createMemorySecretStore({ videogen: OLD_KEY }),
      host: 'web',
      mediaBase: '/media/',
      videogenBaseUrl: sandbox!.url,
      syncBaseUrl: sandbox!.url,
    });
    const c2 = core;
    const failed = (await uploadsOf(c2)).find((u) => u.uploadId === id)!;
    await c2.handlers['uploads.retry']({ uploadId: id }, ctx);
    await until(async () => (await uploadsOf(c2)).find((u) => u.uploadId === id)?.state === 'ready', 'the retried upload to be ready', 30_000);
    const ready = (await uploadsOf(c2)).find((u) => u.uploadId === id)!;
    expect(ready.fileId).toBe(failed.fileId);
    expect(statusRequests(sandbox!, 'PUT /storage/uploads/{fileId}/primary-source')).toBe(puts);
    expect(statusRequests(sandbox!, 'POST /v1/files/{fileId}/archive')).toBe(0);
  });
});
