/**
 * `npm run web` and `npm start` as a person runs them (the processes, not the functions):
 * one line with the URL, the page behind it, a log file, a clean stop on SIGTERM; and
 * `npm start` launching Electron with the SQLite build it prepared (a stand-in Electron and a
 * local download mirror stand in for the network), or falling back to the browser with one
 * plain sentence when there is no Electron binary or no SQLite build for it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../../main/host/electron-binary';
import { request } from './support/http';
import { installedModule } from '../../../main/host/native/sqlite-binding';
import { makeStandInElectron, offlineBuildEnv, startPrebuiltMirror, type PrebuiltMirror } from '../../helpers/stand-in-electron';

const root = path.resolve(__dirname, '../../..');
const coreWritten = existsSync(path.join(root, 'main/core/create-core.ts'));
if (!coreWritten) console.log('web host CLI tests skipped: main/core/create-core.ts does not exist yet');
const URL_LINE = /^atelier web host: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43}))$/m;

const children: ChildProcess[] = [];
const dirs: string[] = [];
let mirror: PrebuiltMirror | null = null;
afterEach(async () => {
  await mirror?.close();
  mirror = null;
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function launch(script: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), script, ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const t0 = performance.now();
  const ready = new Promise<{ url: string; port: number; token: string; ms: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL line within 30 s\nstdout:\n${stdout}\nstderr:\n${stderr}`)), 30_000);
    child.stdout!.on('data', () => {
      const m = URL_LINE.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, port: Number(m[2]), token: m[3]!, ms: performance.now() - t0 });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}\nstdout:\n${stdout}\nstderr:\n${stderr}`)));
  });
  return { child, ready, output: () => ({ stdout, stderr }) };
}

function cleanEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ATELIER_DATA_DIR: dataDir };
  for (const k of ['ATELIER_VIDEOGEN_KEY', 'ATELIER_SYNC_KEY', 'ATELIER_SANDBOX', 'ATELIER_VIDEOGEN_URL', 'ATELIER_SYNC_URL']) delete env[k];
  return env;
}

describe.skipIf(!coreWritten)('web host command line', () => {
  it('npm run web --sandbox: prints one URL line, serves, stops on SIGTERM', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'atelier-cli-'));
    dirs.push(dataDir);
    const p = launch('main/web/cli.ts', ['--sandbox', '--data-dir', dataDir], cleanEnv(dataDir));
    const { port, token, ms } = await p.ready;
    console.log(`npm run web (tsx, sandbox): URL line after ${ms.toFixed(0)} ms`);
    expect(p.output().stdout.split('\n').filter((l) => l.startsWith('atelier web host:'))).toHaveLength(1);
    const r = await request(port, '/', { headers: { authorization: `Bearer ${token}` } });
    expect([200, 503]).toContain(r.status); // 503 = renderer not built, said plainly
    expect((await request(port, '/')).status).toBe(403);

    // The log file: in the data folder, this user's only, redacted, and served for Show logs.
    const logFile = path.join(dataDir, 'logs', 'atelier.log');
    const logged = await readFile(logFile, 'utf8');
    expect(logged).toMatch(/using the local sandbox/);
    expect(logged).not.toContain(token);
    expect((await import('node:fs')).statSync(logFile).mode & 0o777).toBe(0o600);
    const served = await request(port, '/logs', { headers: { authorization: `Bearer ${token}` } });
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toMatch(/^text\/plain/);
    expect(served.text).toMatch(/using the local sandbox/);
    expect((await request(port, '/logs')).status).toBe(403);

    const exited = new Promise<number | null>((resolve) => p.child.on('exit', (code) => resolve(code)));
    p.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);

  it('npm start with Electron: prepares SQLite for it once (then reuses it) and hands it to the app', async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), 'atelier-start-electron-'));
    dirs.push(work);
    mirror = await startPrebuiltMirror(work);
    const record = path.join(work, 'launch');
    const env = {
      ...cleanEnv(path.join(work, 'data')),
      ...(await offlineBuildEnv(work, mirror)),
      ELECTRON_OVERRIDE_DIST_PATH: makeStandInElectron(path.join(work, 'electron')),
      STAND_IN_RECORD: record,
    };
    const run = async () => {
      const p = launch('main/start.ts', ['--sandbox'], env);
      const code = await new Promise<number | null>((resolve) => p.child.on('exit', (c) => resolve(c)));
      await p.ready.catch(() => {});
      return { code, ...p.output() };
    };
    const first = await run();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Preparing SQLite for Electron 45\.4\.1 \(once per Electron version; this can take a minute\)…$/m);
    const binding = path.join(work, 'cache', 'native', `better-sqlite3-${installedModule().version}`, `electron-45.4.1-${process.platform}-${process.arch}`, 'better_sqlite3.node');
    const launchedEnv = readFileSync(`${record}.env`, 'utf8').split('\n');
    expect(launchedEnv).toContain(`ATELIER_SQLITE_BINDING=${binding}`);
    expect(launchedEnv.some((l) => l.startsWith('ELECTRON_RUN_AS_NODE='))).toBe(false);
    expect(readFileSync(`${record}.args`, 'utf8').split('\n').filter(Boolean)).toEqual([root, '--sandbox']);
    expect(mirror.hits).toHaveLength(1);

    const second = await run();
    expect(second.code).toBe(0);
    expect(second.stdout).not.toMatch(/Preparing SQLite/);
    expect(readFileSync(`${record}.env`, 'utf8').split('\n')).toContain(`ATELIER_SQLITE_BINDING=${binding}`);
    expect(mirror.hits).toHaveLength(1); // reused from the cache, not fetched again
  }, 120_000);

  it('npm start with Electron but no SQLite build to be had: one sentence, then the browser host', async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), 'atelier-start-nosqlite-'));
    dirs.push(work);
    mirror = await startPrebuiltMirror(work, { serve: false });
    const dataDir = path.join(work, 'data');
    const env = {
      ...cleanEnv(dataDir),
      ...(await offlineBuildEnv(work, mirror)),
      ELECTRON_OVERRIDE_DIST_PATH: makeStandInElectron(path.join(work, 'electron')),
      STAND_IN_RECORD: path.join(work, 'launch'),
    };
    const p = launch('main/start.ts', [], env);
    await p.ready;
    const log = path.join(work, 'cache', 'native', `prepare-electron-45.4.1-${process.platform}-${process.arch}.log`);
    expect(p.output().stdout).toContain(
      'SQLite could not be prepared for Electron 45.4.1: no prebuilt build could be downloaded and none could be compiled ' +
        `(the network is unreachable: 127.0.0.1 could not be reached), so Atelier is starting in your browser instead (details in ${log}).\n`,
    );
    expect(existsSync(log)).toBe(true);
    expect(existsSync(path.join(work, 'launch.env'))).toBe(false); // Electron was never launched
    p.child.kill('SIGTERM');
  }, 120_000);

  it('npm start without Electron: one sentence, then the browser host (sandbox when no key)', async () => {
    const electron = findElectronBinary();
    if (electron.ok) {
      console.log('npm start fallback not tested: this machine has an Electron binary');
      return;
    }
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'atelier-start-'));
    dirs.push(dataDir);
    const p = launch('main/start.ts', ['--data-dir', dataDir], cleanEnv(dataDir));
    await p.ready;
    const { stdout } = p.output();
    expect(stdout).toMatch(/^Electron isn't available on this machine \(its binary could not be downloaded\), so Atelier is starting in your browser instead\.$/m);
    expect(stdout).toMatch(/No API key is configured .* local sandbox\./);
    p.child.kill('SIGTERM');
  }, 60_000);

  it('rejects unknown flags with the usage text', async () => {
    const p = launch('main/web/cli.ts', ['--bogus'], cleanEnv(os.tmpdir()));
    const code = await new Promise<number | null>((resolve) => p.child.on('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(p.output().stderr).toMatch(/Unknown option "--bogus"/);
    expect(p.output().stderr).toMatch(/--sandbox/);
    await p.ready.catch(() => {});
  }, 30_000);
});
