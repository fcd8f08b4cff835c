/**
 * A separate process running the execution worker and the poller on a library folder, so a
 * test can SIGKILL it at any moment and start it again. Usage:
 *   node --import tsx test/helpers/execution-child.ts '{"dataDir":…,"baseUrl":…,"videogenKey":…,"syncKey":…,"request":…?,"send":true?}'
 *
 * - `request`: written (queued) at start, before anything else happens.
 * - `send: false`: the request is written but the send lane never starts (to be killed between
 *   writing the row and sending); the poller isn't started either.
 * - `latencyMs`: the answer of every tool or workflow start is held back this long (the POST has reached
 *   the server and acted), to be killed mid-request.
 * - `holdMs`: every tool start is held this long before it leaves (to be killed before it arrives).
 * - `requests`: more requests written (queued) at start, after `request`.
 * Prints one JSON line per event: `{"event":"written"|"updated","view":…}`. Runs until killed
 * or until every execution is terminal (then exits 0).
 */
import type { ExecutionRequest } from '../../main/contract';
import { createExecEnv, isTerminal } from '../integration/workers/executions-env';

interface ChildArgs {
  dataDir: string;
  baseUrl: string;
  videogenKey: string;
  syncKey: string;
  request?: ExecutionRequest;
  send?: boolean;
  latencyMs?: number;
  holdMs?: number;
  requests?: ExecutionRequest[];
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
const send = args.send !== false;
const env = createExecEnv({ baseUrl: args.baseUrl, videogenKey: args.videogenKey, syncKey: args.syncKey, dataDir: args.dataDir, start: false });
if (args.latencyMs) {
  const ms = args.latencyMs;
  env.network.slowAnswer = (method, url) => (method === 'POST' && (url.includes('/v1/tools/') || url.includes('/v1/workflows/')) ? ms : 0);
}
if (args.holdMs) {
  const ms = args.holdMs;
  env.network.holdRequest = (method, url) => (method === 'POST' && url.includes('/v1/tools/') ? ms : 0);
}
const print = (event: string, payload: unknown) => process.stdout.write(`${JSON.stringify({ event, view: payload })}\n`);
env.events.on('execution.updated', (v) => print('updated', v));
if (args.request) print('written', env.worker.run(args.request));
for (const r of args.requests ?? []) print('written', env.worker.run(r));
if (send) {
  env.worker.start();
  env.poller.start();
  const timer = setInterval(() => {
    const all = env.store.executions.list({ limit: 500 });
    if (all.length > 0 && all.every(isTerminal)) {
      clearInterval(timer);
      void env.close({ keepData: true }).then(() => process.exit(0));
    }
  }, 100);
}
