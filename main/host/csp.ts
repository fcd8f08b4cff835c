/**
 * The Content-Security-Policy of the app's page, shared by both hosts (plain strings).
 *
 * Scripts only from the app itself; no plugins, no framing, no <base>, no forms. Media may
 * also come from the VideoGen origins that serve signed HLS and progressive files, and from
 * blob: (hls.js feeds MediaSource through blob URLs and runs its worker from one).
 */
/** The real API (the core's default when no --videogen-url is given). */
export const DEFAULT_VIDEOGEN_URL = 'https://api.videogen.io';

export interface CspOptions {
  /** Extra connect-src entries, e.g. the web host's socket `ws://127.0.0.1:<port>`. */
  connect?: readonly string[];
  /** Origins that serve media the page plays or shows directly (signed HLS, previews). */
  mediaOrigins?: readonly string[];
}

export function buildCsp(options: CspOptions = {}): string {
  const media = unique((options.mediaOrigins ?? []).filter(isCspSource));
  const connect = unique((options.connect ?? []).filter(isCspSource));
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", 'data:', 'blob:', ...media]],
    ['media-src', ["'self'", 'blob:', ...media]],
    ['connect-src', ["'self'", ...connect, ...media, 'blob:']],
    ['worker-src', ["'self'", 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/** For everything that is not the page (media, uploads' replies, errors): nothing may run. */
export const NON_DOCUMENT_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

/**
 * The media origins for a VideoGen base URL (default: the real API): its own origin (the sandbox serves its media
 * there) and, for the real API, the videogen.io subdomains that serve signed HLS
 * (e.g. stream.media.videogen.io). `extra` comes from ATELIER_MEDIA_ORIGINS.
 */
export function mediaOriginsFor(videogenBaseUrl: string | undefined, extra: readonly string[] = []): string[] {
  const out: string[] = [];
  {
    try {
      const u = new URL(videogenBaseUrl ?? DEFAULT_VIDEOGEN_URL);
      if (u.protocol === 'http:' || u.protocol === 'https:') out.push(u.origin);
      if (u.protocol === 'https:' && (u.hostname === 'videogen.io' || u.hostname.endsWith('.videogen.io'))) {
        out.push('https://*.videogen.io');
      }
    } catch {
      /* an invalid base URL contributes nothing */
    }
  }
  for (const e of extra) if (isCspSource(e)) out.push(e);
  return unique(out);
}

/** An origin (optionally with a leading `*.` host wildcard) and nothing that could end a directive. */
export function isCspSource(value: string): boolean {
  return /^(https?|wss?):\/\/(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?$/.test(value);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
