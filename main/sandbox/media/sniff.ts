// File type from magic numbers (the first bytes of an upload), never from names or headers.

export type FileType = 'IMAGE' | 'VIDEO' | 'AUDIO' | 'PDF' | 'SLIDESHOW';

export interface Sniffed {
  type: FileType;
  mime: string;
  ext: string;
  /**
   * A container that may hold video or only audio (confirm with ffprobe), or a ZIP archive that
   * may be a PowerPoint deck (confirm with `isPowerPoint`).
   */
  ambiguous: boolean;
}

/** How many leading bytes `sniff` needs. */
export const SNIFF_BYTES = 64;

export function sniff(head: Uint8Array): Sniffed | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);

  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return fixed('IMAGE', 'image/png', 'png');
  if (starts(0xff, 0xd8, 0xff)) return fixed('IMAGE', 'image/jpeg', 'jpg');
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return fixed('IMAGE', 'image/gif', 'gif');
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return fixed('IMAGE', 'image/webp', 'webp');
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return fixed('AUDIO', 'audio/wav', 'wav');
  if (ascii(0, 5) === '%PDF-') return fixed('PDF', 'application/pdf', 'pdf');
  // ZIP: Office Open XML (pptx, docx, xlsx…) and any other archive; renditions.ts looks inside.
  if (starts(0x50, 0x4b, 0x03, 0x04)) return { type: 'SLIDESHOW', mime: PPTX_MIME, ext: 'pptx', ambiguous: true };
  if (ascii(0, 4) === 'fLaC') return fixed('AUDIO', 'audio/flac', 'flac');
  if (ascii(0, 4) === 'OggS') return { type: 'AUDIO', mime: 'audio/ogg', ext: 'ogg', ambiguous: true };
  if (ascii(0, 3) === 'ID3') return fixed('AUDIO', 'audio/mpeg', 'mp3');
  if (ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (brand === 'M4A ' || brand === 'M4B ' || brand === 'M4P ') return { type: 'AUDIO', mime: 'audio/mp4', ext: 'm4a', ambiguous: false };
    if (brand === 'qt  ') return { type: 'VIDEO', mime: 'video/quicktime', ext: 'mov', ambiguous: true };
    return { type: 'VIDEO', mime: 'video/mp4', ext: 'mp4', ambiguous: true };
  }
  if (starts(0x1a, 0x45, 0xdf, 0xa3)) {
    const isWebm = Buffer.from(head).includes('webm');
    return isWebm
      ? { type: 'VIDEO', mime: 'video/webm', ext: 'webm', ambiguous: true }
      : { type: 'VIDEO', mime: 'video/x-matroska', ext: 'mkv', ambiguous: true };
  }
  // MPEG audio frame sync (MP3 without an ID3 tag) or ADTS AAC.
  if (head[0] === 0xff && head[1] !== undefined && (head[1] & 0xe0) === 0xe0) {
    const layerBits = (head[1] >> 1) & 0x03;
    if (layerBits === 0) return fixed('AUDIO', 'audio/aac', 'aac');
    return fixed('AUDIO', 'audio/mpeg', 'mp3');
  }
  return null;
}

export const PPTX_MIME = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

function fixed(type: FileType, mime: string, ext: string): Sniffed {
  return { type, mime, ext, ambiguous: false };
}
