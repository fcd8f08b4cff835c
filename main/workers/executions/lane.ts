/**
 * One serial send lane per provider: it takes queued executions oldest first and sends them one
 * at a time, and it reconciles an `unknown` create before it sends anything else.
 *
 * Serial on purpose: VideoGen's executions list has no timestamps and doesn't echo requests,
 * so an unknown create is matched by its position (see videogen-match.ts); with one create in
 * flight per lane that position is unambiguous. Creates are quick, so one lane keeps up with
 * VideoGen's 500 starts per hour and Sync's 60 per minute.
 *
 * Outcomes of a send:
 * - accepted → `pending` with the remote id (the poller takes over);
 * - provably never left (connection refused, offline, our own stop before it left) → queued
 *   again, sent when the connection returns;
 * - refused by the server with 429 → queued again after the wait it names (it didn't run);
 * - Sync concurrency 429 → queued with "waiting for a free slot" until one of ours finishes
 *   (or a growing backoff), never a tight loop;
 * - may have reached the server (timeout, reset, 5xx, unreadable answer) → `unknown`, then
 *   reconciled: adopted when found; when the provider's list covers the window, enough time
 *   has passed and it isn't there, it provably did not start, so it is queued again (at most
 *   `maxAutoResends` times, then `failed` with "may not have been sent; retry?"). Nothing is
 *   resent before the list has shown it absent: never generate twice.
 * - refused for a reason that won't change (invalid, auth, credits, missing file) → `failed`.
 */
import { AppError, toAppError } from '../../kernel/errors';
import { keyRejectedNote } from '../../kernel/key-gate';
import type { ExecutionView } from '../../contract';
import type { WorkerDeps } from './deps';
import type { LaneOps } from './lane-ops';
import { executionMessages as say } from './messages';
import { announce } from './notify';
import { requeueWithNote, rescheduleQueued } from './notes';
import { createBackgroundLoop } from '../shared/background-loop';
import { createWaker } from '../shared/wake';

export interface LaneOptions {
  /** Unknown after the server answered (5xx, unreadable body): how long until its list is trusted. */
  settleAnsweredMs: number;
  /** Unknown without an answer (timeout, reset, crash mid-send): the server may still act on it. */
  settleSilentMs: number;
  /** First and longest wait for a free Sync slot when no job of ours finishes first. */
  slotBackoffMinMs: number;
  slotBackoffMaxMs: number;
  /** Longest sleep when there is nothing to do (news wakes the lane sooner). */
  idleMs: number;
  /** Times a create the provider's list proved absent is sent again before it fails. */
  maxAutoResends: number;
}

export const defaultLaneOptions: LaneOptions = {
  settleAnsweredMs: 3_000,
  settleSilentMs: 45_000,
  slotBackoffMinMs: 10_000,
  slotBackoffMaxMs: 60_000,
  idleMs: 30_000,
  maxAutoResends: 2,
};

interface UnknownInfo {
  /** When the send began (epoch ms). */
  since: number;
  /** The server answered (so it's done with the request): its list can be trusted sooner. */
  answered: boolean;
  checks: number;
}

export interface Lane {
  start(): void;
  stop(): Promise<void>;
  /** Something changed (a new request, the connection returned): look again now. */
  wake(): void;
  /** One of our jobs at this provider finished: a concurrency slot may be free. */
  slotFreed(): void;
}

