// The fault profile (deterministic from the seed, changeable at run time, never on media GETs)
// and per-key, per-endpoint rate limits.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, sampleMedia, startTestSandbox, uploadBytes, waitFor, type Sandbox } from '../../helpers/sandbox';
import { clientFor } from './support/client';
import { contractFetch } from './support/contract';

describe('fault profile', () => {
  const statuses = async (sb: Sandbox, n: number) => {
    const api = clientFor(sb);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await api.vg('GET', '/v1/me', undefined, { allowMalformed: true })).status);
    return out;
  };

  it('fails the same requests for the same seed, with spec-shaped error bodies', async () => {
    const runs: number[][] = [];
    for (const seed of [7, 7, 8]) {
      const sb = await startTestSandbox({ seed, faults: { error5xx: 0.2, error429: 0.2 } });
      try {
        runs.push(await statuses(sb, 60));
      } finally {
        await sb.close();
      }
    }
    expect(runs[0]).toEqual(runs[1]);
    expect(runs[0]).not.toEqual(runs[2]);
    const counts = (s: number[]) => ({ ok: s.filter((x) => x === 200).length, limited: s.filter((x) => x === 429).length, server: s.filter((x) => x >= 500).length });
    const c = counts(runs[0]!);
    expect(c.limited).toBeGreaterThan(3);
    expect(c.server).toBeGreaterThan(3);
    expect(c.ok).toBeGreaterThan(20);
  });

  it('truncates JSON bodies (the request still took effect), adds latency, spares media', async () => {
    const sb = await startTestSandbox({ seed: 3, processingMs: 0 });
    const api = clientFor(sb);
    try {
      const { fileId } = await uploadBytes(contractFetch, sb, readFileSync(sampleMedia().png), 'keep.png');
      await waitFor(async () => (await api.vg<{ downloadSource: { status: string } }>('GET', `/v1/files/${fileId}`)).body.downloadSource.status === 'ready', 'ready');
      const media = (await api.vg<{ downloadSource: { url: string } }>('POST', `/v1/files/${fileId}/hydrate`)).body.downloadSource.url;

      sb.setFaults({ malformedJson: 1, latencyMs: 150 });
      const t0 = Date.now();
      const res = await api.vg<string>('POST', '/v1/files/upload', { displayName: 'half-answered.png' }, { allowMalformed: true });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
      expect(res.status).toBe(200);
      expect(() => JSON.parse(res.body)).toThrow();
      for (let i = 0; i < 5; i++) expect((await fetch(media)).status).toBe(200);

      sb.setFaults({ error5xx: 1, error429: 1 });
      for (let i = 0; i < 5; i++) expect((await fetch(media)).status).toBe(200);
      const sync = await api.sync('GET', '/v2/models');
      expect(sync.status).toBe(429);
      sb.setFaults({});
      const list = await api.vg<{ files: Array<{ displayName: string }> }>('GET', '/v1/files');
      expect(list.body.files.map((f) => f.displayName)).toContain('half-answered.png');
    } finally {
      await sb.close();
    }
  });
});

describe('rate limits', () => {
  const clock = manualClock();
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startTestSandbox({ clock: clock.now, videogenKeys: ['key_one', 'key_two'], rateLimits: { 'files.get': 2, 'files.list': 3, 'sync.generate': 1 } });
  });
  afterAll(() => sb.close());

  it('counts per key and per endpoint, and resets with the window', async () => {
    const api = clientFor(sb);
    const id = 'vg_file_unknown00000000000000';
    const one = [];
    for (let i = 0; i < 3; i++) one.push((await api.vg('GET', `/v1/files/${id}`, undefined, { key: 'key_one' })).status);
    expect(one).toEqual([404, 404, 429]);
    expect((await api.vg('GET', `/v1/files/${id}`, undefined, { key: 'key_two' })).status).toBe(404);
    const list = await api.vg('GET', '/v1/files', undefined, { key: 'key_one' });
    expect(list.status).toBe(200);
    expect(list.headers.get('x-ratelimit-limit')).toBe('3');
    expect(list.headers.get('x-ratelimit-remaining')).toBe('2');
    const limited = await api.vg<{ message: string; code?: string }>('GET', `/v1/files/${id}`, undefined, { key: 'key_one' });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBeUndefined();
    const reset = Number(limited.headers.get('x-ratelimit-reset'));
    clock.advance(3600 * 1000);
    expect(reset).toBeLessThanOrEqual(clock.now() / 1000);
    expect((await api.vg('GET', `/v1/files/${id}`, undefined, { key: 'key_one' })).status).toBe(404);
  });

  it('limits Sync creates per minute', async () => {
    const api = clientFor(sb);
    const body = { model: 'lipsync-2', input: [{ type: 'video', url: 'https://example.com/v.mp4' }] };
    expect((await api.sync('POST', '/v2/generate', body)).status).toBe(400);
    expect((await api.sync('POST', '/v2/generate', body)).status).toBe(429);
    clock.advance(60_000);
    expect((await api.sync('POST', '/v2/generate', body)).status).toBe(400);
  });
});
