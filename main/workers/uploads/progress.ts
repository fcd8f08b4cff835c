/**
 * Upload progress for one item: bytes sent, speed over the last few seconds, and a throttle
 * so events go out at most every `minIntervalMs` (100 ms ⇒ ≤ 10/s). The final value is
 * never dropped: `flush()` sends it.
 */
export interface ProgressSample {
  bytesSent: number;
  speedBps: number | null;
}

export interface ProgressMeterOptions {
  now: () => number;
  emit: (sample: ProgressSample) => void;
  minIntervalMs?: number;
  windowMs?: number;
}

export interface ProgressMeter {
  update(bytesSent: number): void;
  flush(): void;
  readonly bytesSent: number;
  readonly speedBps: number | null;
}

export function createProgressMeter(opts: ProgressMeterOptions): ProgressMeter {
  const minIntervalMs = opts.minIntervalMs ?? 100;
  const windowMs = opts.windowMs ?? 3_000;
  const samples: Array<{ t: number; bytes: number }> = [];
  let bytesSent = 0;
  let lastEmitAt = -Infinity;
  let pending = false;

  function speed(): number | null {
    const first = samples[0];
    const last = samples[samples.length - 1];
    if (!first || !last || last.t - first.t < 200) return null;
    return Math.round(((last.bytes - first.bytes) * 1000) / (last.t - first.t));
  }

  function emitNow(t: number): void {
    lastEmitAt = t;
    pending = false;
    opts.emit({ bytesSent, speedBps: speed() });
  }

  return {
    update(bytes) {
      const t = opts.now();
      bytesSent = bytes;
      samples.push({ t, bytes });
      while (samples.length > 2 && (samples[0]?.t ?? t) < t - windowMs) samples.shift();
      if (t - lastEmitAt >= minIntervalMs) emitNow(t);
      else pending = true;
    },
    flush() {
      if (pending) emitNow(opts.now());
    },
    get bytesSent() {
      return bytesSent;
    },
    get speedBps() {
      return speed();
    },
  };
}
