/**
 * The app protocol `atelier://app/…`: the built renderer and cached media, read from disk.
 * Registered privileged (standard, secure, fetch, stream) so the page is a secure context
 * and <video> can stream and seek through Range requests. Paths that try to leave the
 * renderer folder are refused.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { protocol, type Session } from 'electron';
import type { Core } from '../core/types';
import { contractErrorOf } from '../core/router';
import { describeForLog } from '../kernel/redact';
import { NON_DOCUMENT_CSP } from '../host/csp';
import { parseRange, rangeHeaders } from '../host/http-range';
import { parseMediaPath } from '../host/media-path';
import { contentTypeFor, resolveInside } from '../host/static-paths';
import { APP_HOST, APP_SCHEME } from './app-origin';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
    },
  ]);
}

export interface AppProtocolOptions {
  rendererDir: string;
  media: Core['media'];
  /** The page's Content-Security-Policy (also in index.html's meta tag). */
  pageCsp: string;
  log: (line: string) => void;
}

export type ProtocolHandler = (request: Request) => Promise<Response>;

export function createAppProtocolHandler(opts: AppProtocolOptions): ProtocolHandler {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(400, 'Bad request.');
    }
    if (url.host !== APP_HOST) return plain(404, 'Not found.');
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Only GET is allowed.');

    if (url.pathname.startsWith('/media/')) {
      const target = parseMediaPath(url.pathname);
      if (!target) return plain(404, 'No such media.');
      try {
        const file = await opts.media(target.fileId, target.kind, url.searchParams.has('retry') ? { retry: true } : undefined);
        if (!file) return plain(404, 'That media is not available (yet).');
        return await fileResponse(request, file.path, file.mimeType || 'application/octet-stream', {
          'Content-Security-Policy': NON_DOCUMENT_CSP,
          'Cache-Control': 'private, max-age=60',
        });
      } catch (err) {
        const known = contractErrorOf(err);
        if (known) return plain(known.code === 'not_found' ? 404 : 502, known.message);
        opts.log(`[atelier] media ${target.kind} for ${target.fileId} failed: ${describeForLog(err)}`);
        return plain(500, 'Atelier could not read that media file.');
      }
    }

    const resolved = resolveInside(opts.rendererDir, url.pathname);
    if (!resolved) return plain(404, 'Not found.');
    let file = resolved;
    const info = await stat(resolved).catch(() => null);
    if (!info || info.isDirectory()) {
      if (!info?.isDirectory() && path.extname(resolved) !== '') return plain(404, 'Not found.');
      file = path.join(opts.rendererDir, 'index.html');
    }
    const isPage = file.endsWith('.html');
    return fileResponse(request, file, contentTypeFor(file), {
      'Content-Security-Policy': isPage ? opts.pageCsp : NON_DOCUMENT_CSP,
      'Cache-Control': isPage ? 'no-store' : 'private, max-age=3600',
    });
  };
}

export function installAppProtocol(ses: Session, handler: ProtocolHandler): void {
  ses.protocol.handle(APP_SCHEME, handler);
}

async function fileResponse(request: Request, file: string, mimeType: string, extra: Record<string, string>): Promise<Response> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return plain(404, 'Not found.');
  const decision = parseRange(request.headers.get('range'), info.size);
  const { status, headers } = rangeHeaders(decision, info.size);
  const allHeaders = { 'Content-Type': mimeType, 'X-Content-Type-Options': 'nosniff', ...headers, ...extra };
  if (status === 416 || request.method === 'HEAD' || info.size === 0) {
    return new Response(null, { status, headers: allHeaders });
  }
  const range = decision.kind === 'partial' ? { start: decision.start, end: decision.end } : {};
  const body = Readable.toWeb(createReadStream(file, range)) as unknown as ReadableStream<Uint8Array>;
  return new Response(body, { status, headers: allHeaders });
}

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Security-Policy': NON_DOCUMENT_CSP,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
