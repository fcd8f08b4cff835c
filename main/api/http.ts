/**
 * The request layer under both API clients: auth, budget, timeout, retry, error mapping, and
 * a zod parse of every response. Only `safe` calls are retried after they may have reached
 * the server; an `unsafe` call (starts paid work) is resent only when it provably never left,
 * or after a 429 (the server refused it). Anything else ends as `unknown_outcome`.
 */
import type { z } from 'zod';
import type { Clock } from '../kernel/clock';
import { AppError, describeZodIssues, toAppError, type ErrorKind } from '../kernel/errors';
import { mapHttpError, type ServiceProfile } from './http-errors';
import { messages } from '../kernel/messages';
import type { RateBudget } from './rate-budget';
import { backoffDelay, DEFAULT_BACKOFF, serverWaitHint } from './retry-policy';
import { classifyTransportError } from '../kernel/transport-errors';
import { buildUrl, parseJson, readText } from './http-wire';

export type Safety = 'safe' | 'unsafe';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One attempt's real result, for deriving connectivity ("online" = the server answered). */
export interface Outcome {
  ok: boolean;
  /** Failure kind of this attempt as seen on the wire (network, offline, timeout, server, auth, …). */
  kind?: ErrorKind;
  status?: number;
  /** e.g. `videogen:GET /v1/files/{id}`. */
  endpoint: string;
}

export interface HttpClientOptions {
  profile: ServiceProfile;
  baseUrl: string;
  fetch: typeof fetch;
  clock: Clock;
  budget: RateBudget;
  /** Auth headers for a call; throws AppError{kind:'auth', code:'missing_api_key'} when there's no key. */
  authHeaders: () => Record<string, string>;
  random?: () => number;
  onOutcome?: (o: Outcome) => void;
  /** Per attempt, including reading the body. Default 30 s. */
  timeoutMs?: number;
  /** Attempts per call, first included. Default 4. */
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Longest wait for an empty budget or a 429 before giving up with `rate_limited`. Default 60 s. */
  maxRateWaitMs?: number;
  /** Largest response body read. Default 16 MiB. */
  maxResponseBytes?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Override the client's `maxRateWaitMs` (0 = never wait: throw `rate_limited` at once). */
  maxRateWaitMs?: number;
}

export interface RequestSpec<S extends z.ZodType> extends CallOptions {
  method: HttpMethod;
  /** Path template, e.g. `/v1/files/{id}`: it also names the endpoint for budgets and outcomes. */
  path: string;
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | null | undefined>;
  json?: unknown;
  /** A fresh body per attempt (e.g. multipart), with its headers. */
  body?: () => Promise<{ body: BodyInit; headers: Record<string, string> }>;
  safety: Safety;
  schema: S;
  /** Budget key when several endpoints share one limit (e.g. `videogen:POST /v1/tools/*`). */
  rateKey?: string;
  /** Send the API key (default true; false for public endpoints like Sync's error catalog). */
  auth?: boolean;
}

export interface HttpClient {
  readonly profile: ServiceProfile;
  request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.output<S>>;
  /** The endpoint key for a method and path template (`videogen:GET /v1/files/{id}`). */
  endpointKey(method: HttpMethod, path: string): string;
}

type AttemptResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: AppError; retry: boolean; waitMs?: number | null; refund?: boolean };

