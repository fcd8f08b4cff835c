/**
 * `npm run soak` (not part of `npm test`): the web host against the sandbox with its fault
 * profile (5xx, 429, resets during PUT, malformed JSON), 1,000 uploads and 1,000 generations,
 * the host killed with SIGKILL at random moments (a bounded number of times) and started again
 * on the same data folder, until everything has finished or the time is up. Then it counts,
 * from the sandbox's side (its API, faults off) and from the app's database:
 *
 *   soak_lost        asked for, acknowledged, and not done: no row, a row that failed or was
 *                    cancelled, or a done row whose remote file / execution does not exist
 *   soak_duplicated  more remote work than asked for: a second listed file with an upload's name,
 *                    remote executions no row owns, two rows owning one remote id
 *   soak_stuck       rows still unfinished at the end
 *
 * Knobs (environment): SOAK_UPLOADS (1000), SOAK_GENERATIONS (1000), SOAK_KILLS (10),
 * SOAK_MAX_MINUTES (30), SOAK_SEED (random).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { makePng } from '../helpers/worker-harness';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Node itself runs the script (with tsx's loader), so a SIGKILL hits the host, not a wrapper that would leave it running. */
const node = process.execPath;
const UPLOADS = Number(process.env['SOAK_UPLOADS'] ?? 1000);
const GENERATIONS = Number(process.env['SOAK_GENERATIONS'] ?? 1000);
const KILLS = Number(process.env['SOAK_KILLS'] ?? 10);
const MAX_MS = Number(process.env['SOAK_MAX_MINUTES'] ?? 30) * 60_000;
let seed = Number(process.env['SOAK_SEED'] ?? Math.floor(Math.random() * 1e9));
const SEED = seed;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const VG_KEY = 'vg_sandbox_key';
const SYNC_KEY = 'sync_sandbox_key';

interface Proc {
  child: ChildProcess;
  match: RegExpExecArray;
}

function start(script: string, args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}): Promise<Proc> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, ['--import', 'tsx', path.join(root, script), ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d: Buffer) => {
      out = (out + d.toString()).slice(-20_000);
      const m = ready.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        child.stderr!.off('data', onData);
        child.stdout!.resume();
        child.stderr!.resume();
        resolve({ child, match: m });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it was ready:\n${out}`)));
  });
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
}

const SANDBOX_FAULTS = ['--fault-5xx', '0.05', '--fault-429', '0.03', '--fault-put-reset', '0.05', '--fault-malformed-json', '0.05'];
const RATE = ['files.upload', 'tools.start', 'executions.get', 'executions.list', 'files.get', 'files.list', 'files.hydrate', 'files.archive'].flatMap((b) => ['--rate-limit', `${b}=10000000`]);

async function startSandbox(dir: string, port: number, faults: boolean): Promise<{ proc: Proc; url: string; port: number }> {
  const args = ['--port', String(port), '--data-dir', dir, '--processing-ms', '400', '--execution-ms', '1500', '--seed', String(SEED % 100000), '--media-cache-dir', path.join(tmpdir(), 'atelier-soak-media'), ...RATE, ...(faults ? SANDBOX_FAULTS : [])];
  const proc = await start('main/sandbox/cli.ts', args, /sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))/);
  return { proc, url: proc.match[1]!, port: Number(proc.match[2]) };
}

async function startHost(dataDir: string, sandboxUrl: string): Promise<{ proc: Proc; url: URL }> {
  const proc = await start('main/web/cli.ts', ['--port', '0', '--data-dir', dataDir, '--videogen-url', sandboxUrl, '--sync-url', sandboxUrl], /atelier web host: (\S+)/, {
    ATELIER_VIDEOGEN_KEY: VG_KEY,
    ATELIER_SYNC_KEY: SYNC_KEY,
  });
  return { proc, url: new URL(proc.match[1]!) };
}

/** A contract client over the web host's socket (first-message auth). */
async function connect(url: URL): Promise<{ invoke(cmd: string, input: unknown): Promise<unknown>; close(): void }> {
  const ws = new WebSocket(`ws://${url.host}/ws`, { headers: { Origin: url.origin } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let authed: () => void;
  const auth = new Promise<void>((r) => (authed = r));
  ws.on('message', (data) => {
    const f = JSON.parse(data.toString()) as { t: string; id?: number; ok?: boolean; value?: unknown; error?: { message: string } };
    if (f.t === 'auth') return authed();
    if (f.t !== 'result' || f.id === undefined) return;
    const w = waiting.get(f.id);
    waiting.delete(f.id);
    if (f.ok) w?.resolve(f.value);
    else w?.reject(new Error(f.error?.message ?? 'failed'));
  });
  ws.send(JSON.stringify({ t: 'auth', token: url.searchParams.get('token') }));
  await auth;
  let next = 1;
  return {
    invoke(cmd, input) {
      const id = next++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        ws.send(JSON.stringify({ t: 'invoke', id, cmd, input }));
      });
    },
    close: () => ws.close(),
  };
}

