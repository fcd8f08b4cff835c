/**
 * API keys sealed with the OS keychain through Electron's safeStorage, kept as base64 blobs
 * in `<userData>/keys.sealed.json`. The file alone is useless without the keychain.
 *
 * On Linux without a keyring (safeStorage's `basic_text` backend) Electron would "encrypt"
 * with a hard-coded password: Atelier refuses to store a key there and says why, instead of
 * silently keeping it in what is effectively plain text.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { safeStorage } from 'electron';
import type { Provider } from '../contract';
import type { SecretStore } from '../core/types';
import { AppError } from '../kernel/errors';
import { addRedactedValue } from '../kernel/redact';
import { createSaveQueue } from '../host/save-queue';

export const SEALED_KEYS_FILE = 'keys.sealed.json';

export const WEAK_KEYRING_MESSAGE =
  'Atelier won’t save this key: this Linux session has no keyring (such as GNOME Keyring or KWallet), ' +
  'so it could only be stored as plain text. Start a keyring and restart Atelier, or set ' +
  'ATELIER_VIDEOGEN_KEY / ATELIER_SYNC_KEY in the environment instead.';

export const NO_ENCRYPTION_MESSAGE =
  'Atelier can’t save keys because the system keychain is not available right now. ' +
  'Set ATELIER_VIDEOGEN_KEY / ATELIER_SYNC_KEY in the environment instead.';

/** Why sealing is refused on this machine, or null when it is safe. */
export function sealingProblem(platform: NodeJS.Platform = process.platform): string | null {
  if (!safeStorage.isEncryptionAvailable()) return NO_ENCRYPTION_MESSAGE;
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return WEAK_KEYRING_MESSAGE;
  return null;
}

type Sealed = Partial<Record<Provider, string>>;

export function createKeychainSecretStore(
  userDataDir: string,
  opts: { platform?: NodeJS.Platform; log?: (line: string) => void } = {},
): SecretStore {
  const file = path.join(userDataDir, SEALED_KEYS_FILE);
  const platform = opts.platform ?? process.platform;
  const log = opts.log ?? ((line: string) => console.error(line));

  async function load(): Promise<Sealed> {
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
      if (!parsed || typeof parsed !== 'object') return {};
      const out: Sealed = {};
      for (const p of ['videogen', 'sync'] as const) {
        const v = (parsed as Record<string, unknown>)[p];
        if (typeof v === 'string') out[p] = v;
      }
      return out;
    } catch {
      return {};
    }
  }

  async function save(sealed: Sealed): Promise<void> {
    await mkdir(userDataDir, { recursive: true });
    await writeFile(`${file}.tmp`, JSON.stringify(sealed), { mode: 0o600 });
    await rename(`${file}.tmp`, file);
  }

  function refuseIfUnsafe(): void {
    const problem = sealingProblem(platform);
    if (problem) throw new AppError({ kind: 'local', code: 'keychain_unavailable', message: problem, retryable: false });
  }

  const { update, settled } = createSaveQueue(load, save);

  return {
    kind: 'keychain',
    storage: () => ({
      kind: 'safe-storage',
      name: platform === 'darwin' ? 'macOS Keychain' : platform === 'win32' ? 'Windows (DPAPI)' : 'Secret Service (GNOME Keyring, KWallet)',
      problem: sealingProblem(platform),
      canUseEncryptedFile: false,
      locked: false,
      plainFileWaiting: false,
    }),
    async get(provider) {
      await settled();
      const blob = (await load())[provider];
      if (!blob || sealingProblem(platform)) return null;
      try {
        const key = safeStorage.decryptString(Buffer.from(blob, 'base64'));
        addRedactedValue(key);
        return key;
      } catch {
        log(`[atelier] the saved ${provider} key could not be unsealed (the keychain changed?); it must be entered again`);
        return null;
      }
    },
    async set(provider, key) {
      refuseIfUnsafe();
      addRedactedValue(key);
      const blob = safeStorage.encryptString(key).toString('base64');
      await update((s) => {
        s[provider] = blob;
      });
    },
    async clear(provider) {
      await update((s) => {
        delete s[provider];
      });
    },
  };
}
