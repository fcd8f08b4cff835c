/**
 * Keys that come from outside the store (environment variables, the local sandbox) layered
 * over a store: a fixed key wins when reading, and cannot be changed from the app (the
 * person is told where it comes from instead). Used by both hosts.
 */
import type { Provider } from '../contract';
import type { SecretStore } from '../core/types';
import { AppError } from '../kernel/errors';
import { addRedactedValue } from '../kernel/redact';

export type FixedKeySource = 'env' | 'sandbox';

export interface FixedKeys {
  source: FixedKeySource;
  keys: Partial<Record<Provider, string>>;
}

const ENV_NAMES: Record<Provider, string> = { videogen: 'ATELIER_VIDEOGEN_KEY', sync: 'ATELIER_SYNC_KEY' };

export function keysFromEnv(env: NodeJS.ProcessEnv): FixedKeys {
  const keys: Partial<Record<Provider, string>> = {};
  for (const p of ['videogen', 'sync'] as const) {
    const v = env[ENV_NAMES[p]]?.trim();
    if (v) keys[p] = v;
  }
  return { source: 'env', keys };
}

export function layerSecrets(fixed: FixedKeys, fallback: SecretStore): SecretStore {
  for (const v of Object.values(fixed.keys)) addRedactedValue(v);
  const hasFixed = Object.values(fixed.keys).some(Boolean);
  const refuse = (provider: Provider): never => {
    throw new AppError({
      kind: 'conflict',
      code: 'key_fixed',
      message:
        fixed.source === 'env'
          ? `This key comes from the ${ENV_NAMES[provider]} environment variable; change or unset it there, then restart Atelier.`
          : 'Atelier is running against the local sandbox, which supplies its own keys. Restart it without --sandbox to use your own.',
    });
  };
  return {
    kind: hasFixed ? fixed.source : fallback.kind,
    sourceOf: (provider) => (fixed.keys[provider] ? fixed.source : (fallback.sourceOf?.(provider) ?? fallback.kind)),
    async get(provider) {
      return fixed.keys[provider] ?? (await fallback.get(provider));
    },
    async set(provider, key) {
      if (fixed.keys[provider]) refuse(provider);
      addRedactedValue(key);
      await fallback.set(provider, key);
    },
    async clear(provider) {
      if (fixed.keys[provider]) refuse(provider);
      await fallback.clear(provider);
    },
    ...(fallback.storage ? { storage: () => fallback.storage!() } : {}),
    ...(fallback.useEncryptedFile ? { useEncryptedFile: (passphrase: string) => fallback.useEncryptedFile!(passphrase) } : {}),
  };
}

/** Keys held in memory only (tests, the sandbox). */
export function createMemorySecretStore(
  initial: Partial<Record<Provider, string>> = {},
  kind: SecretStore['kind'] = 'memory',
): SecretStore {
  const keys = { ...initial };
  for (const v of Object.values(keys)) addRedactedValue(v);
  return {
    kind,
    async get(provider) {
      return keys[provider] ?? null;
    },
    async set(provider, key) {
      addRedactedValue(key);
      keys[provider] = key;
    },
    async clear(provider) {
      delete keys[provider];
    },
  };
}
