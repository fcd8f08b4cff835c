import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../main/kernel/errors';
import { createKeyedMutex } from '../../../main/workers/shared/keyed-mutex';
import { createLiveQueue } from '../../../main/workers/shared/live-queue';
import { createSingleFlight } from '../../../main/workers/shared/single-flight';
import { withTransientRetry } from '../../../main/workers/shared/transient-retry';
import { processingOutcome } from '../../../main/workers/uploads/processing';
import { createProgressMeter } from '../../../main/workers/uploads/progress';
import { presignedExpiry } from '../../../main/workers/uploads/upload-url';
import type { StorageFile } from '../../../main/api';
import { createFakeClock } from './fake-clock';

const tick = () => new Promise((r) => setImmediate(r));

describe('live queue', () => {
  it('never runs more than the limit, and reads the limit again as slots free', async () => {
    let limit = 2;
    let running = 0;
    let max = 0;
    const gates = new Map<number, () => void>();
    const q = createLiveQueue<number>({
      limit: () => limit,
      run: (k) =>
        new Promise<void>((resolve) => {
          running++;
          max = Math.max(max, running);
          gates.set(k, () => {
            running--;
            resolve();
          });
        }),
    });
    for (let i = 0; i < 6; i++) q.enqueue(i);
    q.enqueue(0); // already running: ignored
    expect(q.running).toBe(2);
    expect(q.queued).toBe(4);
    limit = 4;
    q.pump();
    expect(q.running).toBe(4);
    limit = 1;
    gates.get(0)!();
    gates.get(1)!();
    await tick();
    expect(q.running).toBe(2); // lowering lets running work finish, starts nothing new
    expect(max).toBe(4);
    expect(q.remove(5)).toBe(true);
    gates.get(2)!();
    gates.get(3)!();
    await tick();
    expect(q.running).toBe(1);
    gates.get(4)!();
    await q.idle();
    expect(q.queued).toBe(0);
  });

  it('pause holds queued keys until resume', async () => {
    const ran: string[] = [];
    const q = createLiveQueue<string>({ limit: () => 3, run: async (k) => void ran.push(k) });
    q.pause();
    q.enqueue('a');
    expect(ran).toEqual([]);
    q.resume();
    await q.idle();
    expect(ran).toEqual(['a']);
  });

  /** One slot; each run waits for its gate, so the test says when a slot frees. */
  function oneSlot() {
    const started: string[] = [];
    const gates = new Map<string, () => void>();
    const q = createLiveQueue<string>({ limit: () => 1, run: (k) => new Promise<void>((resolve) => (started.push(k), gates.set(k, resolve))) });
    const finish = async (k: string) => {
      gates.get(k)!();
      await tick();
    };
    return { q, started, finish };
  }

  it('order: a key joins the line behind every waiting key numbered lower or the same, however late it arrives', async () => {
    const number: Record<string, number> = { a: 1, b: 2, c: 3, d: 4, e: 4, late: 0 };
    const started: string[] = [];
    const gates = new Map<string, () => void>();
    const q = createLiveQueue<string>({
      limit: () => 1,
      run: (k) => new Promise<void>((resolve) => (started.push(k), gates.set(k, resolve))),
      order: (k) => number[k]!,
    });
    // Arrival order c, a, e, d, b: c starts at once (the slot was free), the rest wait by number,
    // d and e (both 4) in the order they came.
    for (const k of ['c', 'a', 'e', 'd', 'b']) q.enqueue(k);
    expect(started).toEqual(['c']);
    // One numbered ahead of everything waiting goes first, not last.
    q.enqueue('late');
    for (const k of ['c', 'late', 'a', 'b', 'e']) {
      gates.get(k)!();
      await tick();
    }
    expect(started).toEqual(['c', 'late', 'a', 'b', 'e', 'd']);
    gates.get('d')!();
    await q.idle();
  });

  it('reorder: named waiting keys in that order, behind the ones it does not name; others ignored', async () => {
    const { q, started, finish } = oneSlot();
    for (const k of ['a', 'b', 'c', 'd', 'e']) q.enqueue(k);
    // 'a' runs; 'e' is not named (say, an upload resumed mid-step): it goes first.
    q.reorder(['d', 'x', 'b', 'a', 'c', 'd']);
    expect([q.running, q.queued]).toEqual([1, 4]);
    for (const k of ['a', 'e', 'd', 'b']) await finish(k);
    expect(started).toEqual(['a', 'e', 'd', 'b', 'c']);
    // Paused: a reorder still applies, and nothing starts until resume.
    q.pause();
    await finish('c');
    for (const k of ['p', 'q', 'r']) q.enqueue(k);
    q.reorder(['r', 'q', 'p']);
    expect(started).toHaveLength(5);
    q.resume();
    for (const k of ['r', 'q']) await finish(k);
    expect(started.slice(5)).toEqual(['r', 'q', 'p']);
    await finish('p');
    await q.idle();
  });
});

