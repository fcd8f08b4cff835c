/**
 * The web host: the same router and core as the Electron host, served to a browser from
 * 127.0.0.1 (never another interface). Routes:
 *
 *   GET  /?token=…                          swap the printed token for a cookie, redirect to /
 *   GET  /, /assets/…                       the built renderer (out/renderer), strict CSP
 *   WS   /ws                                the contract (ClientFrame / ServerFrame)
 *   GET  /media/<fileId>/<thumb|preview|download>   cached media, Range supported
 *   POST /upload?name=<file name>           a dropped file's bytes → core.acceptIncomingFile
 *   POST /lipsync-file?name=…&type=…        a local file for a lip-sync input, kept for Sync
 *   GET  /logs                              this host's log file (already redacted), as text
 *
 * Every request must name this server in Host (DNS rebinding), carry no foreign Origin, and
 * carry the token (cookie, or `Authorization: Bearer` for tools); otherwise 403.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Core } from '../core/types';
import { createRouter } from '../core/router';
import { describeForLog, redactSecrets } from '../kernel/redact';
import { newToken, readCookie, cookieName, requestHasToken, sameToken, tokenCookie } from './auth';
import { buildCsp } from '../host/csp';
import { serveLog } from './log-route';
import { serveMedia } from './media-route';
import { checkHostAndOrigin } from './origin-guard';
import { BASE_HEADERS, sendError, sendText } from './respond';
import { createSocketBridge, WS_PATH } from './socket';
import { serveStatic } from './static-files';
import { DEFAULT_MAX_UPLOAD_BYTES, receiveUpload } from './upload-route';
import { LIPSYNC_FILE_PATH, receiveLipsyncFile } from './lipsync-file-route';

/** What the host tells the core about itself (the seam's host-specific fields). */
export interface WebHostSeam {
  host: 'web';
  mediaBase: string;
  uploadEndpoint: string;
  /** Present when the host keeps a log file: "Show logs" opens it at `url`. */
  logs?: { file: string; url: string };
}

export const WEB_SEAM: WebHostSeam = { host: 'web', mediaBase: '/media/', uploadEndpoint: '/upload' };
export const LOGS_PATH = '/logs';

export interface WebHostOptions {
  /** A core, or a factory called once the port is known (the host then also closes it). */
  core: Core | ((seam: WebHostSeam) => Core | Promise<Core>);
  /** 0 or absent: a random free port. */
  port?: number;
  /** The built renderer; default `out/renderer` of this repository. */
  rendererDir?: string;
  /** Origins the page may load media from directly (signed HLS etc.), see csp.ts. */
  mediaOrigins?: readonly string[];
  maxUploadBytes?: number;
  /** Log sink (default stderr); lines are redacted before they get here. */
  log?: (line: string) => void;
  /** How long a socket without the cookie may take to send its auth frame (default 5 s). */
  authTimeoutMs?: number;
  /** The log file this host writes (served at /logs for Settings → Show logs). */
  logFile?: string;
}

