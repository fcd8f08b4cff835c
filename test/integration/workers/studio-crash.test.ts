/**
 * "Create video" killed with SIGKILL, then started again: exactly one workflow run at VideoGen,
 * its project cached, nothing lost and nothing doubled (the pattern of executions-crash.test.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowJob, type ExecutionView } from '../../../main/contract';
import { openStore } from '../../../main/store';
import { repoRoot, startTestSandbox, type Sandbox } from '../../helpers/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ executionMs: 1_500 });
});
afterAll(async () => {
  await sandbox?.close();
});

function start(dataDir: string, extra: Record<string, unknown> = {}) {
  const args = { dataDir, baseUrl: sandbox.url, videogenKey: sandbox.videogenKey, syncKey: sandbox.syncKey, ...extra };
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/helpers/execution-child.ts'), JSON.stringify(args)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const views: ExecutionView[] = [];
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  createInterface({ input: proc.stdout! }).on('line', (line) => views.push((JSON.parse(line) as { view: ExecutionView }).view));
  const when = async (match: (v: ExecutionView) => boolean) => {
    for (;;) {
      const v = views.find(match);
      if (v) return v;
      if (proc.exitCode !== null) throw new Error('the child exited first');
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { proc, views, exited, when };
}

const posts = () => sandbox.stats().requests['POST /v1/workflows/script-to-video'] ?? 0;
const create = (script: string) => ({ provider: 'videogen', tool: workflowJob('script-to-video'), params: { script, visualStyle: { type: 'STOCK' } } });

/** The project of a run, as VideoGen says. */
async function projectOf(runId: string): Promise<string> {
  const res = await fetch(`${sandbox.url}/v1/workflows/runs/${runId}`, { headers: { Authorization: `Bearer ${sandbox.videogenKey}` } });
  return ((await res.json()) as { projectId: string }).projectId;
}

async function runsNamed(id: string | null): Promise<number> {
  const res = await fetch(`${sandbox.url}/v1/workflows/runs?limit=200&selfOnly=true`, { headers: { Authorization: `Bearer ${sandbox.videogenKey}` } });
  const body = (await res.json()) as { workflowRuns: Array<{ workflowRunId: string }> };
  return body.workflowRuns.filter((r) => r.workflowRunId === id).length;
}

describe('"Create video" killed with SIGKILL', { timeout: 90_000 }, () => {
  it('between writing it down and sending: sent once after the restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'atelier-video-crash-'));
    const before = posts();
    const child = start(dataDir, { request: create('Killed before it was sent.'), send: false });
    await child.when((v) => v.status === 'queued');
    child.proc.kill('SIGKILL');
    await child.exited;
    expect(posts()).toBe(before);
    expect(await start(dataDir).exited).toBe(0);
    const store = openStore(join(dataDir, 'library.db'));
    try {
      const [row] = store.executions.list({ limit: 10 });
      expect(row?.status, JSON.stringify(row?.error)).toBe('succeeded');
      expect(posts()).toBe(before + 1);
      expect(await runsNamed(row!.remoteId)).toBe(1);
      // Its project is cached, known as a script video (the cache mirrors the team's projects).
      expect(store.projects.get(await projectOf(row!.remoteId!))?.workflowType).toBe('SCRIPT_TO_VIDEO');
    } finally {
      store.close();
    }
  });

  it('in the middle of the POST (the run started, the answer never came): reconciled, not sent again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'atelier-video-crash-'));
    // A confirmed run to anchor on, as a real library would have.
    expect(await start(dataDir, { request: create('A warm-up video.') }).exited).toBe(0);
    const before = posts();
    const child = start(dataDir, { request: create('Killed mid-request.'), latencyMs: 5_000 });
    await child.when((v) => v.status === 'submitting');
    // Killed once the request has reached the server (its answer is held back 5 s).
    for (const end = Date.now() + 10_000; posts() === before && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
    child.proc.kill('SIGKILL');
    await child.exited;
    expect(posts()).toBe(before + 1);

    const again = start(dataDir);
    expect(await again.exited).toBe(0);
    const store = openStore(join(dataDir, 'library.db'));
    try {
      const rows = store.executions.list({ limit: 10 });
      expect(rows).toHaveLength(2);
      const row = rows.find((v) => v.label.includes('Killed mid-request'))!;
      expect(row.status, JSON.stringify(row.error)).toBe('succeeded');
      expect(again.views.some((v) => v.id === row.id && v.status === 'unknown')).toBe(true);
      expect(posts()).toBe(before + 1);
      expect(await runsNamed(row.remoteId)).toBe(1);
      expect(store.projects.get(await projectOf(row.remoteId!))?.workflowType).toBe('SCRIPT_TO_VIDEO');
    } finally {
      store.close();
    }
  });
});
