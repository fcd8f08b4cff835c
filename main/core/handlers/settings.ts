import type { Provider } from '../../contract';
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
      s.events.emit('store.changed', { tables: ['keys'] });
      return s.keys.status(provider);
    },
    'keys.clear': async ({ provider }) => {
      await s.keys.clear(provider);
      s.events.emit('store.changed', { tables: ['keys'] });
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