const TERMINAL = new Set(['ready', 'failed', 'cancelled', 'succeeded']);

function readDb(file: string): { uploads: Array<{ name: string; state: string; file_id: string | null }>; executions: Array<{ label: string; status: string; remote_id: string | null }> } {
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5_000 });
  try {
    return {
      uploads: db.prepare('SELECT name, state, file_id FROM uploads').all() as never,
      executions: db.prepare('SELECT label, status, remote_id FROM executions').all() as never,
    };
  } finally {
    db.close();
  }
}

async function listAll<T>(base: string, pathName: string, key: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const u = new URL(pathName, base);
    u.searchParams.set('limit', '200');
    if (pathName.includes('executions')) u.searchParams.set('selfOnly', 'true');
    if (cursor) u.searchParams.set('cursor', cursor);
    const res = await fetch(u, { headers: { Authorization: `Bearer ${VG_KEY}` } });
    if (!res.ok) throw new Error(`${pathName}: HTTP ${res.status}`);
    const page = (await res.json()) as Record<string, unknown>;
    out.push(...(page[key] as T[]));
    cursor = (page['nextCursor'] as string | null) ?? null;
  } while (cursor);
  return out;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const work = mkdtempSync(path.join(tmpdir(), 'atelier-soak-'));
  const files = path.join(work, 'files');
  mkdirSync(files);
  for (let i = 0; i < UPLOADS; i++) writeFileSync(path.join(files, `soak-${String(i).padStart(4, '0')}.png`), makePng(900_000 + SEED + i, 12));
  const appDir = path.join(work, 'app');
  const db = path.join(appDir, 'atelier.db');
  console.log(`soak: ${UPLOADS} uploads, ${GENERATIONS} generations, up to ${KILLS} kills, seed ${SEED}, in ${work}`);

  let sandbox = await startSandbox(path.join(work, 'sandbox'), 0, true);
  let host = await startHost(appDir, sandbox.url);

  // Every intent, acknowledged by the host before the first kill.
  const client = await connect(host.url);
  const added = (await client.invoke('uploads.add', { paths: [files] })) as { uploadIds: string[]; rejected: unknown[] };
  const prompts: string[] = [];
  for (let i = 0; i < GENERATIONS; i++) {
    const prompt = `soak generation ${i} (seed ${SEED})`;
    await client.invoke('tools.run', { tool: 'generate-image', params: { prompt, quality: 'LOW' } });
    prompts.push(prompt);
  }
  client.close();
  console.log(`soak: acknowledged ${added.uploadIds.length} uploads (${added.rejected.length} rejected) and ${prompts.length} generations after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const progress = () => {
    try {
      const d = readDb(db);
      return { left: d.uploads.filter((u) => !TERMINAL.has(u.state)).length + d.executions.filter((e) => !TERMINAL.has(e.status)).length, d };
    } catch {
      return { left: Infinity, d: null };
    }
  };

  let kills = 0;
  while (Date.now() - t0 < MAX_MS) {
    const left = progress().left;
    if (left === 0) break;
    if (kills < KILLS) {
      await new Promise((r) => setTimeout(r, 2_000 + random() * 18_000));
      host.proc.child.kill('SIGKILL');
      await stopped(host.proc.child);
      kills++;
      console.log(`soak: kill -9 #${kills} at ${((Date.now() - t0) / 1000).toFixed(0)} s, ${progress().left} unfinished; starting again`);
      host = await startHost(appDir, sandbox.url);
    } else {
      await new Promise((r) => setTimeout(r, 5_000));
      console.log(`soak: ${left} unfinished at ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
  }

  host.proc.child.kill('SIGTERM');
  await stopped(host.proc.child);
  // Count with the faults off (same data, same port).
  const port = sandbox.port;
  sandbox.proc.child.kill('SIGTERM');
  await stopped(sandbox.proc.child);
  sandbox = await startSandbox(path.join(work, 'sandbox'), port, false);

  const d = readDb(db);
  const names = new Set(Array.from({ length: UPLOADS }, (_, i) => `soak-${String(i).padStart(4, '0')}.png`));
  const listedFiles = await listAll<{ fileId: string; displayName: string | null }>(sandbox.url, '/v1/files', 'files');
  const listedIds = new Set(listedFiles.map((f) => f.fileId));
  const remoteExecs = await listAll<{ toolExecutionId: string; status: string }>(sandbox.url, '/v1/tools/executions', 'toolExecutions');
  const remoteExecIds = new Set(remoteExecs.map((e) => e.toolExecutionId));

  let lost = 0;
  let duplicated = 0;
  let stuck = 0;
  const lostWhy: string[] = [];
  const byName = new Map(d.uploads.map((u) => [u.name, u]));
  for (const name of names) {
    const u = byName.get(name);
    const why = !u ? 'no row' : !TERMINAL.has(u.state) ? null : u.state !== 'ready' ? u.state : !u.file_id || !listedIds.has(u.file_id) ? 'ready, but its file is not at VideoGen' : null;
    if (u && !TERMINAL.has(u.state)) stuck++;
    if (why) {
      lost++;
      lostWhy.push(`${name}: ${why}`);
    }
  }
  const byLabel = new Map<string, Array<(typeof d.executions)[number]>>();
  for (const e of d.executions) byLabel.set(e.label, [...(byLabel.get(e.label) ?? []), e]);
  for (const prompt of prompts) {
    const rows = byLabel.get(prompt) ?? [];
    const e = rows[0];
    if (rows.length > 1) duplicated += rows.length - 1;
    const why = !e ? 'no row' : !TERMINAL.has(e.status) ? null : e.status !== 'succeeded' ? e.status : !e.remote_id || !remoteExecIds.has(e.remote_id) ? 'succeeded, but not at VideoGen' : null;
    if (e && !TERMINAL.has(e.status)) stuck++;
    if (why) {
      lost++;
      lostWhy.push(`${prompt}: ${why}`);
    }
  }
  const perName = new Map<string, number>();
  for (const f of listedFiles) if (f.displayName && names.has(f.displayName)) perName.set(f.displayName, (perName.get(f.displayName) ?? 0) + 1);
  for (const n of perName.values()) if (n > 1) duplicated += n - 1;
  const owned = d.executions.map((e) => e.remote_id).filter((x): x is string => x !== null);
  duplicated += owned.length - new Set(owned).size;
  duplicated += [...remoteExecIds].filter((id) => !owned.includes(id)).length;

  sandbox.proc.child.kill('SIGTERM');
  await stopped(sandbox.proc.child);
  if (lostWhy.length) console.log(`soak: lost, first few: ${lostWhy.slice(0, 5).join('; ')}`);
  console.log(`soak_uploads: ${UPLOADS}`);
  console.log(`soak_generations: ${GENERATIONS}`);
  console.log(`soak_kills: ${kills}`);
  console.log(`soak_lost: ${lost}`);
  console.log(`soak_duplicated: ${duplicated}`);
  console.log(`soak_stuck: ${stuck}`);
  console.log(`soak_seconds: ${((Date.now() - t0) / 1000).toFixed(0)}`);
  if (lost + duplicated + stuck === 0) rmSync(work, { recursive: true, force: true });
  else console.log(`soak: data kept in ${work}`);
  process.exit(lost + duplicated + stuck === 0 ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(`soak failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(2);
});
