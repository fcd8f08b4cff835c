import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, toAppError } from '../../../main/kernel/errors';
import { formatWait } from '../../../main/kernel/messages';
import { createRateBudget } from '../../../main/api/rate-budget';
import { createVideoGenClient } from '../../../main/api/videogen';
import { connRefused, connReset, dnsFailure, fakeClock, json, scriptedFetch, text } from './helpers';

async function mapped(response: Response): Promise<AppError> {
  const clock = fakeClock();
  const client = createVideoGenClient({
    baseUrl: 'http://vg.test',
    apiKey: () => 'k',
    fetch: scriptedFetch([response]),
    clock,
    budget: createRateBudget({ clock }),
    maxAttempts: 1,
  });
  try {
    await client.getFile('vg_file_1');
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected failure');
}

describe('HTTP status → AppError', () => {
  it('401 → auth, with the API code and a Settings sentence', async () => {
    const e = await mapped(json({ message: 'API key is invalid or has been revoked.', code: 'invalid_api_key' }, 401));
    expect([e.kind, e.status, e.code, e.retryable]).toEqual(['auth', 401, 'invalid_api_key', false]);
    expect(e.message).toBe('The VideoGen API key was rejected. Check it in Settings.');
    expect(e.toJSON()).toEqual({ code: 'auth', message: e.message });
  });

  it('403 → forbidden; a requirement to buy an add-on says so', async () => {
    const plain = await mapped(json({ message: 'No access to this file.' }, 403));
    expect(plain.kind).toBe('forbidden');
    expect(plain.message).toContain('No access to this file');
    const addOn = await mapped(
      json({ message: 'NONE requires the Production API add-on.', requirement: { type: 'purchase_add_on', details: { addOn: 'production_api' } } }, 403),
    );
    expect(addOn.kind).toBe('forbidden');
    expect(addOn.requirement).toEqual({ type: 'purchase_add_on', details: { addOn: 'production_api' } });
    expect(addOn.message).toMatch(/needs a VideoGen add-on or plan/);
  });

  it('402 and insufficient_credits → forbidden with a plan/credits message', async () => {
    const e = await mapped(json({ message: 'Your plan does not include this.' }, 402));
    expect([e.kind, e.code]).toEqual(['forbidden', 'insufficient_credits']);
    expect(e.message).toMatch(/Not enough VideoGen credits, or your plan doesn't include this \(Your plan does not include this\)/);
    const e2 = await mapped(json({ message: 'Not enough credits', code: 'insufficient_credits' }, 400));
    expect(e2.kind).toBe('forbidden');
    // Out of credits, said plainly with where to top up.
    expect(e2.message).toBe('Your VideoGen account is out of credits. Top up at app.videogen.io (Settings → Billing), then try again.');
    const e3 = await mapped(json({ message: 'Insufficient credits: your balance does not cover this.' }, 402));
    expect(e3.message).toMatch(/out of credits\. Top up at/);
  });

  it('404 → not_found', async () => {
    const e = await mapped(json({ message: 'Not found' }, 404));
    expect(e.kind).toBe('not_found');
    expect(e.message).toMatch(/couldn't find this item/);
  });

  it('400/422 → invalid with the API message and the field', async () => {
    const e = await mapped(json({ message: 'must be at most 100', code: 'invalid_parameters', field: 'numResults' }, 422));
    expect(e.kind).toBe('invalid');
    expect(e.message).toBe('VideoGen rejected the request: numResults: must be at most 100');
    const e2 = await mapped(json({ message: 'fileId has the wrong prefix', code: 'invalid_id' }, 400));
    expect([e2.kind, e2.code]).toEqual(['invalid', 'invalid_id']);
  });

  it('409 → conflict, 413 → invalid "too large"', async () => {
    expect((await mapped(json({ message: 'busy' }, 409))).kind).toBe('conflict');
    const big = await mapped(text('<html>too big</html>', 413));
    expect([big.kind, big.code]).toEqual(['invalid', 'file_too_large']);
    expect(big.message).toMatch(/^The file is too large for VideoGen/);
  });

  it('429 → rate_limited with retryAfterMs and a waiting sentence', async () => {
    const e = await mapped(json({ message: 'Rate limit exceeded' }, 429, { 'retry-after': '42' }));
    expect([e.kind, e.retryAfterMs, e.retryable]).toEqual(['rate_limited', 42_000, true]);
    expect(e.message).toBe('Too many requests to VideoGen; waiting 42 s.');
  });

  it('5xx → server, even with an HTML body', async () => {
    const e = await mapped(text('<html>Bad gateway</html>', 502));
    expect([e.kind, e.status, e.retryable]).toEqual(['server', 502, true]);
    expect(e.message).toBe('VideoGen is having trouble right now (HTTP 502). Try again in a moment.');
  });
});

describe('toAppError', () => {
  it('passes AppErrors through', () => {
    const e = new AppError({ kind: 'conflict', message: 'x' });
    expect(toAppError(e)).toBe(e);
  });

  it('classifies fetch failures', () => {
    expect(toAppError(connRefused()).kind).toBe('network');
    expect(toAppError(connRefused()).code).toBe('ECONNREFUSED');
    expect(toAppError(connReset()).kind).toBe('network');
    expect(toAppError(dnsFailure()).kind).toBe('offline');
    expect(toAppError(new DOMException('aborted', 'AbortError')).kind).toBe('cancelled');
    expect(toAppError(new DOMException('t', 'TimeoutError')).kind).toBe('timeout');
  });

  it('turns a ZodError into invalid, naming the fields', () => {
    const r = z.object({ prompt: z.string() }).safeParse({});
    const e = toAppError(r.error);
    expect(e.kind).toBe('invalid');
    expect(e.message).toMatch(/^Some settings aren't valid: prompt: /);
  });

  it('turns file errors into local errors a person can act on', () => {
    const e = toAppError(Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', path: '/tmp/x.mp4' }));
    expect([e.kind, e.code]).toEqual(['local', 'ENOENT']);
    expect(e.message).toBe('Couldn\'t find “/tmp/x.mp4”. It may have been moved or deleted.');
  });

  it('wraps anything else as local, keeping the cause', () => {
    const cause = new Error('boom');
    const e = toAppError(cause);
    expect(e.kind).toBe('local');
    expect(e.cause).toBe(cause);
    expect(e.retryable).toBe(false);
  });

  it('has retryable defaults by kind', () => {
    for (const kind of ['network', 'offline', 'timeout', 'server', 'rate_limited'] as const) {
      expect(new AppError({ kind, message: '' }).retryable).toBe(true);
    }
    for (const kind of ['auth', 'invalid', 'unknown_outcome', 'bad_response'] as const) {
      expect(new AppError({ kind, message: '' }).retryable).toBe(false);
    }
  });

  it('formats waits for people', () => {
    expect(formatWait(42_000)).toBe('42 s');
    expect(formatWait(300)).toBe('1 s');
    expect(formatWait(600_000)).toBe('10 min');
    expect(formatWait(3_900_000)).toBe('1 h 5 min');
  });
});
