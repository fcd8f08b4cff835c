import { describe, expect, it, vi } from 'vitest';
import { createConnectivity } from '../../../main/workers/connectivity';
import { createFakeClock } from './fake-clock';

describe('connectivity', () => {
  it('goes offline after two consecutive transport failures, not one', () => {
    const clock = createFakeClock();
    const c = createConnectivity({ clock, probe: async () => false });
    c.report({ ok: false, kind: 'network' });
    expect(c.online).toBe(true);
    c.report({ ok: false, kind: 'timeout' });
    expect(c.online).toBe(false);
    c.stop();
  });

  it('a server answer (even an error) resets the failure count and means online', () => {
    const clock = createFakeClock();
    const c = createConnectivity({ clock, probe: async () => false });
    c.report({ ok: false, kind: 'network' });
    c.report({ ok: false, kind: 'server' });
    c.report({ ok: false, kind: 'network' });
    expect(c.online).toBe(true);
    c.report({ ok: false, kind: 'cancelled' });
    c.report({ ok: false, kind: 'local' });
    expect(c.online).toBe(true);
    c.stop();
  });

  it('probes only while offline, backing off 1 s → 30 s, and a success flips online', async () => {
    const clock = createFakeClock();
    let reachable = false;
    const probe = vi.fn(async () => reachable);
    const emitted: boolean[] = [];
    const c = createConnectivity({ clock, probe, events: { emit: (_n, p) => emitted.push((p as { online: boolean }).online) } });
    await clock.advance(60_000);
    expect(probe).not.toHaveBeenCalled();

    c.report({ ok: false, kind: 'network' });
    c.report({ ok: false, kind: 'network' });
    expect(emitted).toEqual([false]);
    await clock.advance(1_000);
    expect(probe).toHaveBeenCalledTimes(1);
    await clock.advance(2_000);
    expect(probe).toHaveBeenCalledTimes(2);
    await clock.advance(4_000 + 8_000 + 16_000);
    expect(probe).toHaveBeenCalledTimes(5);
    await clock.advance(30_000);
    expect(probe).toHaveBeenCalledTimes(6); // capped at 30 s
    await clock.advance(29_000);
    expect(probe).toHaveBeenCalledTimes(6);

    reachable = true;
    await clock.advance(1_000);
    expect(c.online).toBe(true);
    expect(emitted).toEqual([false, true]);
    await clock.advance(120_000);
    expect(probe).toHaveBeenCalledTimes(7);
    c.stop();
  });

  it('waitOnline resolves when a real request succeeds and rejects on abort', async () => {
    const clock = createFakeClock();
    const c = createConnectivity({ clock, probe: async () => false, initiallyOnline: false });
    await expect(c.waitOnline(AbortSignal.abort())).rejects.toBeDefined();
    let resumed = false;
    const waiting = c.waitOnline().then(() => (resumed = true));
    await Promise.resolve();
    expect(resumed).toBe(false);
    const offChange = vi.fn();
    c.onChange(offChange);
    c.report({ ok: true });
    await waiting;
    expect(resumed).toBe(true);
    expect(offChange).toHaveBeenCalledWith(true);
    await expect(c.waitOnline()).resolves.toBeUndefined();
    c.stop();
  });

  it('stop ends the probe loop', async () => {
    const clock = createFakeClock();
    const probe = vi.fn(async () => false);
    const c = createConnectivity({ clock, probe, initiallyOnline: false });
    c.stop();
    await clock.advance(100_000);
    expect(probe).not.toHaveBeenCalled();
  });
});

describe('httpProbe', () => {
  it('any HTTP answer means reachable; a refused connection does not', async () => {
    const { createServer } = await import('node:http');
    const { httpProbe } = await import('../../../main/workers/connectivity');
    const server = createServer((_req, res) => {
      res.statusCode = 401;
      res.end('{"message":"missing key"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    expect(await httpProbe(`http://127.0.0.1:${port}/v1/me`)()).toBe(true);
    await new Promise<void>((r) => server.close(() => r()));
    expect(await httpProbe(`http://127.0.0.1:${port}/v1/me`)()).toBe(false);
  });
});
