import type { ClientFrame, ServerFrame } from '../../main/contract';
import { AtelierError, type LinkState, type RawTransport } from './types';

/** The subset of the WebSocket API the transport uses (so tests can hand in a fake). */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type SocketFactory = (url: string) => SocketLike;

export interface WsTransportOptions {
  url: string;
  socket?: SocketFactory;
  /** Reconnect backoff: initial delay, doubled per failed attempt up to max, with ±20 % jitter. */
  backoff?: { initialMs: number; maxMs: number };
  /** How long an invoke made while the link is down waits for it before rejecting. */
  queueTimeoutMs?: number;
  random?: () => number;
}

interface Pending {
  frame: ClientFrame;
  sent: boolean;
  resolve: (v: unknown) => void;
  reject: (e: AtelierError) => void;
  timer: ReturnType<typeof setTimeout> | null;
}

const OPEN = 1;

export function defaultWsUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}

/**
 * The web host's transport: one WebSocket carrying ClientFrame/ServerFrame JSON.
 * Reconnects with backoff when the socket drops; invokes in flight when it drops reject with
 * `{code:'disconnected'}`; invokes made while it is down wait (up to queueTimeoutMs) for it.
 */
export function createWsTransport(opts: WsTransportOptions): RawTransport {
  const makeSocket: SocketFactory = opts.socket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
  const backoff = opts.backoff ?? { initialMs: 250, maxMs: 8000 };
  const queueTimeoutMs = opts.queueTimeoutMs ?? 15_000;
  const random = opts.random ?? Math.random;

  let socket: SocketLike | null = null;
  let state: LinkState = 'connecting';
  let attempt = 0;
  let nextId = 1;
  let closedByUser = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  const pending = new Map<number, Pending>();
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  const linkListeners = new Set<(s: LinkState) => void>();

  function setState(s: LinkState): void {
    if (s === state) return;
    state = s;
    for (const l of linkListeners) l(s);
  }

  function send(p: Pending): void {
    if (!socket || socket.readyState !== OPEN) return;
    socket.send(JSON.stringify(p.frame));
    p.sent = true;
    if (p.timer) {
      clearTimeout(p.timer);
      p.timer = null;
    }
  }

  function onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(data) as ServerFrame;
    } catch {
      return;
    }
    if (frame.t === 'result') {
      const p = pending.get(frame.id);
      if (!p) return;
      pending.delete(frame.id);
      if (frame.ok) p.resolve(frame.value);
      else p.reject(new AtelierError(frame.error?.code ?? 'internal', frame.error?.message ?? 'Unknown error'));
    } else if (frame.t === 'event') {
      const ls = eventListeners.get(frame.name);
      if (!ls) return;
      for (const l of [...ls]) {
        try {
          l(frame.payload);
        } catch (err) {
          console.error(`listener for ${frame.name} failed`, err);
        }
      }
    }
  }

  function connect(): void {
    reconnectTimer = null;
    setState('connecting');
    const s = makeSocket(opts.url);
    socket = s;
    s.onopen = () => {
      if (socket !== s) return;
      attempt = 0;
      setState('open');
      for (const p of pending.values()) if (!p.sent) send(p);
    };
    s.onmessage = (ev) => {
      if (socket === s) onMessage(ev.data);
    };
    s.onerror = () => {
      /* a close follows */
    };
    s.onclose = () => {
      if (socket !== s) return;
      socket = null;
      // Everything already sent will never be answered on this socket.
      for (const [id, p] of pending) {
        if (p.sent) {
          pending.delete(id);
          p.reject(new AtelierError('disconnected', 'Lost the connection to Atelier; try again.'));
        }
      }
      setState('closed');
      if (closedByUser) return;
      const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** attempt);
      attempt++;
      const delay = Math.round(base * (0.8 + 0.4 * random()));
      reconnectTimer = setTimeout(connect, delay);
    };
  }

  connect();

  return {
    kind: 'web',
    invoke(cmd, input) {
      return new Promise((resolve, reject) => {
        if (closedByUser) {
          reject(new AtelierError('disconnected', 'The connection was closed.'));
          return;
        }
        const id = nextId++;
        const p: Pending = { frame: { t: 'invoke', id, cmd, input }, sent: false, resolve, reject, timer: null };
        pending.set(id, p);
        if (socket && socket.readyState === OPEN) {
          send(p);
        } else {
          p.timer = setTimeout(() => {
            if (pending.get(id) === p && !p.sent) {
              pending.delete(id);
              reject(new AtelierError('disconnected', 'Atelier is not reachable; try again.'));
            }
          }, queueTimeoutMs);
        }
      });
    },
    subscribe(event, listener) {
      let set = eventListeners.get(event);
      if (!set) eventListeners.set(event, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    onLinkState(listener) {
      linkListeners.add(listener);
      return () => {
        linkListeners.delete(listener);
      };
    },
    linkState: () => state,
    close() {
      closedByUser = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      for (const [id, p] of pending) {
        pending.delete(id);
        if (p.timer) clearTimeout(p.timer);
        p.reject(new AtelierError('disconnected', 'The connection was closed.'));
      }
      socket?.close();
      socket = null;
      setState('closed');
    },
  };
}
