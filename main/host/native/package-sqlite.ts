/**
 * Packaging: put the Electron build of better-sqlite3 where the installed app loads it
 * (`<resources>/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node`),
 * replacing the Node build that electron-builder copied from node_modules.
 *
 * Called by electron-builder's afterPack hook (after-pack.mjs) for every platform and arch it
 * packs. The build comes from the same cache `npm start` uses, prepared now when missing
 * (prebuilt downloads work for other platforms too; compiling only for this one). The repo's
 * node_modules is never rebuilt, so tests and the web host keep their Node build.
 *
 * ATELIER_NATIVE_PREPARE=cache-only packs only what the cache already holds (the local
 * packaging check uses it with a stand-in build; a release build leaves it unset).
 */
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { findElectronBinary } from '../electron-binary';
import { BINDING_FILE, cacheRoot, ensureElectronBinding, installedElectronVersion, verifyWithElectron, type BuildStep } from './sqlite-binding';

export interface PackTarget {
  /** electron-builder's appOutDir (e.g. dist/linux-unpacked). */
  appOutDir: string;
  platform: NodeJS.Platform;
  arch: string;
  /** The app's file name on macOS (`<productFilename>.app`). */
  productFilename: string;
  electronVersion?: string | null;
  env?: NodeJS.ProcessEnv;
  say?: (line: string) => void;
  /** For tests: the build step (default: @electron/rebuild). */
  build?: BuildStep;
}

export function resourcesDir(t: Pick<PackTarget, 'appOutDir' | 'platform' | 'productFilename'>): string {
  return t.platform === 'darwin'
    ? path.join(t.appOutDir, `${t.productFilename}.app`, 'Contents', 'Resources')
    : path.join(t.appOutDir, 'resources');
}

const cacheOnly: BuildStep = async () => {
  throw new Error('ATELIER_NATIVE_PREPARE=cache-only: only an already prepared build may be packed');
};

export async function placeElectronSqlite(t: PackTarget): Promise<string> {
  const env = t.env ?? process.env;
  const electronVersion = t.electronVersion ?? installedElectronVersion();
  if (!electronVersion) throw new Error('cannot pack SQLite for Electron: the electron package is not installed');
  const target = path.join(resourcesDir(t), 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', BINDING_FILE);
  if (!existsSync(path.dirname(target))) {
    throw new Error(`cannot pack SQLite for Electron: ${path.dirname(target)} is missing (is better-sqlite3 still in asarUnpack?)`);
  }
  // Only a build for this machine can be loaded here to check it.
  const electron = t.platform === process.platform && t.arch === process.arch ? findElectronBinary(env) : null;
  const result = await ensureElectronBinding({
    cacheRoot: cacheRoot(env),
    electronVersion,
    platform: t.platform,
    arch: t.arch,
    build: env.ATELIER_NATIVE_PREPARE === 'cache-only' ? cacheOnly : t.build,
    verify: electron?.ok ? verifyWithElectron(electron.path) : null,
    ...(t.say ? { say: t.say } : {}),
  });
  if (!result.ok) {
    throw new Error(
      `SQLite could not be prepared for Electron ${electronVersion} (${t.platform}-${t.arch}): ${result.reason}` +
        (result.logFile ? ` (details in ${result.logFile})` : ''),
    );
  }
  copyFileSync(result.path, target);
  t.say?.(`packed the Electron build of better-sqlite3 (${result.path}) into ${target}`);
  return target;
}
