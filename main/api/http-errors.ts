/** An HTTP error response → AppError, with a sentence a person can act on. */
import { AppError } from '../kernel/errors';
import { messages } from '../kernel/messages';

/** What we could read from an error body (every field may be missing). */
export interface ErrorBodyInfo {
  message: string | null;
  code: string | null;
  requirement: unknown;
  /** The parameter at fault, when the API names it separately from the message. */
  field: string | null;
}

/** What differs between the APIs: their name, their error body, their 429 semantics. */
export interface ServiceProfile {
  id: 'videogen' | 'sync';
  label: string;
  readErrorBody(body: unknown): ErrorBodyInfo;
  /** True when a 429 means "too many jobs running" rather than "too many requests". */
  isConcurrencyRejection?(info: ErrorBodyInfo, endpoint: string): boolean;
}

export interface HttpErrorInput {
  profile: ServiceProfile;
  status: number;
  body: unknown;
  endpoint: string;
  /** Server's wait hint for 429/503 (ms), when it sent one. */
  retryAfterMs: number | null;
}

const REQUIREMENT_TYPES_NEEDING_PURCHASE = /add_on|plan|upgrade|subscription/i;

export function mapHttpError(input: HttpErrorInput): AppError {
  const { profile, status, endpoint } = input;
  const svc = profile.label;
  const info = profile.readErrorBody(input.body);
  const base = {
    status,
    ...(info.code ? { code: info.code } : {}),
    ...(info.requirement != null ? { requirement: info.requirement } : {}),
  };

  if (info.code === 'insufficient_credits' || (status === 402 && /credit|balance/i.test(info.message ?? ''))) {
    return new AppError({ ...base, kind: 'forbidden', code: 'insufficient_credits', message: messages.outOfCredits(svc) });
  }
  if (status === 402) {
    return new AppError({
      ...base,
      kind: 'forbidden',
      code: info.code ?? 'insufficient_credits',
      message: messages.planOrCredits(svc, info.message),
    });
  }
  switch (status) {
    case 401:
      return new AppError({ ...base, kind: 'auth', message: messages.authRejected(svc) });
    case 403: {
      const reqType = requirementType(info.requirement);
      const message =
        reqType && REQUIREMENT_TYPES_NEEDING_PURCHASE.test(reqType)
          ? messages.addOnRequired(svc, info.message)
          : messages.forbidden(svc, info.message);
      return new AppError({ ...base, kind: 'forbidden', message });
    }
    case 404:
      return new AppError({ ...base, kind: 'not_found', message: messages.notFound(svc) });
    case 408:
      return new AppError({ ...base, kind: 'timeout', message: messages.timeout(svc, null) });
    case 409:
      return new AppError({ ...base, kind: 'conflict', message: messages.conflict(svc, info.message) });
    case 413:
      return new AppError({
        ...base,
        kind: 'invalid',
        code: info.code ?? 'file_too_large',
        message: messages.tooLarge(svc, info.message ?? undefined),
      });
    case 429: {
      const retryAfterMs = input.retryAfterMs ?? undefined;
      if (profile.isConcurrencyRejection?.(info, endpoint)) {
        return new AppError({
          ...base,
          kind: 'rate_limited',
          code: 'concurrency_limit',
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
          message: messages.concurrencyLimit(svc, info.message),
        });
      }
      return new AppError({
        ...base,
        kind: 'rate_limited',
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        message: messages.rateLimited(svc, retryAfterMs ?? null),
      });
    }
  }
  if (status >= 500) {
    return new AppError({
      ...base,
      kind: 'server',
      ...(input.retryAfterMs !== null ? { retryAfterMs: input.retryAfterMs } : {}),
      message: messages.server(svc, status),
    });
  }
  if (status >= 400) {
    return new AppError({ ...base, kind: 'invalid', message: messages.invalid(svc, invalidDetail(info, status)) });
  }
  return new AppError({ ...base, kind: 'bad_response', message: messages.badResponse(svc, `unexpected HTTP ${status}`) });
}

function invalidDetail(info: ErrorBodyInfo, status: number): string {
  const message = info.message ?? `HTTP ${status}`;
  if (info.field && !message.includes(info.field)) return `${info.field}: ${message}`;
  return message;
}

function requirementType(requirement: unknown): string | null {
  if (requirement && typeof requirement === 'object') {
    const type = (requirement as { type?: unknown }).type;
    if (typeof type === 'string') return type;
  }
  return null;
}

/** Reads the most common error-body conventions; used when a service's own shape doesn't match. */
export function readGenericErrorBody(body: unknown): ErrorBodyInfo {
  const info: ErrorBodyInfo = { message: null, code: null, requirement: null, field: null };
  if (!body || typeof body !== 'object') return info;
  const b = body as Record<string, unknown>;
  const message = b.message ?? b.error_description ?? b.detail ?? b.error;
  if (typeof message === 'string') info.message = message;
  else if (Array.isArray(message)) info.message = message.filter((m) => typeof m === 'string').join('; ') || null;
  const code = b.code ?? b.error_code ?? b.errorCode;
  if (typeof code === 'string') info.code = code;
  const field = b.field ?? b.param ?? b.parameter;
  if (typeof field === 'string') info.field = field;
  if (b.requirement != null) info.requirement = b.requirement;
  if (info.message) info.message = info.message.slice(0, 500);
  return info;
}
