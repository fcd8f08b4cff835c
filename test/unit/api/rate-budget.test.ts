import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/kernel/errors';
import { createRateBudget, type RateBudgetEntry } from '../../../main/api/rate-budget';
import { createSyncClient, SYNC_CREATE_RATE_KEY } from '../../../main/api/sync';
import { createVideoGenClient } from '../../../main/api/videogen';
import { fakeClock, json, scriptedFetch, storageFile, failure } from './helpers';

const KEY = 'videogen:GET /v1/tools/executions/{id}';

describe('rate budget', () => {
  it('is unlimited for an endpoint it knows nothing about', () => {
    const budget = createRateBudget({ clock: fakeClock() });
    for (let i = 0; i < 1000; i++) expect(budget.take('x:GET /y').ok).toBe(true);
    expect(budget.snapshot()).toEqual([]);
  });

  it('counts locally against a default window and blocks at zero', () => {
    const clock = fakeClock();
    const budget = createRateBudget({ clock, defaults: { k: { limit: 2, windowMs: 60_000 } } });
    expect(budget.take('k')).toEqual({ ok: true });
    expect(budget.check('k')).toEqual({ ok: true }); // check spends nothing
    expect(budget.take('k')).toEqual({ ok: true });
    expect(budget.take('k')).toEqual({ ok: false, waitMs: 60_000 });
    clock.advance(59_000);
    expect(budget.take('k')).toEqual({ ok: false, waitMs: 1000 });
    clock.advance(1000);
    expect(budget.take('k')).toEqual({ ok: true }); // new window
    expect(budget.snapshot()).toEqual([{ endpoint: 'k', limit: 2, remaining: 1, resetAt: clock.now() + 60_000 }]);
  });

  it('refunds requests that never left', () => {
    const budget = createRateBudget({ clock: fakeClock(), defaults: { k: { limit: 1, windowMs: 1000 } } });
    budget.take('k');
    expect(budget.take('k').ok).toBe(false);
    budget.refund('k');
    expect(budget.take('k').ok).toBe(true);
  });

  it('learns limit, remaining and reset (Unix seconds) from headers', () => {
    const clock = fakeClock();
    const budget = createRateBudget({ clock });
    const resetSec = Math.floor(clock.now() / 1000) + 1800;
    budget.update(KEY, { 'X-RateLimit-Limit': '5000', 'X-RateLimit-Remaining': '1', 'X-RateLimit-Reset': String(resetSec) });
    expect(budget.snapshot()).toEqual([{ endpoint: KEY, limit: 5000, remaining: 1, resetAt: resetSec * 1000 }]);
    expect(budget.take(KEY).ok).toBe(true);
    const blocked = budget.take(KEY);
    expect(blocked).toEqual({ ok: false, waitMs: resetSec * 1000 - clock.now() });
  });

  it('keeps the lower count within one window (requests in flight are not yet counted by the server)', () => {
    const clock = fakeClock();
    const budget = createRateBudget({ clock });
    const reset = String(Math.floor(clock.now() / 1000) + 100);
    budget.update(KEY, { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '10', 'x-ratelimit-reset': reset });
    for (let i = 0; i < 5; i++) budget.take(KEY);
    budget.update(KEY, { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '9', 'x-ratelimit-reset': reset });
    expect(budget.snapshot()[0]?.remaining).toBe(5);
    // another client on the same key spent more: the server's lower number wins
    budget.update(KEY, { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '2', 'x-ratelimit-reset': reset });
    expect(budget.snapshot()[0]?.remaining).toBe(2);
  });

  it('remembers a 429 block on an unknown endpoint only until it passes', () => {
    const clock = fakeClock();
    const budget = createRateBudget({ clock });
    budget.exhaust('u', clock.now() + 5000);
    expect(budget.take('u')).toEqual({ ok: false, waitMs: 5000 });
    clock.advance(5000);
    expect(budget.take('u').ok).toBe(true);
    expect(budget.take('u').ok).toBe(true);
  });

  it('tells listeners about changes', () => {
    const budget = createRateBudget({ clock: fakeClock(), defaults: { k: { limit: 3, windowMs: 1000 } } });
    const seen: RateBudgetEntry[][] = [];
    const off = budget.onChange((e) => seen.push(e));
    budget.take('k');
    off();
    budget.take('k');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.[0]?.remaining).toBe(2);
  });
});

describe('every request consults the budget', () => {
  it('VideoGen: blocks when the server says remaining hits 0 (throws rate_limited past maxRateWaitMs)', async () => {
    const clock = fakeClock();
    const budget = createRateBudget({ clock });
    const resetSec = Math.floor(clock.now() / 1000) + 3600;
    const fetch = scriptedFetch([
      json(storageFile, 200, { 'x-ratelimit-limit': '50000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(resetSec) }),
    ]);
    const client = createVideoGenClient({ baseUrl: 'http://vg.test', apiKey: () => 'k', fetch, clock, budget });
    await client.getFile('vg_file_1');
    const err = await client.getFile('vg_file_1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('rate_limited');
    expect((err as AppError).code).toBe('rate_budget_exhausted');
    expect((err as AppError).retryAfterMs).toBe(resetSec * 1000 - clock.now());
    expect((err as AppError).message).toBe('Too many requests to VideoGen; waiting 1 h.');
    expect(fetch.calls).toHaveLength(1);
  });

  it('waits for the window when the wait is short enough', async () => {
    const clock = fakeClock();
    const budget = createRateBudget({ clock });
    const resetSec = Math.floor(clock.now() / 1000) + 10;
    const fetch = scriptedFetch([
      json(storageFile, 200, { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(resetSec) }),
      json(storageFile),
    ]);
    const client = createVideoGenClient({ baseUrl: 'http://vg.test', apiKey: () => 'k', fetch, clock, budget });
    await client.getFile('a');
    await client.getFile('b');
    expect(fetch.calls).toHaveLength(2);
    expect(clock.sleeps).toEqual([resetSec * 1000 - 1_777_982_400_000]);
  });

  it('Sync: counts creates locally (60/min) with no headers from the server', async () => {
    const clock = fakeClock();
    const budget = createRateBudget({ clock });
    const generation = { id: 'g', createdAt: '2026-05-05T12:00:00Z', status: 'PENDING', model: 'lipsync-2', input: [] };
    const fetch = scriptedFetch([json(generation, 201)]);
    const client = createSyncClient({ baseUrl: 'http://sync.test', apiKey: () => 'k', fetch, clock, budget, maxRateWaitMs: 0 });
    const req = {
      model: 'lipsync-2',
      input: [
        { type: 'video' as const, url: 'https://x.test/v.mp4' },
        { type: 'audio' as const, url: 'https://x.test/a.wav' },
      ],
    };
    for (let i = 0; i < 60; i++) await client.createGeneration(req);
    const err = await failure(client.createGeneration(req));
    expect(err.kind).toBe('rate_limited');
    expect(fetch.calls).toHaveLength(60);
    expect(budget.snapshot().find((e) => e.endpoint === SYNC_CREATE_RATE_KEY)?.remaining).toBe(0);
  });
});
