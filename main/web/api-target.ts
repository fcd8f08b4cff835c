/**
 * Which APIs the core talks to, and with which keys — decided the same way by both hosts:
 *
 *  - sandbox: a local sandbox started in-process; its keys (memory only); the core keeps a
 *    separate library under `<dataDir>/sandbox-profile` so sandbox files never mix with real ones;
 *  - otherwise: the real (or --videogen-url / --sync-url) APIs; keys from the environment
 *    (ATELIER_VIDEOGEN_KEY / ATELIER_SYNC_KEY) layered over the host's own store.
 */
import path from 'node:path';
import type { SecretStore } from '../core/types';
import { addRedactedValue } from '../core/router';
import type { HostSettings } from './args';
import { sandboxDataDir } from './data-dir';
import { createMemorySecretStore, keysFromEnv, layerSecrets } from './layered-secrets';

export interface ApiTarget {
  sandbox: boolean;
  /** Where the core keeps its data. */
  coreDataDir: string;
  secrets: SecretStore;
  videogenBaseUrl?: string;
  syncBaseUrl?: string;
  close(): Promise<void>;
}

export async function prepareApiTarget(
  settings: Pick<HostSettings, 'sandbox' | 'videogenUrl' | 'syncUrl'>,
  dataDir: string,
  env: NodeJS.ProcessEnv,
  hostStore: () => SecretStore,
): Promise<ApiTarget> {
  if (settings.sandbox) {
    const { startSandbox } = await import('../sandbox/index');
    const coreDataDir = sandboxDataDir(dataDir);
    const sandbox = await startSandbox({ dataDir: path.join(coreDataDir, 'server') });
    addRedactedValue(sandbox.videogenKey);
    addRedactedValue(sandbox.syncKey);
    return {
      sandbox: true,
      coreDataDir,
      secrets: createMemorySecretStore({ videogen: sandbox.videogenKey, sync: sandbox.syncKey }, 'sandbox'),
      videogenBaseUrl: sandbox.url,
      syncBaseUrl: sandbox.url,
      close: () => sandbox.close(),
    };
  }
  return {
    sandbox: false,
    coreDataDir: dataDir,
    secrets: layerSecrets(keysFromEnv(env), hostStore()),
    ...(settings.videogenUrl ? { videogenBaseUrl: settings.videogenUrl } : {}),
    ...(settings.syncUrl ? { syncBaseUrl: settings.syncUrl } : {}),
    close: async () => {},
  };
}
