import { describe, expect, it } from 'vitest';
import { sniff } from '../../../main/sandbox/media/sniff';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('sniff (magic numbers)', () => {
  it.each([
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'IMAGE', 'image/png'],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0]), 'IMAGE', 'image/jpeg'],
    ['GIF', bytes('GIF89a'), 'IMAGE', 'image/gif'],
    ['WebP', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'IMAGE', 'image/webp'],
    ['WAV', bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '), 'AUDIO', 'audio/wav'],
    ['MP4', bytes([0, 0, 0, 0x20], 'ftypisom'), 'VIDEO', 'video/mp4'],
    ['MOV', bytes([0, 0, 0, 0x14], 'ftypqt  '), 'VIDEO', 'video/quicktime'],
    ['M4A', bytes([0, 0, 0, 0x20], 'ftypM4A '), 'AUDIO', 'audio/mp4'],
    ['WebM', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84], 'webm'), 'VIDEO', 'video/webm'],
    ['MKV', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x88], 'matroska'), 'VIDEO', 'video/x-matroska'],
    ['MP3 (ID3)', bytes('ID3', [4, 0]), 'AUDIO', 'audio/mpeg'],
    ['MP3 (frame sync)', bytes([0xff, 0xfb, 0x90, 0x64]), 'AUDIO', 'audio/mpeg'],
    ['AAC (ADTS)', bytes([0xff, 0xf1, 0x50, 0x80]), 'AUDIO', 'audio/aac'],
    ['OGG', bytes('OggS', [0]), 'AUDIO', 'audio/ogg'],
    ['FLAC', bytes('fLaC'), 'AUDIO', 'audio/flac'],
    ['PDF', bytes('%PDF-1.7'), 'PDF', 'application/pdf'],
  ])('%s', (_name, head, type, mime) => {
    expect(sniff(head)).toMatchObject({ type, mime });
  });

  it('returns null for unknown or empty bytes', () => {
    expect(sniff(Buffer.alloc(0))).toBeNull();
    expect(sniff(bytes('hello world'))).toBeNull();
    expect(sniff(bytes([0, 1, 2, 3, 4, 5, 6, 7]))).toBeNull();
  });

  it('marks containers that may hold only audio as ambiguous', () => {
    expect(sniff(bytes([0, 0, 0, 0x20], 'ftypisom'))!.ambiguous).toBe(true);
    expect(sniff(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))!.ambiguous).toBe(false);
  });
});
