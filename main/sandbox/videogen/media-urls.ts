// URLs of file media. Private renditions are signed with an expiry carried in the path
// (`/media/{fileId}/{slot}/{exp}.{sig}/{name}`), so the relative segment URIs inside an HLS
// playlist inherit the token. Public previews live under `/public/…` and never expire.
import type { SlotName } from '../media/types';
import type { Signer } from '../storage/signing';

export class MediaUrls {
  constructor(
    private readonly signer: Signer,
    private readonly baseUrl: () => string,
  ) {}

  signed(fileId: string, slot: SlotName, fileName: string, expS: number): string {
    const tag = this.signer.tag('media', fileId, slot, String(expS));
    return `${this.baseUrl()}/media/${encodeURIComponent(fileId)}/${slot}/${expS}.${tag}/${encodeURIComponent(fileName)}`;
  }

  /** 'ok', 'expired' or 'invalid' for a path token. */
  check(fileId: string, slot: string, token: string, nowS: number): 'ok' | 'expired' | 'invalid' {
    const m = /^(\d{1,12})\.([0-9a-f]{32})$/.exec(token);
    if (!m) return 'invalid';
    if (!this.signer.verifyTag(m[2]!, 'media', fileId, slot, m[1]!)) return 'invalid';
    return Number(m[1]) > nowS ? 'ok' : 'expired';
  }

  publicStatic(staticId: string, fileName: string): string {
    return `${this.baseUrl()}/public/static/${staticId}/${encodeURIComponent(fileName)}`;
  }

  publicHls(playbackId: string): string {
    return `${this.baseUrl()}/public/hls/${playbackId}/index.m3u8`;
  }
}

/** The file name a slot is served under (the extension matters to players and downloads). */
export function slotFileName(slot: SlotName, blobPath: string): string {
  const base = blobPath.slice(blobPath.lastIndexOf('/') + 1);
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1) : 'bin';
  if (slot === 'hls') return 'index.m3u8';
  return `${slot}.${ext}`;
}
