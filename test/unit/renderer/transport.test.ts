import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWsTransport, defaultWsUrl, type SocketLike } from '../../../renderer/transport/ws';
import { createBridgeTransport } from '../../../renderer/transport/bridge';
import { createClient } from '../../../renderer/transport/client';
import { AtelierError, toAtelierError } from '../../../renderer/transport/types';

class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(public url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.drop();
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop() {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({});
  }
  reply(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

const last = () => FakeSocket.all[FakeSocket.all.length - 1]!;

describe('web socket transport', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  const make = (extra: Partial<Parameters<typeof createWsTransport>[0]> = {}) =>
    createWsTransport({ url: 'ws://127.0.0.1:9/ws', socket: (u) => new FakeSocket(u), random: () => 0.5, ...extra });

  it('builds the socket URL from the page origin', () => {
    expect(defaultWsUrl({ protocol: 'http:', host: '127.0.0.1:4000' })).toBe('ws://127.0.0.1:4000/ws');
    expect(defaultWsUrl({ protocol: 'https:', host: 'x.test' })).toBe('wss://x.test/ws');
  });

  it('sends invoke frames with increasing ids and resolves results by id', async () => {
    const t = make();
    last().open();
    const a = t.invoke('app.info', {});
    const b = t.invoke('library.query', { offset: 0 });
    expect(last().sent).toEqual([
      { t: 'invoke', id: 1, cmd: 'app.info', input: {} },
      { t: 'invoke', id: 2, cmd: 'library.query', input: { offset: 0 } },
    ]);
    last().reply({ t: 'result', id: 2, ok: true, value: { items: [] } });
    last().reply({ t: 'result', id: 1, ok: true, value: { version: '1' } });
    await expect(a).resolves.toEqual({ version: '1' });
    await expect(b).resolves.toEqual({ items: [] });
  });

  it('rejects with the contract error shape', async () => {
    const t = make();
    last().open();
    const p = t.invoke('keys.set', { provider: 'videogen', key: 'x' });
    last().reply({ t: 'result', id: 1, ok: false, error: { code: 'invalid_api_key', message: 'The key was rejected' } });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtelierError);
    expect(err).toMatchObject({ code: 'invalid_api_key', message: 'The key was rejected' });
  });

  it('dispatches event frames to subscribers of that name only', () => {
    const t = make();
    last().open();
    const a = vi.fn();
    const b = vi.fn();
    const off = t.subscribe('app.status', a);
    t.subscribe('store.changed', b);
    last().reply({ t: 'event', name: 'app.status', payload: { online: false } });
    expect(a).toHaveBeenCalledWith({ online: false });
    expect(b).not.toHaveBeenCalled();
    off();
    last().reply({ t: 'event', name: 'app.status', payload: { online: true } });
    expect(a).toHaveBeenCalledTimes(1);
  });

  it('ignores malformed frames and keeps going', async () => {
    const t = make();
    last().open();
    const p = t.invoke('app.info', {});
    last().onmessage?.({ data: 'not json' });
    last().onmessage?.({ data: 42 });
    last().reply({ t: 'result', id: 999, ok: true, value: 1 });
    last().reply({ t: 'result', id: 1, ok: true, value: 'ok' });
    await expect(p).resolves.toBe('ok');
  });

  it('queues invokes made before the socket opens and sends them on open', async () => {
    const t = make();
    const p = t.invoke('app.status', {});
    expect(last().sent).toEqual([]);
    last().open();
    expect(last().sent).toHaveLength(1);
    last().reply({ t: 'result', id: 1, ok: true, value: 's' });
    await expect(p).resolves.toBe('s');
  });

  it('rejects in-flight invokes with {code:"disconnected"} when the socket drops', async () => {
    const t = make();
    last().open();
    const p = t.invoke('library.query', {});
    last().drop();
    await expect(p).rejects.toMatchObject({ code: 'disconnected' });
    expect(t.linkState()).toBe('closed');
  });

  it('reconnects with growing backoff and reports link state', () => {
    const states: string[] = [];
    const t = make({ backoff: { initialMs: 100, maxMs: 1000 } });
    t.onLinkState((s) => states.push(s));
    last().open();
    last().drop();
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(99);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(2); // after 100 ms
    last().drop();
    vi.advanceTimersByTime(199);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(3); // after 200 ms
    last().drop();
    vi.advanceTimersByTime(400);
    expect(FakeSocket.all).toHaveLength(4);
    last().open();
    last().drop();
    vi.advanceTimersByTime(100);
    expect(FakeSocket.all).toHaveLength(5); // reset to the initial delay after a good connection
    expect(states).toEqual(['open', 'closed', 'connecting', 'closed', 'connecting', 'closed', 'connecting', 'open', 'closed', 'connecting']);
  });

  it('caps the backoff at max', () => {
    make({ backoff: { initialMs: 100, maxMs: 300 } });
    for (let i = 0; i < 6; i++) {
      last().drop();
      vi.advanceTimersByTime(300);
    }
    expect(FakeSocket.all).toHaveLength(7);
  });

  it('sends invokes made while reconnecting once the new socket opens', async () => {
    const t = make({ backoff: { initialMs: 50, maxMs: 50 } });
    last().open();
    last().drop();
    const p = t.invoke('uploads.list', {});
    vi.advanceTimersByTime(50);
    last().open();
    expect(last().sent).toEqual([{ t: 'invoke', id: 1, cmd: 'uploads.list', input: {} }]);
    last().reply({ t: 'result', id: 1, ok: true, value: [] });
    await expect(p).resolves.toEqual([]);
  });

  it('gives up on a queued invoke after the queue timeout', async () => {
    const t = make({ queueTimeoutMs: 1000 });
    const p = t.invoke('app.info', {});
    vi.advanceTimersByTime(1000);
    await expect(p).rejects.toMatchObject({ code: 'disconnected' });
    last().open();
    expect(last().sent).toEqual([]);
  });

  it('close() rejects everything and stops reconnecting', async () => {
    const t = make();
    last().open();
    const p = t.invoke('app.info', {});
    t.close();
    await expect(p).rejects.toMatchObject({ code: 'disconnected' });
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    await expect(t.invoke('app.info', {})).rejects.toMatchObject({ code: 'disconnected' });
  });

  it('a listener that throws does not stop the others', () => {
    const t = make();
    last().open();
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const good = vi.fn();
    t.subscribe('store.changed', () => {
      throw new Error('boom');
    });
    t.subscribe('store.changed', good);
    last().reply({ t: 'event', name: 'store.changed', payload: { tables: ['files'] } });
    expect(good).toHaveBeenCalled();
    spy.mockRestore();
  });
});

