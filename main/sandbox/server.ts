// The request pipeline shared by every route:
//   CORS / preflight → route match → stats → [fault latency] → authentication →
//   [fault 429 / 5xx] → rate limit → handler → JSON reply [fault: truncated body]
// and the rendering of errors in each API family's own format.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { authenticateSync, authenticateVideoGen } from './auth';
import type { SandboxClock } from './clock';
import type { Principal, RequestContext } from './context';
import { StorageError, SyncError, VideoGenError } from './errors';
import type { FaultInjector } from './faults';
import { BodyError, readJson } from './http/body';
import { answerPreflight, applyCors } from './http/cors';
import { sendEmpty, sendJson, sendText } from './http/respond';
import type { ResolvedOptions } from './options';
import { rateLimitHeaders, type RateLimiter } from './rate-limit';
import type { Family, Router } from './router';

const JSON_LIMIT_BYTES = 1024 * 1024;

export interface PipelineDeps {
  router: Router;
  options: ResolvedOptions;
  clock: SandboxClock;
  faults: FaultInjector;
  limiter: RateLimiter;
  stats: Map<string, number>;
  /** Runs before every VideoGen API request (settles finished executions). */
  beforeVideoGen(now: number): void;
  log(message: string): void;
}

export function createRequestHandler(deps: PipelineDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch((err: unknown) => {
      deps.log(`sandbox: unhandled error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!res.headersSent) sendText(res, 500, 'Internal Server Error');
      else res.destroy();
    });
  };
}

async function handle(deps: PipelineDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  applyCors(res);
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') return answerPreflight(req, res);
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const count = (key: string) => deps.stats.set(key, (deps.stats.get(key) ?? 0) + 1);
  const match = deps.router.match(method, url.pathname);
  if (!('route' in match)) {
    count(`${method} (unmatched)`);
    return answerUnmatched(res, method, url.pathname, match.pathKnown, match.allowed);
  }
  const { route, params } = match;
  count(`${method} ${route.template}`);
  const family = route.family;
  const isApi = family !== 'storage';
  const faultable = route.faults ?? isApi;
  let rateHeaders: Record<string, string> = {};

  try {
    if (faultable && deps.faults.latencyMs > 0) await sleep(deps.faults.latencyMs);
    const now = deps.clock.now();
    let principal: Principal | null = null;
    if (isApi && route.auth !== false) {
      principal = family === 'videogen' ? authenticateVideoGen(req, deps.options.videogenKeys) : authenticateSync(req, deps.options.syncKeys);
    }
    if (principal && route.rateBucket && family === 'videogen') rateHeaders = rateLimitHeaders(deps.limiter.peek(principal.key, route.rateBucket));
    if (faultable && isApi) {
      if (deps.faults.roll('error429')) throw tooManyRequests(family, 'Rate limit exceeded (injected by the sandbox fault profile).');
      if (deps.faults.roll('error5xx')) throw serverError(family, deps.faults.serverErrorStatus());
    }
    if (principal && route.rateBucket) {
      const decision = deps.limiter.take(principal.key, route.rateBucket);
      if (family === 'videogen') rateHeaders = rateLimitHeaders(decision);
      if (!decision.allowed) {
        const what = route.rateBucket === 'tools.start' ? 'POST /v1/tools/*' : route.rateBucket === 'workflows.start' ? 'POST /v1/workflows/*' : `${method} ${route.template}`;
        throw tooManyRequests(family, `Rate limit exceeded for ${what}. Try again after the window resets.`);
      }
    }
    if (family === 'videogen') deps.beforeVideoGen(now);

    let body: Promise<unknown> | null = null;
    const ctx: RequestContext = {
      req,
      res,
      url,
      params,
      query: url.searchParams,
      route,
      now,
      principal,
      json: () => (body ??= readJson(req, JSON_LIMIT_BYTES)),
    };
    const reply = await route.handler(ctx);
    if (!reply) return;
    const headers = { ...rateHeaders, ...reply.headers };
    if (reply.body === undefined) return sendEmpty(res, reply.status, headers);
    const truncate = faultable && isApi && deps.faults.roll('malformedJson');
    sendJson(res, reply.status, reply.body, headers, truncate);
  } catch (err) {
    renderError(deps, req, res, family, err, rateHeaders);
  }
}

function tooManyRequests(family: Family, message: string): Error {
  // VideoGen documents no `code` (and no Retry-After) for 429 (README A11/A12).
  return family === 'sync' ? new SyncError(429, 'ThrottlerException: Too Many Requests') : new VideoGenError(429, message);
}

function serverError(family: Family, status: number): Error {
  const message = status === 503 ? 'Service temporarily unavailable. Please retry.' : 'An unexpected error occurred. Please retry.';
  return family === 'sync' ? new SyncError(status, message) : new VideoGenError(status, message, undefined, { internalErrorCode: `e_fault_${status}` });
}

function renderError(deps: PipelineDeps, req: IncomingMessage, res: ServerResponse, family: Family, err: unknown, rateHeaders: Record<string, string>): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof BodyError) {
    const status = err.kind === 'too_large' ? 413 : 400;
    err = family === 'sync' ? new SyncError(status, err.message) : new VideoGenError(status, err.message, status === 400 ? 'invalid_parameters' : undefined);
  }
  if (err instanceof VideoGenError) return sendJson(res, err.status, err.body(), rateHeaders);
  if (err instanceof SyncError) return sendJson(res, err.status, err.body());
  if (err instanceof StorageError) return sendText(res, err.status, err.xml(req.url ?? '/'), 'application/xml');
  deps.log(`sandbox: ${req.method} ${req.url} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  if (family === 'sync') return sendJson(res, 500, new SyncError(500, 'Internal server error').body());
  if (family === 'videogen') return sendJson(res, 500, new VideoGenError(500, 'An unexpected error occurred.', undefined, { internalErrorCode: 'e_sandbox' }).body(), rateHeaders);
  sendText(res, 500, 'Internal Server Error');
}

function answerUnmatched(res: ServerResponse, method: string, pathname: string, pathKnown: boolean, allowed: string[]): void {
  const status = pathKnown ? 405 : 404;
  if (pathname.startsWith('/v1/')) {
    // RFC 9110 §15.5.6: a 405 lists the methods the target accepts.
    const headers: Record<string, string> = pathKnown ? { Allow: allowed.join(', ') } : {};
    return sendJson(res, status, new VideoGenError(status, pathKnown ? `${method} is not allowed on ${pathname}; allowed: ${allowed.join(', ')}.` : `No such endpoint: ${method} ${pathname}.`).body(), headers);
  }
  // Sync (NestJS) answers a wrong method like an unknown route.
  if (pathname.startsWith('/v2/')) return sendJson(res, 404, new SyncError(404, `Cannot ${method} ${pathname}`).body());
  if (pathKnown) {
    // Object storage and media paths: S3's MethodNotAllowed.
    const xml = new StorageError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.').xml(pathname);
    return sendText(res, 405, xml, 'application/xml', { Allow: allowed.join(', ') });
  }
  sendText(res, 404, 'Not found');
}
