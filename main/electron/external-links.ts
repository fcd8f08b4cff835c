/**
 * Which links may leave the app for the person's browser: plain http(s) URLs with a host and
 * no embedded credentials. Everything else (file:, javascript:, custom schemes, the app's
 * own protocol) is refused. Plain module (no 'electron' import).
 */
export function safeExternalUrl(raw: string): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 4096) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (!url.hostname || url.username || url.password) return null;
  return url.href;
}
