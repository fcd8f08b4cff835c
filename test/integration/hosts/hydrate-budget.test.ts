/**
 * Issue 12's two budget bugs, counted at the sandbox (the requests it really receives):
 *  - cost estimates reuse library files' signed URLs until they near expiry, and ask Sync only
 *    when the inputs change;
 *  - playback hands out the stored stream URL until it is refused; `fresh` (after a refusal)
 *    hydrates once for a new one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../main/core/create-core';
import { createRouter, type Router } from '../../../main/core/router';
import type { Core } from '../../../main/core/types';
import { createMemorySecretStore, layerSecrets } from '../../../main/host/layered-secrets';
import { startTestSandbox, waitFor, type Sandbox } from '../../helpers/sandbox';

describe('hydrate budget: estimates and playback', () => {
  let sandbox: Sandbox;
  let core: Core;
  let router: Router;
  let dataDir: string;
  const hydrates = () => sandbox.stats().requests['POST /v1/files/{fileId}/hydrate'] ?? 0;
  const estimates = () => sandbox.stats().requests['POST /v2/analyze/cost'] ?? 0;
  const call = async (cmd: string, input: unknown) => {
    const r = await router.invoke(cmd as never, input, { host: 'web' });
    if (!r.ok) throw new Error(`${cmd}: ${r.error.code} ${r.error.message}`);
    return r.value as never;
  };

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seedFiles: 30 });
    dataDir = mkdtempSync(path.join(tmpdir(), 'atelier-hydrate-budget-'));
    core = await createCore({
      dataDir,
      host: 'web',
      mediaBase: '/media/',
      secrets: layerSecrets({ source: 'sandbox', keys: { videogen: sandbox.videogenKey, sync: sandbox.syncKey } }, createMemorySecretStore({}, 'memory')),
      videogenBaseUrl: sandbox.url,
      syncBaseUrl: sandbox.url,
      sandbox: true,
    });
    router = createRouter(core.handlers);
  });

  afterAll(async () => {
    await core?.close();
    await sandbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /**
   * After the first library sync the media cache prefetches thumbnails in the background, and a
   * thumbnail without a stored link is hydrated too. Counting starts once those have stopped
   * (no new hydration for a second), so only what the commands under test ask for is counted.
   */
  async function backgroundSettled(): Promise<void> {
    let last = -1;
    let since = Date.now();
    await waitFor(async () => {
      const now = hydrates();
      if (now !== last) [last, since] = [now, Date.now()];
      return Date.now() - since >= 1_000 ? true : undefined;
    }, 'background hydrations to stop');
  }

  async function fileOfType(type: 'VIDEO' | 'AUDIO'): Promise<string> {
    return waitFor(async () => {
      const page: { items: { fileId: string; type: string | null }[] } = await call('library.query', {
        filter: { types: [type] },
        sort: { field: 'updated', dir: 'desc' },
        offset: 0,
        limit: 5,
      });
      return page.items[0]?.fileId;
    }, `a ${type} file in the library`);
  }

  it('estimates: signed URLs reused, Sync asked only when the inputs change', async () => {
    const video = await fileOfType('VIDEO');
    const audio = await fileOfType('AUDIO');
    await backgroundSettled();
    const request = (temperature: number) => ({
      model: 'lipsync-2',
      visual: { type: 'video', ref: { kind: 'library', fileId: video } },
      voice: { type: 'audio', ref: { kind: 'library', fileId: audio } },
      options: { temperature },
    });
    const h0 = hydrates();
    const e0 = estimates();
    for (let i = 0; i < 5; i++) await call('lipsync.estimate', request(0.5));
    // At most one hydration per file (none when the library sync already stored fresh URLs).
    expect(hydrates() - h0).toBeLessThanOrEqual(2);
    expect(estimates() - e0).toBe(1);
    const h1 = hydrates();
    await call('lipsync.estimate', request(0.7));
    await call('lipsync.estimate', request(0.9));
    expect(estimates() - e0).toBe(3);
    expect(hydrates()).toBe(h1);
  });

  it('playback: the stored stream URL is reused; `fresh` (after a refusal) hydrates once', async () => {
    const video = await fileOfType('VIDEO');
    await backgroundSettled();
    const first: { url: string } = await call('library.playback', { fileId: video });
    const h0 = hydrates();
    const again: { url: string } = await call('library.playback', { fileId: video });
    expect(again.url).toBe(first.url);
    expect(hydrates()).toBe(h0);
    await call('library.playback', { fileId: video, fresh: true });
    expect(hydrates()).toBe(h0 + 1);
  });
});
