import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../../main/api/http';
import { createRateBudget } from '../../../main/api/rate-budget';
import { backoffDelay } from '../../../main/api/retry-policy';
import { createVideoGenClient } from '../../../main/api/videogen';
import {
  connRefused,
  connReset,
  dnsFailure,
  executionRunning,
  fakeClock,
  json,
  scriptedFetch,
  storageFile,
  text,
  type Reply,
  failure,
} from './helpers';

function setup(replies: Reply[], extra: { random?: () => number; timeoutMs?: number; maxRateWaitMs?: number } = {}) {
  const clock = fakeClock();
  const fetch = scriptedFetch(replies);
  const budget = createRateBudget({ clock });
  const outcomes: Outcome[] = [];
  const client = createVideoGenClient({
    baseUrl: 'http://vg.test',
    apiKey: () => 'vg_key_123',
    fetch,
    clock,
    budget,
    random: extra.random ?? (() => 0.5),
    onOutcome: (o) => outcomes.push(o),
    ...(extra.timeoutMs ? { timeoutMs: extra.timeoutMs } : {}),
    ...(extra.maxRateWaitMs !== undefined ? { maxRateWaitMs: extra.maxRateWaitMs } : {}),
  });
  return { clock, fetch, budget, client, outcomes };
}


describe('responses are parsed, never trusted', () => {
  it('malformed JSON → bad_response (retried for a safe call, then given up)', async () => {
    const { client, fetch } = setup([text('{"fileId": "vg_file_1", "sco', 200)]);
    const err = await failure(client.getFile('vg_file_1'));
    expect(err.kind).toBe('bad_response');
    expect(err.message).toMatch(/VideoGen sent a response Atelier couldn't read/);
    expect(fetch.calls).toHaveLength(4);
  });

  it('a body that breaks the schema → bad_response, not retried', async () => {
    const { client, fetch } = setup([json({ fileId: 'vg_file_1', scope: 'NOT_A_SCOPE' })]);
    const err = await failure(client.getFile('vg_file_1'));
    expect(err.kind).toBe('bad_response');
    expect(err.message).toContain('scope');
    expect(fetch.calls).toHaveLength(1);
  });

  it('an unsafe URL in a body → bad_response', async () => {
    const { client } = setup([
      json({ ...storageFile, downloadSource: { status: 'ready', url: 'javascript:alert(1)', expiresAt: 1 } }),
    ]);
    expect((await failure(client.getFile('vg_file_1'))).kind).toBe('bad_response');
  });

  it('drops __proto__ keys from the wire', async () => {
    const { client } = setup([text(JSON.stringify(storageFile).replace('{', '{"__proto__":{"polluted":true},'))]);
    const file = await client.getFile('vg_file_1');
    expect((file as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a body over the size cap', async () => {
    const clock = fakeClock();
    const { createHttpClient } = await import('../../../main/api/http');
    const { videogenProfile } = await import('../../../main/api/videogen');
    const { z } = await import('zod');
    const http = createHttpClient({
      profile: videogenProfile,
      baseUrl: 'http://vg.test',
      fetch: scriptedFetch([text('x'.repeat(2000))]),
      clock,
      budget: createRateBudget({ clock }),
      authHeaders: () => ({}),
      maxResponseBytes: 1000,
    });
    const err = await failure(http.request({ method: 'GET', path: '/x', safety: 'safe', schema: z.string() }));
    expect(err.kind).toBe('bad_response');
  });
});

describe('retries of safe calls', () => {
  it('429 with X-RateLimit-Reset waits until the reset, then retries the GET', async () => {
    const clock = fakeClock();
    const resetSec = Math.floor(clock.now() / 1000) + 42;
    const { client, fetch, clock: c } = setup([
      json({ message: 'Rate limit exceeded' }, 429, {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(resetSec),
      }),
      json(executionRunning, 200, { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': String(resetSec + 3600) }),
    ]);
    const start = c.now();
    const exec = await client.getExecution('vg_tool_1');
    expect(exec.status).toBe('running');
    expect(fetch.calls).toHaveLength(2);
    expect(c.now() - start).toBeGreaterThanOrEqual(resetSec * 1000 - start);
    expect(c.sleeps.reduce((a, b) => a + b, 0)).toBeLessThan(43_000);
  });

  it('honours Retry-After over X-RateLimit-Reset', async () => {
    const { client, clock } = setup([
      json({ message: 'slow down' }, 429, { 'retry-after': '7', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3000) }),
      json(storageFile),
    ]);
    await client.getFile('vg_file_1');
    expect(clock.sleeps).toEqual([7000]);
  });

  it('a 429 asking for longer than maxRateWaitMs throws rate_limited with retryAfterMs', async () => {
    const { client, fetch } = setup([json({ message: 'Rate limit exceeded' }, 429, { 'retry-after': '120' })], {
      maxRateWaitMs: 60_000,
    });
    const err = await failure(client.getFile('vg_file_1'));
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterMs).toBe(120_000);
    expect(err.message).toBe('Too many requests to VideoGen; waiting 2 min.');
    expect(fetch.calls).toHaveLength(1);
  });

  it('5xx and connection resets are retried with backoff for GET', async () => {
    const { client, fetch, clock } = setup([json({ message: 'boom' }, 502), { throw: connReset() }, json(storageFile)]);
    const file = await client.getFile('vg_file_1');
    expect(file.fileId).toBe('vg_file_1');
    expect(fetch.calls).toHaveLength(3);
    // random 0.5 → half of 1 s, then half of 2 s
    expect(clock.sleeps).toEqual([500, 1000]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const { client, fetch } = setup([json({ message: 'down' }, 503)]);
    const err = await failure(client.getFile('vg_file_1'));
    expect(err.kind).toBe('server');
    expect(err.status).toBe(503);
    expect(err.retryable).toBe(true);
    expect(fetch.calls).toHaveLength(4);
  });

  it('a timeout on a GET is retried', async () => {
    const { client, fetch } = setup([{ hang: true }, json(storageFile)], { timeoutMs: 20 });
    await client.getFile('vg_file_1');
    expect(fetch.calls).toHaveLength(2);
  });

  it('does not retry 4xx answers', async () => {
    const { client, fetch } = setup([json({ message: 'File not found', code: 'not_found' }, 404)]);
    const err = await failure(client.getFile('vg_file_missing'));
    expect(err.kind).toBe('not_found');
    expect(fetch.calls).toHaveLength(1);
  });

  it('offline (DNS failure) → kind offline with the offline sentence', async () => {
    const { client, outcomes } = setup([{ throw: dnsFailure() }]);
    const err = await failure(client.getFile('vg_file_1'));
    expect(err.kind).toBe('offline');
    expect(err.message).toBe("You're offline — this will run when the connection returns.");
    expect(outcomes.every((o) => !o.ok && o.kind === 'offline')).toBe(true);
  });
});

describe('backoff with full jitter', () => {
  it('stays within [0, min(cap, base·2^(n-1)))', () => {
    for (let n = 1; n <= 10; n++) {
      const ceiling = Math.min(30_000, 1000 * 2 ** (n - 1));
      for (let i = 0; i < 200; i++) {
        const d = backoffDelay(n, { baseMs: 1000, capMs: 30_000, random: Math.random });
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(ceiling);
      }
      expect(backoffDelay(n, { baseMs: 1000, capMs: 30_000, random: () => 0 })).toBe(0);
      expect(backoffDelay(n, { baseMs: 1000, capMs: 30_000, random: () => 0.999999 })).toBe(Math.floor(0.999999 * ceiling));
    }
  });

  it('uses the injected random for the waits between attempts', async () => {
    const { client, clock } = setup([json({}, 500), json({}, 500), json({}, 500), json(storageFile)], { random: () => 0.25 });
    await client.getFile('vg_file_1');
    expect(clock.sleeps).toEqual([250, 500, 1000]);
  });
});

describe('outcomes and auth', () => {
  it('reports each attempt, keyed by endpoint template', async () => {
    const { client, outcomes } = setup([{ throw: connRefused() }, json(storageFile)]);
    await client.getFile('vg_file_1');
    expect(outcomes).toEqual([
      { ok: false, kind: 'network', endpoint: 'videogen:GET /v1/files/{id}' },
      { ok: true, endpoint: 'videogen:GET /v1/files/{id}', status: 200 },
    ]);
  });

  it('a missing key fails with auth/missing_api_key and sends nothing', async () => {
    const clock = fakeClock();
    const fetch = scriptedFetch([json(storageFile)]);
    const client = createVideoGenClient({ apiKey: () => null, fetch, clock, budget: createRateBudget({ clock }) });
    const err = await failure(client.getFile('vg_file_1'));
    expect(err.kind).toBe('auth');
    expect(err.code).toBe('missing_api_key');
    expect(err.message).toBe('Add your VideoGen API key in Settings to continue.');
    expect(fetch.calls).toHaveLength(0);
  });

  it('sends the bearer key and encodes opaque ids without checking them', async () => {
    const { client, fetch } = setup([json(storageFile)]);
    await client.getFile('weird/id with spaces');
    expect(fetch.calls[0]?.url).toBe('http://vg.test/v1/files/weird%2Fid%20with%20spaces');
    expect(fetch.calls[0]?.headers.get('authorization')).toBe('Bearer vg_key_123');
  });

  it('a caller abort → cancelled, not retried', async () => {
    const { client, fetch } = setup([{ hang: true }]);
    const ctrl = new AbortController();
    const p = client.getFile('vg_file_1', { signal: ctrl.signal });
    setTimeout(() => ctrl.abort(), 5);
    const err = await failure(p);
    expect(err.kind).toBe('cancelled');
    expect(fetch.calls).toHaveLength(1);
  });
});
