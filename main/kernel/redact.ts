/**
 * Log redaction: anything that looks like a credential is masked before it is written, and
 * the key values the hosts hand to the core are masked verbatim wherever they appear. The
 * router, the event bus and both hosts write their logs through these.
 */

/** The stack (and causes) of an error, secrets masked: for the log only. */
export function describeForLog(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && depth < 4; depth++) {
    if (current instanceof Error) {
      parts.push(current.stack ?? `${current.name}: ${current.message}`);
      current = (current as { cause?: unknown }).cause;
    } else {
      let text: string;
      try {
        text = typeof current === 'string' ? current : JSON.stringify(current) ?? String(current);
      } catch {
        text = String(current);
      }
      parts.push(text);
      current = undefined;
    }
  }
  return redactSecrets(parts.join('\n  caused by: '));
}

const MASK = '***';
const known = new Set<string>();

/** Hosts register the actual key values they hand to the core, so they are masked verbatim too. */
export function addRedactedValue(secret: string | null | undefined): void {
  if (secret && secret.length >= 6) known.add(secret);
}

const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // Authorization: Bearer <token> / Basic <b64>
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${MASK}`],
  // x-api-key: v, "apiKey":"v", key=v, token: v, password=v …
  [
    /(\b(?:x-api-key|api[-_]?key|apikey|key|authorization|access[-_]?token|refresh[-_]?token|token|secret|password|videogenKey|syncKey)\b["']?\s*[:=]\s*["']?)(?!Bearer\b|Basic\b|\*\*\*)[^\s"',;&}\]]+/gi,
    `$1${MASK}`,
  ],
  // webhook signing secrets: Standard Webhooks `whsec_…`, and the field VideoGen returns them in
  [/\bwhsec_[A-Za-z0-9+/=_-]+/g, `whsec_${MASK}`],
  [/(["']?signingSecret["']?\s*[:=]\s*["']?)(?!\*\*\*)[^\s"',;&}\]]+/g, `$1${MASK}`],
  // signed URL query parameters
  [
    /([?&](?:token|key|api_key|apikey|access_token|signature|sig|x-amz-signature|x-amz-credential|x-amz-security-token)=)[^&\s"'#]+/gi,
    `$1${MASK}`,
  ],
];

/** Only the registered key values: safe for messages meant for people (no pattern guessing). */
export function maskKnownSecrets(text: string): string {
  let out = text;
  for (const secret of known) out = out.split(secret).join(MASK);
  return out;
}

/** Known values plus anything that looks like a credential: for logs. */
export function redactSecrets(text: string): string {
  let out = maskKnownSecrets(text);
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
