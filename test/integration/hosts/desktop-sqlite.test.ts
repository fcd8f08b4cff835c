/**
 * better-sqlite3 for Electron, prepared the way `npm start` and packaging do it — with the real
 * build tools (@electron/rebuild → prebuild-install / node-gyp) pointed at a local mirror and a
 * dead headers URL instead of the network, a stand-in Electron to load the result, and a temp
 * cache. The repository's Node build must never change.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bindingDir,
  cacheRoot,
  electronRebuild,
  ensureElectronBinding,
  explainBuildFailure,
  findPreparedBinding,
  installedModule,
  nodeBindingPath,
  verifyWithElectron,
  type BuildStep,
} from '../../../main/host/native/sqlite-binding';
import { chooseElectronBinding, describeLoadFailure, packagedBindingPath, probeBinding } from '../../../main/host/native/electron-binding';
import { placeElectronSqlite } from '../../../main/host/native/package-sqlite';
import { makeStandInElectron, offlineBuildEnv, STAND_IN_MARK, startPrebuiltMirror, type PrebuiltMirror } from '../../helpers/stand-in-electron';

const target = { electronVersion: '45.4.1', platform: 'linux' as const, arch: 'x64' };
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
const NODE_BUILD = nodeBindingPath();
const nodeBuildHash = sha(NODE_BUILD);

let work = '';
let mirror: PrebuiltMirror | null = null;
beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'atelier-native-'));
});
afterEach(async () => {
  await mirror?.close();
  mirror = null;
  await rm(work, { recursive: true, force: true });
  // Whatever happened, plain Node keeps its own build.
  expect(sha(NODE_BUILD)).toBe(nodeBuildHash);
});

const fakeBuild = (content: string, calls: string[] = []): BuildStep => async (job) => {
  calls.push(job.moduleDir);
  // The copy is a copy: sources present, no build output from node_modules.
  expect(existsSync(path.join(job.moduleDir, 'package.json'))).toBe(true);
  expect(existsSync(path.join(job.moduleDir, 'build'))).toBe(false);
  mkdirSync(path.join(job.moduleDir, 'build', 'Release'), { recursive: true });
  writeFileSync(path.join(job.moduleDir, 'build', 'Release', 'better_sqlite3.node'), content);
  return { how: 'fake' };
};

describe('the binding cache', () => {
  it('lives in the per-user cache folder of each OS, or ATELIER_CACHE_DIR', () => {
    expect(cacheRoot({}, 'linux', '/home/p')).toBe('/home/p/.cache/atelier');
    expect(cacheRoot({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/p')).toBe('/xdg/atelier');
    expect(cacheRoot({}, 'darwin', '/Users/p')).toBe('/Users/p/Library/Caches/Atelier');
    expect(cacheRoot({ LOCALAPPDATA: 'C:\\Users\\p\\AppData\\Local' }, 'win32', 'C:\\Users\\p')).toMatch(/AppData.Local.Atelier.Cache$/);
    expect(cacheRoot({ ATELIER_CACHE_DIR: '/somewhere' }, 'linux', '/home/p')).toBe('/somewhere');
    // one folder per better-sqlite3 version, Electron version, platform and arch
    expect(bindingDir('/c', '12.11.1', target)).toBe('/c/native/better-sqlite3-12.11.1/electron-45.4.1-linux-x64');
  });

  it('prepares once on a copy, then reuses; a damaged cache entry is prepared again', async () => {
    const calls: string[] = [];
    const build = fakeBuild(`\x7fELF ${STAND_IN_MARK}`, calls);
    const first = await ensureElectronBinding({ cacheRoot: work, ...target, build, verify: null });
    expect(first).toMatchObject({ ok: true, prepared: true });
    if (!first.ok) throw new Error('unreachable');
    expect(first.path).toBe(path.join(bindingDir(work, installedModule().version, target), 'better_sqlite3.node'));
    expect(calls[0]).toContain(path.join('node_modules', '.cache', 'atelier-native'));
    expect(existsSync(calls[0]!)).toBe(false); // the staging copy is cleaned up

    const again = await ensureElectronBinding({ cacheRoot: work, ...target, build, verify: null });
    expect(again).toEqual({ ok: true, path: first.path, prepared: false });
    expect(calls).toHaveLength(1);

    // Another Electron version is another build.
    const other = await ensureElectronBinding({ cacheRoot: work, ...target, electronVersion: '46.0.0', build, verify: null });
    expect(other).toMatchObject({ ok: true, prepared: true });
    expect(calls).toHaveLength(2);

    writeFileSync(first.path, 'truncated');
    expect(findPreparedBinding(work, installedModule().version, target)).toBeNull();
    expect(await ensureElectronBinding({ cacheRoot: work, ...target, build, verify: null })).toMatchObject({ ok: true, prepared: true });
    expect(calls).toHaveLength(3);
  });

  it('refuses a build step that leaves nothing, or the Node build itself, and caches neither', async () => {
    const nothing: BuildStep = async () => ({ how: 'nothing' });
    const r1 = await ensureElectronBinding({ cacheRoot: work, ...target, build: nothing, verify: null });
    expect(r1).toMatchObject({ ok: false, reason: expect.stringMatching(/without producing better_sqlite3\.node/) });
    const copiesNode: BuildStep = async (job) => {
      mkdirSync(path.join(job.moduleDir, 'build', 'Release'), { recursive: true });
      writeFileSync(path.join(job.moduleDir, 'build', 'Release', 'better_sqlite3.node'), readFileSync(NODE_BUILD));
      return { how: 'copy' };
    };
    const r2 = await ensureElectronBinding({ cacheRoot: work, ...target, build: copiesNode, verify: null });
    expect(r2).toMatchObject({ ok: false, reason: expect.stringMatching(/Node's build instead of one for Electron/) });
    expect(findPreparedBinding(work, installedModule().version, target)).toBeNull();
  });

  it('loads the result in Electron before caching it: a build Electron refuses is not kept', async () => {
    const electron = path.join(makeStandInElectron(path.join(work, 'electron')), 'electron');
    const good = await ensureElectronBinding({ cacheRoot: path.join(work, 'a'), ...target, build: fakeBuild(STAND_IN_MARK), verify: verifyWithElectron(electron) });
    expect(good).toMatchObject({ ok: true, prepared: true });
    const bad = await ensureElectronBinding({ cacheRoot: path.join(work, 'b'), ...target, build: fakeBuild('built for Node'), verify: verifyWithElectron(electron) });
    expect(bad).toMatchObject({ ok: false, reason: 'the SQLite module built for Electron 45.4.1 does not load in it (it was built for NODE_MODULE_VERSION 115; Electron needs 140)' });
    expect(findPreparedBinding(path.join(work, 'b'), installedModule().version, target)).toBeNull();
  });
});

describe('the real build tools, offline', () => {
  it("@electron/rebuild fetches the module's prebuilt binary for Electron (here from a local mirror) into the cache", async () => {
    mirror = await startPrebuiltMirror(work);
    const env = { ...process.env, ...(await offlineBuildEnv(work, mirror)) };
    const electron = path.join(makeStandInElectron(path.join(work, 'electron')), 'electron');
    const r = await ensureElectronBinding({ cacheRoot: path.join(work, 'cache'), ...target, build: electronRebuild(env), verify: verifyWithElectron(electron, env) });
    expect(r).toMatchObject({ ok: true, prepared: true });
    if (!r.ok) throw new Error(r.reason);
    expect(readFileSync(r.path, 'utf8')).toContain(STAND_IN_MARK);
    expect(mirror.hits).toEqual([expect.stringMatching(/^\/v[\d.]+\/better-sqlite3-v[\d.]+-electron-v\d+-linux-x64\.tar\.gz$/)]);
    const manifest = JSON.parse(readFileSync(path.join(path.dirname(r.path), 'prepared.json'), 'utf8'));
    expect(manifest).toMatchObject({ module: 'better-sqlite3', electronVersion: '45.4.1', platform: 'linux', arch: 'x64', how: 'prebuilt' });
  }, 120_000);

  it('with no prebuilt and no way to compile, says why in a clause and keeps a log to read', async () => {
    mirror = await startPrebuiltMirror(work, { serve: false });
    const env = { ...process.env, ...(await offlineBuildEnv(work, mirror)) };
    const r = await ensureElectronBinding({ cacheRoot: path.join(work, 'cache'), ...target, build: electronRebuild(env), verify: null });
    expect(r.ok).toBe(false);
    if (r.ok) throw new Error('unreachable');
    expect(r.reason).toBe(
      'no prebuilt build could be downloaded and none could be compiled (the network is unreachable: 127.0.0.1 could not be reached)',
    );
    expect(readFileSync(r.logFile!, 'utf8')).toMatch(/electron-rebuild/);
  }, 120_000);

  it('names the usual causes of a failed build', () => {
    expect(explainBuildFailure('prebuild-install warn install getaddrinfo ENOTFOUND github.com\n...')).toBe('the network is unreachable: github.com could not be reached');
    expect(explainBuildFailure('gyp ERR! stack Error: not found: make')).toBe('no C++ build tools were found to compile it');
    expect(explainBuildFailure('gyp ERR! find VS could not find any Visual Studio installation to use')).toBe('no C++ build tools were found to compile it');
    expect(explainBuildFailure('Error: This is most likely not a problem with node-gyp or the package itself and\nis related to network connectivity.')).toBe('the network is unreachable');
    expect(explainBuildFailure('one\nError: something specific broke\nlast')).toBe('Error: something specific broke');
  });
});

describe('the desktop host picks and checks its binding', () => {
  const ctx = (over: Partial<Parameters<typeof chooseElectronBinding>[0]> = {}) => ({
    isPackaged: false,
    resourcesPath: path.join(work, 'resources'),
    env: {},
    electronVersion: '45.4.1',
    platform: 'linux' as const,
    arch: 'x64',
    cacheRoot: path.join(work, 'cache'),
    ...over,
  });

  it('takes what npm start names, else the packaged build, else the cache — and says what to do when none is there', async () => {
    expect(chooseElectronBinding(ctx({ env: { ATELIER_SQLITE_BINDING: NODE_BUILD } }))).toEqual({ ok: true, path: NODE_BUILD });
    expect(chooseElectronBinding(ctx({ env: { ATELIER_SQLITE_BINDING: '/gone/better_sqlite3.node' } }))).toMatchObject({ ok: false, problem: expect.stringMatching(/missing \(\/gone/), fix: expect.stringMatching(/npm start/) });

    const packaged = chooseElectronBinding(ctx({ isPackaged: true }));
    expect(packaged).toMatchObject({ ok: false, fix: 'Reinstall Atelier from its latest installer.' });
    mkdirSync(path.dirname(packagedBindingPath(ctx().resourcesPath)), { recursive: true });
    writeFileSync(packagedBindingPath(ctx().resourcesPath), 'x');
    expect(chooseElectronBinding(ctx({ isPackaged: true }))).toEqual({ ok: true, path: packagedBindingPath(ctx().resourcesPath) });

    expect(chooseElectronBinding(ctx())).toMatchObject({ ok: false, problem: expect.stringMatching(/not been prepared for Electron 45\.4\.1/), fix: expect.stringMatching(/npm start/) });
    const prepared = await ensureElectronBinding({ cacheRoot: ctx().cacheRoot, ...target, build: fakeBuild('electron build'), verify: null });
    expect(chooseElectronBinding(ctx())).toEqual({ ok: true, path: prepared.ok ? prepared.path : '' });
  });

  it('opens a database with a loadable build, and explains one that will not load', () => {
    expect(probeBinding(NODE_BUILD, ctx())).toBeNull();
    const text = path.join(work, 'text.node');
    writeFileSync(text, 'not a module');
    expect(probeBinding(text, ctx())).toMatchObject({ problem: expect.stringContaining(`The SQLite module (${text}) could not be loaded`) });
    const abi = new Error(
      "The module '/x/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 140. Please try re-compiling or re-installing",
    );
    expect(describeLoadFailure(abi, '/x/better_sqlite3.node', ctx())).toEqual({
      problem: 'The SQLite module (/x/better_sqlite3.node) was built for a different runtime (NODE_MODULE_VERSION 115; this version of Electron needs 140).',
      fix: `Quit, delete the folder ${path.join(work, 'cache', 'native')}, then start Atelier again with \`npm start\`: it prepares a matching build.`,
    });
    expect(describeLoadFailure(abi, '/x', ctx({ isPackaged: true })).fix).toBe('Reinstall Atelier from its latest installer.');
  });
});

describe('packaging places the Electron build', () => {
  it('over the Node build unpacked beside app.asar, per platform layout; cache-only refuses to build', async () => {
    const env = { ATELIER_CACHE_DIR: path.join(work, 'cache') };
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const appOutDir = path.join(work, platform);
      const resources = platform === 'darwin' ? path.join(appOutDir, 'Atelier.app/Contents/Resources') : path.join(appOutDir, 'resources');
      const release = path.join(resources, 'app.asar.unpacked/node_modules/better-sqlite3/build/Release');
      mkdirSync(release, { recursive: true });
      writeFileSync(path.join(release, 'better_sqlite3.node'), readFileSync(NODE_BUILD));

      await expect(
        placeElectronSqlite({ appOutDir, platform, arch: 'arm64', productFilename: 'Atelier', electronVersion: '45.4.1', env: { ...env, ATELIER_NATIVE_PREPARE: 'cache-only' } }),
      ).rejects.toThrow(`SQLite could not be prepared for Electron 45.4.1 (${platform}-arm64)`);

      const placed = await placeElectronSqlite({ appOutDir, platform, arch: 'arm64', productFilename: 'Atelier', electronVersion: '45.4.1', env, build: fakeBuild(`built for ${platform}`) });
      expect(placed).toBe(path.join(release, 'better_sqlite3.node'));
      expect(readFileSync(placed, 'utf8')).toBe(`built for ${platform}`);
    }
    await expect(
      placeElectronSqlite({ appOutDir: path.join(work, 'empty'), platform: 'linux', arch: 'x64', productFilename: 'Atelier', electronVersion: '45.4.1', env, build: fakeBuild('x') }),
    ).rejects.toThrow(/asarUnpack/);
  });
});
