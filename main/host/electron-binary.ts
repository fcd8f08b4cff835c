/**
 * Is an Electron binary installed here? Checked on disk only: the `electron` package's index
 * is never loaded, because loading it starts a download (impossible without network access).
 * Plain module (no 'electron' import), used by `npm start`, packaging and the Electron e2e suite.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type ElectronBinary = { ok: true; path: string } | { ok: false; reason: string };

export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const require = createRequire(import.meta.url);
  let pkgDir: string;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: 'the electron package is not installed' };
  }
  let relative: string | null = null;
  try {
    relative = readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim() || null;
  } catch {
    /* the binary was never downloaded */
  }
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const candidate = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? defaultExecutableName());
    return existsSync(candidate)
      ? { ok: true, path: candidate }
      : { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no Electron executable at ${candidate}` };
  }
  if (!relative) return { ok: false, reason: 'its binary was never downloaded (node_modules/electron/path.txt is missing)' };
  const candidate = path.join(pkgDir, 'dist', relative);
  return existsSync(candidate)
    ? { ok: true, path: candidate }
    : { ok: false, reason: `its binary is missing (${candidate})` };
}

function defaultExecutableName(): string {
  if (process.platform === 'win32') return 'electron.exe';
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return 'electron';
}
