/**
 * RFC 9110 single-range parsing, shared by the web host's media route and the Electron
 * host's app protocol (plain functions, no I/O).
 *
 * Multiple ranges and malformed headers are ignored (the whole body is sent, as the RFC
 * allows); a well-formed range that starts past the end is unsatisfiable (416).
 */
export type RangeDecision =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const SINGLE = /^bytes=(\d*)-(\d*)$/i;

export function parseRange(header: string | null | undefined, size: number): RangeDecision {
  if (!header) return { kind: 'full' };
  const m = SINGLE.exec(header.trim());
  if (!m) return { kind: 'full' };
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return { kind: 'full' };
  if (first.length > 15 || last.length > 15) return { kind: 'unsatisfiable' };

  if (first === '') {
    // suffix range: the last N bytes
    const n = Number(last);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return { kind: 'unsatisfiable' };
  if (last === '') return { kind: 'partial', start, end: size - 1 };
  const end = Number(last);
  if (end < start) return { kind: 'full' }; // syntactically invalid: ignore the header
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}

/** Headers for a decision: Content-Range / Content-Length and the status to send. */
export function rangeHeaders(
  decision: RangeDecision,
  size: number,
): { status: 200 | 206 | 416; headers: Record<string, string> } {
  const base = { 'Accept-Ranges': 'bytes' };
  switch (decision.kind) {
    case 'full':
      return { status: 200, headers: { ...base, 'Content-Length': String(size) } };
    case 'partial':
      return {
        status: 206,
        headers: {
          ...base,
          'Content-Range': `bytes ${decision.start}-${decision.end}/${size}`,
          'Content-Length': String(decision.end - decision.start + 1),
        },
      };
    case 'unsatisfiable':
      return { status: 416, headers: { ...base, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' } };
  }
}
