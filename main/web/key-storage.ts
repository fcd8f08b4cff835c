/**
 * Where the web host keeps API keys saved in Settings.
 *
 * - The operating system's keychain (`@napi-rs/keyring`: macOS Keychain, Windows Credential
 *   Manager, the Secret Service on Linux — GNOME Keyring, KWallet), one entry per provider and
 *   data folder. Checked at start by writing and deleting a probe entry: reading alone succeeds
 *   even where nothing could be stored.
 * - Where no keychain service works, nothing is saved until the person chooses, in Settings, to
 *   keep keys in a file encrypted with a passphrase they type (`keys.useEncryptedFile`): scrypt
 *   (N = 2^15, r = 8, p = 1) derives a 256-bit key from it and AES-256-GCM seals the keys, in
 *   `web-host-keys.enc.json` (mode 0600). The passphrase is never stored: after each start the
 *   file is locked until it is typed again. What that protects: the file alone (a backup, a copy,
 *   another user) is useless without the passphrase. What it doesn't: while Atelier runs the keys
 *   are in its memory, and a program running as you could read them or watch you type.
 * - Keys an earlier version kept in plain text (`web-host-keys.json`) are moved into the keychain
 *   at start and the file is deleted; without a keychain they are used from memory, and Settings
 *   asks where to move them (the encrypted file), after which the plain file is deleted.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb, type ScryptOptions } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import type * as NapiKeyring from '@napi-rs/keyring';
import type { Provider } from '../contract';
import type { SecretStore } from '../core/types';
import { AppError } from '../kernel/errors';
import { addRedactedValue } from '../kernel/redact';

/** The plain-text file of earlier versions: read once to move its keys, then deleted. */
export const LEGACY_PLAIN_KEYS_FILE = 'web-host-keys.json';
export const ENCRYPTED_KEYS_FILE = 'web-host-keys.enc.json';

const PROVIDERS: readonly Provider[] = ['videogen', 'sync'];
const SERVICE = 'Atelier';
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

/** The few calls made on the OS keychain (a seam for the tests' unavailable case). */
export interface KeychainBackend {
  get(account: string): string | null;
  set(account: string, secret: string): void;
  delete(account: string): void;
}

/** `@napi-rs/keyring`, loaded when first needed (its native module is only read on this path). */
export function osKeychain(): KeychainBackend {
  const { Entry } = createRequire(import.meta.url)('@napi-rs/keyring') as typeof NapiKeyring;
  const entry = (account: string) => new Entry(SERVICE, account);
  return {
    get: (account) => entry(account).getPassword() ?? null,
    set: (account, secret) => entry(account).setPassword(secret),
    delete: (account) => void entry(account).deletePassword(),
  };
}

export function keychainName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service (GNOME Keyring, KWallet)';
}

interface SealedFile {
  v: 1;
  kdf: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  iv: string;
  tag: string;
  data: string;
}

type Keys = Partial<Record<Provider, string>>;

export interface WebKeyStorageOptions {
  /** Default: the OS keychain. */
  keychain?: KeychainBackend;
  platform?: NodeJS.Platform;
  log?: (line: string) => void;
}

