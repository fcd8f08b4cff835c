/**
 * The one error type of the whole app. Every failure (API, network, local) becomes an
 * AppError whose `message` is a sentence a person can act on; `kind` is what code branches on.
 */
import { classifyTransportError } from './transport-errors';
import { messages } from './messages';

export type ErrorKind =
  | 'auth'
  | 'forbidden'
  | 'rate_limited'
  | 'not_found'
  | 'invalid'
  | 'conflict'
  | 'network'
  | 'server'
  | 'bad_response'
  | 'offline'
  | 'timeout'
  | 'cancelled'
  /** The request may have reached the server, but its outcome is unknown: reconcile, never resend blindly. */
  | 'unknown_outcome'
  | 'local';

export interface AppErrorInit {
  kind: ErrorKind;
  message: string;
  status?: number;
  /** Machine code from the API (e.g. `invalid_api_key`) or from Atelier (e.g. `upload_url_expired`). */
  code?: string;
  retryAfterMs?: number;
  /** Defaults by kind: network/offline/timeout/server/rate_limited are worth retrying later. */
  retryable?: boolean;
  /** VideoGen `requirement` (e.g. `{ type: 'purchase_add_on' }`), as sent. */
  requirement?: unknown;
  cause?: unknown;
}

const RETRYABLE_BY_DEFAULT: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'network',
  'offline',
  'timeout',
  'server',
  'rate_limited',
]);

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly kind: ErrorKind;
  readonly status?: number;
  readonly code?: string;
  readonly retryAfterMs?: number;
  readonly retryable: boolean;
  readonly requirement?: unknown;

  constructor(init: AppErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    if (init.status !== undefined) this.status = init.status;
    if (init.code !== undefined) this.code = init.code;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = Math.max(0, Math.round(init.retryAfterMs));
    this.retryable = init.retryable ?? RETRYABLE_BY_DEFAULT.has(init.kind);
    if (init.requirement !== undefined) this.requirement = init.requirement;
  }

  /** The wire shape (`ContractError`): `code` is the kind, a small stable set the UI can switch on. */
  toJSON(): { code: string; message: string } {
    return { code: this.kind, message: this.message };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Anything thrown → AppError. AppErrors pass through unchanged. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (isZodError(e)) {
    return new AppError({ kind: 'invalid', message: messages.invalidInput(describeZodIssues(e.issues)), cause: e });
  }
  const name = e instanceof Error || isDomException(e) ? (e as { name: string }).name : undefined;
  if (name === 'AbortError') return new AppError({ kind: 'cancelled', message: messages.cancelled(), cause: e });
  if (name === 'TimeoutError') return new AppError({ kind: 'timeout', message: messages.timeout(null, null), cause: e });

  const fsCode = (e as { code?: unknown } | null)?.code;
  if (typeof fsCode === 'string' && FS_CODES.has(fsCode)) {
    const path = (e as { path?: unknown }).path;
    return new AppError({
      kind: 'local',
      code: fsCode,
      message: messages.localFile(fsCode, typeof path === 'string' ? path : null),
      cause: e,
    });
  }
  const transport = classifyTransportError(e);
  if (transport) {
    const message =
      transport.kind === 'offline' ? messages.offline() : messages.network(null, transport.detail);
    return new AppError({ kind: transport.kind, code: transport.code, message, cause: e });
  }
  const detail = e instanceof Error ? e.message : typeof e === 'string' ? e : null;
  return new AppError({ kind: 'local', message: messages.unexpected(detail), retryable: false, cause: e });
}

const FS_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EMFILE', 'ENOSPC', 'EROFS', 'EBUSY']);

interface ZodLikeIssue {
  path: PropertyKey[];
  message: string;
}

function isZodError(e: unknown): e is { issues: ZodLikeIssue[] } {
  return (
    e instanceof Error &&
    e.name === 'ZodError' &&
    Array.isArray((e as unknown as { issues?: unknown }).issues)
  );
}

function isDomException(e: unknown): boolean {
  return typeof DOMException !== 'undefined' && e instanceof DOMException;
}

/** "prompt: Required; imageFileIds: Too big" — field paths first, so people know what to fix. */
export function describeZodIssues(issues: ReadonlyArray<ZodLikeIssue>, max = 3): string {
  const parts = issues.slice(0, max).map((i) => {
    const path = i.path.map(String).join('.');
    return path ? `${path}: ${i.message}` : i.message;
  });
  if (issues.length > max) parts.push(`and ${issues.length - max} more`);
  return parts.join('; ');
}
