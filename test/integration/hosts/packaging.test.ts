/**
 * Packaging check (slow: ~10–20 s): `npm run build`, then electron-builder --dir for Linux
 * against a stand-in Electron folder (the real binary cannot be downloaded here). Asserts the
 * unpacked app carries the three build outputs in app.asar, and that the better_sqlite3.node
 * unpacked beside it is the build prepared for Electron (here a stand-in placed in a temp
 * cache) and not the Node one — while the repository's own Node build is neither deleted nor
 * rebuilt. The library sync's writer thread, as built, is started and stores a page.
 *
 * The opt-out from preparing a real Electron build (which needs the network) is this test's
 * flag, ATELIER_NATIVE_PREPARE=cache-only, not something in electron-builder.yml.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { extractFile, listPackage } from '@electron/asar';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureElectronBinding, installedElectronVersion } from '../../../main/host/native/sqlite-binding';
import { openStore } from '../../../main/store';
import { createThreadWriter } from '../../../main/workers/sync-writer-thread';
import { makeFiles } from '../../bench/store-corpus';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');
const NATIVE = path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const PREREQUISITES = ['renderer/index.html', 'main/core/create-core.ts', 'main/sandbox/index.ts'];
const missing = PREREQUISITES.filter((p) => !existsSync(path.join(root, p)));
if (missing.length) console.log(`packaging test skipped: the build needs ${missing.join(', ')}, not written yet`);

/** What electron-builder needs from an unpacked Linux Electron: the executable, locales/, resources/. */
function standInElectron(dir: string): string {
  mkdirSync(path.join(dir, 'locales'), { recursive: true });
  mkdirSync(path.join(dir, 'resources'), { recursive: true });
  writeFileSync(path.join(dir, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary"\n');
  chmodSync(path.join(dir, 'electron'), 0o755);
  writeFileSync(path.join(dir, 'locales', 'en-US.pak'), 'stand-in');
  writeFileSync(path.join(dir, 'version'), 'v45.4.1');
  writeFileSync(path.join(dir, 'LICENSE'), 'stand-in');
  return dir;
}

/**
 * The library sync's writer as built (the Electron host starts it from out/main): started as
 * a worker thread on a library, it stores a page of files and answers with the change.
 */
async function builtSyncWriterStores(script: string): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'atelier-built-writer-'));
  const store = openStore(path.join(dir, 'library.db'));
  try {
    store.librarySync.begin('full', 1_000_000);
    const changes: string[] = [];
    const writer = createThreadWriter({ dbPath: store.path, script, onChange: (c) => changes.push(...c.tables) });
    await writer.write([{ files: makeFiles(3), nextCursor: 'next-page' }]);
    await writer.close();
    expect(store.files.count()).toBe(3);
    expect(store.librarySync.get()).toMatchObject({ cursor: 'next-page', items: 3 });
    expect(changes).toContain('files');
  } finally {
    store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

let tmp: string | null = null;
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe.skipIf(missing.length > 0)('packaging (electron-builder --dir, linux)', () => {
  it(
    'packs out/main, out/preload, out/renderer into app.asar and unpacks better-sqlite3',
    async () => {
      const nativeBefore = statSync(NATIVE);
      tmp = await mkdtemp(path.join(os.tmpdir(), 'atelier-package-'));
      const dist = path.join(tmp, 'dist');
      // A stand-in "Electron build", prepared into a temp cache the way npm start would.
      const cache = path.join(tmp, 'cache');
      const standIn = Buffer.from('\x7fELF stand-in better-sqlite3 built for Electron\n', 'latin1');
      const prepared = await ensureElectronBinding({
        cacheRoot: cache,
        electronVersion: installedElectronVersion()!,
        platform: 'linux',
        arch: 'x64',
        verify: null,
        build: async (job) => {
          mkdirSync(path.join(job.moduleDir, 'build', 'Release'), { recursive: true });
          writeFileSync(path.join(job.moduleDir, 'build', 'Release', 'better_sqlite3.node'), standIn);
          return { how: 'stand-in' };
        },
      });
      expect(prepared.ok).toBe(true);
      const t0 = performance.now();
      await run('npm', ['run', 'build'], { cwd: root, maxBuffer: 32 * 1024 * 1024 });
      const t1 = performance.now();
      await builtSyncWriterStores(path.join(root, 'out/main/sync-writer.js'));
      await run(
        'npx',
        [
          'electron-builder',
          '--dir',
          '--linux',
          '--x64',
          '--config',
          'electron-builder.yml',
          `-c.electronDist=${standInElectron(path.join(tmp, 'electron-dist'))}`,
          '-c.npmRebuild=false',
          `-c.directories.output=${dist}`,
        ],
        { cwd: root, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, CI: '1', ATELIER_CACHE_DIR: cache, ATELIER_NATIVE_PREPARE: 'cache-only' } },
      );
      const t2 = performance.now();
      console.log(`packaging: build ${((t1 - t0) / 1000).toFixed(1)} s, electron-builder --dir ${((t2 - t1) / 1000).toFixed(1)} s`);

      const app = path.join(dist, 'linux-unpacked');
      expect(existsSync(path.join(app, 'atelier'))).toBe(true); // the executable, renamed
      const asar = path.join(app, 'resources', 'app.asar');
      const files = new Set(listPackage(asar, { isPack: false }).map((f) => f.replaceAll('\\', '/')));
      for (const f of ['/out/main/index.js', '/out/main/sync-writer.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json']) {
        expect(files.has(f), f).toBe(true);
      }
      // Runtime dependencies of main travel with it (better-sqlite3 loads through `bindings`).
      for (const dep of ['better-sqlite3', 'bindings', 'zod', 'ws', 'busboy', 'electron-log', 'electron-updater']) {
        expect(files.has(`/node_modules/${dep}/package.json`), dep).toBe(true);
      }
      // Sources and tests do not.
      for (const f of files) expect(f, f).not.toMatch(/^\/(main|preload|renderer|test)\//);
      const pkg = JSON.parse(extractFile(asar, 'package.json').toString()) as { main: string };
      expect(pkg.main).toBe('out/main/index.js');

      const unpackedNative = path.join(app, 'resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node');
      expect(existsSync(unpackedNative)).toBe(true);
      // The Electron build, not the Node one.
      expect(readFileSync(unpackedNative).equals(standIn)).toBe(true);
      expect(readFileSync(unpackedNative).equals(readFileSync(NATIVE))).toBe(false);
      // Build leftovers of the Node build stay out of the package.
      const unpackedRelease = path.dirname(unpackedNative);
      expect(existsSync(path.join(unpackedRelease, 'test_extension.node'))).toBe(false);
      expect(existsSync(path.join(unpackedRelease, 'obj.target'))).toBe(false);
      // The feed installed copies update from.
      const appUpdate = readFileSync(path.join(app, 'resources', 'app-update.yml'), 'utf8');
      expect(appUpdate).toMatch(/provider: generic/);
      expect(appUpdate).toMatch(/url: https:\/\//);

      const nativeAfter = statSync(NATIVE);
      expect(nativeAfter.size).toBe(nativeBefore.size);
      expect(nativeAfter.mtimeMs).toBe(nativeBefore.mtimeMs);
    },
    120_000,
  );
});
