/**
 * What a file is, from its first bytes (magic numbers), never from its name.
 * Maps to the API's upload types: IMAGE, VIDEO, AUDIO, PDF.
 */
import { open } from 'node:fs/promises';

export type UploadFileType = 'IMAGE' | 'VIDEO' | 'AUDIO' | 'PDF';

export interface Sniffed {
  type: UploadFileType;
  mimeType: string;
  /** Short format name for messages ("PNG image", "MP4 video"). */
  format: string;
}

/** Enough for every signature below (MPEG-TS needs two 188-byte packets). */
export const SNIFF_BYTES = 512;

const BMP_DIB_SIZES = new Set([12, 40, 52, 56, 108, 124]);

export async function sniffFile(path: string): Promise<Sniffed | null> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    return sniffBytes(buf.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

export function sniffBytes(b: Uint8Array): Sniffed | null {
  const ascii = (start: number, text: string) => matchAscii(b, start, text);
  const bytes = (start: number, ...values: number[]) => values.every((v, i) => b[start + i] === v);

  // Documents
  if (ascii(0, '%PDF-')) return { type: 'PDF', mimeType: 'application/pdf', format: 'PDF document' };

  // Images
  if (bytes(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return image('image/png', 'PNG');
  if (bytes(0, 0xff, 0xd8, 0xff)) return image('image/jpeg', 'JPEG');
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return image('image/gif', 'GIF');
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return image('image/webp', 'WebP');
  if (bytes(0, 0x49, 0x49, 0x2a, 0x00) || bytes(0, 0x4d, 0x4d, 0x00, 0x2a)) return image('image/tiff', 'TIFF');
  // BMP: "BM" is too short alone; the DIB header size that follows is one of a few values.
  if (ascii(0, 'BM') && BMP_DIB_SIZES.has(readU32le(b, 14) ?? -1)) return image('image/bmp', 'BMP');

  // ISO base media (MP4, MOV, M4A, HEIC, AVIF, 3GP): a `ftyp` box first.
  if (ascii(4, 'ftyp')) return sniffFtyp(b);

  // Video containers
  if (bytes(0, 0x1a, 0x45, 0xdf, 0xa3)) {
    return containsAscii(b, 'webm') ? video('video/webm', 'WebM') : video('video/x-matroska', 'Matroska');
  }
  if (ascii(0, 'RIFF') && ascii(8, 'AVI ')) return video('video/x-msvideo', 'AVI');
  if (ascii(0, 'FLV') && b[3] === 0x01) return video('video/x-flv', 'FLV');
  if (bytes(0, 0x00, 0x00, 0x01, 0xba)) return video('video/mpeg', 'MPEG');
  if (b.length >= 377 && b[0] === 0x47 && b[188] === 0x47 && b[376] === 0x47) return video('video/mp2t', 'MPEG-TS');

  // Audio
  if (ascii(0, 'RIFF') && ascii(8, 'WAVE')) return audio('audio/wav', 'WAV');
  if (ascii(0, 'fLaC')) return audio('audio/flac', 'FLAC');
  if (ascii(0, 'OggS')) {
    if (containsAscii(b, 'theora')) return video('video/ogg', 'Ogg video');
    if (containsAscii(b, 'OpusHead')) return audio('audio/ogg', 'Opus');
    return audio('audio/ogg', 'Ogg audio');
  }
  if (ascii(0, 'FORM') && (ascii(8, 'AIFF') || ascii(8, 'AIFC'))) return audio('audio/aiff', 'AIFF');
  if (ascii(0, '#!AMR')) return audio('audio/amr', 'AMR');
  if (ascii(0, 'ID3')) return audio('audio/mpeg', 'MP3');
  if (b.length >= 2 && b[0] === 0xff) {
    const second = b[1] ?? 0;
    // ADTS AAC: 1111 1111 1111 x00x (layer bits 00)
    if ((second & 0xf6) === 0xf0) return audio('audio/aac', 'AAC');
    // MPEG audio frame sync: 11 bits set, a valid version (not 01) and layer (not 00).
    if ((second & 0xe0) === 0xe0 && (second & 0x18) !== 0x08 && (second & 0x06) !== 0x00) {
      return audio('audio/mpeg', 'MP3');
    }
  }
  return null;
}

/** A short human description of bytes we do not accept, for the rejection message. */
export function describeUnsupported(b: Uint8Array): string {
  if (b.length === 0) return 'empty';
  if (matchAscii(b, 0, 'PK\u0003\u0004')) return 'a ZIP archive or office document';
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'text';
  if (matchAscii(b, 0, '<?xml') || matchAscii(b, 0, '<svg')) return 'XML or SVG';
  const sample = b.subarray(0, Math.min(b.length, 256));
  const printable = sample.every((c) => c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127) || c >= 0x80);
  return printable ? 'text' : 'an unrecognised binary format';
}

function sniffFtyp(b: Uint8Array): Sniffed {
  const brands: string[] = [];
  const boxSize = readU32be(b, 0) ?? 0;
  const end = Math.min(b.length, boxSize > 8 ? boxSize : 32);
  brands.push(readAscii(b, 8, 4));
  for (let at = 16; at + 4 <= end; at += 4) brands.push(readAscii(b, at, 4));

  const has = (...names: string[]) => brands.some((brand) => names.includes(brand));
  const major = brands[0] ?? '';
  if (['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B '].includes(major)) return audio('audio/mp4', 'M4A');
  if (['avif', 'avis'].includes(major) || (has('avif') && !has('isom', 'mp41', 'mp42'))) return image('image/avif', 'AVIF');
  if (['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1'].includes(major)) return image('image/heic', 'HEIC');
  if (major === 'qt  ') return video('video/quicktime', 'QuickTime');
  if (major.startsWith('3g')) return video('video/3gpp', '3GP');
  return video('video/mp4', 'MP4');
}

function image(mimeType: string, name: string): Sniffed {
  return { type: 'IMAGE', mimeType, format: `${name} image` };
}
function video(mimeType: string, name: string): Sniffed {
  return { type: 'VIDEO', mimeType, format: `${name} video` };
}
function audio(mimeType: string, name: string): Sniffed {
  return { type: 'AUDIO', mimeType, format: `${name} audio` };
}

function matchAscii(b: Uint8Array, start: number, text: string): boolean {
  if (b.length < start + text.length) return false;
  for (let i = 0; i < text.length; i++) if (b[start + i] !== text.charCodeAt(i)) return false;
  return true;
}

function readAscii(b: Uint8Array, start: number, len: number): string {
  let out = '';
  for (let i = start; i < start + len && i < b.length; i++) out += String.fromCharCode(b[i] ?? 0);
  return out;
}

function containsAscii(b: Uint8Array, text: string): boolean {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).includes(text, 0, 'latin1');
}

function readU32be(b: Uint8Array, at: number): number | undefined {
  if (b.length < at + 4) return undefined;
  return (((b[at] ?? 0) << 24) >>> 0) + ((b[at + 1] ?? 0) << 16) + ((b[at + 2] ?? 0) << 8) + (b[at + 3] ?? 0);
}

function readU32le(b: Uint8Array, at: number): number | undefined {
  if (b.length < at + 4) return undefined;
  return (b[at] ?? 0) + ((b[at + 1] ?? 0) << 8) + ((b[at + 2] ?? 0) << 16) + (((b[at + 3] ?? 0) << 24) >>> 0);
}
