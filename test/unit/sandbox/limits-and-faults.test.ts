import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../../../main/sandbox/faults';
import { RATE_LIMIT_DEFAULTS, RateLimiter } from '../../../main/sandbox/rate-limit';

describe('RateLimiter', () => {
  it('uses the documented defaults', () => {
    expect(RATE_LIMIT_DEFAULTS['tools.start']!.limit).toBe(500);
    expect(RATE_LIMIT_DEFAULTS['executions.get']!.limit).toBe(5000);
    expect(RATE_LIMIT_DEFAULTS['files.hydrate']!.limit).toBe(2500);
    expect(RATE_LIMIT_DEFAULTS['webhooks.create']!.limit).toBe(10);
    expect(RATE_LIMIT_DEFAULTS['sync.generate']).toEqual({ limit: 60, windowMs: 60_000 });
    // Undocumented for workflows and projects: starts like tool starts, status reads like GET execution.
    expect(RATE_LIMIT_DEFAULTS['workflows.start']).toEqual(RATE_LIMIT_DEFAULTS['tools.start']);
    expect(RATE_LIMIT_DEFAULTS['projects.export']).toEqual(RATE_LIMIT_DEFAULTS['tools.start']);
    expect(RATE_LIMIT_DEFAULTS['projects.remix']).toEqual(RATE_LIMIT_DEFAULTS['tools.start']);
    expect(RATE_LIMIT_DEFAULTS['workflows.get']).toEqual(RATE_LIMIT_DEFAULTS['executions.get']);
    expect(RATE_LIMIT_DEFAULTS['projects.exportGet']).toEqual(RATE_LIMIT_DEFAULTS['executions.get']);
    expect(RATE_LIMIT_DEFAULTS['projects.remixActions']).toEqual(RATE_LIMIT_DEFAULTS['executions.get']);
  });

  it('counts per key and bucket in fixed windows', () => {
    let now = 1_000_000;
    const rl = new RateLimiter({ me: 2 }, () => now);
    expect(rl.take('a', 'me')).toMatchObject({ allowed: true, remaining: 1, limit: 2, resetS: Math.ceil((1_000_000 + 3_600_000) / 1000) });
    expect(rl.take('a', 'me').allowed).toBe(true);
    expect(rl.take('a', 'me')).toMatchObject({ allowed: false, remaining: 0 });
    expect(rl.take('b', 'me').allowed).toBe(true);
    expect(rl.peek('a', 'me').remaining).toBe(0);
    now += 3_600_000;
    expect(rl.take('a', 'me')).toMatchObject({ allowed: true, remaining: 1 });
  });

  it('rejects unknown buckets in overrides', () => {
    expect(() => new RateLimiter({ nope: 1 }, () => 0)).toThrow(/unknown rate-limit bucket/);
  });
});

describe('FaultInjector', () => {
  const rolls = (seed: number, share: number, n = 200) => {
    const f = new FaultInjector(seed, { error5xx: share });
    return Array.from({ length: n }, () => f.roll('error5xx'));
  };
  it('is deterministic per seed and close to the share', () => {
    expect(rolls(1, 0.3)).toEqual(rolls(1, 0.3));
    expect(rolls(1, 0.3)).not.toEqual(rolls(2, 0.3));
    const hits = rolls(5, 0.3, 2000).filter(Boolean).length;
    expect(hits).toBeGreaterThan(500);
    expect(hits).toBeLessThan(700);
    expect(rolls(1, 0).some(Boolean)).toBe(false);
    expect(rolls(1, 1).every(Boolean)).toBe(true);
  });

  it('validates shares and can be changed at run time', () => {
    expect(() => new FaultInjector(1, { error429: 1.5 })).toThrow();
    const f = new FaultInjector(1, {});
    expect(f.roll('putReset')).toBe(false);
    f.set({ putReset: 1, latencyMs: 25 });
    expect(f.roll('putReset')).toBe(true);
    expect(f.latencyMs).toBe(25);
  });

  it('switches the out-of-credits state on and off, and refuses a non-boolean', () => {
    const f = new FaultInjector(1, { insufficientCredits: true });
    expect(f.outOfCredits).toBe(true);
    f.set({ error5xx: 0.5 });
    expect(f.outOfCredits).toBe(false);
    expect(() => f.set({ insufficientCredits: 1 as unknown as boolean })).toThrow(/insufficientCredits/);
  });
});
