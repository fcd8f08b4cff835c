/**
 * When to look at an in-flight job again. Pure: the poller feeds it what it has seen.
 *
 * - Fresh work is checked often (`minMs`, 1 s): short jobs finish in seconds.
 * - The longer a job runs, the rarer the checks (a quarter of its age, capped at `maxMs`),
 *   so a two-minute render costs a dozen requests, not eighty.
 * - Progress-aware: when the progress rate of the current attempt predicts the end before the
 *   next regular check, the check moves to just after the predicted end.
 * - A new attempt (server retry) restarts the progress estimate: progress is per attempt.
 */

export interface ScheduleOptions {
  /** First checks and the floor of every interval (default 1,000 ms). */
  minMs: number;
  /** The ceiling a long job backs off to (default 12,000 ms). */
  maxMs: number;
  /** Interval as a fraction of the job's age (default 0.25). */
  ageFactor: number;
  /** How long after the predicted end to look (default 300 ms): finishing takes a moment. */
  predictSlackMs: number;
}

export const defaultScheduleOptions: ScheduleOptions = {
  minMs: 1_000,
  maxMs: 12_000,
  ageFactor: 0.25,
  predictSlackMs: 300,
};

export interface ProgressSample {
  at: number;
  progress: number;
}

/** What the poller remembers about one job between checks (in memory only). */
export interface JobTrack {
  /** When we first saw it in flight (epoch ms). */
  startedAt: number;
  attempt: number;
  /** Samples of the current attempt, oldest first (at most a few). */
  samples: ProgressSample[];
}

export function newTrack(now: number, attempt = 0): JobTrack {
  return { startedAt: now, attempt, samples: [] };
}

/** Record one observation; a new attempt or a progress drop starts a fresh estimate. */
export function observe(track: JobTrack, now: number, attempt: number, progress: number | null): JobTrack {
  const restarted = attempt !== track.attempt;
  const last = track.samples[track.samples.length - 1];
  const dropped = progress !== null && last !== undefined && progress < last.progress;
  let samples = restarted || dropped ? [] : track.samples;
  if (progress !== null) samples = [...samples, { at: now, progress }].slice(-4);
  return { startedAt: track.startedAt, attempt, samples };
}

/** Predicted epoch ms of reaching 100 %, or null when progress says nothing yet. */
export function predictFinish(track: JobTrack): number | null {
  const first = track.samples[0];
  const last = track.samples[track.samples.length - 1];
  if (!first || !last || last === first) return null;
  const dp = last.progress - first.progress;
  const dt = last.at - first.at;
  if (dp <= 0 || dt <= 0) return null;
  const rate = dp / dt; // percent per ms
  return last.at + (100 - last.progress) / rate;
}

/** Epoch ms of the next check. */
export function nextCheckAt(track: JobTrack, now: number, opts: ScheduleOptions = defaultScheduleOptions): number {
  const age = Math.max(0, now - track.startedAt);
  const regular = clamp(age * opts.ageFactor, opts.minMs, opts.maxMs);
  let at = now + regular;
  const predicted = predictFinish(track);
  if (predicted !== null) {
    const target = predicted + opts.predictSlackMs;
    if (target < at) at = Math.max(now + opts.minMs, target);
  }
  return Math.round(at);
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