export interface WebHost {
  /** The URL to open, token included: `http://127.0.0.1:<port>/?token=<token>`. */
  url: string;
  origin: string;
  token: string;
  port: number;
  core: Core;
  close(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_RENDERER_DIR = path.resolve(here, '../../out/renderer');

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const log = (line: string) => (opts.log ?? ((l: string) => console.error(l)))(redactSecrets(line));
  const token = newToken();
  const rendererDir = opts.rendererDir ?? DEFAULT_RENDERER_DIR;
  const maxUploadBytes = opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;

  let ready: { core: Core; bridge: ReturnType<typeof createSocketBridge>; pageCsp: string } | null = null;
  const server = createServer((req, res) => {
    if (!ready) {
      sendText(res, 503, 'Atelier is starting; reload in a moment.');
      return;
    }
    handle(req, res, ready.core, ready.pageCsp).catch((err) => {
      log(`[atelier] web request ${req.method} ${safePath(req.url)} failed: ${describeForLog(err)}`);
      if (!res.headersSent) sendError(res, 500, 'internal', 'Something went wrong inside Atelier.');
      else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${opts.port} on 127.0.0.1 is already in use; choose another with --port, or leave it out to get a free one.`)
          : err,
      );
    server.once('error', onError);
    server.listen({ host: '127.0.0.1', port: opts.port ?? 0, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  let core: Core;
  const ownsCore = typeof opts.core === 'function';
  try {
    const seam: WebHostSeam = opts.logFile ? { ...WEB_SEAM, logs: { file: opts.logFile, url: LOGS_PATH } } : WEB_SEAM;
    core = typeof opts.core === 'function' ? await opts.core(seam) : opts.core;
  } catch (err) {
    server.close();
    throw err;
  }
  const router = createRouter(core.handlers, { log });
  const bridge = createSocketBridge({
    router,
    events: core.events,
    token,
    log,
    ...(opts.authTimeoutMs ? { authTimeoutMs: opts.authTimeoutMs } : {}),
  });
  const pageCsp = buildCsp({
    connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`],
    mediaOrigins: opts.mediaOrigins ?? [],
  });
  ready = { core, bridge, pageCsp };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!ready) return refuse(503, 'Service Unavailable');
    if (!checkHostAndOrigin(req, port).ok) return refuse(403, 'Forbidden');
    if (new URL(req.url ?? '/', origin).pathname !== WS_PATH) return refuse(404, 'Not Found');
    const cookieOk = sameToken(readCookie(req.headers.cookie, cookieName(port)), token);
    ready.bridge.upgrade(req, socket, head, cookieOk);
  });

  async function handle(req: IncomingMessage, res: ServerResponse, core: Core, pageCsp: string): Promise<void> {
    const guard = checkHostAndOrigin(req, port);
    if (!guard.ok) {
      sendText(res, 403, `Forbidden: ${guard.reason}.`);
      return;
    }
    const url = new URL(req.url ?? '/', origin);

    // First load: the printed token becomes a cookie and leaves the address bar.
    const offered = url.searchParams.get('token');
    if (offered !== null && req.method === 'GET' && !url.pathname.startsWith('/media/')) {
      if (!sameToken(offered, token)) {
        sendText(res, 403, 'This link has expired or is wrong. Use the link the web host printed when it started.');
        return;
      }
      url.searchParams.delete('token');
      res.writeHead(302, {
        ...BASE_HEADERS,
        'Set-Cookie': tokenCookie(port, token),
        // One leading slash only: never a protocol-relative (off-site) redirect.
        Location: `/${url.pathname.replace(/^[/\\]+/, '')}${url.search}`,
        'Cache-Control': 'no-store',
        'Content-Length': '0',
      });
      res.end();
      return;
    }

    if (!requestHasToken(req, port, token)) {
      sendText(res, 403, 'Forbidden: open Atelier with the link the web host printed when it started.');
      return;
    }
    if (url.pathname.startsWith('/media/')) return serveMedia(req, res, url.pathname, core, log);
    if (url.pathname === '/upload') return receiveUpload(req, res, url, core, { maxBytes: maxUploadBytes, log });
    if (url.pathname === LIPSYNC_FILE_PATH) return receiveLipsyncFile(req, res, url, core, { log });
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 405, 'method_not_allowed', 'Only GET is allowed here.');
      return;
    }
    if (url.pathname === LOGS_PATH) return serveLog(req, res, opts.logFile ?? null);
    return serveStatic(req, res, url.pathname, { root: rendererDir, pageHeaders: { 'Content-Security-Policy': pageCsp } });
  }

  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    core,
    close() {
      closing ??= (async () => {
        bridge.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        if (ownsCore) await core.close();
      })();
      return closing;
    },
  };
}

function safePath(url: string | undefined): string {
  return (url ?? '/').split('?')[0]!.slice(0, 200);
}
