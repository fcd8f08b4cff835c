/**
 * Serves the built renderer (`out/renderer`) with a path-traversal guard. Paths without an
 * extension fall back to index.html (client-side routes).
 */
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { sendFile } from './send-file';
import { sendText } from './respond';
import { NON_DOCUMENT_CSP } from './csp';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` a URL path names, or null when it would leave `root` (`..`, encoded
 * separators, NUL) or cannot be decoded.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const base = path.resolve(root);
  const target = path.resolve(base, ...segments);
  if (target !== base && !target.startsWith(base + path.sep)) return null;
  return target;
}

export interface StaticOptions {
  root: string;
  /** Headers for the HTML page (CSP). */
  pageHeaders: Record<string, string>;
}

export async function serveStatic(req: IncomingMessage, res: ServerResponse, urlPath: string, opts: StaticOptions): Promise<void> {
  const index = path.join(opts.root, 'index.html');
  const target = resolveInside(opts.root, urlPath);
  if (!target) {
    sendText(res, 404, 'Not found.');
    return;
  }
  let file = target;
  const info = await stat(target).catch(() => null);
  if (!info || info.isDirectory()) {
    if (info?.isDirectory() || path.extname(target) === '') file = index;
    else {
      sendText(res, 404, 'Not found.');
      return;
    }
  }
  if (file === index && !(await stat(index).catch(() => null))) {
    sendText(
      res,
      503,
      `Atelier's interface has not been built yet (no ${index}). Run "npm run build", then start the web host again.`,
    );
    return;
  }
  const isPage = file.endsWith('.html');
  await sendFile(req, res, {
    path: file,
    mimeType: contentTypeFor(file),
    headers: isPage
      ? { ...opts.pageHeaders, 'Cache-Control': 'no-store' }
      : { 'Content-Security-Policy': NON_DOCUMENT_CSP, 'Cache-Control': 'private, max-age=3600' },
  });
}
