import { create } from 'zustand';
import type { KeyStatus, KeyStorageView, Provider, Settings } from '../../main/contract';
import { api } from '../transport/client';

interface SettingsState {
  settings: Settings | null;
  keys: Record<Provider, KeyStatus> | null;
  /** Where keys saved here are kept (keychain, encrypted file…), and what can be chosen. */
  storage: KeyStorageView | null;
}

export const useSettings = create<SettingsState>(() => ({ settings: null, keys: null, storage: null }));

export async function loadSettings(): Promise<void> {
  const settings = await api().invoke('settings.get', {});
  useSettings.setState({ settings });
}

export async function loadKeys(): Promise<void> {
  const [keys, storage] = await Promise.all([api().invoke('keys.status', {}), api().invoke('keys.storage', {})]);
  useSettings.setState({ keys, storage });
}

/** The person's choice (no keychain): keep keys in a file encrypted with this passphrase, or unlock it. */
export async function chooseEncryptedKeyFile(passphrase: string): Promise<KeyStorageView> {
  const storage = await api().invoke('keys.useEncryptedFile', { passphrase });
  useSettings.setState({ storage });
  await loadKeys();
  return storage;
}

export async function updateSettings(patch: Partial<Settings>): Promise<void> {
  const prev = useSettings.getState().settings;
  // Optimistic: the switch moves at once; the reply (or a failure) settles it.
  if (prev) useSettings.setState({ settings: { ...prev, ...patch } });
  try {
    const settings = await api().invoke('settings.set', patch);
    useSettings.setState({ settings });
  } catch (err) {
    useSettings.setState({ settings: prev });
    throw err;
  }
}

export async function setKey(provider: Provider, key: string): Promise<KeyStatus> {
  const status = await api().invoke('keys.set', { provider, key });
  const keys = useSettings.getState().keys;
  if (keys) useSettings.setState({ keys: { ...keys, [provider]: status } });
  else await loadKeys();
  return status;
}

export async function clearKey(provider: Provider): Promise<void> {
  const status = await api().invoke('keys.clear', { provider });
  const keys = useSettings.getState().keys;
  if (keys) useSettings.setState({ keys: { ...keys, [provider]: status } });
}

/** Apply the theme to the document: `system` follows prefers-color-scheme, the others force it. */
export function applyTheme(theme: Settings['theme'], doc: Document = document): void {
  if (theme === 'system') doc.documentElement.removeAttribute('data-theme');
  else doc.documentElement.setAttribute('data-theme', theme);
}
