// A web-host core (no window, keys in memory) on its own in-process sandbox and data folder:
// what the core-level integration tests start in `beforeAll` and close in `afterAll`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCore } from '../../main/core/create-core';
import type { Core } from '../../main/core/types';
import { createMemorySecretStore } from '../../main/host/layered-secrets';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../main/sandbox';
import { testMediaCacheDir } from './sandbox';

export interface CoreOnSandbox {
  root: string;
  sandbox: Sandbox;
  core: Core;
  close(): Promise<void>;
}

export async function startCoreOnSandbox(opts: {
  /** Names the temporary folder. */
  name: string;
  /** The VideoGen key the sandbox accepts and the core holds. */
  key: string;
  sandbox?: SandboxOptions;
  /** False: no background workers (request/response tests). */
  workers?: boolean;
}): Promise<CoreOnSandbox> {
  const root = mkdtempSync(path.join(tmpdir(), `atelier-${opts.name}-`));
  const sandbox = await startSandbox({ dataDir: path.join(root, 'sandbox'), videogenKeys: [opts.key], mediaCacheDir: testMediaCacheDir, ...opts.sandbox });
  const core = await createCore({
    dataDir: path.join(root, 'app'),
    secrets: createMemorySecretStore({ videogen: opts.key }),
    host: 'web',
    mediaBase: '/media/',
    videogenBaseUrl: sandbox.url,
    syncBaseUrl: sandbox.url,
    ...(opts.workers === false ? { workers: false } : {}),
  });
  return {
    root,
    sandbox,
    core,
    async close() {
      await core.close();
      await sandbox.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