/** `follow(id)`: hand an accepted job to the poller. */
export function createLane(deps: WorkerDeps, ops: LaneOps, options: Partial<LaneOptions> = {}, follow?: (executionId: string) => void): Lane {
  const opts = { ...defaultLaneOptions, ...options };
  const { store, clock } = deps;
  const waker = createWaker(clock);
  const unknowns = new Map<string, UnknownInfo>();
  /** Creates sent again after their provider's list proved them absent, by execution id. */
  const resent = new Map<string, number>();
  let slotBackoff = opts.slotBackoffMinMs;

  const update = (view: ExecutionView) => {
    announce(deps.events, view);
    return view;
  };

  async function loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let waitMs: number;
      try {
        waitMs = await step(signal);
      } catch (e) {
        if (signal.aborted) return;
        console.error(`[atelier] ${ops.svc} send lane: ${toAppError(e).message}`);
        waitMs = 5_000;
      }
      if (waitMs > 0) {
        try {
          await waker.sleep(Math.min(waitMs, opts.idleMs), signal);
        } catch {
          return;
        }
      }
    }
  }

  /** Does one thing; returns how long to wait before the next step (0 = go on now). */
  async function step(signal: AbortSignal): Promise<number> {
    const owns = ops.owns ?? ((v: ExecutionView) => v.provider === ops.provider);
    const mine = store.executions.active().filter(owns);
    if (deps.keyGate?.rejected(ops.provider)) {
      // Nothing is sent with a rejected key; the queue says why, and a saved key wakes the lane.
      const now = clock.now();
      for (const v of mine) {
        if (v.status !== 'queued') continue;
        const noted = rescheduleQueued(store, v, keyRejectedNote(ops.provider), now);
        if (noted.changed) update(noted.view);
      }
      return opts.idleMs;
    }
    const unresolved = mine.find((v) => v.status === 'unknown' || v.status === 'submitting');
    if (unresolved) return reconcileStep(unresolved, signal);

    const next = mine.find((v) => v.status === 'queued');
    if (!next) return opts.idleMs;
    const now = clock.now();
    if (next.nextCheckAt !== null && next.nextCheckAt > now) return next.nextCheckAt - now;

    if (!deps.connectivity.online) {
      const noted = rescheduleQueued(store, next, { code: 'waiting_for_network', message: say.waitingForNetwork(ops.svc) }, now);
      if (noted.changed) update(noted.view);
      await Promise.race([deps.connectivity.waitOnline(signal), clock.sleep(opts.idleMs, signal)]).catch(() => undefined);
      return 0;
    }
    const budget = deps.budget.check(ops.rateKeyOf?.(next) ?? ops.rateKey);
    if (!budget.ok) {
      const noted = rescheduleQueued(
        store,
        next,
        { code: 'waiting_for_budget', message: say.waitingForBudget(ops.svc, budget.waitMs) },
        now + budget.waitMs,
      );
      if (noted.changed) update(noted.view);
      return budget.waitMs;
    }
    return send(next, signal);
  }

  async function send(view: ExecutionView, signal: AbortSignal): Promise<number> {
    let post: Awaited<ReturnType<LaneOps['prepare']>>;
    try {
      post = await ops.prepare(view, signal);
    } catch (e) {
      return notSent(view, toAppError(e), signal);
    }
    // Cancelled (or otherwise moved on) while its inputs were being prepared: nothing to send.
    if (signal.aborted || store.executions.get(view.id)?.status !== 'queued') return 0;
    const submitting = update(store.executions.markSubmitting(view.id));
    try {
      const accepted = await post();
      slotBackoff = opts.slotBackoffMinMs;
      update(store.executions.setRemote(view.id, accepted.remoteId, accepted.remoteStatus));
      ops.settled?.(view.id);
      follow?.(view.id);
      return 0;
    } catch (e) {
      const err = toAppError(e);
      if (err.kind === 'unknown_outcome' || err.kind === 'timeout' || err.kind === 'server' || err.kind === 'bad_response') {
        unknowns.set(view.id, { since: submitting.updatedAt, answered: err.status !== undefined || err.code === 'bad_response', checks: 0 });
        update(store.executions.setUnknown(view.id, { code: 'unknown_outcome', message: say.checking(ops.svc, err.message) }));
        return 0;
      }
      return notSent(view, err, signal);
    }
  }

  /** The request didn't run: wait and send again, or fail for good. */
  function notSent(view: ExecutionView, err: AppError, signal: AbortSignal): number {
    const now = clock.now();
    const requeue = (code: string, message: string, waitMs: number) => {
      update(requeueWithNote(store, view.id, { code, message }, now + waitMs));
      return waitMs;
    };
    if (err.kind === 'cancelled' || signal.aborted) {
      // Our own stop, before anything left: just leave it queued.
      const current = store.executions.get(view.id);
      if (current?.status === 'submitting') update(store.executions.requeue(view.id, now));
      return 0;
    }
    if (err.kind === 'rate_limited' && err.code === 'concurrency_limit') {
      const wait = slotBackoff;
      slotBackoff = Math.min(opts.slotBackoffMaxMs, slotBackoff * 2);
      return requeue('waiting_for_slot', say.waitingForSlot(), wait);
    }
    if (err.kind === 'rate_limited') {
      const wait = Math.max(1_000, err.retryAfterMs ?? 5_000);
      return requeue('waiting_for_budget', say.waitingForBudget(ops.svc, wait), wait);
    }
    if (err.kind === 'offline' || err.kind === 'network') {
      return requeue('waiting_for_network', say.waitingForNetwork(ops.svc), 2_000);
    }
    if (err.kind === 'auth' && deps.keyGate?.rejected(ops.provider)) {
      // The key was revoked: this request waits (it never ran) until a working key is saved.
      const note = keyRejectedNote(ops.provider);
      return requeue(note.code, note.message, 0);
    }
    if (err.kind === 'server' || err.kind === 'timeout' || err.kind === 'bad_response') {
      // Only the preparation (safe calls) can end here: the create itself never left.
      return requeue('retrying', say.retrying(err.message), 5_000);
    }
    const current = store.executions.get(view.id);
    if (current && current.status !== 'queued' && current.status !== 'submitting') return 0;
    update(store.executions.markFailed(view.id, { code: err.code ?? err.kind, message: err.message }));
    ops.settled?.(view.id);
    return 0;
  }

  async function reconcileStep(view: ExecutionView, signal: AbortSignal): Promise<number> {
    let info = unknowns.get(view.id);
    if (!info) {
      // Found on start: an earlier process died while sending it. Its connection died with it, so
      // the server is done with the request (as after an answer): the list is trusted a short
      // settle after now, not `settleSilentMs` after the send. Reconciled first, then the lane goes on.
      info = { since: clock.now(), answered: true, checks: 0 };
      unknowns.set(view.id, info);
    }
    if (view.status === 'submitting') {
      view = update(store.executions.setUnknown(view.id, { code: 'interrupted', message: say.interrupted(ops.svc) }));
    }
    info.checks++;
    let result;
    try {
      result = await ops.reconcile(view, signal);
    } catch (e) {
      if (signal.aborted) return 0;
      const err = toAppError(e);
      if ((err.kind === 'offline' || err.kind === 'network') && !deps.connectivity.online) {
        await deps.connectivity.waitOnline(signal).catch(() => undefined);
        return 0;
      }
      // A rejected key: the next step pauses the lane until a working key is saved.
      if (err.kind === 'auth' && deps.keyGate?.rejected(ops.provider)) return 0;
      return backoff(info.checks, err.retryAfterMs);
    }
    if (result.kind === 'found') {
      unknowns.delete(view.id);
      update(store.executions.setRemote(view.id, result.remoteId, result.remoteStatus));
      ops.settled?.(view.id);
      follow?.(view.id);
      return 0;
    }
    if (result.kind === 'unknowable') {
      unknowns.delete(view.id);
      update(store.executions.markFailed(view.id, { code: 'not_sent', message: say.notSent(ops.svc) }));
      ops.settled?.(view.id);
      return 0;
    }
    const settle = info.answered ? opts.settleAnsweredMs : opts.settleSilentMs;
    const left = info.since + settle - clock.now();
    if (left <= 0) {
      unknowns.delete(view.id);
      const resends = resent.get(view.id) ?? 0;
      if (resends < opts.maxAutoResends) {
        // The list covers the window and it isn't there: it never started. Send it again.
        resent.set(view.id, resends + 1);
        const now = clock.now();
        update(
          store.transaction(() => {
            store.executions.requeue(view.id, now);
            return requeueWithNote(store, view.id, { code: 'resending', message: say.resending(ops.svc) }, now);
          }),
        );
        return 0;
      }
      resent.delete(view.id);
      update(store.executions.markFailed(view.id, { code: 'not_sent', message: say.notSent(ops.svc) }));
      ops.settled?.(view.id);
      return 0;
    }
    return Math.min(left, backoff(info.checks));
  }

  function backoff(checks: number, hintMs?: number): number {
    if (hintMs !== undefined) return Math.max(500, hintMs);
    return Math.min(15_000, 500 * 2 ** Math.min(checks, 5));
  }

  // A key saved or rejected: look again now (a paused lane resumes at once).
  deps.keyGate?.onChange((p) => {
    if (p === ops.provider) waker.wake();
  });

  const background = createBackgroundLoop(loop, {
    stopReason: () => new AppError({ kind: 'cancelled', message: 'Stopped.' }),
    onStop: () => waker.wake(),
  });

  return {
    start: () => background.start(),
    stop: () => background.stop(),
    wake: () => waker.wake(),
    slotFreed() {
      const now = clock.now();
      for (const v of store.executions.active()) {
        if ((ops.owns ? ops.owns(v) : v.provider === ops.provider) && v.status === 'queued' && v.error?.code === 'waiting_for_slot') {
          store.executions.setNextCheck(v.id, now);
        }
      }
      slotBackoff = opts.slotBackoffMinMs;
      waker.wake();
    },
  };
}
