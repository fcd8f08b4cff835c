/**
 * A few hundred random and malformed frames over the real WebSocket: every frame gets one
 * clean reply ({code, message} on failure, never a stack), the socket stays open and the
 * host keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AppError } from '../../../main/kernel/errors';
import { commandNames } from '../../../main/contract';
import type { Handlers } from '../../../main/core/types';
import { startWebHost, type WebHost } from '../../../main/web/index';
import { mulberry32, randomInput, randomValue, toWireJson } from '../../unit/contract/support/fuzz';
import { login, request } from './support/http';
import { createTestCore } from './support/test-core';

const SEED = 424242;
let host: WebHost;

beforeAll(async () => {
  const rand = mulberry32(SEED + 1);
  const throwing = Object.fromEntries(
    commandNames.map((c) => [
      c,
      async (input: unknown) => {
        const r = rand();
        if (r < 0.3) throw new AppError({ kind: 'invalid', message: 'nope' });
        if (r < 0.5) throw new RangeError('deep internal detail');
        if (r < 0.55) return { big: 10n } as unknown; // not JSON-serialisable
        return { echo: input };
      },
    ]),
  ) as unknown as Partial<Handlers>;
  host = await startWebHost({ core: await createTestCore(throwing), log: () => {} });
});
afterAll(async () => {
  await host?.close();
});

describe('WebSocket fuzz', () => {
  it('answers 500 random frames, one clean reply each, and stays up', async () => {
    const rand = mulberry32(SEED);
    const cookie = await login(host.port, host.token);
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, { headers: { cookie } });
    await new Promise((r, j) => {
      ws.once('open', r);
      ws.once('error', j);
    });
    const replies: Array<Record<string, unknown>> = [];
    ws.on('message', (d) => replies.push(JSON.parse(d.toString()) as Record<string, unknown>));
    let closedCode: number | null = null;
    ws.on('close', (code) => (closedCode = code));

    const N = 500;
    for (let i = 0; i < N; i++) {
      const r = rand();
      if (r < 0.6) {
        const cmd = rand() < 0.9 ? commandNames[Math.floor(rand() * commandNames.length)] : randomValue(rand);
        const frame = { t: 'invoke', id: rand() < 0.95 ? i : randomValue(rand), cmd, input: randomInput(rand) };
        ws.send(toWireJson(frame) ?? JSON.stringify({ t: 'invoke', id: i, cmd: 'app.info', input: 'unserialisable' }));
      } else if (r < 0.8) {
        ws.send(toWireJson(randomValue(rand)) ?? 'undefined');
      } else if (r < 0.9) {
        ws.send(Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 64) }, () => Math.floor(rand() * 256))));
      } else {
        ws.send('{"t":"invoke","id":' + i + ',"cmd":"app.info","input":' + '['.repeat(1 + Math.floor(rand() * 50)));
      }
    }
    const deadline = Date.now() + 10_000;
    while (replies.length < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(replies.length).toBe(N);
    expect(closedCode).toBeNull();
    const codes = new Map<string, number>();
    for (const reply of replies) {
      expect(reply.t).toBe('result');
      if (reply.ok === true) continue;
      const error = reply.error as { code: string; message: string };
      expect(Object.keys(error).sort()).toEqual(['code', 'message']);
      expect(error.message).not.toMatch(/\n\s+at |deep internal detail/);
      codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
    }
    expect(codes.get('bad_frame')).toBeGreaterThan(50);
    expect(codes.get('invalid_input')).toBeGreaterThan(50);
    console.log(`websocket fuzz (seed ${SEED}): ${JSON.stringify(Object.fromEntries(codes))}`);

    // Still serving: the same socket, a new one, and plain HTTP.
    const again = new Promise<Record<string, unknown>>((r) => ws.once('message', (d) => r(JSON.parse(d.toString()))));
    ws.send(JSON.stringify({ t: 'invoke', id: 99999, cmd: 'uploads.list', input: {} }));
    expect((await again).id).toBe(99999);
    ws.close();
    expect((await request(host.port, '/media/x/thumb', { headers: { cookie } })).status).toBe(404);
  });
});
