/**
 * A poller source's behaviour while its provider's key is rejected (see kernel/key-gate.ts):
 * no status request at all (no storm against a 401), every job it follows carries the note
 * "Paused: the … key was rejected", and once a working key is saved the notes go and every job
 * is looked at at once.
 */
import type { ExecutionView, Provider } from '../../contract';
import { KEY_REJECTED_CODE, keyRejectedNote, type KeyGate } from '../../kernel/key-gate';
import type { Store } from '../../store';
import type { Tracker } from './tracker';

export interface KeyPause {
  /** Call first in `nextRunAt`: true while the key is rejected (then nothing is due). */
  holding(now: number): boolean;
}

export function createKeyPause(
  provider: Provider,
  deps: { keyGate: KeyGate | undefined; store: Store; tracker: Tracker; publish: (views: ExecutionView[]) => void },
): KeyPause {
  let paused = false;
  const note = keyRejectedNote(provider);
  return {
    holding(now) {
      const rejected = deps.keyGate?.rejected(provider) ?? false;
      if (!rejected && !paused) return false;
      const changed: ExecutionView[] = [];
      if (rejected) {
        paused = true;
        for (const t of deps.tracker.all()) {
          if (t.view.error?.code === KEY_REJECTED_CODE) continue;
          const r = deps.store.executions.setNote(t.id, note);
          t.view = r.view;
          if (r.changed) changed.push(r.view);
        }
      } else {
        paused = false;
        for (const t of deps.tracker.all()) {
          const r = deps.store.executions.setNote(t.id, null, KEY_REJECTED_CODE);
          t.view = r.view;
          if (r.changed) changed.push(r.view);
          deps.tracker.checkSoon(t.id, now);
        }
      }
      if (changed.length > 0) deps.publish(changed);
      return rejected;
    },
  };
}
