/**
 * Issue 11, keys sealed in the web host: the OS keychain for real (a Secret Service started by
 * the test: `dbus-run-session` + gnome-keyring, the Debian packages CI installs), and with no
 * service at all the encrypted file, only with the person's consent (a passphrase they type).
 * Keys from an earlier version's plain file are moved and the file deleted. No key is ever left
 * in plain text in the data folder.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/sandbox';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const secretService = has('dbus-run-session') && has('gnome-keyring-daemon');
if (!secretService) {
  console.log('keychain tests: dbus-run-session or gnome-keyring-daemon is missing (apt-get install -y dbus gnome-keyring), so the real Secret Service case cannot run here');
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function dataDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'atelier-keys-'));
  dirs.push(d);
  return d;
}

const child = (args: Record<string, unknown>) => `node --import tsx test/helpers/keychain-child.ts '${JSON.stringify(args)}'`;

/** Without any Secret Service: no session bus in the environment. */
function runAbsent(args: Record<string, unknown>): Record<string, unknown> {
  const env = { ...process.env };
  delete env['DBUS_SESSION_BUS_ADDRESS'];
  const out = execFileSync('sh', ['-c', child(args)], { cwd: repoRoot, env, encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
}

/** Inside a fresh session bus with gnome-keyring's Secret Service unlocked (its keyring lives in `home`). */
function runWithKeyring(home: string, args: Record<string, unknown>): Record<string, unknown> {
  const script = `eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null; ${child(args)}`;
  const out = execFileSync('dbus-run-session', ['--', 'sh', '-c', script], {
    cwd: repoRoot,
    env: { ...process.env, HOME: home, XDG_DATA_HOME: path.join(home, '.local/share') },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
}

const PLAIN = { videogen: 'vg_plain_key_from_before_1234', sync: 'sk_plain_key_from_before_5678' };

describe.skipIf(!secretService)('with a Secret Service (gnome-keyring, started here)', { timeout: 120_000 }, () => {
  it('moves keys out of the old plain file into the keychain, deletes the file, and keeps new keys there', () => {
    const home = dataDir();
    const dir = dataDir();
    writeFileSync(path.join(dir, 'web-host-keys.json'), JSON.stringify(PLAIN), { mode: 0o600 });
    const first = runWithKeyring(home, { dataDir: dir, step: 'set', key: 'sk_new_sync_key_9999' });
    expect(first['storage']).toMatchObject({ kind: 'keychain', problem: null, canUseEncryptedFile: false, plainFileWaiting: false });
    expect(first['videogen']).toBe(PLAIN.videogen);
    expect(first['files']).toEqual([]);
    // A second start: the keys come from the keychain itself.
    const again = runWithKeyring(home, { dataDir: dir, step: 'read-keychain' });
    expect(again['inKeychain']).toEqual({ videogen: PLAIN.videogen, sync: 'sk_new_sync_key_9999' });
    expect(again['sync']).toBe('sk_new_sync_key_9999');
    expect(String(again['filesText'])).not.toContain('key');
  });
});

describe('with no keychain service', { timeout: 120_000 }, () => {
  it('says so, saves nothing without consent, and with a passphrase keeps keys in an encrypted file', () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, 'web-host-keys.json'), JSON.stringify(PLAIN), { mode: 0o600 });
    const before = runAbsent({ dataDir: dir, step: 'set', key: 'sk_new_sync_key_9999' });
    const storage = before['storage'] as Record<string, unknown>;
    expect(storage).toMatchObject({ kind: 'none', canUseEncryptedFile: true, locked: false, plainFileWaiting: true });
    expect(storage['problem']).toMatch(/^No system keychain is running for this session \(a Secret Service such as GNOME Keyring or KWallet\), so Atelier can’t keep keys there/);
    // The old keys still work (from memory) while the person decides; a new key is not saved anywhere.
    expect(before['videogen']).toBe(PLAIN.videogen);
    expect(before['setError']).toMatch(/Choose “Keep keys in an encrypted file” in Settings, or set ATELIER_VIDEOGEN_KEY \/ ATELIER_SYNC_KEY in the environment\.$/);

    const chosen = runAbsent({ dataDir: dir, step: 'unlock', passphrase: 'correct horse battery', key: 'sk_new_sync_key_9999' });
    expect(chosen['after']).toMatchObject({ kind: 'encrypted-file', locked: false, plainFileWaiting: false });
    expect(chosen['videogenAfter']).toBe(PLAIN.videogen);
    expect(chosen['syncAfter']).toBe('sk_new_sync_key_9999');
    expect(chosen['files']).toEqual(['web-host-keys.enc.json']);
    expect(statSync(path.join(dir, 'web-host-keys.enc.json')).mode & 0o777).toBe(0o600);
    const text = String(chosen['filesText']);
    expect(text).not.toContain(PLAIN.videogen);
    expect(text).not.toContain('sk_new_sync_key_9999');
    expect(text).not.toContain('correct horse battery');

    // After a restart the file is locked until the passphrase is typed; a wrong one opens nothing.
    const locked = runAbsent({ dataDir: dir, step: 'none' });
    expect(locked['storage']).toMatchObject({ kind: 'encrypted-file', locked: true });
    expect(locked['videogen']).toBeNull();
    const wrong = runAbsent({ dataDir: dir, step: 'unlock', passphrase: 'not the passphrase' });
    expect(wrong['unlockError']).toBe('That passphrase doesn’t open the key file. Check it and try again.');
    expect(wrong['videogenAfter']).toBeNull();
    const right = runAbsent({ dataDir: dir, step: 'unlock', passphrase: 'correct horse battery' });
    expect(right['videogenAfter']).toBe(PLAIN.videogen);
    expect(right['syncAfter']).toBe('sk_new_sync_key_9999');
  });
});
