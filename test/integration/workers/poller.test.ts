/**
 * The one poller: asks the budget before every status request, switches to list refreshes when
 * the per-id budget runs low, and runs the sources other workers hand it.
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

const GET = 'GET /v1/tools/executions/{toolExecutionId}';
const count = (k: string) => sandbox.stats().requests[k] ?? 0;

describe('poller', () => {
  it('never spends a closed per-id budget: the job is followed through the list instead', async () => {
    const gets = count(GET);
    // The per-id endpoint is out of requests for the next minute (as after a 429).
    env.budget.exhaust('videogen:GET /v1/tools/executions/{id}', Date.now() + 60_000);
    const { id } = env.worker.run({ provider: 'videogen', tool: 'generate-image', params: { prompt: 'budget aware', quality: 'LOW' } });
    const done = await until(() => {
      const v = env.view(id);
      return isTerminal(v) && v;
    }, 'the job to finish');
    expect(done.status).toBe('succeeded');
    expect(count(GET)).toBe(gets);
  });

  it('runs a source another worker hands it, when it is due', async () => {
    const runs: number[] = [];
    let due = Date.now() + 200;
    const remove = env.poller.addSource({
      name: 'test-files',
      nextRunAt: () => due,
      run: async (now) => {
        runs.push(now);
        due = runs.length < 3 ? now + 100 : Infinity;
      },
    });
    await until(() => runs.length === 3, 'three runs');
    remove();
    expect(runs[1]! - runs[0]!).toBeGreaterThanOrEqual(90);
  });
});
