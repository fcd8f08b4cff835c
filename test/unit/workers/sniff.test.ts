import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeUnsupported, sniffBytes, sniffFile } from '../../../main/workers/sniff';

const dir = mkdtempSync(join(tmpdir(), 'atelier-sniff-'));

/** Real files made by ffmpeg, named with a misleading extension: only the bytes may decide. */
const MEDIA: Array<{ name: string; args: string[]; type: string; mime: string }> = [
  { name: 'png', args: ['-f', 'lavfi', '-i', 'color=red:s=16x16', '-frames:v', '1', '-f', 'image2', '-c:v', 'png'], type: 'IMAGE', mime: 'image/png' },
  { name: 'jpeg', args: ['-f', 'lavfi', '-i', 'color=red:s=16x16', '-frames:v', '1', '-f', 'image2', '-c:v', 'mjpeg'], type: 'IMAGE', mime: 'image/jpeg' },
  { name: 'gif', args: ['-f', 'lavfi', '-i', 'color=red:s=16x16', '-frames:v', '1', '-f', 'gif'], type: 'IMAGE', mime: 'image/gif' },
  { name: 'webp', args: ['-f', 'lavfi', '-i', 'color=red:s=16x16', '-frames:v', '1', '-f', 'webp'], type: 'IMAGE', mime: 'image/webp' },
  { name: 'mp4', args: ['-f', 'lavfi', '-i', 'testsrc=s=64x64:d=0.2', '-c:v', 'mpeg4', '-f', 'mp4'], type: 'VIDEO', mime: 'video/mp4' },
  { name: 'mov', args: ['-f', 'lavfi', '-i', 'testsrc=s=64x64:d=0.2', '-c:v', 'mpeg4', '-f', 'mov'], type: 'VIDEO', mime: 'video/quicktime' },
  { name: 'mkv', args: ['-f', 'lavfi', '-i', 'testsrc=s=64x64:d=0.2', '-c:v', 'mpeg4', '-f', 'matroska'], type: 'VIDEO', mime: 'video/x-matroska' },
  { name: 'avi', args: ['-f', 'lavfi', '-i', 'testsrc=s=64x64:d=0.2', '-c:v', 'mpeg4', '-f', 'avi'], type: 'VIDEO', mime: 'video/x-msvideo' },
  { name: 'ts', args: ['-f', 'lavfi', '-i', 'testsrc=s=64x64:d=0.2', '-c:v', 'mpeg2video', '-f', 'mpegts'], type: 'VIDEO', mime: 'video/mp2t' },
  { name: 'wav', args: ['-f', 'lavfi', '-i', 'sine=d=0.2', '-f', 'wav'], type: 'AUDIO', mime: 'audio/wav' },
  { name: 'mp3', args: ['-f', 'lavfi', '-i', 'sine=d=0.2', '-c:a', 'libmp3lame', '-f', 'mp3'], type: 'AUDIO', mime: 'audio/mpeg' },
  { name: 'mp3-no-id3', args: ['-f', 'lavfi', '-i', 'sine=d=0.2', '-c:a', 'libmp3lame', '-id3v2_version', '0', '-write_xing', '0', '-f', 'mp3'], type: 'AUDIO', mime: 'audio/mpeg' },
  { name: 'm4a', args: ['-f', 'lavfi', '-i', 'sine=d=0.2', '-c:a', 'aac', '-f', 'ipod'], type: 'AUDIO', mime: 'audio/mp4' },
  { name: 'flac', args: ['-f', 'lavfi', '-i', 'sine=d=0.2', '-f', 'flac'], type: 'AUDIO', mime: 'audio/flac' },
  { name: 'ogg', args: ['-f', 'lavfi', '-i', 'sine=d=0.2', '-c:a', 'libvorbis', '-f', 'ogg'], type: 'AUDIO', mime: 'audio/ogg' },
  { name: 'aac', args: ['-f', 'lavfi', '-i', 'sine=d=0.2', '-c:a', 'aac', '-f', 'adts'], type: 'AUDIO', mime: 'audio/aac' },
];

const made = new Set<string>();
beforeAll(() => {
  for (const m of MEDIA) {
    try {
      execFileSync('/usr/bin/ffmpeg', ['-v', 'error', '-y', ...m.args, join(dir, `${m.name}.txt`)], { stdio: 'pipe' });
      made.add(m.name);
    } catch (e) {
      console.warn(`ffmpeg could not make ${m.name} here (${(e as Error).message.split('\n')[0]}); that case is skipped`);
    }
  }
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sniff', () => {
  for (const m of MEDIA) {
    it(`recognises ${m.name} from its bytes`, async () => {
      if (!made.has(m.name)) return;
      const got = await sniffFile(join(dir, `${m.name}.txt`));
      expect(got).toMatchObject({ type: m.type, mimeType: m.mime });
    });
  }

  it('recognises a PDF and rejects text, zip and random bytes', async () => {
    expect(sniffBytes(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).toMatchObject({ type: 'PDF' });
    const text = Buffer.from('hello, this is a plain text file\n');
    expect(sniffBytes(text)).toBeNull();
    expect(describeUnsupported(text)).toBe('text');
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]);
    expect(sniffBytes(zip)).toBeNull();
    expect(describeUnsupported(zip)).toMatch(/ZIP/);
    const noise = Buffer.from([0x00, 0x13, 0x37, 0x00, 0x99, 0x01, 0x02, 0x03]);
    expect(sniffBytes(noise)).toBeNull();
    expect(describeUnsupported(noise)).toMatch(/unrecognised/);
    expect(sniffBytes(new Uint8Array(0))).toBeNull();
  });

  it('a PNG named .pdf is an image (names are never trusted)', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const p = join(dir, 'fake.pdf');
    writeFileSync(p, png);
    expect(await sniffFile(p)).toMatchObject({ type: 'IMAGE', mimeType: 'image/png' });
  });

  it('tells HEIC and AVIF images from MP4 video by the ftyp brand', () => {
    const ftyp = (major: string, ...compat: string[]) => {
      const body = Buffer.concat([Buffer.from(major), Buffer.alloc(4), ...compat.map((c) => Buffer.from(c))]);
      const size = Buffer.alloc(4);
      size.writeUInt32BE(8 + body.length);
      return Buffer.concat([size, Buffer.from('ftyp'), body]);
    };
    expect(sniffBytes(ftyp('heic', 'mif1', 'heic'))).toMatchObject({ type: 'IMAGE', mimeType: 'image/heic' });
    expect(sniffBytes(ftyp('avif', 'mif1', 'avif'))).toMatchObject({ type: 'IMAGE', mimeType: 'image/avif' });
    expect(sniffBytes(ftyp('isom', 'isom', 'iso2', 'avc1', 'mp41'))).toMatchObject({ type: 'VIDEO', mimeType: 'video/mp4' });
    expect(sniffBytes(ftyp('M4A ', 'M4A ', 'mp42'))).toMatchObject({ type: 'AUDIO' });
  });
});
