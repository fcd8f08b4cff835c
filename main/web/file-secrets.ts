/**
 * The web host's key store: a JSON file readable only by you (mode 0600) in the data folder.
 *
 * This is WEAKER than the Electron host's store, which seals keys with the OS keychain
 * (safeStorage): here anything running as your user can read the file. It exists so the
 * browser-based host can remember a key between starts; prefer the environment variables
 * ATELIER_VIDEOGEN_KEY / ATELIER_SYNC_KEY, or the desktop app, when that matters.
 */
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Provider } from '../contract';
import type { SecretStore } from '../core/types';
import { createSaveQueue } from '../host/save-queue';

export const WEB_KEYS_FILE = 'web-host-keys.json';

type KeyFile = Partial<Record<Provider, string>>;

export function createFileSecretStore(dataDir: string): SecretStore {
  const file = path.join(dataDir, WEB_KEYS_FILE);

  async function load(): Promise<KeyFile> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
    await tightenMode(file);
    try {
      const parsed = JSON.parse(text) as unknown;
      if (!parsed || typeof parsed !== 'object') return {};
      const out: KeyFile = {};
      for (const p of ['videogen', 'sync'] as const) {
        const v = (parsed as Record<string, unknown>)[p];
        if (typeof v === 'string' && v.length > 0) out[p] = v;
      }
      return out;
    } catch {
      return {};
    }
  }

  async function save(keys: KeyFile): Promise<void> {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(keys), { mode: 0o600 });
    await chmod(temp, 0o600);
    await rename(temp, file);
  }

  const { update, settled } = createSaveQueue(load, save);

  return {
    kind: 'file',
    async get(provider) {
      await settled();
      return (await load())[provider] ?? null;
    },
    set(provider, key) {
      return update((keys) => {
        keys[provider] = key;
      });
    },
    clear(provider) {
      return update((keys) => {
        delete keys[provider];
      });
    },
  };
}

/** A file someone loosened (e.g. copied with a umask) is put back to owner-only. */
async function tightenMode(file: string): Promise<void> {
  if (process.platform === 'win32') return;
  const info = await stat(file);
  if ((info.mode & 0o077) !== 0) await chmod(file, 0o600);
}
