/** Keys sealed with safeStorage; a plain-text Linux backend is refused, clearly. */
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../../helpers/fake-electron/index')).electronModule());

import { fake } from '../../helpers/fake-electron/index';
import { AppError } from '../../../main/kernel/errors';
import { SEALED_KEYS_FILE, WEAK_KEYRING_MESSAGE, createKeychainSecretStore } from '../../../main/electron/secrets';
import { createRouter } from '../../../main/core/router';
import { commandNames } from '../../../main/contract';
import type { Handlers } from '../../../main/core/types';

let dir: string;
beforeEach(async () => {
  fake.reset();
  dir = await mkdtemp(path.join(os.tmpdir(), 'atelier-keys-'));
});

const KEY = 'vg_live_0123456789abcdef';

describe('keychain secret store', () => {
  it('seals keys: the file never holds the key in clear', async () => {
    const store = createKeychainSecretStore(dir, { platform: 'linux' });
    expect(store.kind).toBe('keychain');
    await store.set('videogen', KEY);
    const raw = readFileSync(path.join(dir, SEALED_KEYS_FILE), 'utf8');
    expect(raw).not.toContain(KEY);
    expect(await store.get('videogen')).toBe(KEY);
    expect(await store.get('sync')).toBeNull();
    await store.clear('videogen');
    expect(await store.get('videogen')).toBeNull();
  });

  it('refuses to store a key on the basic_text backend, with a message that says what to do', async () => {
    fake.storage.backend = 'basic_text';
    const store = createKeychainSecretStore(dir, { platform: 'linux' });
    const err = await store.set('videogen', KEY).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).toJSON()).toEqual({ code: 'local', message: WEAK_KEYRING_MESSAGE });
    expect(WEAK_KEYRING_MESSAGE).toMatch(/keyring/);
    expect(WEAK_KEYRING_MESSAGE).toMatch(/ATELIER_VIDEOGEN_KEY/);
    expect(() => readFileSync(path.join(dir, SEALED_KEYS_FILE))).toThrow();
  });

  it('reaches the renderer as a clean {code, message} through the router', async () => {
    fake.storage.backend = 'basic_text';
    const store = createKeychainSecretStore(dir, { platform: 'linux' });
    const handlers = Object.fromEntries(commandNames.map((c) => [c, async () => null])) as unknown as Handlers;
    handlers['keys.set'] = async ({ provider, key }) => {
      await store.set(provider, key);
      return { present: true, last4: key.slice(-4), check: null, source: 'keychain' };
    };
    const r = await createRouter(handlers).invoke('keys.set', { provider: 'videogen', key: KEY }, { host: 'electron' });
    expect(r).toEqual({ ok: false, error: { code: 'local', message: WEAK_KEYRING_MESSAGE } });
  });

  it('basic_text only matters on Linux; no encryption at all is refused everywhere', async () => {
    fake.storage.backend = 'basic_text';
    await createKeychainSecretStore(dir, { platform: 'darwin' }).set('sync', KEY);
    fake.storage.available = false;
    const err = await createKeychainSecretStore(dir, { platform: 'darwin' }).set('sync', KEY).catch((e: unknown) => e);
    expect((err as AppError).message).toMatch(/keychain is not available/);
  });

  it('returns null (and logs) when a sealed key cannot be unsealed', async () => {
    const logs: string[] = [];
    const store = createKeychainSecretStore(dir, { platform: 'linux', log: (l) => logs.push(l) });
    await store.set('videogen', KEY);
    const file = path.join(dir, SEALED_KEYS_FILE);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify({ videogen: Buffer.from('garbage').toString('base64') }));
    expect(await store.get('videogen')).toBeNull();
    expect(logs.join()).toMatch(/could not be unsealed/);
    expect(logs.join()).not.toContain(KEY);
  });
});
