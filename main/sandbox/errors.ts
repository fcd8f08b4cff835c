// Error types thrown by handlers. The server renders each family in its own wire format:
// VideoGen `ApiError {message, code?, requirement?, internalErrorCode?}`, Sync
// `{message: string | string[], error, statusCode}`, object storage S3-style XML.

export interface ApiErrorBody {
  message: string;
  code?: string;
  requirement?: { type: string; details?: Record<string, string> } | null;
  internalErrorCode?: string;
}

export class VideoGenError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly extra: Omit<ApiErrorBody, 'message' | 'code'> = {},
  ) {
    super(message);
  }

  body(): ApiErrorBody {
    return { message: this.message, ...(this.code ? { code: this.code } : {}), ...this.extra };
  }
}

/** 400 `invalid_parameters` whose message names the offending field. */
export function invalidParameters(field: string, problem: string): VideoGenError {
  const where = field ? `${field}: ` : '';
  return new VideoGenError(400, `Invalid parameters. ${where}${problem}`, 'invalid_parameters');
}

/** 400 `invalid_id`: malformed id or wrong prefix (README A11). */
export function invalidId(kind: string, id: string, prefix: string): VideoGenError {
  return new VideoGenError(400, `Invalid ${kind} id "${id}": expected an id starting with "${prefix}".`, 'invalid_id');
}

/**
 * 402 `insufficient_credits`: the spec names the code but no status; 402 Payment Required is
 * the sandbox's choice (README).
 */
export function insufficientCredits(): VideoGenError {
  return new VideoGenError(402, 'Your team is out of credits for this request. Add credits in the VideoGen dashboard (Settings → Billing) and try again.', 'insufficient_credits');
}

/** 404 with no `code` (the spec names none for not found). */
export function notFound(kind: string, id: string): VideoGenError {
  return new VideoGenError(404, `No ${kind} found with id "${id}".`);
}

const SYNC_ERROR_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Payload Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export interface SyncErrorBody {
  message: string | string[];
  error: string;
  statusCode: number;
}

export class SyncError extends Error {
  constructor(
    readonly status: number,
    readonly messages: string | string[],
  ) {
    super(Array.isArray(messages) ? messages.join('; ') : messages);
  }

  body(): SyncErrorBody {
    return { message: this.messages, error: SYNC_ERROR_NAMES[this.status] ?? 'Error', statusCode: this.status };
  }
}

export function syncErrorName(status: number): string {
  return SYNC_ERROR_NAMES[status] ?? 'Error';
}

/** Errors of the presigned object storage, rendered as S3 XML. */
export class StorageError extends Error {
  constructor(
    readonly status: number,
    readonly s3Code: string,
    message: string,
    /** Further elements S3 adds for some codes (e.g. ArgumentName / ArgumentValue). */
    readonly details: Record<string, string> = {},
  ) {
    super(message);
  }

  xml(resource: string): string {
    const esc = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
    const details = Object.entries(this.details).map(([k, v]) => `<${k}>${esc(v)}</${k}>`).join('');
    return (
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<Error><Code>${esc(this.s3Code)}</Code><Message>${esc(this.message)}</Message>${details}` +
      `<Resource>${esc(resource)}</Resource></Error>`
    );
  }
}
