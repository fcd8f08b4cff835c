/**
 * The one scheduler behind every check on work in flight: it asks each source when it
 * next wants to run, sleeps until the earliest of those, runs what is due, and repeats. News
 * (`wake()`) cuts the sleep short. The poller (./index.ts) is this scheduler with the
 * execution sources built in; other workers add theirs (uploads waiting for VideoGen to
 * process their file) with `addSource`.
 */
import type { Clock } from '../../kernel/clock';
import { toAppError } from '../../kernel/errors';
import { createBackgroundLoop } from '../shared/background-loop';
import { createWaker } from '../shared/wake';
import type { PollSource } from './source';

export interface PollScheduler {
  start(): void;
  stop(): Promise<void>;
  /** Something changed: ask every source again now. */
  wake(): void;
  /** Look at this item soon: the source that owns it moves it up. */
  checkSoon(id: string): void;
  /** Hand another kind of work to the scheduler. Returns a function that removes it. */
  addSource(source: PollSource): () => void;
}

export interface PollSchedulerOptions {
  clock: Clock;
  /** Longest sleep with nothing due (a safety net; news wakes the scheduler sooner). Default 5 s. */
  idleMs?: number;
  /** Called before each pass over the sources and after each source ran (e.g. to drop a cached read). */
  onPass?: () => void;
}

export function createPollScheduler(opts: PollSchedulerOptions, initial: readonly PollSource[] = []): PollScheduler {
  const { clock } = opts;
  const idleMs = opts.idleMs ?? 5_000;
  const waker = createWaker(clock);
  const sources: PollSource[] = [...initial];
  const pass = () => opts.onPass?.();

  async function loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      pass();
      let now = clock.now();
      let earliest = Infinity;
      for (const source of [...sources]) {
        let at: number;
        try {
          at = source.nextRunAt(now);
          if (at <= now) {
            await source.run(now, signal);
            now = clock.now();
            pass();
            at = source.nextRunAt(now);
          }
        } catch (e) {
          if (signal.aborted) return;
          console.error(`[atelier] poller (${source.name}): ${toAppError(e).message}`);
          at = now + 5_000;
        }
        earliest = Math.min(earliest, at);
      }
      const waitMs = Math.min(idleMs, Math.max(0, earliest - clock.now()));
      try {
        await waker.sleep(Math.max(50, waitMs), signal);
      } catch {
        return;
      }
    }
  }

  const background = createBackgroundLoop(loop, { onStop: () => waker.wake() });

  return {
    start: () => background.start(),
    stop: () => background.stop(),
    wake: () => waker.wake(),
    checkSoon(id) {
      for (const s of sources) if (s.checkSoon?.(id)) break;
      waker.wake();
    },
    addSource(source) {
      sources.push(source);
      waker.wake();
      return () => {
        const i = sources.indexOf(source);
        if (i >= 0) sources.splice(i, 1);
      };
    },
  };
}
