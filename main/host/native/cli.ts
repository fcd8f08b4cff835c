/**
 * `npm run desktop:prepare`: prepare (or find) the better-sqlite3 build for the installed
 * Electron, as `npm start` does on its first desktop launch, and print where it is.
 *
 *   npm run desktop:prepare              prepare it now (needs the network the first time)
 *   npm run desktop:prepare -- --where   print the cache folder
 *   npm run desktop:prepare -- --clear   delete every prepared build (the next start prepares again)
 */
import { rmSync } from 'node:fs';
import { findElectronBinary } from '../electron-binary';
import { cacheRoot, ensureElectronBinding, installedElectronVersion, nativeCacheDir, verifyWithElectron } from './sqlite-binding';

async function main(): Promise<number> {
  const args = new Set(process.argv.slice(2));
  const folder = nativeCacheDir(cacheRoot());
  if (args.has('--where')) {
    console.log(folder);
    return 0;
  }
  if (args.has('--clear')) {
    rmSync(folder, { recursive: true, force: true });
    console.log(`Removed the prepared SQLite builds in ${folder}.`);
    return 0;
  }
  const unknown = [...args].filter((a) => a !== '--help');
  if (args.has('--help') || unknown.length) {
    if (unknown.length) console.error(`Unknown option ${unknown.join(' ')}.`);
    console.log('Usage: npm run desktop:prepare [-- --where | --clear]');
    return unknown.length ? 2 : 0;
  }
  const version = installedElectronVersion();
  if (!version) {
    console.error('The electron package is not installed; run npm install first.');
    return 1;
  }
  const electron = findElectronBinary();
  const result = await ensureElectronBinding({
    cacheRoot: cacheRoot(),
    electronVersion: version,
    platform: process.platform,
    arch: process.arch,
    verify: electron.ok ? verifyWithElectron(electron.path) : null,
    say: (line) => console.log(line),
  });
  if (!result.ok) {
    console.error(`SQLite could not be prepared for Electron ${version}: ${result.reason}.${result.logFile ? ` Details: ${result.logFile}` : ''}`);
    return 1;
  }
  console.log(`${result.prepared ? 'Prepared' : 'Already prepared'}: ${result.path}${electron.ok ? '' : ' (not loaded to check it: no Electron binary here)'}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`desktop:prepare failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
