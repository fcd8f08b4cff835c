// The sandbox clock: the caller's clock plus an offset that tests can move forward.

export class SandboxClock {
  private offsetMs = 0;

  constructor(private readonly source: () => number = Date.now) {}

  /** Milliseconds since the epoch, as the sandbox sees it. */
  now(): number {
    return this.source() + this.offsetMs;
  }

  /** Whole Unix seconds. */
  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** How far advance() has moved the clock in total (persisted with the state). */
  offset(): number {
    return this.offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance(ms) needs a finite, non-negative number');
    this.offsetMs += ms;
  }
}
