/** Tool starts cost money: sent once unless it provably never left (or the server refused it). */
import { describe, expect, it } from 'vitest';
import { createRateBudget } from '../../../main/api/rate-budget';
import { createVideoGenClient } from '../../../main/api/videogen';
import { connRefused, connReset, dnsFailure, fakeClock, json, scriptedFetch, text, type Reply, failure } from './helpers';

const body = { prompt: 'a red fox in snow', quality: 'STANDARD' };
const started = json({ toolExecutionId: 'vg_tool_abc' }, 202);

function setup(replies: Reply[], timeoutMs?: number) {
  const clock = fakeClock();
  const fetch = scriptedFetch(replies);
  const client = createVideoGenClient({
    baseUrl: 'http://vg.test',
    apiKey: () => 'k',
    fetch,
    clock,
    budget: createRateBudget({ clock }),
    random: () => 0.5,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  return { client, fetch, clock };
}


describe('runTool (unsafe)', () => {
  it('succeeds with the execution id and sends the exact validated body', async () => {
    const { client, fetch } = setup([started]);
    expect(await client.runTool('generate-image', body)).toEqual({ toolExecutionId: 'vg_tool_abc' });
    expect(fetch.calls[0]?.url).toBe('http://vg.test/v1/tools/generate-image');
    expect(fetch.calls[0]?.method).toBe('POST');
    expect(JSON.parse(fetch.calls[0]?.body ?? '')).toEqual(body);
    expect(fetch.calls[0]?.headers.get('content-type')).toBe('application/json');
  });

  it('is sent exactly once on 5xx → unknown_outcome', async () => {
    const { client, fetch } = setup([json({ message: 'Internal error' }, 500), started]);
    const err = await failure(client.runTool('generate-image', body));
    expect(err.kind).toBe('unknown_outcome');
    expect(err.status).toBe(500);
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/may have reached VideoGen.*check whether it started/);
    expect(fetch.calls).toHaveLength(1);
  });

  it('is sent exactly once on a timeout after send → unknown_outcome', async () => {
    const { client, fetch } = setup([{ hang: true }, started], 20);
    const err = await failure(client.runTool('generate-image', body));
    expect(err.kind).toBe('unknown_outcome');
    expect(err.code).toBe('timeout');
    expect(fetch.calls).toHaveLength(1);
  });

  it('is sent exactly once when the connection resets → unknown_outcome', async () => {
    const { client, fetch } = setup([{ throw: connReset() }, started]);
    expect((await failure(client.runTool('generate-image', body))).kind).toBe('unknown_outcome');
    expect(fetch.calls).toHaveLength(1);
  });

  it('is sent exactly once when the 2xx body is unreadable → unknown_outcome', async () => {
    const { client, fetch } = setup([text('{"toolExecu', 202), started]);
    expect((await failure(client.runTool('generate-image', body))).kind).toBe('unknown_outcome');
    expect(fetch.calls).toHaveLength(1);
  });

  it('is resent when the connection was refused (it never left)', async () => {
    const { client, fetch } = setup([{ throw: connRefused() }, { throw: dnsFailure() }, started]);
    expect(await client.runTool('generate-image', body)).toEqual({ toolExecutionId: 'vg_tool_abc' });
    expect(fetch.calls).toHaveLength(3);
  });

  it('is resent after a 429 (the server refused it) once the wait is over', async () => {
    const { client, fetch, clock } = setup([json({ message: 'Rate limit exceeded for POST /v1/tools/*.' }, 429, { 'retry-after': '3' }), started]);
    expect(await client.runTool('generate-image', body)).toEqual({ toolExecutionId: 'vg_tool_abc' });
    expect(fetch.calls).toHaveLength(2);
    expect(clock.sleeps).toEqual([3000]);
  });

  it('a caller abort while in flight → unknown_outcome (it may have started)', async () => {
    const { client, fetch } = setup([{ hang: true }]);
    const ctrl = new AbortController();
    const p = client.runTool('generate-image', body, { signal: ctrl.signal });
    setTimeout(() => ctrl.abort(), 5);
    const err = await failure(p);
    expect(err.kind).toBe('unknown_outcome');
    expect(fetch.calls).toHaveLength(1);
  });

  it('a caller abort before sending → cancelled, nothing sent', async () => {
    const { client, fetch } = setup([started]);
    const ctrl = new AbortController();
    ctrl.abort();
    expect((await failure(client.runTool('generate-image', body, { signal: ctrl.signal }))).kind).toBe('cancelled');
    expect(fetch.calls).toHaveLength(0);
  });

  it('a 4xx is a definite refusal: invalid, with the API message', async () => {
    const { client } = setup([json({ message: 'quality must be one of LOW, STANDARD, HIGH', code: 'invalid_parameters' }, 400)]);
    const err = await failure(client.runTool('generate-image', body));
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe('invalid_parameters');
    expect(err.message).toBe('VideoGen rejected the request: quality must be one of LOW, STANDARD, HIGH');
  });

  it('validates the body before sending: invalid, with the field', async () => {
    const { client, fetch } = setup([started]);
    const err = await failure(client.runTool('generate-image', { prompt: 'x' }));
    expect(err.kind).toBe('invalid');
    expect(err.message).toMatch(/quality/);
    const err2 = await failure(client.runTool('generate-image', { ...body, imageFileIds: ['1', '2', '3', '4', '5'] }));
    expect(err2.message).toMatch(/imageFileIds/);
    expect(fetch.calls).toHaveLength(0);
  });

  it('rejects an unknown tool name without a request', async () => {
    const { client, fetch } = setup([started]);
    const err = await failure(client.runTool('make-coffee' as 'generate-image', body));
    expect(err.kind).toBe('invalid');
    expect(fetch.calls).toHaveLength(0);
  });
});
