/**
 * The web host's key storage in a process of its own, so a test can run it with a real Secret
 * Service (inside `dbus-run-session` with gnome-keyring started) or with none at all. Usage:
 *   node --import tsx test/helpers/keychain-child.ts '{"dataDir":…,"step":"…","passphrase"?:…}'
 * Prints one JSON line: what the step saw.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createWebKeyStorage, osKeychain } from '../../main/web/key-storage';

const args = JSON.parse(process.argv[2] ?? '{}') as { dataDir: string; step: string; passphrase?: string; key?: string };

function filesText(dir: string): string {
  return readdirSync(dir)
    .filter((n) => statSync(path.join(dir, n)).isFile())
    .map((n) => readFileSync(path.join(dir, n), 'utf8'))
    .join('\n');
}

async function main(): Promise<unknown> {
  const store = createWebKeyStorage(args.dataDir, { log: () => undefined });
  const out: Record<string, unknown> = { storage: store.storage!(), kind: store.kind };
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    try {
      out[what] = await fn();
    } catch (err) {
      out[`${what}Error`] = err instanceof Error ? err.message : String(err);
    }
  };
  await attempt('videogen', () => store.get('videogen'));
  if (args.step === 'set' && args.key) await attempt('set', () => store.set('sync', args.key!));
  if (args.step === 'unlock') {
    await attempt('unlock', () => store.useEncryptedFile!(args.passphrase!));
    out['after'] = store.storage!();
    await attempt('videogenAfter', () => store.get('videogen'));
    if (args.key) await attempt('set', () => store.set('sync', args.key!));
    await attempt('syncAfter', () => store.get('sync'));
  }
  if (args.step === 'read-keychain') {
    const account = (p: string) => `${p} API key (${path.resolve(args.dataDir)})`;
    out['inKeychain'] = { videogen: osKeychain().get(account('videogen')), sync: osKeychain().get(account('sync')) };
    await attempt('sync', () => store.get('sync'));
  }
  out['files'] = readdirSync(args.dataDir).sort();
  out['filesText'] = filesText(args.dataDir);
  return out;
}

main().then(
  (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
  (err: unknown) => {
    process.stdout.write(`${JSON.stringify({ fatal: err instanceof Error ? err.message : String(err) })}\n`);
    process.exit(1);
  },
);
