/**
 * The key ring: the one place in the core that holds API keys, in memory only, read from
 * the host's SecretStore at start and whenever Settings changes them. The API clients ask it
 * on every call; the renderer only ever sees presence, the last four characters and the
 * result of the last check.
 */
import type { KeyStatus, Provider } from '../contract';
import type { SecretStore } from './types';

export type KeyCheck = NonNullable<KeyStatus['check']>;

export interface KeyRing {
  /** The key for a provider, or null (synchronous: clients call it per request). */
  get(provider: Provider): string | null;
  set(provider: Provider, key: string): Promise<void>;
  clear(provider: Provider): Promise<void>;
  recordCheck(provider: Provider, check: KeyCheck | null): void;
  status(provider: Provider): KeyStatus;
  /** The key's last check failed (rejected at the start-up check, or a 401 while in use). */
  rejected(provider: Provider): boolean;
  /** Reads every key from the store again (after the key storage changed, e.g. unlocked). */
  reload(): Promise<void>;
  /** Called whenever a key or its check changes. */
  onChange(listener: (provider: Provider) => void): () => void;
}

const PROVIDERS: readonly Provider[] = ['videogen', 'sync'];

export async function createKeyRing(secrets: SecretStore): Promise<KeyRing> {
  const keys = new Map<Provider, string>();
  const checks = new Map<Provider, KeyCheck>();
  const listeners = new Set<(p: Provider) => void>();
  const changed = (p: Provider) => {
    for (const l of listeners) l(p);
  };

  for (const p of PROVIDERS) {
    const k = await secrets.get(p);
    if (k) keys.set(p, k);
  }

  const sourceOf = (p: Provider): KeyStatus['source'] => {
    if (!keys.has(p)) return null;
    const s = secrets.sourceOf?.(p) ?? secrets.kind;
    return s === 'env' || s === 'sandbox' || s === 'encrypted-file' || s === 'plain-file' ? s : 'keychain';
  };

  async function reload(): Promise<void> {
    for (const p of PROVIDERS) {
      const k = await secrets.get(p);
      const before = keys.get(p) ?? null;
      if (k) keys.set(p, k);
      else keys.delete(p);
      if (before !== (k ?? null)) checks.delete(p);
      changed(p);
    }
  }

  return {
    get: (p) => keys.get(p) ?? null,
    async set(p, key) {
      await secrets.set(p, key);
      keys.set(p, key);
      checks.delete(p);
      changed(p);
    },
    async clear(p) {
      await secrets.clear(p);
      // A layered store may still have a fixed key underneath (it refuses to clear those).
      const remaining = await secrets.get(p);
      if (remaining) keys.set(p, remaining);
      else keys.delete(p);
      checks.delete(p);
      changed(p);
    },
    recordCheck(p, check) {
      if (check) checks.set(p, check);
      else checks.delete(p);
      changed(p);
    },
    reload,
    rejected: (p) => keys.has(p) && checks.get(p)?.ok === false,
    status(p) {
      const key = keys.get(p);
      return {
        present: Boolean(key),
        last4: key && key.length >= 8 ? key.slice(-4) : null,
        check: checks.get(p) ?? null,
        source: sourceOf(p),
      };
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
