/**
 * The contract over a WebSocket (`/ws`): ClientFrame in, ServerFrame out, events pushed.
 *
 * A socket is authenticated by the token cookie on the upgrade request (browsers) or, failing
 * that, by its first message `{"t":"auth","token":"…"}` within a few seconds (tools, tests);
 * anything else closes it with 1008. Malformed frames get a `bad_frame` result (id -1 when the
 * frame has no usable id); the socket and the process stay up.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ClientFrame, ContractError, ServerFrame } from '../contract';
import type { EventBus } from '../kernel/events';
import { INTERNAL_MESSAGE, type Router } from '../core/router';
import { describeForLog } from '../kernel/redact';
import { sameToken } from './auth';

/** Web-host-only handshake frame (not part of the shared contract: IPC needs no token). */
export type AuthFrame = { t: 'auth'; token: string };
export type AuthReply = { t: 'auth'; ok: true };

export const WS_PATH = '/ws';
export const AUTH_TIMEOUT_MS = 5_000;
const MAX_PAYLOAD = 8 * 1024 * 1024;
const MAX_IN_FLIGHT = 512;
/** A client that stops reading while events pile up is dropped rather than buffered forever. */
const MAX_BUFFERED = 32 * 1024 * 1024;

export interface SocketBridgeOptions {
  router: Router;
  events: EventBus;
  token: string;
  log: (line: string) => void;
  authTimeoutMs?: number;
}

export interface SocketBridge {
  /** Finish an upgrade already checked for Host/Origin; `cookieOk` = the token cookie was valid. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, cookieOk: boolean): void;
  close(): void;
  readonly clientCount: number;
}

export function createSocketBridge(opts: SocketBridgeOptions): SocketBridge {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD, perMessageDeflate: false });

  wss.on('connection', (ws: WebSocket, _req: IncomingMessage, cookieOk: boolean) => {
    let authed = false;
    let unsubscribe: (() => void) | null = null;
    let inFlight = 0;

    const send = (frame: ServerFrame | AuthReply): void => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED) {
        opts.log('[atelier] a web client stopped reading; closing its socket');
        ws.terminate();
        return;
      }
      let text: string;
      try {
        text = JSON.stringify(frame);
      } catch (err) {
        if (frame.t !== 'result') {
          opts.log(`[atelier] could not serialise an event: ${describeForLog(err)}`);
          return;
        }
        opts.log(`[atelier] could not serialise a result: ${describeForLog(err)}`);
        text = JSON.stringify(errorFrame(frame.id, { code: 'internal', message: INTERNAL_MESSAGE }));
      }
      ws.send(text);
    };

    const becomeAuthed = (): void => {
      authed = true;
      unsubscribe = opts.events.onAny((name, payload) => send({ t: 'event', name, payload }));
    };

    let authTimer: NodeJS.Timeout | null = null;
    if (cookieOk) becomeAuthed();
    else {
      authTimer = setTimeout(() => ws.close(1008, 'authentication required'), opts.authTimeoutMs ?? AUTH_TIMEOUT_MS);
      authTimer.unref();
    }

    ws.on('message', (data: RawData, isBinary: boolean) => {
      const frame = parseFrame(data, isBinary);
      if (!authed) {
        if (authTimer) clearTimeout(authTimer);
        const ok =
          frame.kind === 'object' &&
          frame.value.t === 'auth' &&
          sameToken(typeof frame.value.token === 'string' ? frame.value.token : null, opts.token);
        if (!ok) {
          ws.close(1008, 'authentication required');
          return;
        }
        becomeAuthed();
        send({ t: 'auth', ok: true });
        return;
      }
      const invoke = asInvoke(frame);
      if ('error' in invoke) {
        send(errorFrame(invoke.id, invoke.error));
        return;
      }
      if (inFlight >= MAX_IN_FLIGHT) {
        send(errorFrame(invoke.id, { code: 'busy', message: 'Too many requests at once; try again in a moment.' }));
        return;
      }
      inFlight++;
      void opts.router.invoke(invoke.cmd, invoke.input, { host: 'web' }).then((result) => {
        inFlight--;
        send(result.ok ? { t: 'result', id: invoke.id, ok: true, value: result.value } : errorFrame(invoke.id, result.error));
      });
    });

    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      if (authTimer) clearTimeout(authTimer);
      unsubscribe?.();
    });
  });

  return {
    upgrade(req, socket, head, cookieOk) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, cookieOk));
    },
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
    get clientCount() {
      return wss.clients.size;
    },
  };
}

type Parsed = { kind: 'object'; value: Record<string, unknown> } | { kind: 'bad'; reason: string };

function parseFrame(data: RawData, isBinary: boolean): Parsed {
  if (isBinary) return { kind: 'bad', reason: 'frames must be JSON text' };
  const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'bad', reason: 'frame is not valid JSON' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { kind: 'bad', reason: 'frame must be a JSON object' };
  }
  return { kind: 'object', value: value as Record<string, unknown> };
}

function asInvoke(frame: Parsed): ClientFrame | { id: number; error: ContractError } {
  if (frame.kind === 'bad') return { id: -1, error: badFrame(frame.reason) };
  const { t, id, cmd, input } = frame.value;
  const usableId = typeof id === 'number' && Number.isSafeInteger(id) ? id : -1;
  if (t !== 'invoke') return { id: usableId, error: badFrame('frame type must be "invoke"') };
  if (usableId === -1) return { id: -1, error: badFrame('frame needs an integer "id"') };
  if (typeof cmd !== 'string') return { id: usableId, error: badFrame('frame needs a string "cmd"') };
  return { t: 'invoke', id: usableId, cmd, input };
}

function badFrame(reason: string): ContractError {
  return { code: 'bad_frame', message: `Atelier could not read that message: ${reason}.` };
}

function errorFrame(id: number, error: ContractError): ServerFrame {
  return { t: 'result', id, ok: false, error };
}
