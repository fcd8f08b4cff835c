/**
 * The poller's cost for whole videos, against the sandbox: 50 workflow runs in flight, then 50
 * exports and 50 remix actions in flight together, followed by the same poller (studio source)
 * that follows tool executions.
 *
 *   studio_reads_per_hour_vs_limit: for each read bucket (run get/list, export get, remix-actions
 *     list, project get), the requests the poller sent ÷ the run's length, as a rate per hour,
 *     ÷ that bucket's hourly limit (5,000); the largest. Goal ≤ 1: the poller could keep this
 *     up for an hour without running out.
 *   studio_budget_exceeded: 1 if any request got a 429 or any bucket went over its limit during
 *     the run, else 0. Goal 0.
 *   studio_detect_p95_s: 95th percentile of (store learns the end) − (the sandbox's scheduled
 *     end: the moment our POST started + the simulated duration). Exports have no list
 *     endpoint, so each is read at most once per (0.9 s × exports in flight): with 50 in flight
 *     a finished export may wait up to ~45 s to be noticed. That is the price of the budget.
 *
 * Run: npx tsx test/bench/studio-poller.bench.ts  (about 2 minutes)
 */
import { RATE_LIMIT_DEFAULTS, startSandbox } from '../../main/sandbox/index';
import { EXPORT_JOB, REMIX_JOB, workflowJob } from '../../main/contract';
import { testMediaCacheDir } from '../helpers/sandbox';
import { watchExecutions } from './exec-watch';

const W = 15_000; // workflow run
const X = 15_000; // export, remix action
const N = 50;

const sandbox = await startSandbox({ executionMs: X, workflowMs: W, seed: 5, mediaCacheDir: testMediaCacheDir });
const { env, sentAt, doneAt, finalView, saw429 } = watchExecutions(sandbox);
const waitAll = async (ids: string[], what: string, limitMs: number) => {
  const t0 = Date.now();
  while (ids.some((id) => !doneAt.has(id))) {
    if (Date.now() - t0 > limitMs) throw new Error(`${what}: only ${ids.filter((id) => doneAt.has(id)).length} of ${ids.length} finished in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

const readKeys = (k: string) => k.startsWith('GET /v1/workflows') || k.startsWith('GET /v1/projects');
const reads = () => Object.fromEntries(Object.entries(sandbox.stats().requests).filter(([k]) => readKeys(k)));
const started = Date.now();

// 50 workflow runs in flight.
const runs = Array.from({ length: N }, (_, i) =>
  env.worker.run({ provider: 'videogen', tool: workflowJob('script-to-video'), params: { script: `Bench video number ${i}.`, visualStyle: { type: 'STOCK' }, quality: 'LOW' } }).id,
);
await waitAll(runs, 'workflow runs', 240_000);
const projects = env.store.projects.list().map((p) => p.projectId);
await new Promise((r) => setTimeout(r, 1_000)); // projects turn "ready" once their run has ended

// 50 exports (10 each of 5 projects: one render each, the rest cached) and 50 remix actions
// (2 each on 25 other projects) in flight together.
const exportsAndRemixes = [
  ...Array.from({ length: N }, (_, i) => env.worker.run({ provider: 'videogen', tool: EXPORT_JOB, params: { projectId: projects[i % 5]!, quality: 'STANDARD' } }).id),
  ...Array.from({ length: N / 2 }, (_, i) =>
    env.worker.run({ provider: 'videogen', tool: REMIX_JOB, params: { projectId: projects[5 + i]!, remixActions: [{ type: 'ENABLE_CAPTIONS' }, { type: 'UPSCALE_ASSETS' }] } }).id,
  ),
];
await waitAll(exportsAndRemixes, 'exports and remixes', 240_000);
const seconds = (Date.now() - started) / 1000;
await env.close();

const got = reads();
const bucketOf: Record<string, string> = {
  'GET /v1/workflows/runs/{workflowRunId}': 'workflows.get',
  'GET /v1/workflows/runs': 'workflows.list',
  'GET /v1/projects/{projectId}': 'projects.get',
  'GET /v1/projects/{projectId}/exports/{exportId}': 'projects.exportGet',
  'GET /v1/projects/{projectId}/remix-actions': 'projects.remixActions',
};
let worst = 0;
let over = false;
for (const [key, n] of Object.entries(got)) {
  const bucket = bucketOf[key];
  if (!bucket) continue;
  const limit = RATE_LIMIT_DEFAULTS[bucket]!.limit;
  worst = Math.max(worst, (n / seconds) * 3600 / limit);
  if (n > limit) over = true;
}
const delays: number[] = [];
let failed = 0;
for (const id of [...runs, ...exportsAndRemixes]) {
  const v = finalView.get(id)!;
  if (v.status !== 'succeeded') failed++;
  const duration = v.tool === EXPORT_JOB || v.tool === REMIX_JOB ? X : W;
  delays.push((doneAt.get(id)! - (sentAt.get(id)! + duration)) / 1000);
}
delays.sort((a, b) => a - b);
const p95 = delays[Math.min(delays.length - 1, Math.ceil(delays.length * 0.95) - 1)]!;
await sandbox.close();

console.log(`# ${runs.length} runs, ${N} exports, ${N / 2} remixes of 2 actions (${failed} not succeeded) in ${seconds.toFixed(0)} s; reads ${JSON.stringify(got)}`);
console.log(`studio_reads_per_hour_vs_limit: ${worst.toFixed(3)}`);
console.log(`studio_budget_exceeded: ${saw429() || over ? 1 : 0}`);
console.log(`studio_detect_p95_s: ${p95.toFixed(2)}`);
process.exit(failed > 0 ? 1 : 0);
