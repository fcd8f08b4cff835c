/**
 * The in-flight jobs of one provider, mirrored from the store (the store is the truth: a
 * restart simply rebuilds this from `executions.active()`), with what the poller has learnt
 * about each: when it was first seen, its progress samples, when to look next.
 */
import type { ExecutionView, Provider } from '../../contract';
import { newTrack, nextCheckAt, observe, type JobTrack, type ScheduleOptions } from './schedule';

export interface Tracked {
  id: string;
  remoteId: string;
  view: ExecutionView;
  track: JobTrack;
  nextAt: number;
}

export interface Tracker {
  /** Align with the store's active rows; new ones are due at once after a restart, else after `minMs`. */
  sync(rows: readonly ExecutionView[], now: number): void;
  all(): Tracked[];
  due(now: number): Tracked[];
  size(): number;
  get(id: string): Tracked | undefined;
  /** Earliest `nextAt` (Infinity when empty). */
  earliest(): number;
  /** Record an observation and compute the next check. */
  observed(t: Tracked, now: number, attempt: number, progress: number | null): number;
  /** Check again at `at` (e.g. results couldn't be fetched yet, or the budget is closed). */
  postpone(t: Tracked, at: number): void;
  checkSoon(id: string, now: number): boolean;
}

/** `owns` narrows further within a provider (VideoGen tools vs workflow runs, exports, remixes). */
export function createTracker(provider: Provider, schedule: ScheduleOptions, owns?: (view: ExecutionView) => boolean): Tracker {
  const items = new Map<string, Tracked>();
  let initialised = false;

  return {
    sync(rows, now) {
      const seen = new Set<string>();
      for (const view of rows) {
        if (view.provider !== provider || view.remoteId === null || (owns && !owns(view))) continue;
        if (view.status !== 'pending' && view.status !== 'running') continue;
        seen.add(view.id);
        const existing = items.get(view.id);
        if (existing) {
          existing.view = view;
          continue;
        }
        // At start: resume everything now, with intervals that know the job's age.
        // Later: a job just accepted; its first look is one short interval away.
        const startedAt = initialised ? now : Math.min(now, view.createdAt);
        const track = newTrack(startedAt, view.attempt);
        items.set(view.id, { id: view.id, remoteId: view.remoteId, view, track, nextAt: initialised ? now + schedule.minMs : now });
      }
      for (const id of items.keys()) if (!seen.has(id)) items.delete(id);
      initialised = true;
    },
    all: () => [...items.values()],
    due: (now) => [...items.values()].filter((t) => t.nextAt <= now),
    size: () => items.size,
    get: (id) => items.get(id),
    earliest() {
      let min = Infinity;
      for (const t of items.values()) if (t.nextAt < min) min = t.nextAt;
      return min;
    },
    observed(t, now, attempt, progress) {
      t.track = observe(t.track, now, attempt, progress);
      t.nextAt = nextCheckAt(t.track, now, schedule);
      return t.nextAt;
    },
    postpone(t, at) {
      t.nextAt = at;
    },
    checkSoon(id, now) {
      const t = items.get(id);
      if (!t) return false;
      t.nextAt = Math.min(t.nextAt, now);
      return true;
    },
  };
}
