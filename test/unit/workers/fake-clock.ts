import type { Clock } from '../../../main/kernel/clock';

/** A clock whose time moves only when the test says so. */
export interface FakeClock extends Clock {
  advance(ms: number): Promise<void>;
  readonly sleepers: number;
}

export function createFakeClock(start = 1_777_982_400_000): FakeClock {
  let now = start;
  const timers: Array<{ at: number; resolve: () => void }> = [];
  return {
    now: () => now,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const timer = { at: now + Math.max(0, ms), resolve: () => resolve() };
        timers.push(timer);
        signal?.addEventListener(
          'abort',
          () => {
            const i = timers.indexOf(timer);
            if (i >= 0) timers.splice(i, 1);
            reject(signal.reason);
          },
          { once: true },
        );
      });
    },
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > target) break;
        timers.shift();
        now = next.at;
        next.resolve();
        // Let the woken code run (and maybe schedule more timers) before going on.
        for (let i = 0; i < 5; i++) await Promise.resolve();
        await new Promise((r) => setImmediate(r));
      }
      now = target;
    },
    get sleepers() {
      return timers.length;
    },
  };
}
