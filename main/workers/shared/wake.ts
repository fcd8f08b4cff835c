/**
 * A sleep that something else can cut short: workers wait for a timer *or* news
 * (a new request, a free slot, the connection returning), whichever comes first.
 */
import type { Clock } from '../../kernel/clock';

export interface Waker {
  /** Ends the current (or the next) `sleep` early. */
  wake(): void;
  /** Resolves after `ms`, on `wake()`, or rejects when `stop` aborts. */
  sleep(ms: number, stop: AbortSignal): Promise<void>;
}

export function createWaker(clock: Clock): Waker {
  let current: AbortController | null = null;
  let woken = false;
  return {
    wake() {
      woken = true;
      current?.abort();
    },
    async sleep(ms, stop) {
      if (stop.aborted) throw stop.reason;
      if (woken) {
        woken = false;
        return;
      }
      const ctrl = new AbortController();
      current = ctrl;
      try {
        await clock.sleep(Math.max(0, ms), AbortSignal.any([ctrl.signal, stop]));
      } catch (e) {
        if (stop.aborted) throw e;
      } finally {
        if (current === ctrl) current = null;
        woken = false;
      }
    },
  };
}
