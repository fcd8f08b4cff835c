/**
 * The web host's connection token (VS Code style): a fresh random token per start, handed to
 * the person once in the printed URL, swapped for an HttpOnly SameSite=Strict cookie on the
 * first page load. Every route and the socket require it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Cookies are not port-scoped, so the name carries the port: two hosts never clobber each other. */
export function cookieName(port: number): string {
  return `atelier_token_${port}`;
}

export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

export function sameToken(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 512) return false;
  // Compare digests: equal length always, no early exit on the first differing byte.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** A request carries the token as our cookie or as `Authorization: Bearer <token>` (tools, tests). */
export function requestHasToken(req: IncomingMessage, port: number, token: string): boolean {
  if (sameToken(readCookie(req.headers.cookie, cookieName(port)), token)) return true;
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return sameToken(auth.slice(7).trim(), token);
  return false;
}
