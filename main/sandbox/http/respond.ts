// Writing responses: JSON (optionally truncated by the fault profile), text, empty.
import type { ServerResponse } from 'node:http';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  truncate = false,
): void {
  let text = JSON.stringify(body);
  // A malformed-JSON fault: same status and headers, body cut in half (still a complete HTTP message).
  if (truncate && text.length > 1) text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  const buf = Buffer.from(text, 'utf8');
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(buf.length) });
  res.end(buf);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType = 'text/plain; charset=utf-8', headers: Record<string, string> = {}): void {
  const buf = Buffer.from(text, 'utf8');
  res.writeHead(status, { ...headers, 'Content-Type': contentType, 'Content-Length': String(buf.length) });
  res.end(buf);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Length': '0' });
  res.end();
}
