/**
 * `npm start` (after `npm run build`): the desktop app when an Electron binary and a SQLite
 * build for it are on this machine (both are fetched or prepared once, then reused), otherwise
 * the same app in the browser through the web host, with one sentence saying why.
 *
 * The Electron binary is looked for on disk (electron/binary.ts), never by loading the
 * `electron` package, which would start a download.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './host/electron-binary';
import { parseHostArgs, USAGE, type HostSettings } from './host/args';
import { defaultDataDir } from './host/data-dir';
import { planLaunch } from './host/launch';
import { keysFromEnv } from './host/layered-secrets';
import { cacheRoot, ensureElectronBinding, installedElectronVersion, verifyWithElectron } from './host/native/sqlite-binding';
import { createWebKeyStorage } from './web/key-storage';
import { runWebHost, startWebLogging, stopOnSignals } from './web/run';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A key is configured when the environment or the web host's saved keys hold one. */
async function anyKeyConfigured(settings: HostSettings, env: NodeJS.ProcessEnv): Promise<boolean> {
  if (Object.keys(keysFromEnv(env).keys).length > 0) return true;
  const store = createWebKeyStorage(path.resolve(settings.dataDir ?? defaultDataDir(env)), { log: () => undefined });
  for (const p of ['videogen', 'sync'] as const) if (await store.get(p).catch(() => null)) return true;
  return false;
}

/**
 * Electron fetches its binary the first time it is needed. Try that once, here, so a machine
 * with network gets the desktop app; where the download fails, the web host takes over.
 */
function downloadElectron(): boolean {
  let installer: string;
  try {
    installer = path.join(path.dirname(createRequire(import.meta.url).resolve('electron/package.json')), 'install.js');
  } catch {
    return false;
  }
  console.log('Fetching the Electron runtime (first start only)…');
  const result = spawnSync(process.execPath, [installer], { stdio: 'ignore', timeout: 300_000 });
  return result.status === 0;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const parsed = parseHostArgs(argv, process.env);
  if (!parsed.ok) {
    console.error(parsed.message);
    process.exit(2);
  }
  if (parsed.settings.help) {
    console.log(USAGE.replace('npm run web', 'npm start'));
    return;
  }

  const plan = await planLaunch({
    findElectron: () => findElectronBinary(),
    downloadElectron,
    electronVersion: () => installedElectronVersion(),
    ensureSqlite: (electronPath, electronVersion) =>
      ensureElectronBinding({
        cacheRoot: cacheRoot(),
        electronVersion,
        platform: process.platform,
        arch: process.arch,
        verify: verifyWithElectron(electronPath),
        say: (line) => console.log(line),
      }),
  });

  if (plan.kind === 'electron') {
    const env: NodeJS.ProcessEnv = { ...process.env, ATELIER_SQLITE_BINDING: plan.sqliteBinding };
    delete env.ELECTRON_RUN_AS_NODE;
    // The repository root: Electron reads package.json (name, "main": out/main/index.js) there.
    const child = spawn(plan.electronPath, [repoRoot, ...argv], { stdio: 'inherit', env });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
    return;
  }

  console.log(plan.why);
  const settings = { ...parsed.settings };
  if (!settings.sandbox && !(await anyKeyConfigured(settings, process.env))) {
    settings.sandbox = true;
    console.log(
      'No API key is configured (ATELIER_VIDEOGEN_KEY / ATELIER_SYNC_KEY, or one saved in Settings), so it is running against the local sandbox.',
    );
  }
  const logFile = startWebLogging(settings);
  stopOnSignals(await runWebHost({ settings, logFile }));
}

main().catch((err: unknown) => {
  console.error(`Atelier could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
