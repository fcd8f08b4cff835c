/**
 * What `npm start` launches: the desktop app when an Electron binary and a SQLite build for it
 * can be had, otherwise the same app in the browser (the web host), with one sentence saying
 * why. Plain decisions over injected steps, so tests drive every branch with fakes.
 */
import type { ElectronBinary } from './electron-binary';
import type { PrepareResult } from './native/sqlite-binding';

export interface LaunchSteps {
  findElectron(): ElectronBinary;
  /** Fetches Electron's binary (first start only); true when it worked. */
  downloadElectron(): boolean;
  /** The Electron version in package.json, as installed; null when the package is missing. */
  electronVersion(): string | null;
  /** The better-sqlite3 build for that Electron, from the cache or prepared now. */
  ensureSqlite(electronPath: string, electronVersion: string): Promise<PrepareResult>;
}

export type LaunchPlan =
  | { kind: 'electron'; electronPath: string; electronVersion: string; sqliteBinding: string }
  | { kind: 'web'; why: string };

export const BROWSER_INSTEAD = 'so Atelier is starting in your browser instead';

export async function planLaunch(steps: LaunchSteps): Promise<LaunchPlan> {
  let electron = steps.findElectron();
  let downloadFailed = false;
  if (!electron.ok) {
    if (steps.downloadElectron()) electron = steps.findElectron();
    else downloadFailed = true;
  }
  if (!electron.ok) {
    const why = downloadFailed && electron.reason.startsWith('its binary') ? 'its binary could not be downloaded' : electron.reason;
    return { kind: 'web', why: `Electron isn't available on this machine (${why}), ${BROWSER_INSTEAD}.` };
  }
  const version = steps.electronVersion();
  if (!version) {
    return { kind: 'web', why: `The installed electron package has no version to prepare SQLite for (run npm install), ${BROWSER_INSTEAD}.` };
  }
  const sqlite = await steps.ensureSqlite(electron.path, version);
  if (!sqlite.ok) {
    const details = sqlite.logFile ? ` (details in ${sqlite.logFile})` : '';
    return { kind: 'web', why: `SQLite could not be prepared for Electron ${version}: ${sqlite.reason}, ${BROWSER_INSTEAD}${details}.` };
  }
  return { kind: 'electron', electronPath: electron.path, electronVersion: version, sqliteBinding: sqlite.path };
}
