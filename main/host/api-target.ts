/**
 * Which APIs the core talks to, and with which keys — decided the same way by both hosts:
 *
 *  - sandbox: a local sandbox started in-process; its keys (memory only); the core keeps a
 *    separate library under `<dataDir>/sandbox-profile` so sandbox files never mix with real ones,
 *    and the sandbox keeps its own state beside it in `<dataDir>/sandbox-profile/server`
 *    (persistent: never deleted on close, so the library's files still exist after a restart);
 *  - otherwise: the real (or --videogen-url / --sync-url) APIs; keys from the environment
 *    (ATELIER_VIDEOGEN_KEY / ATELIER_SYNC_KEY) layered over the host's own store.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Sandbox } from '../sandbox/index';
import type { SecretStore } from '../core/types';
import { addRedactedValue } from '../kernel/redact';
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
  opts: { sqliteBinding?: string } = {},
): Promise<ApiTarget> {
  if (settings.sandbox) {
    const coreDataDir = sandboxDataDir(dataDir);
    const sandbox = await startPersistentSandbox(path.join(coreDataDir, 'server'), opts.sqliteBinding);
    addRedactedValue(sandbox.videogenKey);
    addRedactedValue(sandbox.syncKey);
    return {
      sandbox: true,
      coreDataDir,
      // Fixed keys: Settings explains they come from the sandbox instead of clearing them.
      secrets: layerSecrets(
        { source: 'sandbox', keys: { videogen: sandbox.videogenKey, sync: sandbox.syncKey } },
        createMemorySecretStore({}, 'memory'),
      ),
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

/**
 * The in-process sandbox on its persistent data dir (a given dataDir is never deleted on close).
 * It listens on the port it had last time when that port is free, so URLs the library stored
 * (media URLs until they expire, presigned upload URLs of interrupted uploads) keep working.
 */
async function startPersistentSandbox(serverDir: string, sqliteBinding: string | undefined): Promise<Sandbox> {
  const { startSandbox } = await import('../sandbox/index');
  await mkdir(serverDir, { recursive: true });
  const portFile = path.join(serverDir, 'port');
  const last = Number((await readFile(portFile, 'utf8').catch(() => '')).trim());
  let sandbox: Sandbox | null = null;
  if (Number.isInteger(last) && last > 0 && last < 65536) {
    try {
      sandbox = await startSandbox({ dataDir: serverDir, port: last, ...(sqliteBinding ? { sqliteBinding } : {}) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    }
  }
  sandbox ??= await startSandbox({ dataDir: serverDir, ...(sqliteBinding ? { sqliteBinding } : {}) });
  if (sandbox.port !== last) await writeFile(portFile, `${sandbox.port}\n`);
  return sandbox;
}
