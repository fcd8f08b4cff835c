/**
 * 10,000 random and malformed payloads across every command through the router: each gets
 * a clean result ({ok:true} or {code, message} with no stack), nothing throws, nothing hangs.
 * Handlers that run throw a mix of AppErrors, plain errors and non-errors.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/kernel/errors';
import { commandNames } from '../../../main/contract';
import { createRouter } from '../../../main/core/router';
import type { Handlers } from '../../../main/core/types';
import { mulberry32, randomInput, randomValue } from './support/fuzz';

const SEED = 20261121;

describe('router fuzz', () => {
  it('answers 10,000 random payloads across every command with a clean result', async () => {
    const rand = mulberry32(SEED);
    let reached = 0;
    const handlers = Object.fromEntries(
      commandNames.map((c) => [
        c,
        async (input: unknown) => {
          reached++;
          const r = rand();
          if (r < 0.2) throw new AppError({ kind: 'invalid', message: `bad ${c}` });
          if (r < 0.3) throw new TypeError('internal detail /home/me/secret at line 3');
          if (r < 0.35) throw 'a bare string';
          if (r < 0.4) return Promise.reject(null);
          return { echo: input };
        },
      ]),
    ) as unknown as Handlers;
    const logged: string[] = [];
    const router = createRouter(handlers, { log: (l) => logged.push(l) });
    const codes = new Map<string, number>();

    for (let i = 0; i < 10_000; i++) {
      // Mostly real command names; sometimes garbage names.
      const cmd =
        rand() < 0.92 ? commandNames[Math.floor(rand() * commandNames.length)]! : (randomValue(rand) as string);
      const result = await router.invoke(cmd, randomInput(rand), { host: rand() < 0.5 ? 'web' : 'electron' });
      if (result.ok) {
        codes.set('ok', (codes.get('ok') ?? 0) + 1);
        continue;
      }
      const { code, message } = result.error;
      expect(typeof code).toBe('string');
      expect(typeof message).toBe('string');
      expect(code.length).toBeGreaterThan(0);
      expect(message.length).toBeGreaterThan(0);
      expect(message.length).toBeLessThanOrEqual(400);
      expect(message).not.toMatch(/\n\s+at |secret|\/home\//);
      expect(Object.keys(result.error).sort()).toEqual(['code', 'message']);
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    // Every family of outcome was exercised.
    expect(codes.get('invalid_input')).toBeGreaterThan(1000);
    expect(codes.get('unknown_command')).toBeGreaterThan(100);
    expect(codes.get('internal')).toBeGreaterThan(10);
    expect(codes.get('invalid')).toBeGreaterThan(10);
    expect(codes.get('ok')).toBeGreaterThan(10);
    expect(reached).toBeGreaterThan(50);
    console.log(`router fuzz (seed ${SEED}): ${JSON.stringify(Object.fromEntries(codes))}; handlers reached ${reached}`);
  });
});
