import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../main/sandbox/cli-args';

describe('parseCliArgs', () => {
  it('maps flags to options and leaves unset ones to the defaults', () => {
    expect(parseCliArgs(['--port', '4010', '--videogen-key', 'a', '--videogen-key', 'b', '--fault-5xx', '0.1', '--latency-ms', '50', '--seed-files', '100000', '--rate-limit', 'tools.start=5'])).toEqual({
      port: 4010,
      videogenKeys: ['a', 'b'],
      seedFiles: 100000,
      rateLimits: { 'tools.start': 5 },
      faults: { error5xx: 0.1, latencyMs: 50 },
    });
    expect(parseCliArgs([])).toEqual({ rateLimits: {}, faults: {} });
    expect(parseCliArgs(['--fault-insufficient-credits', '--workflow-ms', '900'])).toEqual({ workflowMs: 900, rateLimits: {}, faults: { insufficientCredits: true } });
    expect(parseCliArgs(['-h'])).toBe('help');
  });

  it('rejects bad values and unknown flags', () => {
    expect(() => parseCliArgs(['--port', 'x'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--fault-429', '1.5'])).toThrow(/--fault-429/);
    expect(() => parseCliArgs(['--rate-limit', 'oops'])).toThrow(/bucket=n/);
    expect(() => parseCliArgs(['--nope'])).toThrow();
    expect(() => parseCliArgs(['--fault-insufficient-credits=yes'])).toThrow();
  });
});