export function createWebKeyStorage(dataDir: string, opts: WebKeyStorageOptions = {}): SecretStore {
  const log = opts.log ?? ((line: string) => console.warn(line));
  const platform = opts.platform ?? process.platform;
  const plainFile = path.join(dataDir, LEGACY_PLAIN_KEYS_FILE);
  const sealedFile = path.join(dataDir, ENCRYPTED_KEYS_FILE);
  // One entry per provider and data folder: a test run or a second profile never touches another's keys.
  const account = (p: Provider) => `${p} API key (${path.resolve(dataDir)})`;

  let keychain: KeychainBackend | null = null;
  let problem: string | null = null;
  try {
    keychain = opts.keychain ?? osKeychain();
    const probe = `probe (${path.resolve(dataDir)})`;
    keychain.set(probe, randomBytes(8).toString('hex'));
    keychain.delete(probe);
  } catch (err) {
    keychain = null;
    const detail = err instanceof Error ? err.message : String(err);
    problem =
      platform === 'linux'
        ? `No system keychain is running for this session (a Secret Service such as GNOME Keyring or KWallet), so Atelier can’t keep keys there (${detail}).`
        : `The system keychain (${keychainName(platform)}) can’t be used right now (${detail}).`;
    log(`[atelier] keys: ${problem}`);
  }

  /** Keys from the plain file (no keychain): used from memory until the person chooses where they go. */
  let plainKeys: Keys = readPlain(plainFile);
  /** The encrypted file's contents and derived key, once unlocked. */
  let unlocked: { keys: Keys; key: Buffer; salt: Buffer } | null = null;
  const sealedExists = () => readSealed(sealedFile) !== null;

  if (keychain && Object.keys(plainKeys).length > 0) {
    for (const p of PROVIDERS) {
      const k = plainKeys[p];
      if (k) keychain.set(account(p), k);
    }
    rmSync(plainFile, { force: true });
    plainKeys = {};
    log(`[atelier] keys: moved the keys of ${LEGACY_PLAIN_KEYS_FILE} into the system keychain and deleted the file`);
  }
  for (const k of Object.values(plainKeys)) if (k) addRedactedValue(k);

  const kind = (): 'keychain' | 'encrypted-file' | 'none' => (keychain ? 'keychain' : unlocked || sealedExists() ? 'encrypted-file' : 'none');

  async function writeSealed(keys: Keys, key: Buffer, salt: Buffer): Promise<void> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(keys), 'utf8'), cipher.final()]);
    const sealed: SealedFile = {
      v: 1,
      kdf: 'scrypt',
      N: SCRYPT.N,
      r: SCRYPT.r,
      p: SCRYPT.p,
      salt: salt.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const temp = `${sealedFile}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(sealed), { mode: 0o600 });
    await rename(temp, sealedFile);
  }

  function refuseUnsaved(): never {
    if (kind() === 'encrypted-file') {
      throw new AppError({
        kind: 'local',
        code: 'keys_locked',
        retryable: false,
        message: 'The key file is locked: type its passphrase under “Where keys are kept” in Settings first.',
      });
    }
    throw new AppError({
      kind: 'local',
      code: 'keychain_unavailable',
      retryable: false,
      message: `${problem ?? 'No system keychain is available.'} Choose “Keep keys in an encrypted file” in Settings, or set ATELIER_VIDEOGEN_KEY / ATELIER_SYNC_KEY in the environment.`,
    });
  }

  return {
    get kind() {
      const k = kind();
      return k === 'none' ? (Object.keys(plainKeys).length > 0 ? 'plain-file' : 'none') : k;
    },
    sourceOf(p) {
      if (keychain) return 'keychain';
      if (unlocked) return 'encrypted-file';
      return plainKeys[p] ? 'plain-file' : 'none';
    },
    async get(p) {
      let k: string | null | undefined;
      if (keychain) k = keychain.get(account(p));
      else if (unlocked) k = unlocked.keys[p];
      else k = plainKeys[p];
      if (k) addRedactedValue(k);
      return k ?? null;
    },
    async set(p, key) {
      addRedactedValue(key);
      if (keychain) return keychain.set(account(p), key);
      if (!unlocked) refuseUnsaved();
      const keys = { ...unlocked.keys, [p]: key };
      await writeSealed(keys, unlocked.key, unlocked.salt);
      unlocked.keys = keys;
    },
    async clear(p) {
      if (keychain) {
        try {
          keychain.delete(account(p));
        } catch {
          // nothing stored for it
        }
        return;
      }
      if (unlocked) {
        const keys = { ...unlocked.keys };
        delete keys[p];
        await writeSealed(keys, unlocked.key, unlocked.salt);
        unlocked.keys = keys;
        return;
      }
      if (plainKeys[p]) refuseUnsaved();
    },
    storage: () => ({
      kind: kind(),
      name: keychain ? keychainName(platform) : null,
      problem,
      canUseEncryptedFile: keychain === null,
      locked: !keychain && !unlocked && sealedExists(),
      plainFileWaiting: !keychain && Object.keys(plainKeys).length > 0,
    }),
    async useEncryptedFile(passphrase) {
      if (keychain) {
        throw new AppError({ kind: 'conflict', code: 'keychain_available', retryable: false, message: 'The system keychain works here: keys are kept there, not in a file.' });
      }
      const sealed = readSealed(sealedFile);
      if (sealed) {
        const salt = Buffer.from(sealed.salt, 'base64');
        const key = await derive(passphrase, salt, sealed);
        let keys: Keys;
        try {
          const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
          decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
          const text = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
          keys = pickKeys(JSON.parse(text));
        } catch {
          throw new AppError({ kind: 'invalid', code: 'wrong_passphrase', retryable: false, message: 'That passphrase doesn’t open the key file. Check it and try again.' });
        }
        for (const k of Object.values(keys)) if (k) addRedactedValue(k);
        // Keys still waiting in a plain file join the encrypted ones (those win).
        unlocked = { keys: { ...plainKeys, ...keys }, key, salt };
        if (Object.keys(plainKeys).length > 0) await writeSealed(unlocked.keys, key, salt);
      } else {
        const salt = randomBytes(16);
        const key = await derive(passphrase, salt, SCRYPT);
        unlocked = { keys: { ...plainKeys }, key, salt };
        await writeSealed(unlocked.keys, key, salt);
      }
      if (Object.keys(plainKeys).length > 0) {
        await rm(plainFile, { force: true });
        plainKeys = {};
        log(`[atelier] keys: moved the keys of ${LEGACY_PLAIN_KEYS_FILE} into ${ENCRYPTED_KEYS_FILE} and deleted the plain file`);
      }
    },
  };
}

function derive(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: SCRYPT.maxmem };
  return new Promise((resolve, reject) => scryptCb(passphrase.normalize('NFC'), salt, 32, options, (err, key) => (err ? reject(err) : resolve(key))));
}

function pickKeys(parsed: unknown): Keys {
  const out: Keys = {};
  if (!parsed || typeof parsed !== 'object') return out;
  for (const p of PROVIDERS) {
    const v = (parsed as Record<string, unknown>)[p];
    if (typeof v === 'string' && v.length > 0) out[p] = v;
  }
  return out;
}

function readPlain(file: string): Keys {
  try {
    return pickKeys(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return {};
  }
}

function readSealed(file: string): SealedFile | null {
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as SealedFile;
    return s && s.v === 1 && typeof s.data === 'string' ? s : null;
  } catch {
    return null;
  }
}
