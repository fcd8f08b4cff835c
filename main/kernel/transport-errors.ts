/**
 * Classifies errors thrown by `fetch` (undici) or Node sockets, before any HTTP response.
 * The question that matters for unsafe calls: could the request have reached the server?
 */

export interface TransportFailure {
  kind: 'offline' | 'network';
  /** `no`: the connection was never made, so the request provably did not leave. */
  sent: 'no' | 'maybe';
  /** The system/undici code (e.g. `ECONNREFUSED`), when there is one. */
  code?: string;
  /** Short technical reason for messages: "connection refused". */
  detail: string;
}

/** Name resolution or routing failed: the machine has no usable network. */
const OFFLINE_CODES: Record<string, string> = {
  ENOTFOUND: 'the server name could not be resolved',
  EAI_AGAIN: 'the server name could not be resolved',
  ENETUNREACH: 'the network is unreachable',
  ENETDOWN: 'the network is down',
  EHOSTUNREACH: 'the host is unreachable',
  EHOSTDOWN: 'the host is down',
};

/** The connection was never established: nothing was sent. */
const NOT_SENT_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate is not valid for this host',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate could not be verified',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the server certificate chain is self-signed',
};

/** The connection existed and broke: the request may have been received. */
const MAYBE_SENT_CODES: Record<string, string> = {
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed while sending',
  ECONNABORTED: 'the connection was aborted',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the server closed the connection',
  UND_ERR_CLOSED: 'the connection was closed',
  UND_ERR_HEADERS_TIMEOUT: 'the server did not answer in time',
  UND_ERR_BODY_TIMEOUT: 'the server stopped sending',
  UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: 'the request body did not match its declared length',
};

/** Returns null when `e` is not a transport failure (e.g. an abort, a bug, a file error). */
export function classifyTransportError(e: unknown): TransportFailure | null {
  const codes = collectCodes(e);
  for (const code of codes) {
    const offline = OFFLINE_CODES[code];
    if (offline) return { kind: 'offline', sent: 'no', code, detail: offline };
  }
  for (const code of codes) {
    const notSent = NOT_SENT_CODES[code];
    if (notSent) return { kind: 'network', sent: 'no', code, detail: notSent };
  }
  for (const code of codes) {
    const maybe = MAYBE_SENT_CODES[code];
    if (maybe) return { kind: 'network', sent: 'maybe', code, detail: maybe };
  }
  // undici: `TypeError: fetch failed` with an unrecognised cause. We cannot prove it did not leave.
  if (e instanceof TypeError && /fetch failed|network|terminated|socket/i.test(e.message)) {
    const code = codes[0];
    return { kind: 'network', sent: 'maybe', ...(code ? { code } : {}), detail: 'the connection failed' };
  }
  return null;
}

/** Codes from the error, its `cause` chain and AggregateError members (happy-eyeballs connects). */
function collectCodes(e: unknown, depth = 0, out: string[] = []): string[] {
  if (depth > 5 || e === null || typeof e !== 'object') return out;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') out.push(code);
  const errors = (e as { errors?: unknown }).errors;
  if (Array.isArray(errors)) for (const inner of errors) collectCodes(inner, depth + 1, out);
  collectCodes((e as { cause?: unknown }).cause, depth + 1, out);
  return out;
}