describe('single flight and keyed mutex', () => {
  it('shares one run between concurrent callers of a key', async () => {
    const sf = createSingleFlight<number>();
    const work = vi.fn(async () => {
      await tick();
      return 42;
    });
    const results = await Promise.all([sf.run('k', work), sf.run('k', work), sf.run('other', work)]);
    expect(results).toEqual([42, 42, 42]);
    expect(work).toHaveBeenCalledTimes(2);
    expect(sf.size).toBe(0);
  });

  it('runs same-key sections one after another, even when one throws', async () => {
    const lock = createKeyedMutex();
    const order: string[] = [];
    const a = lock('x', async () => {
      order.push('a1');
      await tick();
      order.push('a2');
      throw new Error('boom');
    });
    const b = lock('x', async () => void order.push('b'));
    const c = lock('y', async () => void order.push('c'));
    await expect(a).rejects.toThrow('boom');
    await Promise.all([b, c]);
    expect(order).toEqual(['a1', 'c', 'a2', 'b']);
  });
});

describe('transient retry', () => {
  const online = { online: true, waitOnline: async () => undefined };

  it('retries server errors with backoff and gives up after maxFailures', async () => {
    const clock = createFakeClock();
    const step = vi.fn(async () => {
      throw new AppError({ kind: 'server', status: 503, message: 'down' });
    });
    const p = withTransientRetry(step, { clock, connectivity: online, maxFailures: 3, random: () => 1 });
    p.catch(() => undefined);
    for (let i = 0; i < 20; i++) {
      await tick();
      await clock.advance(500);
    }
    await expect(p).rejects.toMatchObject({ kind: 'server' });
    expect(step).toHaveBeenCalledTimes(3);
  });

  it('does not retry what cannot succeed', async () => {
    const clock = createFakeClock();
    const step = vi.fn(async () => {
      throw new AppError({ kind: 'auth', message: 'bad key' });
    });
    await expect(withTransientRetry(step, { clock, connectivity: online })).rejects.toMatchObject({ kind: 'auth' });
    expect(step).toHaveBeenCalledTimes(1);
  });

  it('offline is a wait, not a failure; Retry-After is honoured', async () => {
    const clock = createFakeClock();
    let isOnline = false;
    let release!: () => void;
    const connectivity = {
      get online() {
        return isOnline;
      },
      waitOnline: () => (isOnline ? Promise.resolve() : new Promise<void>((r) => (release = r))),
    };
    let calls = 0;
    const p = withTransientRetry(
      async () => {
        calls++;
        if (calls <= 5) {
          isOnline = false;
          throw new AppError({ kind: 'network', message: 'no route' });
        }
        if (calls === 6) throw new AppError({ kind: 'rate_limited', retryAfterMs: 5_000, message: 'slow down' });
        return 'done';
      },
      { clock, connectivity, maxFailures: 2 },
    );
    for (let i = 0; i < 6; i++) {
      await tick();
      isOnline = true;
      release?.();
      await tick();
    }
    await clock.advance(4_999);
    expect(calls).toBe(6);
    await clock.advance(1);
    await expect(p).resolves.toBe('done');
  });
});

describe('progress meter', () => {
  it('emits at most every 100 ms, keeps the last value, and measures speed', () => {
    const clock = createFakeClock(0);
    let t = 0;
    const emitted: Array<{ bytesSent: number; speedBps: number | null }> = [];
    const meter = createProgressMeter({ now: () => t, emit: (s) => emitted.push(s) });
    void clock;
    for (let i = 1; i <= 100; i++) {
      t = i * 10; // 100 updates over one second, 1 MB each
      meter.update(i * 1_000_000);
    }
    meter.flush();
    expect(emitted.length).toBeLessThanOrEqual(11);
    expect(emitted[emitted.length - 1]!.bytesSent).toBe(100_000_000);
    expect(emitted[emitted.length - 1]!.speedBps).toBe(100_000_000);
  });
});

describe('presigned URL expiry and processing outcome', () => {
  it('reads S3 v4 and Expires-style URLs; unknown ones give null', () => {
    expect(presignedExpiry('https://r2.example/u?X-Amz-Date=20260505T120000Z&X-Amz-Expires=900&X-Amz-Signature=x')).toBe(
      Date.UTC(2026, 4, 5, 12, 15, 0),
    );
    expect(presignedExpiry('https://gcs.example/u?Expires=1777982400&Signature=x')).toBe(1_777_982_400_000);
    expect(presignedExpiry('https://example/u?token=abc')).toBeNull();
    expect(presignedExpiry('not a url')).toBeNull();
  });

  it('processing ends when the download is settled and the thumbnail is not pending', () => {
    const src = (status: 'pending' | 'ready' | 'failed' | 'skipped') => ({ status, url: null, expiresAt: null, width: null, height: null, fileBytes: null });
    const file = (dl: ReturnType<typeof src> | null, th: ReturnType<typeof src> | null) =>
      ({ fileId: 'f', scope: 'GLOBAL', downloadSource: dl, thumbnailSource: th }) as unknown as StorageFile;
    expect(processingOutcome(file(null, null))).toBe('pending');
    expect(processingOutcome(file(src('pending'), src('ready')))).toBe('pending');
    expect(processingOutcome(file(src('ready'), src('pending')))).toBe('pending');
    expect(processingOutcome(file(src('ready'), src('ready')))).toBe('ready');
    expect(processingOutcome(file(src('ready'), src('skipped')))).toBe('ready');
    expect(processingOutcome(file(src('failed'), src('failed')))).toBe('failed');
  });
});
