/**
 * Test doubles for the API layer: a clock whose sleeps advance time instantly, and a fetch
 * stub at the HTTP boundary that returns real `Response` objects (or throws like undici).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import type { Clock } from '../../../main/kernel/clock';
import { AppError } from '../../../main/kernel/errors';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const sharedDir = path.resolve(repoRoot, '..', 'shared');
export const fixturesDir = path.join(sharedDir, 'api', 'fixtures');
export const haveFixtures = existsSync(fixturesDir);

export interface FakeClock extends Clock {
  sleeps: number[];
  advance(ms: number): void;
}

export function fakeClock(start = 1_777_982_400_000): FakeClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance(ms) {
      now += ms;
    },
    async sleep(ms, signal) {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += ms;
    },
  };
}

export interface RecordedCall {
  url: string;
  method: string;
  headers: Headers;
  body: string | null;
}

export type Reply =
  | Response
  | (() => Response | Promise<Response>)
  | { throw: unknown }
  | { hang: true };

/** A fetch that answers from a script, one reply per call (the last one repeats). */
export function scriptedFetch(replies: Reply[]) {
  const calls: RecordedCall[] = [];
  let i = 0;
  const fn = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    const body = typeof init?.body === 'string' ? init.body : init?.body ? '[stream]' : null;
    calls.push({ url: String(input), method: init?.method ?? 'GET', headers, body });
    const reply = replies[Math.min(i, replies.length - 1)];
    i += 1;
    if (!reply) throw new Error('no scripted reply');
    if (reply instanceof Response) return reply.clone();
    if (typeof reply === 'function') return reply();
    if ('throw' in reply) throw reply.throw;
    // hang until aborted, like a server that received the request and never answered
    return new Promise<Response>((_, reject) => {
      const signal = init?.signal;
      if (!signal) return;
      signal.addEventListener('abort', () => reject(new DOMException('This operation was aborted', 'AbortError')), {
        once: true,
      });
    });
  };
  return Object.assign(fn as typeof fetch, { calls });
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function text(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers });
}

/** What undici throws when the connection is refused (request never left). */
export function connRefused(): TypeError {
  return Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED', syscall: 'connect' }),
  });
}

/** What undici throws when the server drops the connection after receiving the request. */
export function connReset(): TypeError {
  return Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' }),
  });
}

export function dnsFailure(): TypeError {
  return Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error('getaddrinfo ENOTFOUND api.videogen.io'), { code: 'ENOTFOUND', syscall: 'getaddrinfo' }),
  });
}

export const executionRunning = {
  toolExecutionId: 'vg_tool_1',
  status: 'running',
  toolType: 'GENERATE_IMAGE',
  progressPercentage: 10,
  attemptIndex: 0,
};

export const storageFile = {
  fileId: 'vg_file_1',
  scope: 'GLOBAL',
  type: 'IMAGE',
  displayName: 'a.png',
};

/** The AppError a call rejects with (fails the test if it resolves or rejects with something else). */
export async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw new Error(`expected an AppError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected the call to fail');
}
