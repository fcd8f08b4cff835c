/**
 * What the poller benchmarks share: an execution environment against the sandbox, and for each
 * execution when it was sent, when it ended and how (from `execution.updated`), plus whether
 * any request was answered 429 (a budget overrun).
 */
import type { ExecutionView } from '../../main/contract';
import { createExecEnv } from '../integration/workers/executions-env';

export function watchExecutions(sandbox: { url: string; videogenKey: string; syncKey: string }) {
  let saw429 = false;
  const env = createExecEnv({
    baseUrl: sandbox.url,
    videogenKey: sandbox.videogenKey,
    syncKey: sandbox.syncKey,
    onOutcome: (o) => {
      if (o.status === 429) saw429 = true;
    },
  });
  const sentAt = new Map<string, number>();
  const doneAt = new Map<string, number>();
  const finalView = new Map<string, ExecutionView>();
  env.events.on('execution.updated', (v) => {
    if (v.status === 'submitting' && !sentAt.has(v.id)) sentAt.set(v.id, Date.now());
    if (v.status === 'succeeded' || v.status === 'failed' || v.status === 'cancelled') {
      if (!doneAt.has(v.id)) doneAt.set(v.id, Date.now());
      finalView.set(v.id, v);
    }
  });
  return { env, sentAt, doneAt, finalView, saw429: () => saw429 };
}
