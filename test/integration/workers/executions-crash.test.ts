/**
 * A process killed with SIGKILL at the worst moments, then started again: exactly one remote
 * execution, its result present, nothing doubled.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionView } from '../../../main/contract';
import { openStore } from '../../../main/store';
import { repoRoot, startTestSandbox, type Sandbox } from '../../helpers/sandbox';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox({ executionMs: 2_500 });
});
afterAll(async () => {
  await sandbox?.close();
});

interface Child {
  proc: ChildProcess;
  views: ExecutionView[];
  /** Resolves with the first event view matching. */
  when(match: (v: ExecutionView) => boolean): Promise<ExecutionView>;
  exited: Promise<number | null>;
}

function start(dataDir: string, extra: Record<string, unknown> = {}): Child {
  const args = { dataDir, baseUrl: sandbox.url, videogenKey: sandbox.videogenKey, syncKey: sandbox.syncKey, ...extra };
  const proc = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/helpers/execution-child.ts'), JSON.stringify(args)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const views: ExecutionView[] = [];
  const waiters: Array<{ match: (v: ExecutionView) => boolean; resolve: (v: ExecutionView) => void }> = [];
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    const { view } = JSON.parse(line) as { view: ExecutionView };
    views.push(view);
    for (const w of waiters.splice(0)) {
      if (w.match(view)) w.resolve(view);
      else waiters.push(w);
    }
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return {
    proc,
    views,
    exited,
    when: (match) =>
      new Promise((resolve, reject) => {
        const seen = views.find(match);
        if (seen) return resolve(seen);
        waiters.push({ match, resolve });
        void exited.then(() => reject(new Error('the child exited first')));
      }),
  };
}

async function kill(child: Child): Promise<void> {
  child.proc.kill('SIGKILL');
  await child.exited;
}

const posts = () => sandbox.stats().requests['POST /v1/tools/generate-image'] ?? 0;
const request = (prompt: string) => ({ provider: 'videogen', tool: 'generate-image', params: { prompt, quality: 'LOW' } });

async function remoteCount(id: string | null): Promise<number> {
  const res = await fetch(`${sandbox.url}/v1/tools/executions?limit=200&selfOnly=true`, { headers: { Authorization: `Bearer ${sandbox.videogenKey}` } });
  const body = (await res.json()) as { toolExecutions: Array<{ toolExecutionId: string }> };
  return body.toolExecutions.filter((t) => t.toolExecutionId === id).length;
}

/** After the restart: the one row, finished with its result in the library. */
async function restartAndFinish(dataDir: string): Promise<ExecutionView> {
  const again = start(dataDir);
  expect(await again.exited).toBe(0);
  const store = openStore(join(dataDir, 'library.db'));
  try {
    const rows = store.executions.list({ limit: 10 });
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.status, JSON.stringify(row.error)).toBe('succeeded');
    expect(row.resultFileIds).toHaveLength(1);
    expect(store.files.get(row.resultFileIds[0]!)?.executionId).toBe(row.id);
    expect(store.files.count()).toBe(1);
    return row;
  } finally {
    store.close();
  }
}

describe('execution worker killed with SIGKILL', { timeout: 60_000 }, () => {
  it('between writing the row and sending: sent once after the restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'atelier-exec-crash-'));
    const before = posts();
    const child = start(dataDir, { request: request('killed before send'), send: false });
    await child.when((v) => v.status === 'queued');
    await kill(child);
    expect(posts()).toBe(before);
    const row = await restartAndFinish(dataDir);
    expect(posts()).toBe(before + 1);
    expect(await remoteCount(row.remoteId)).toBe(1);
  });

  it('after the POST was accepted, before success: resumed by polling, not sent again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'atelier-exec-crash-'));
    const before = posts();
    const child = start(dataDir, { request: request('killed while running') });
    const pending = await child.when((v) => v.remoteId !== null);
    await kill(child);
    const row = await restartAndFinish(dataDir);
    expect(row.remoteId).toBe(pending.remoteId);
    expect(posts()).toBe(before + 1);
    expect(await remoteCount(row.remoteId)).toBe(1);
  });

  it('in the middle of the POST (the server acted, the answer never came): reconciled, not sent again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'atelier-exec-crash-'));
    // Give the lane a confirmed execution to anchor on, as a real library would have.
    const warm = start(dataDir, { request: request('warm-up') });
    expect(await warm.exited).toBe(0);
    const before = posts();
    const child = start(dataDir, { request: request('killed mid-request'), latencyMs: 5_000 });
    await child.when((v) => v.status === 'submitting' && v.label === 'killed mid-request');
    await new Promise((r) => setTimeout(r, 300)); // the request reaches the server
    await kill(child);
    expect(posts()).toBe(before + 1);

    const again = start(dataDir);
    expect(await again.exited).toBe(0);
    const store = openStore(join(dataDir, 'library.db'));
    try {
      const row = store.executions.list({ limit: 10 }).find((v) => v.label === 'killed mid-request')!;
      expect(row.status, JSON.stringify(row.error)).toBe('succeeded');
      expect(row.resultFileIds).toHaveLength(1);
      expect(posts()).toBe(before + 1);
      expect(await remoteCount(row.remoteId)).toBe(1);
      expect(again.views.some((v) => v.id === row.id && v.status === 'unknown')).toBe(true);
    } finally {
      store.close();
    }
  });

  it('before its POST reached the server: reconciled at start, then the lane goes on at once (not after 45 s)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'atelier-exec-crash-'));
    const warm = start(dataDir, { request: request('warm-up 2') });
    expect(await warm.exited).toBe(0);
    const before = posts();
    const child = start(dataDir, { request: request('killed before it arrived'), requests: [request('queued behind it')], holdMs: 30_000 });
    await child.when((v) => v.status === 'submitting' && v.label === 'killed before it arrived');
    await kill(child);
    expect(posts()).toBe(before);

    const restartedAt = Date.now();
    const again = start(dataDir);
    const behind = await again.when((v) => v.label === 'queued behind it' && v.remoteId !== null);
    expect(behind.updatedAt - restartedAt).toBeLessThan(12_000);
    expect(await again.exited).toBe(0);
    const store = openStore(join(dataDir, 'library.db'));
    try {
      const rows = store.executions.list({ limit: 10 }).filter((v) => v.label !== 'warm-up 2');
      expect(rows.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
      // Each sent exactly once: the interrupted one had not arrived, so it was sent after the check.
      expect(posts()).toBe(before + 2);
      for (const r of rows) expect(await remoteCount(r.remoteId)).toBe(1);
    } finally {
      store.close();
    }
  });
});
