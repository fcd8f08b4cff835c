// CORS for a local twin: any origin may call the APIs and read the media (hls.js in a page).
import type { IncomingMessage, ServerResponse } from 'node:http';

const EXPOSED = [
  'Content-Length',
  'Content-Range',
  'Accept-Ranges',
  'Content-Type',
  'ETag',
  'Location',
  'Allow',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
].join(', ');

export function applyCors(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED);
}

/** Answers an OPTIONS preflight. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  const requested = req.headers['access-control-request-headers'];
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': typeof requested === 'string' && requested ? requested : 'Authorization, Content-Type, Range, x-api-key',
    'Access-Control-Max-Age': '600',
    'Content-Length': '0',
  });
  res.end();
}