const DEFAULTS = {
  timeoutMs: 30_000,
  maxAttempts: 4,
  maxRateWaitMs: 60_000,
  maxResponseBytes: 16 * 1024 * 1024,
};

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { profile, clock, budget } = options;
  const svc = profile.label;
  const random = options.random ?? Math.random;
  const backoff = {
    baseMs: options.backoffBaseMs ?? DEFAULT_BACKOFF.baseMs,
    capMs: options.backoffCapMs ?? DEFAULT_BACKOFF.capMs,
    random,
  };
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULTS.maxAttempts);
  const baseUrl = options.baseUrl.replace(/\/+$/, '');

  const endpointKey = (method: HttpMethod, path: string) => `${profile.id}:${method} ${path}`;

  function report(o: Outcome): void {
    try {
      options.onOutcome?.(o);
    } catch {
      // An observer's failure never changes a request's result.
    }
  }

  async function request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.output<S>> {
    const endpoint = endpointKey(spec.method, spec.path);
    const rateKey = spec.rateKey ?? endpoint;
    const url = buildUrl(baseUrl, spec.path, spec.params, spec.query, svc);
    const maxRateWaitMs = spec.maxRateWaitMs ?? options.maxRateWaitMs ?? DEFAULTS.maxRateWaitMs;

    for (let attempt = 1; ; attempt++) {
      throwIfCancelled(spec.signal);
      const auth = spec.auth === false ? {} : options.authHeaders();
      await waitForBudget(rateKey, maxRateWaitMs, spec.signal);
      const result = await attemptOnce(spec, url, endpoint, auth);
      if (result.ok) return result.value;
      if (result.refund) budget.refund(rateKey);
      const { error } = result;
      if (!result.retry || attempt >= maxAttempts) throw error;
      const waitMs = result.waitMs ?? backoffDelay(attempt, backoff);
      if (error.kind === 'rate_limited' && waitMs > maxRateWaitMs) throw error;
      await sleep(waitMs, spec.signal);
    }
  }

  async function waitForBudget(rateKey: string, maxWaitMs: number, signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      const taken = budget.take(rateKey);
      if (taken.ok) return;
      if (taken.waitMs > maxWaitMs) {
        throw new AppError({
          kind: 'rate_limited',
          code: 'rate_budget_exhausted',
          retryAfterMs: taken.waitMs,
          message: messages.rateLimited(svc, taken.waitMs),
        });
      }
      await sleep(taken.waitMs, signal);
    }
  }

  async function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await clock.sleep(ms, signal);
    } catch (e) {
      if (signal?.aborted) throw cancelledError(e);
      throw toAppError(e);
    }
  }

  async function attemptOnce<S extends z.ZodType>(
    spec: RequestSpec<S>,
    url: string,
    endpoint: string,
    auth: Record<string, string>,
  ): Promise<AttemptResult<z.output<S>>> {
    const timeoutMs = spec.timeoutMs ?? options.timeoutMs ?? DEFAULTS.timeoutMs;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new DOMException('Request timed out.', 'TimeoutError')), timeoutMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout.signal]) : timeout.signal;
    const unsafe = spec.safety === 'unsafe';

    /** A failure after the request may have left: retry safe calls, reconcile unsafe ones. */
    const afterSend = (kind: ErrorKind, error: AppError, why: string): AttemptResult<never> => {
      if (spec.signal?.aborted) {
        return {
          ok: false,
          retry: false,
          error: unsafe
            ? unknownOutcome(svc, 'the request was cancelled while in flight', 'aborted_in_flight', error)
            : cancelledError(error),
        };
      }
      report({ ok: false, kind, endpoint, ...(error.status ? { status: error.status } : {}) });
      if (unsafe) return { ok: false, retry: false, error: unknownOutcome(svc, why, error.code ?? kind, error) };
      return { ok: false, retry: error.retryable, error };
    };

    try {
      let response: Response;
      try {
        const prepared = await prepareBody(spec);
        throwIfCancelled(spec.signal);
        response = await options.fetch(url, {
          method: spec.method,
          headers: { Accept: 'application/json', ...prepared.headers, ...auth },
          ...(prepared.body !== undefined ? { body: prepared.body, duplex: 'half' } : {}),
          signal,
        } as RequestInit);
      } catch (e) {
        if (e instanceof AppError) {
          if (e.kind === 'cancelled') return { ok: false, retry: false, error: e, refund: true };
          throw e;
        }
        if (timeout.signal.aborted && !spec.signal?.aborted) {
          const error = new AppError({ kind: 'timeout', message: messages.timeout(svc, Math.round(timeoutMs / 1000)), cause: e });
          return afterSend('timeout', error, `no answer came back within ${Math.round(timeoutMs / 1000)} s`);
        }
        const transport = classifyTransportError(e);
        if (transport && transport.sent === 'no' && !spec.signal?.aborted) {
          report({ ok: false, kind: transport.kind, endpoint });
          const error = new AppError({
            kind: transport.kind,
            ...(transport.code ? { code: transport.code } : {}),
            message: transport.kind === 'offline' ? messages.offline() : messages.network(svc, transport.detail),
            cause: e,
          });
          return { ok: false, retry: true, error, refund: true };
        }
        if (transport) {
          const error = new AppError({
            kind: transport.kind,
            ...(transport.code ? { code: transport.code } : {}),
            message: messages.network(svc, transport.detail),
            cause: e,
          });
          return afterSend(transport.kind, error, `${transport.detail} before an answer came back`);
        }
        if (spec.signal?.aborted) return afterSend('cancelled', cancelledError(e), 'the request was cancelled');
        return { ok: false, retry: false, error: toAppError(e), refund: true };
      }

      budget.update(spec.rateKey ?? endpoint, response.headers);

      let text: string;
      try {
        text = await readText(response, options.maxResponseBytes ?? DEFAULTS.maxResponseBytes, svc);
      } catch (e) {
        if (e instanceof AppError) return afterSend('bad_response', e, 'its answer was too large to read');
        if (timeout.signal.aborted && !spec.signal?.aborted) {
          const error = new AppError({ kind: 'timeout', message: messages.timeout(svc, Math.round(timeoutMs / 1000)), cause: e });
          return afterSend('timeout', error, 'its answer stopped arriving');
        }
        const error = new AppError({ kind: 'network', message: messages.network(svc, 'the answer was cut off'), cause: e });
        return afterSend('network', error, 'its answer was cut off');
      }

      if (response.status >= 200 && response.status < 300) {
        return parseSuccess(spec, text, response.status, endpoint, afterSend);
      }
      return failure(spec, response, text, endpoint, afterSend);
    } finally {
      clearTimeout(timer);
    }
  }

  function parseSuccess<S extends z.ZodType>(
    spec: RequestSpec<S>,
    text: string,
    status: number,
    endpoint: string,
    afterSend: (kind: ErrorKind, error: AppError, why: string) => AttemptResult<never>,
  ): AttemptResult<z.output<S>> {
    let json: unknown;
    try {
      json = text.trim() === '' ? undefined : parseJson(text);
    } catch (e) {
      // A truncated or garbled body is usually transient: safe calls may try again.
      const error = new AppError({ kind: 'bad_response', status, retryable: true, message: messages.badResponse(svc, 'not valid JSON'), cause: e });
      return afterSend('bad_response', error, "its answer couldn't be read");
    }
    const parsed = spec.schema.safeParse(json);
    if (!parsed.success) {
      const detail = describeZodIssues(parsed.error.issues, 2);
      const error = new AppError({ kind: 'bad_response', status, retryable: false, message: messages.badResponse(svc, detail), cause: parsed.error });
      const result = afterSend('bad_response', error, "its answer wasn't in the expected shape");
      // The same body would fail the same way: never retry a schema mismatch.
      return result.ok ? result : { ...result, retry: false };
    }
    report({ ok: true, endpoint, status });
    return { ok: true, value: parsed.data };
  }

  function failure(
    spec: RequestSpec<z.ZodType>,
    response: Response,
    text: string,
    endpoint: string,
    afterSend: (kind: ErrorKind, error: AppError, why: string) => AttemptResult<never>,
  ): AttemptResult<never> {
    const status = response.status;
    let body: unknown;
    try {
      body = text ? parseJson(text) : null;
    } catch {
      body = null; // An HTML error page from a proxy: the status alone decides.
    }
    const now = clock.now();
    const hint = serverWaitHint(response.headers, now);
    const error = mapHttpError({ profile, status, body, endpoint, retryAfterMs: hint });

    if (status === 429) {
      report({ ok: false, kind: 'rate_limited', endpoint, status });
      // Refused by the server, so even an unsafe call may be sent again after the wait.
      if (error.code === 'concurrency_limit') return { ok: false, retry: false, error };
      // Block the endpoint for everyone until the server's time; with no hint, backoff decides.
      if (hint !== null) budget.exhaust(spec.rateKey ?? endpoint, now + hint);
      return { ok: false, retry: true, error, waitMs: hint };
    }
    if (status >= 500 || status === 408) {
      const result = afterSend(error.kind, error, `it answered with an error (HTTP ${status})`);
      return result.ok ? result : { ...result, waitMs: hint };
    }
    report({ ok: false, kind: error.kind, endpoint, status });
    return { ok: false, retry: false, error };
  }

  return { profile, request, endpointKey };
}

async function prepareBody(spec: RequestSpec<z.ZodType>): Promise<{ body?: BodyInit; headers: Record<string, string> }> {
  if (spec.body) return spec.body();
  if (spec.json !== undefined) {
    return { body: JSON.stringify(spec.json), headers: { 'Content-Type': 'application/json' } };
  }
  return { headers: {} };
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError(signal.reason);
}

function cancelledError(cause: unknown): AppError {
  return new AppError({ kind: 'cancelled', message: messages.cancelled(), retryable: false, cause });
}

function unknownOutcome(svc: string, why: string, code: string, cause: AppError): AppError {
  return new AppError({
    kind: 'unknown_outcome',
    code,
    retryable: false,
    ...(cause.status !== undefined ? { status: cause.status } : {}),
    message: messages.unknownOutcome(svc, why),
    cause,
  });
}
