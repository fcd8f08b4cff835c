import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/kernel/errors';
import { commandNames } from '../../../main/contract';
import { createEventBus } from '../../../main/kernel/events';
import { INTERNAL_MESSAGE, createRouter } from '../../../main/core/router';
import { addRedactedValue, describeForLog, redactSecrets } from '../../../main/kernel/redact';
import type { Handlers } from '../../../main/core/types';

function handlers(overrides: Partial<Record<string, (input: unknown) => unknown>> = {}): Handlers {
  const base = Object.fromEntries(commandNames.map((c) => [c, async (input: unknown) => ({ echo: input })]));
  return { ...base, ...overrides } as unknown as Handlers;
}
const ctx = { host: 'web' as const };

describe('router', () => {
  it('runs a handler with the parsed input (defaults applied)', async () => {
    const router = createRouter(handlers());
    const r = await router.invoke('library.query', {}, ctx);
    expect(r).toEqual({
      ok: true,
      value: { echo: { filter: {}, sort: { field: 'updated', dir: 'desc' }, offset: 0, limit: 200 } },
    });
  });

  it('treats a missing input as no fields', async () => {
    const router = createRouter(handlers());
    expect(await router.invoke('uploads.list', undefined, ctx)).toEqual({ ok: true, value: { echo: {} } });
  });

  it('refuses unknown commands, including prototype names', async () => {
    const router = createRouter(handlers());
    for (const cmd of ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 42, null]) {
      const r = await router.invoke(cmd as string, {}, ctx);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('unknown_command');
    }
  });

  it('names the field that failed validation', async () => {
    const router = createRouter(handlers());
    const r = await router.invoke('library.get', { fileId: 42 }, ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_input');
    expect(r.error.message).toMatch(/^Invalid input for library\.get: fileId: /);

    const extra = await router.invoke('library.get', { fileId: 'f', sneaky: 1 }, ctx);
    expect(!extra.ok && extra.error.message).toMatch(/unexpected field "sneaky"/);

    const nested = await router.invoke('library.query', { sort: { field: 'nope', dir: 'asc' } }, ctx);
    expect(!nested.ok && nested.error.message).toMatch(/sort\.field: /);
  });

  it('turns an AppError into its {code, message}', async () => {
    const router = createRouter(
      handlers({
        'library.get': () => {
          throw new AppError({ kind: 'not_found', message: 'That file is gone.' });
        },
      }),
    );
    expect(await router.invoke('library.get', { fileId: 'x' }, ctx)).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'That file is gone.' },
    });
  });

  it('accepts AppError look-alikes (duck-typed kind + toJSON)', async () => {
    class Foreign extends Error {
      kind = 'offline';
      toJSON() {
        return { code: 'offline', message: 'You are offline.' };
      }
    }
    const router = createRouter(handlers({ 'app.status': () => Promise.reject(new Foreign('x')) }));
    expect(await router.invoke('app.status', {}, ctx)).toEqual({
      ok: false,
      error: { code: 'offline', message: 'You are offline.' },
    });
  });

  it('hides other errors behind "internal" and logs them redacted, stack included', async () => {
    const lines: string[] = [];
    const router = createRouter(
      handlers({
        'app.status': () => {
          throw new TypeError('boom with Authorization: Bearer sk_live_abcdef123456');
        },
      }),
      { log: (l) => lines.push(l) },
    );
    const r = await router.invoke('app.status', {}, ctx);
    expect(r).toEqual({ ok: false, error: { code: 'internal', message: INTERNAL_MESSAGE } });
    expect(JSON.stringify(r)).not.toMatch(/boom|at |sk_live/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/command app\.status failed: TypeError: boom/);
    expect(lines[0]).toMatch(/\n\s+at /); // the stack is in the log
    expect(lines[0]).not.toContain('sk_live_abcdef123456');
  });

  it('survives hostile throwables: null, strings, objects with throwing getters, broken toJSON', async () => {
    const hostile: unknown[] = [
      null,
      undefined,
      'a string',
      42,
      Symbol('s'),
      {
        get message() {
          throw new Error('getter');
        },
      },
      Object.assign(new Error('bad toJSON'), {
        kind: 'x',
        toJSON() {
          throw new Error('nope');
        },
      }),
      Object.assign(new Error('empty code'), { kind: 'x', toJSON: () => ({ code: '', message: 'm' }) }),
    ];
    for (const thrown of hostile) {
      const router = createRouter(
        handlers({
          'app.status': () => {
            throw thrown;
          },
        }),
        { log: () => {} },
      );
      const r = await router.invoke('app.status', {}, ctx);
      expect(r).toEqual({ ok: false, error: { code: 'internal', message: INTERNAL_MESSAGE } });
    }
  });

  it('keeps working when the logger itself throws', async () => {
    const router = createRouter(
      handlers({
        'app.status': () => {
          throw new Error('x');
        },
      }),
      {
        log: () => {
          throw new Error('disk full');
        },
      },
    );
    expect((await router.invoke('app.status', {}, ctx)).ok).toBe(false);
  });
});

describe('log redaction', () => {
  it('masks bearer tokens, x-api-key values, key fields and signed URL parameters', () => {
    const text = [
      'Authorization: Bearer vg_live_9f8e7d6c5b4a',
      'x-api-key: sk-sync-123456789',
      '{"provider":"videogen","key":"vg_secret_value_1"}',
      'GET https://stream.media.videogen.io/a.m3u8?token=abc.def.ghi&x=1',
      "headers: { 'x-api-key': 'quoted-secret-1' }",
    ].join('\n');
    const out = redactSecrets(text);
    for (const secret of ['vg_live_9f8e7d6c5b4a', 'sk-sync-123456789', 'vg_secret_value_1', 'abc.def.ghi', 'quoted-secret-1']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('Bearer ***');
    expect(out).toContain('x=1');
  });

  it('masks registered key values verbatim, wherever they appear', () => {
    addRedactedValue('plain-looking-value-42');
    expect(redactSecrets('oops plain-looking-value-42 leaked')).toBe('oops *** leaked');
    expect(describeForLog(new Error('contains plain-looking-value-42'))).not.toContain('plain-looking-value-42');
  });
});

describe('event bus', () => {
  it('delivers typed events to named and catch-all listeners, and unsubscribes', () => {
    const bus = createEventBus();
    const seen: unknown[] = [];
    const off = bus.on('connectivity.changed', (p) => seen.push(['named', p.online]));
    const offAny = bus.onAny((n, p) => seen.push(['any', n, p]));
    bus.emit('connectivity.changed', { online: false });
    off();
    offAny();
    bus.emit('connectivity.changed', { online: true });
    expect(seen).toEqual([
      ['named', false],
      ['any', 'connectivity.changed', { online: false }],
    ]);
  });

  it('isolates a throwing listener', () => {
    const errors: unknown[] = [];
    const bus = createEventBus({ onListenerError: (_n, e) => errors.push(e) });
    let reached = false;
    bus.on('connectivity.changed', () => {
      throw new Error('bad listener');
    });
    bus.on('connectivity.changed', () => {
      reached = true;
    });
    bus.emit('connectivity.changed', { online: true });
    expect(reached).toBe(true);
    expect(errors).toHaveLength(1);
  });

  it('gives the same function subscribed twice two subscriptions', () => {
    const bus = createEventBus();
    let n = 0;
    const l = () => n++;
    const a = bus.on('connectivity.changed', l);
    bus.on('connectivity.changed', l);
    a();
    bus.emit('connectivity.changed', { online: true });
    expect(n).toBe(1);
  });
});
