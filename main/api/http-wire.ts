/** Wire details of the request layer: URLs from templates, bounded body reads, safe JSON. */
import { AppError } from '../kernel/errors';
import { messages } from '../kernel/messages';

/** `{id}` placeholders are filled with encoded, opaque ids (never parsed or prefix-checked). */
export function buildUrl(
  baseUrl: string,
  template: string,
  params: Record<string, string> | undefined,
  query: Record<string, string | number | boolean | null | undefined> | undefined,
  svc: string,
): string {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new AppError({ kind: 'invalid', code: 'missing_id', message: `A ${svc} request is missing its ${name}, so it was not sent.` });
    }
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null) search.set(k, String(v));
  }
  const qs = search.toString();
  return `${baseUrl}${path}${qs ? `?${qs}` : ''}`;
}

/** Reads a body as text, refusing more than `maxBytes` (a hostile or broken server can't exhaust memory). */
export async function readText(response: Response, maxBytes: number, svc: string): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  const tooLarge = () =>
    new AppError({ kind: 'bad_response', status: response.status, retryable: false, message: messages.badResponse(svc, 'the answer was too large') });
  if (Number.isFinite(declared) && declared > maxBytes) {
    void response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      void reader.cancel().catch(() => undefined); // not awaited: a tee'd body may never settle
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** JSON reviver: a `__proto__` key from the wire must never become a prototype. */
export function dropProtoKeys(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value;
}

/**
 * `JSON.parse` with `__proto__` keys dropped. A reviver makes parsing ~2-3x slower (a call
 * per value), so it only runs when the text could hold such a key: written out, or spelled
 * with `\u` escapes (the only JSON escape that can produce letters or `_`).
 */
export function parseJson(text: string): unknown {
  return text.includes('__proto__') || text.includes('\\u') ? JSON.parse(text, dropProtoKeys) : JSON.parse(text);
}