describe('preload bridge transport and the typed client', () => {
  it('passes invokes and subscriptions through and normalizes errors', async () => {
    const listeners: Array<(p: unknown) => void> = [];
    const bridge = {
      invoke: vi.fn(async (cmd: string) => {
        if (cmd === 'keys.set') throw { code: 'invalid_api_key', message: 'no' };
        if (cmd === 'library.get') throw new Error("Error invoking remote method 'invoke': Error: {\"code\":\"not_found\",\"message\":\"gone\"}");
        return { cmd };
      }),
      subscribe: vi.fn((_e: string, l: (p: unknown) => void) => {
        listeners.push(l);
        return () => {};
      }),
      pathForFile: vi.fn(() => '/home/me/a.png'),
      startDrag: vi.fn(),
    };
    const c = createClient(createBridgeTransport(bridge), bridge);
    expect(c.kind).toBe('electron');
    await expect(c.invoke('app.info', {})).resolves.toEqual({ cmd: 'app.info' });
    await expect(c.invoke('keys.set', { provider: 'sync', key: '12345678' })).rejects.toMatchObject({ code: 'invalid_api_key', message: 'no' });
    await expect(c.invoke('library.get', { fileId: 'f' })).rejects.toMatchObject({ code: 'not_found', message: 'gone' });
    const got = vi.fn();
    c.subscribe('app.status', got);
    listeners[0]!({ online: true });
    expect(got).toHaveBeenCalledWith({ online: true });
    expect(c.pathForFile(new File([], 'a.png'))).toBe('/home/me/a.png');
    expect(c.startDrag('f1')).toBe(true);
    expect(bridge.startDrag).toHaveBeenCalledWith('f1');
    expect(c.linkState()).toBe('open');
  });

  it('toAtelierError keeps codes and wraps anything else as internal', () => {
    expect(toAtelierError({ code: 'x', message: 'y' })).toMatchObject({ code: 'x', message: 'y' });
    expect(toAtelierError(new Error('plain'))).toMatchObject({ code: 'internal', message: 'plain' });
    expect(toAtelierError('str')).toMatchObject({ code: 'internal', message: 'str' });
  });

  it('without a bridge, paths and native drags are unavailable', () => {
    const raw = createBridgeTransport({ invoke: async () => 1, subscribe: () => () => {}, pathForFile: () => '', startDrag: () => {} });
    const c = createClient(raw);
    expect(c.pathForFile(new File([], 'x'))).toBeNull();
    expect(c.startDrag('f')).toBe(false);
  });
});
