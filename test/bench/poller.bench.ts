/**
 * The poller's request cost and detection delay, against the sandbox, vs the fixed-interval
 * baseline ("GET each execution every 1.5 s until it is done", the SDK's pollExecutedTool).
 *
 * 500 tool executions are started in 5 waves of 100, 3 s apart (the sandbox's execution time
 * is one global value, so waves spread the finish times; ~5 % of executions get a simulated
 * server retry and run 1.5× longer), so all 500 are in flight together at the peak.
 *
 *   poller_requests_vs_fixed: status requests the poller sent (sandbox stats: GET execution +
 *     list executions) ÷ the baseline's. The baseline count is computed from the actual
 *     durations (ceil(duration / 1.5 s) GETs each) and checked against a real fixed-interval
 *     run on a subset of 20 executions in the same sandbox (printed as a comment). Goal ≤ 0.1.
 *   poller_detect_p95_s: 95th percentile of (store learns "succeeded") − (the sandbox finished
 *     it). The finish time follows the sandbox's deterministic schedule: created + E (1.5 E after
 *     a retry); "created" is taken as the moment our POST started, so the delay is if anything
 *     overstated. Goal ≤ 3.
 *   poller_budget_exceeded: 1 if any request got a 429 or any rate bucket went over its
 *     X-RateLimit limit during the run, else 0. Goal 0.
 *
 * Run: npx tsx test/bench/poller.bench.ts  (about 1.5 minutes)
 */
import { RATE_LIMIT_DEFAULTS, startSandbox } from '../../main/sandbox/index';
import { testMediaCacheDir } from '../helpers/sandbox';
import { watchExecutions } from './exec-watch';

const E = 20_000;
const WAVES = 5;
const PER_WAVE = 100;
const WAVE_GAP_MS = 3_000;
const BASELINE_MS = 1_500;
const SUBSET = 20;
const STATUS_KEYS = ['GET /v1/tools/executions/{toolExecutionId}', 'GET /v1/tools/executions'];

const sandbox = await startSandbox({ executionMs: E, seed: 11, mediaCacheDir: testMediaCacheDir, rateLimits: { 'tools.start': 1_000 } });
const { env, sentAt, doneAt, finalView, saw429 } = watchExecutions(sandbox);

const statusRequests = () => STATUS_KEYS.reduce((n, k) => n + (sandbox.stats().requests[k] ?? 0), 0);
const before = statusRequests();
const started = Date.now();
const ids: string[] = [];
for (let w = 0; w < WAVES; w++) {
  for (let i = 0; i < PER_WAVE; i++) {
    ids.push(env.worker.run({ provider: 'videogen', tool: 'generate-sound-effect', params: { prompt: `bench effect ${w}-${i}`, durationSeconds: 1 + (i % 3) } }).id);
  }
  if (w < WAVES - 1) await new Promise((r) => setTimeout(r, WAVE_GAP_MS));
}
while (doneAt.size < ids.length) {
  if (Date.now() - started > 150_000) throw new Error(`only ${doneAt.size} of ${ids.length} finished in time`);
  await new Promise((r) => setTimeout(r, 100));
}
const spent = statusRequests() - before;
await env.close();

// Baseline from the actual durations, and the detection delays.
let baseline = 0;
const delays: number[] = [];
let failed = 0;
for (const id of ids) {
  const v = finalView.get(id)!;
  if (v.status !== 'succeeded') failed++;
  const duration = (v.attempt >= 1 ? 1.5 : 1) * E;
  baseline += Math.ceil(duration / BASELINE_MS);
  delays.push((doneAt.get(id)! - (sentAt.get(id)! + duration)) / 1000);
}
delays.sort((a, b) => a - b);
const p95 = delays[Math.min(delays.length - 1, Math.ceil(delays.length * 0.95) - 1)]!;

// A real fixed-interval run on a subset, to check the analytic baseline.
const subset = await realFixedInterval(SUBSET);

const requests = sandbox.stats().requests;
const overLimit = Object.entries({
  'executions.get': requests['GET /v1/tools/executions/{toolExecutionId}'] ?? 0,
  'executions.list': requests['GET /v1/tools/executions'] ?? 0,
  'tools.start': requests['POST /v1/tools/generate-sound-effect'] ?? 0,
  'files.get': requests['GET /v1/files/{fileId}'] ?? 0,
  'files.hydrate': requests['POST /v1/files/{fileId}/hydrate'] ?? 0,
}).some(([bucket, n]) => n > (bucket === 'tools.start' ? 1_000 : RATE_LIMIT_DEFAULTS[bucket]!.limit));
await sandbox.close();

console.log(`# ${ids.length} executions (${failed} not succeeded), ${((Date.now() - started) / 1000).toFixed(0)} s; poller status requests ${spent} vs fixed-interval ${baseline} (analytic)`);
console.log(`# fixed-interval run on ${SUBSET}: ${subset.real} real GETs vs ${subset.analytic} analytic`);
console.log(`# detection delay s: median ${delays[Math.floor(delays.length / 2)]!.toFixed(2)}, max ${delays[delays.length - 1]!.toFixed(2)}`);
console.log(`poller_requests_vs_fixed: ${(spent / baseline).toFixed(4)}`);
console.log(`poller_detect_p95_s: ${p95.toFixed(2)}`);
console.log(`poller_budget_exceeded: ${saw429() || overLimit ? 1 : 0}`);
process.exit(0);

/** The SDK's way: start each, then GET it every 1.5 s until it is terminal. */
async function realFixedInterval(n: number): Promise<{ real: number; analytic: number }> {
  const headers = { Authorization: `Bearer ${sandbox.videogenKey}`, 'Content-Type': 'application/json' };
  const runs = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const t0 = Date.now();
      const res = await fetch(`${sandbox.url}/v1/tools/generate-sound-effect`, { method: 'POST', headers, body: JSON.stringify({ prompt: `baseline ${i}`, durationSeconds: 1 }) });
      const { toolExecutionId } = (await res.json()) as { toolExecutionId: string };
      let gets = 0;
      for (;;) {
        await new Promise((r) => setTimeout(r, BASELINE_MS - ((Date.now() - t0) % BASELINE_MS)));
        gets++;
        const t = (await (await fetch(`${sandbox.url}/v1/tools/executions/${toolExecutionId}`, { headers })).json()) as { status: string; attemptIndex: number };
        if (t.status === 'succeeded' || t.status === 'failed' || t.status === 'cancelled') {
          return { gets, analytic: Math.ceil(((t.attemptIndex >= 1 ? 1.5 : 1) * E) / BASELINE_MS) };
        }
      }
    }),
  );
  return { real: runs.reduce((s, r) => s + r.gets, 0), analytic: runs.reduce((s, r) => s + r.analytic, 0) };
}
