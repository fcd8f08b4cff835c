/**
 * The media paths both hosts serve: `/media/<fileId>/<thumb|preview|download>` (the web host's
 * route, the Electron host's `atelier://app/media/…`).
 */
import type { MediaKind } from '../kernel/media';

const KINDS: ReadonlySet<string> = new Set<MediaKind>(['thumb', 'preview', 'download']);

/** `/media/<id>/<kind>` → its parts, or null when the path is not a well-formed media path. */
export function parseMediaPath(pathname: string): { fileId: string; kind: MediaKind } | null {
  const m = /^\/media\/([^/]+)\/([^/]+)$/.exec(pathname);
  if (!m) return null;
  const [, rawId = '', kind = ''] = m;
  if (!KINDS.has(kind)) return null;
  let fileId: string;
  try {
    fileId = decodeURIComponent(rawId);
  } catch {
    return null;
  }
  if (fileId.length < 1 || fileId.length > 200 || /[\p{Cc}/\\]/u.test(fileId)) return null;
  return { fileId, kind: kind as MediaKind };
}
