import type { KeyStorageView, Provider } from '../../contract';
import { AppError } from '../../kernel/errors';
import { checkKey } from '../key-check';
import type { Services } from '../services';
import type { Handlers } from '../types';

export function settingsHandlers(s: Services) {
  const all = () => ({ videogen: s.keys.status('videogen'), sync: s.keys.status('sync') });
  return {
    'settings.get': () => s.store.settings.get(),
    'settings.set': (patch) => s.store.settings.set(patch),
    'keys.status': () => all(),
    'keys.set': async ({ provider, key }) => {
      const outcome = await checkKey(s, provider, key);
      if (outcome.verdict === 'rejected') throw outcome.error;
      await s.keys.set(provider, key);
      if (outcome.verdict === 'ok') s.keys.recordCheck(provider, outcome.check);
      return s.keys.status(provider);
    },
    'keys.storage': () => storageView(s),
    'keys.useEncryptedFile': async ({ passphrase }) => {
      if (!s.options.secrets.useEncryptedFile) {
        throw new AppError({ kind: 'conflict', code: 'not_offered', retryable: false, message: 'This copy of Atelier keeps keys in the system keychain; there is no key file to choose.' });
      }
      await s.options.secrets.useEncryptedFile(passphrase);
      await s.keys.reload();
      return storageView(s);
    },
    'keys.clear': async ({ provider }) => {
      await s.keys.clear(provider);
      return s.keys.status(provider);
    },
  } satisfies Partial<Handlers>;
}

/** At start: check the keys already held, quietly (the settings view shows the result). */
export async function checkStoredKeys(s: Services): Promise<void> {
  for (const provider of ['videogen', 'sync'] as Provider[]) {
    const key = s.keys.get(provider);
    if (!key) continue;
    const outcome = await checkKey(s, provider, key);
    if (outcome.verdict === 'ok') s.keys.recordCheck(provider, outcome.check);
    else if (outcome.verdict === 'rejected') {
      s.keys.recordCheck(provider, { ok: false, at: s.clock.now(), account: null, message: outcome.error.message });
    }
  }
}

/** Where keys saved in Settings go; a store that doesn't say is described from its kind. */
export function storageView(s: Services): KeyStorageView {
  const secrets = s.options.secrets;
  if (secrets.storage) return secrets.storage();
  const kind = secrets.kind === 'keychain' ? 'safe-storage' : 'memory';
  return { kind, name: null, problem: null, canUseEncryptedFile: false, locked: false, plainFileWaiting: false };
}
