/**
 * DNS-rebinding and cross-site guard: the Host header must name this loopback server, and an
 * Origin, when a browser sends one, must be this server too. A page on another site (or a
 * rebound hostname pointing at 127.0.0.1) is refused before any token is looked at.
 */
import type { IncomingMessage } from 'node:http';

export function allowedHosts(port: number): ReadonlySet<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function allowedOrigins(port: number): ReadonlySet<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

export type GuardVerdict = { ok: true } | { ok: false; reason: string };

export function checkHostAndOrigin(req: IncomingMessage, port: number): GuardVerdict {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowedHosts(port).has(host)) return { ok: false, reason: 'unexpected Host header' };
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins(port).has(origin.toLowerCase())) {
    return { ok: false, reason: 'cross-origin request' };
  }
  return { ok: true };
}
