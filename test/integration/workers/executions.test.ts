/**
 * VideoGen tool executions end to end against the sandbox: the worker writes, sends and
 * reconciles; the poller follows each job to the end and files its results.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type Sandbox } from '../../helpers/sandbox';
import { createExecEnv, isTerminal, until, type ExecEnv } from './executions-env';

let sandbox: Sandbox;
let env: ExecEnv;

beforeAll(async () => {
  sandbox = await startTestSandbox({ executionMs: 1_500 });
  env = createExecEnv({ baseUrl: sandbox.url, videogenKey: sandbox.videogenKey, syncKey: sandbox.syncKey });
});
afterAll(async () => {
  await env?.close();
  await sandbox?.close();
});

const image = (prompt: string) => ({ provider: 'videogen' as const, tool: 'generate-image', params: { prompt, quality: 'LOW' } });

describe('VideoGen executions', () => {
  it('writes the request before anything is sent and returns at once', () => {
    const before = sandbox.stats().requests['POST /v1/tools/generate-image'] ?? 0;
    const view = env.worker.run(image('a quiet harbour at dawn'));
    expect(view.status).toBe('queued');
    expect(env.store.executions.get(view.id)?.request.params).toEqual({ prompt: 'a quiet harbour at dawn', quality: 'LOW' });
    expect(sandbox.stats().requests['POST /v1/tools/generate-image'] ?? 0).toBe(before);
  });

  it('rejects a request that fails the tool schema before writing it', () => {
    const count = env.store.executions.list({ limit: 500 }).length;
    expect(() => env.worker.run({ provider: 'videogen', tool: 'generate-image', params: { prompt: 'x' } })).toThrow(/quality/);
    expect(() => env.worker.run({ provider: 'videogen', tool: 'make-coffee', params: {} })).toThrow(/isn't a VideoGen tool/);
    expect(env.store.executions.list({ limit: 500 }).length).toBe(count);
  });

  it('submits, polls and files the results linked to the execution', async () => {
    const { id } = env.worker.run(image('a red lighthouse'));
    const done = await until(() => {
      const v = env.view(id);
      return isTerminal(v) && v;
    }, 'the execution to finish');
    expect(done.status).toBe('succeeded');
    expect(done.remoteId).toBeTruthy();
    expect(done.progress).toBe(100);
    expect(done.resultFileIds.length).toBe(1);
    const file = env.store.files.get(done.resultFileIds[0]!);
    expect(file?.origin).toBe('generated');
    expect(file?.executionId).toBe(id);
    expect(file?.request?.params).toEqual({ prompt: 'a red lighthouse', quality: 'LOW' });
    const finished = env.log.filter((e) => e.name === 'work.finished' && (e.payload as { id: string }).id === id);
    expect(finished).toHaveLength(1);
    expect(finished[0]!.payload).toMatchObject({ kind: 'execution', ok: true });
  });

  it('reports a failed execution with its error', async () => {
    const { id } = env.worker.run(image('this one will fail'));
    const done = await until(() => {
      const v = env.view(id);
      return isTerminal(v) && v;
    }, 'the execution to fail');
    expect(done.status).toBe('failed');
    expect(done.error?.message).toMatch(/could not be generated/);
    expect(done.resultFileIds).toEqual([]);
  });

  it('shows a server retry: attempt rises and progress starts again', async () => {
    // Checks every 200 ms, so the first attempt's progress is seen before the retry starts.
    const fast = createExecEnv({ baseUrl: sandbox.url, videogenKey: sandbox.videogenKey, syncKey: sandbox.syncKey, poller: { schedule: { minMs: 200, maxMs: 300 } } });
    try {
      await retryShown(fast);
    } finally {
      await fast.close();
    }
  });

  async function retryShown(env: ExecEnv): Promise<void> {
    const { id } = env.worker.run(image('please retry this'));
    const seen: Array<{ attempt: number; progress: number | null }> = [];
    const off = env.events.on('execution.updated', (v) => {
      if (v.id === id && v.progress !== null) seen.push({ attempt: v.attempt, progress: v.progress });
    });
    const done = await until(() => {
      const v = env.view(id);
      return isTerminal(v) && v;
    }, 'the retried execution to finish');
    off();
    expect(done.status).toBe('succeeded');
    expect(done.attempt).toBe(1);
    const lastOfFirst = seen.filter((s) => s.attempt === 0).at(-1);
    const firstOfSecond = seen.find((s) => s.attempt === 1);
    expect(lastOfFirst && firstOfSecond).toBeTruthy();
    expect(firstOfSecond!.progress!).toBeLessThan(lastOfFirst!.progress!);
  }

  it('cancels: a queued one locally, a running one at VideoGen (confirmed by polling)', async () => {
    env.network.offline = true;
    const queued = env.worker.run(image('never sent'));
    await env.worker.cancel(queued.id);
    expect(env.view(queued.id).status).toBe('cancelled');
    env.network.offline = false;
    await until(() => env.connectivity.online, 'back online');

    const { id } = env.worker.run(image('cancel me please'));
    await until(() => env.view(id).status === 'running', 'running');
    await env.worker.cancel(id);
    const done = await until(() => {
      const v = env.view(id);
      return isTerminal(v) && v;
    }, 'the cancel to be confirmed');
    expect(done.status).toBe('cancelled');
    expect(sandbox.stats().requests['POST /v1/tools/executions/{toolExecutionId}/cancel']).toBe(1);
  });

  it('retry makes a new execution with the same request', async () => {
    const { id } = env.worker.run(image('fail then try again'));
    await until(() => env.view(id).status === 'failed', 'failed');
    const again = env.worker.retry(id);
    expect(again.id).not.toBe(id);
    expect(again.request).toEqual(env.view(id).request);
  });
});
