/**
 * Where cached media lives: `<dataDir>/media/<2-hex shard>/<file id>/<kind><ext>`, with
 * downloads in progress under `<dataDir>/media/.tmp/` (same file system, so the final
 * rename is atomic). File ids are opaque: anything outside [A-Za-z0-9_-] is replaced and a
 * short hash keeps such names distinct.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { MediaKind } from '../../kernel/media';

export interface MediaLayout {
  root: string;
  tmpDir: string;
  pathFor(fileId: string, kind: MediaKind, contentType: string | null): string;
}

const EXT_BY_TYPE: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/webp': '.webp',
  'image/gif': '.gif',
  'video/mp4': '.mp4',
  'video/quicktime': '.mov',
  'video/webm': '.webm',
  'audio/mpeg': '.mp3',
  'audio/mp4': '.m4a',
  'audio/wav': '.wav',
  'audio/x-wav': '.wav',
  'application/pdf': '.pdf',
};

export function mediaLayout(dataDir: string): MediaLayout {
  const root = join(dataDir, 'media');
  return {
    root,
    tmpDir: join(root, '.tmp'),
    pathFor(fileId, kind, contentType) {
      const digest = createHash('sha1').update(fileId).digest('hex');
      const safe = fileId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 120);
      const folder = safe === fileId ? safe : `${safe}-${digest.slice(0, 8)}`;
      const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
      return join(root, digest.slice(0, 2), folder, `${kind}${EXT_BY_TYPE[type] ?? ''}`);
    },
  };
}
