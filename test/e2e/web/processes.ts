/**
 * Real processes for the end-to-end suite and the UI benchmark (no Playwright here, so plain
 * scripts can use it): the sandbox CLI and the web host CLI on fresh temp folders, each ready
 * when it prints its URL line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's Chromium, headless, quiet, no GPU: the flags that work on these machines. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');
export const SANDBOX_KEYS = { videogen: 'vg_sandbox_key', sync: 'sync_sandbox_key' };

export interface Proc {
  child: ChildProcess;
  /** Everything it printed, for failure messages. */
  log: string[];
  stop(): Promise<void>;
}

/** Spawn `tsx <script> ...args` and resolve once a line matches `ready`. */
/** Every process started (directly or not) by `pid`, parents before their children (Linux; elsewhere none). */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const id = queue.shift()!;
    let kids = '';
    try {
      kids = readFileSync(`/proc/${id}/task/${id}/children`, 'utf8').trim();
    } catch {
      // gone, or not Linux
    }
    for (const k of kids ? kids.split(/\s+/).map(Number) : []) {
      out.push(k);
      queue.push(k);
    }
  }
  return out;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export function startProcess(script: string, args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<{ proc: Proc; match: RegExpExecArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [path.join(repoRoot, script), ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log: string[] = [];
    let done = false;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const proc: Proc = {
      child,
      log,
      async stop() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        // tsx passes SIGTERM on to the node process it started (the app), which stops cleanly.
        child.kill('SIGTERM');
        const killer = setTimeout(() => {
          // Still running: kill what tsx started too, or it would be left behind on its own.
          console.warn(
            `${script} had not stopped 10 s after SIGTERM: killing it (pids ${[child.pid, ...descendants(child.pid!)].join(', ')}). Its last words:\n${log.join('').split('\n').slice(-8).join('\n')}`,
          );
          for (const pid of descendants(child.pid!).reverse()) killQuietly(pid);
          child.kill('SIGKILL');
        }, 10_000);
        await exited;
        clearTimeout(killer);
      },
    };
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      void proc.stop();
      reject(new Error(`${script} did not print ${ready} within ${timeoutMs} ms:\n${log.join('')}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      log.push(text);
      if (log.length > 500) log.splice(0, log.length - 500);
      if (done) return;
      for (const line of text.split('\n')) {
        const m = ready.exec(line);
        if (m) {
          done = true;
          clearTimeout(timer);
          resolve({ proc, match: m });
          return;
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready:\n${log.join('')}`));
    });
  });
}

export interface SandboxProc {
  url: string;
  port: number;
  proc: Proc;
  stop(): Promise<void>;
}

/** The sandbox as its own process, with test timings (processing 1 s, execution 3 s). */
export async function startSandboxProcess(opts: { port?: number; dataDir: string; extra?: string[]; timeoutMs?: number }): Promise<SandboxProc> {
  const args = [
    '--port',
    String(opts.port ?? 0),
    '--data-dir',
    opts.dataDir,
    '--processing-ms',
    '1000',
    '--execution-ms',
    '3000',
    '--sync-generation-ms',
    '3000',
    '--media-cache-dir',
    path.join(os.tmpdir(), 'atelier-sandbox-test-media-v1'),
    ...(opts.extra ?? []),
  ];
  const { proc, match } = await startProcess('main/sandbox/cli.ts', args, /sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))/, {}, opts.timeoutMs);
  return { url: match[1]!, port: Number(match[2]), proc, stop: () => proc.stop() };
}

export interface WebHostProc {
  url: string;
  dataDir: string;
  proc: Proc;
  stop(): Promise<void>;
}

/** The web host on a fresh data dir: `--sandbox`, or pointed at a sandbox process. */
export async function startWebHostProcess(opts: { dataDir: string; sandbox?: SandboxProc; envKeys?: boolean; env?: NodeJS.ProcessEnv }): Promise<WebHostProc> {
  if (!existsSync(path.join(repoRoot, 'out/renderer/index.html'))) {
    throw new Error('The renderer is not built: run `npm run build` first (npm test does).');
  }
  const args = ['--port', '0', '--data-dir', opts.dataDir];
  const env: NodeJS.ProcessEnv = {};
  if (opts.sandbox) {
    args.push('--videogen-url', opts.sandbox.url, '--sync-url', opts.sandbox.url);
    // `envKeys: false`: no keys from the environment, so the person saves them in Settings.
    if (opts.envKeys !== false) {
      env['ATELIER_VIDEOGEN_KEY'] = SANDBOX_KEYS.videogen;
      env['ATELIER_SYNC_KEY'] = SANDBOX_KEYS.sync;
    }
  } else {
    args.push('--sandbox');
  }
  const { proc, match } = await startProcess('main/web/cli.ts', args, /atelier web host: (\S+)/, { ...env, ...opts.env });
  return { url: match[1]!, dataDir: opts.dataDir, proc, stop: () => proc.stop() };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `atelier-e2e-${prefix}-`));
}

