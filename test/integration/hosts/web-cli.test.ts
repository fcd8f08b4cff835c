/**
 * `npm run web` and `npm start` as a person runs them (the processes, not the functions):
 * one line with the URL, the page behind it, a clean stop on SIGTERM; and `npm start`
 * falling back to the browser with one plain sentence when there is no Electron binary.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../../main/electron/binary';
import { request } from './support/http';

const root = path.resolve(__dirname, '../../..');
const coreWritten = existsSync(path.join(root, 'main/core/create-core.ts'));
if (!coreWritten) console.log('web host CLI tests skipped: main/core/create-core.ts does not exist yet');
const URL_LINE = /^atelier web host: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43}))$/m;

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
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
    const exited = new Promise<number | null>((resolve) => p.child.on('exit', (code) => resolve(code)));
    p.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);

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
