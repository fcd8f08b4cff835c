/**
 * Which better-sqlite3 build the desktop host loads, and whether it loads: decided before the
 * window opens, so a person never meets a stack trace.
 *
 *  - `npm start` prepares the Electron build and names it in ATELIER_SQLITE_BINDING;
 *  - an installed copy carries it unpacked beside app.asar (placed there at packaging);
 *  - `electron .` started by hand finds it in the cache, if `npm start` prepared it before.
 *
 * Plain Node (no 'electron' import): the host passes what Electron knows.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BINDING_FILE, findPreparedBinding, installedModule, nativeCacheDir } from './sqlite-binding';

export interface BindingContext {
  isPackaged: boolean;
  /** `process.resourcesPath` in Electron. */
  resourcesPath: string;
  env: NodeJS.ProcessEnv;
  electronVersion: string;
  platform: NodeJS.Platform;
  arch: string;
  cacheRoot: string;
}

export type BindingChoice = { ok: true; path: string } | { ok: false; problem: string; fix: string };

/** Where the packaged app keeps the Electron build (asarUnpack keeps it out of the archive). */
export function packagedBindingPath(resourcesPath: string): string {
  return path.join(resourcesPath, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', BINDING_FILE);
}

export function chooseElectronBinding(ctx: BindingContext): BindingChoice {
  const reinstall = 'Reinstall Atelier from its latest installer.';
  const prepare = 'Quit, then start Atelier with `npm start`, which prepares SQLite for this Electron version (or run `npm run desktop:prepare`).';
  const named = ctx.env.ATELIER_SQLITE_BINDING?.trim();
  if (named) {
    return existsSync(named)
      ? { ok: true, path: named }
      : { ok: false, problem: `The SQLite module Atelier was told to load is missing (${named}).`, fix: prepare };
  }
  if (ctx.isPackaged) {
    const file = packagedBindingPath(ctx.resourcesPath);
    return existsSync(file)
      ? { ok: true, path: file }
      : { ok: false, problem: `This installation of Atelier is missing its SQLite module (${file}).`, fix: reinstall };
  }
  let moduleVersion: string;
  try {
    moduleVersion = installedModule().version;
  } catch {
    return { ok: false, problem: 'The better-sqlite3 package is not installed.', fix: 'Run `npm install`, then `npm start`.' };
  }
  const cached = findPreparedBinding(ctx.cacheRoot, moduleVersion, {
    electronVersion: ctx.electronVersion,
    platform: ctx.platform,
    arch: ctx.arch,
  });
  if (cached) return { ok: true, path: cached };
  return {
    ok: false,
    problem: `SQLite has not been prepared for Electron ${ctx.electronVersion} on this computer (looked in ${nativeCacheDir(ctx.cacheRoot)}).`,
    fix: prepare,
  };
}

/**
 * Opens an in-memory database with the binding: null when it works, else the problem and its
 * fix in words (a module built for another runtime, a missing file, anything else).
 */
export function probeBinding(bindingPath: string, ctx: Pick<BindingContext, 'isPackaged' | 'cacheRoot'>): { problem: string; fix: string } | null {
  try {
    const db = new Database(':memory:', { nativeBinding: bindingPath });
    db.prepare('select sqlite_version()').get();
    db.close();
    return null;
  } catch (err) {
    return describeLoadFailure(err, bindingPath, ctx);
  }
}

export function describeLoadFailure(
  err: unknown,
  bindingPath: string,
  ctx: Pick<BindingContext, 'isPackaged' | 'cacheRoot'>,
): { problem: string; fix: string } {
  const text = err instanceof Error ? err.message : String(err);
  const fix = ctx.isPackaged
    ? 'Reinstall Atelier from its latest installer.'
    : `Quit, delete the folder ${nativeCacheDir(ctx.cacheRoot)}, then start Atelier again with \`npm start\`: it prepares a matching build.`;
  const abi = /NODE_MODULE_VERSION (\d+)[\s\S]*?requires[\s\S]*?NODE_MODULE_VERSION (\d+)/.exec(text);
  if (abi) {
    return {
      problem: `The SQLite module (${bindingPath}) was built for a different runtime (NODE_MODULE_VERSION ${abi[1]}; this version of Electron needs ${abi[2]}).`,
      fix,
    };
  }
  if (/ENOENT|cannot find module|no such file/i.test(text)) {
    return { problem: `The SQLite module is missing (${bindingPath}).`, fix };
  }
  const first = text.split('\n').find((l) => l.trim()) ?? text;
  return { problem: `The SQLite module (${bindingPath}) could not be loaded: ${first.trim()}`, fix };
}
