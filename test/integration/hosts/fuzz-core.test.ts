/**
 * Random and malformed payloads through the router into the REAL core (store, workers, API
 * clients against the sandbox): every answer is clean, no handler fails in a way it did not
 * mean to (`internal` would be a bug), and the core keeps answering afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandNames } from '../../../main/contract';
import { createCore } from '../../../main/core/create-core';
import { createRouter } from '../../../main/core/router';
import type { Core } from '../../../main/core/types';
import { createMemorySecretStore, layerSecrets } from '../../../main/host/layered-secrets';
import { startTestSandbox, type Sandbox } from '../../helpers/sandbox';
import { mulberry32, randomInput } from '../../unit/contract/support/fuzz';

const SEED = 777;
const PAYLOADS = 3_000;

/** Inputs shaped like real ones (so they pass validation and reach the handlers), values random. */
function nearValid(cmd: string, rand: () => number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const str = () => pick(['', 'x', 'vg_file_nope', 'a b c', '"', '*', 'AND', '-', 'ünï', '%', 'x'.repeat(300), '../..', 'OR "a']);
  const fileId = () => pick(['vg_file_nope', 'local_sync_nope', str() || 'y']);
  switch (cmd) {
    case 'library.query':
      return {
        filter: rand() < 0.5 ? {} : { types: [pick(['IMAGE', 'VIDEO', 'AUDIO'])], pinnedOnly: rand() < 0.5, createdFrom: Math.floor(rand() * 1e12) },
        sort: { field: pick(['updated', 'created', 'name', 'size', 'duration']), dir: pick(['asc', 'desc']) },
        offset: Math.floor(rand() * 1e6),
        limit: 1 + Math.floor(rand() * 999),
      };
    case 'library.search':
    case 'library.searchSemantic':
      return { query: str() || 'q', limit: 1 + Math.floor(rand() * 100) };
    case 'library.get':
    case 'library.playback':
    case 'library.reveal':
    case 'library.download':
      return { fileId: fileId() };
    case 'library.archive':
    case 'library.pin':
      return { fileIds: [fileId()], ...(cmd === 'library.pin' ? { pinned: rand() < 0.5 } : {}) };
    case 'library.setPublicPreview':
      return { fileId: fileId(), enabled: rand() < 0.5 };
    case 'tools.run':
      return { tool: pick(['generate-image', 'upscale-image', 'nope', 'generate-video-clip']), params: { prompt: str(), quality: pick(['LOW', 'HIGH', 7]), numResults: pick([0, 1, 101]) } };
    case 'tools.runBatch':
      return { tool: pick(['upscale-image', 'nope']), params: {}, fileParam: pick(['imageStorageFileId', 'x']), fileIds: [fileId()] };
    case 'lipsync.run':
    case 'lipsync.estimate':
      return {
        model: pick(['sync-3', 'lipsync-2', 'nope']),
        visual: { type: pick(['video', 'image']), ref: pick([{ kind: 'library', fileId: fileId() }, { kind: 'url', url: 'https://example.com/a.mp4' }]) },
        voice: pick([{ type: 'text', voiceId: 'v', script: str() || 's' }, { type: 'audio', ref: { kind: 'library', fileId: fileId() } }]),
      };
    case 'executions.get':
    case 'executions.cancel':
    case 'executions.retry':
      return { id: str() || 'e' };
    case 'uploads.cancel':
    case 'uploads.retry':
      return { uploadId: str() || 'u' };
    case 'uploads.move':
      return { uploadId: str() || 'u', to: pick<unknown>(['top', 'bottom', { before: str() || 'b' }, { after: str() || 'a' }]) };
    case 'settings.set':
      return pick([{ theme: pick(['dark', 'light', 'system']) }, { uploadConcurrency: 1 + Math.floor(rand() * 8) }, { notifications: rand() < 0.5 }]);
    case 'keys.clear':
      return { provider: pick(['videogen', 'sync']) };
    default:
      return {};
  }
}

describe('core fuzz', () => {
  let sandbox: Sandbox;
  let core: Core;
  let dataDir: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seedFiles: 50 });
    dataDir = mkdtempSync(path.join(tmpdir(), 'atelier-fuzz-core-'));
    core = await createCore({
      dataDir,
      host: 'web',
      mediaBase: '/media/',
      secrets: layerSecrets(
        { source: 'sandbox', keys: { videogen: sandbox.videogenKey, sync: sandbox.syncKey } },
        createMemorySecretStore({}, 'memory'),
      ),
      videogenBaseUrl: sandbox.url,
      syncBaseUrl: sandbox.url,
      sandbox: true,
    });
  });

  afterAll(async () => {
    await core?.close();
    await sandbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`answers ${PAYLOADS} random payloads cleanly, with no internal failure, and stays up`, { timeout: 120_000 }, async () => {
    const rand = mulberry32(SEED);
    const logged: string[] = [];
    const router = createRouter(core.handlers, { log: (l) => logged.push(l) });
    const codes = new Map<string, number>();
    const internal: string[] = [];
    for (let i = 0; i < PAYLOADS; i++) {
      const cmd = commandNames[Math.floor(rand() * commandNames.length)]!;
      const input = rand() < 0.5 ? nearValid(cmd, rand) : randomInput(rand);
      const result = await router.invoke(cmd, input, { host: 'web' });
      const code = result.ok ? 'ok' : result.error.code;
      codes.set(code, (codes.get(code) ?? 0) + 1);
      if (!result.ok) {
        expect(Object.keys(result.error).sort()).toEqual(['code', 'message']);
        expect(result.error.message.length).toBeGreaterThan(0);
        expect(result.error.message).not.toMatch(/\n\s+at /);
        if (code === 'internal') internal.push(`${cmd} ${JSON.stringify(input)?.slice(0, 200)}`);
      }
    }
    console.log(`core fuzz (seed ${SEED}): ${JSON.stringify(Object.fromEntries(codes))}`);
    expect(internal, `handlers failed unexpectedly:\n${internal.slice(0, 10).join('\n')}\n${logged.slice(0, 5).join('\n')}`).toEqual([]);
    expect(codes.get('ok') ?? 0).toBeGreaterThan(0);

    // Still up and answering.
    const status = await router.invoke('app.status', {}, { host: 'web' });
    expect(status.ok).toBe(true);
  });
});
