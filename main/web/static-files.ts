/**
 * Serves the built renderer (`out/renderer`) with a path-traversal guard (../host/static-paths.ts).
 * Paths without an extension fall back to index.html (client-side routes).
 */
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { contentTypeFor, resolveInside } from '../host/static-paths';
import { sendFile } from './send-file';
import { sendText } from './respond';
import { NON_DOCUMENT_CSP } from '../host/csp';

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
