// Media routes as browsers and hls.js use them: Range (206 / 416), HEAD, Content-Type, CORS
// (including preflight), and signatures.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleMedia, startTestSandbox, uploadBytes, waitFor, type Sandbox } from '../../helpers/sandbox';
import { clientFor, type ApiClient } from './support/client';
import { contractFetch } from './support/contract';

interface Src { status: string; url: string | null; fileBytes: number | null }

describe('media routes', () => {
  let sb: Sandbox;
  let api: ApiClient;
  let download: Src;
  let preview: Src;
  let hls: Src;

  beforeAll(async () => {
    sb = await startTestSandbox({ processingMs: 0 });
    api = clientFor(sb);
    const { fileId } = await uploadBytes(contractFetch, sb, readFileSync(sampleMedia().video), 'clip.mp4');
    await waitFor(async () => (await api.vg<{ hlsSource: Src }>('GET', `/v1/files/${fileId}`)).body.hlsSource.status === 'ready', 'renditions');
    const f = await api.vg<{ downloadSource: Src; previewSource: Src; hlsSource: Src }>('POST', `/v1/files/${fileId}/hydrate`);
    ({ downloadSource: download, previewSource: preview, hlsSource: hls } = f.body);
  });
  afterAll(() => sb.close());

  it('serves whole files and byte ranges', async () => {
    const size = download.fileBytes!;
    const whole = await fetch(download.url!);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Number(whole.headers.get('content-length'))).toBe(size);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    const bytes = Buffer.from(await whole.arrayBuffer());

    const mid = await fetch(download.url!, { headers: { Range: 'bytes=100-199' } });
    expect(mid.status).toBe(206);
    expect(mid.headers.get('content-range')).toBe(`bytes 100-199/${size}`);
    expect(Buffer.from(await mid.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);

    const open = await fetch(download.url!, { headers: { Range: `bytes=${size - 10}-` } });
    expect(open.status).toBe(206);
    expect((await open.arrayBuffer()).byteLength).toBe(10);

    const suffix = await fetch(download.url!, { headers: { Range: 'bytes=-16' } });
    expect(suffix.headers.get('content-range')).toBe(`bytes ${size - 16}-${size - 1}/${size}`);
    expect(Buffer.from(await suffix.arrayBuffer()).equals(bytes.subarray(size - 16))).toBe(true);

    const clamp = await fetch(download.url!, { headers: { Range: `bytes=0-${size * 2}` } });
    expect(clamp.headers.get('content-range')).toBe(`bytes 0-${size - 1}/${size}`);
    await clamp.arrayBuffer();

    const beyond = await fetch(download.url!, { headers: { Range: `bytes=${size}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${size}`);

    const head = await fetch(preview.url!, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('video/mp4');
    expect(Number(head.headers.get('content-length'))).toBe(preview.fileBytes);
  });

  it('serves HLS with the right types; segments inherit the playlist token', async () => {
    const playlist = await fetch(hls.url!);
    expect(playlist.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const text = await playlist.text();
    const segments = text.split('\n').filter((l) => l.endsWith('.ts'));
    expect(segments.length).toBe(2);
    for (const s of segments) {
      const res = await fetch(new URL(s, hls.url!), { headers: { Range: 'bytes=0-187' } });
      expect(res.status).toBe(206);
      expect(res.headers.get('content-type')).toBe('video/mp2t');
      await res.arrayBuffer();
    }
    const traversal = await fetch(hls.url!.replace('index.m3u8', '..%2Fpreview.mp4'));
    expect(traversal.status).toBe(404);
  });

  it('rejects unsigned or tampered media URLs', async () => {
    const tampered = download.url!.replace(/\/(\d+)\.([0-9a-f])([0-9a-f]{31})\//, (_m, exp: string, c: string, rest: string) => `/${exp}.${c === '0' ? '1' : '0'}${rest}/`);
    expect(tampered).not.toBe(download.url);
    expect((await fetch(tampered)).status).toBe(403);
    const extended = download.url!.replace(/\/(\d+)\.([0-9a-f]{32})\//, (_m, exp: string, sig: string) => `/${Number(exp) + 3600}.${sig}/`);
    expect(extended).not.toBe(download.url);
    expect((await fetch(extended)).status).toBe(403);
    const otherSlot = download.url!.replace('/download/', '/preview/');
    expect((await fetch(otherSlot)).status).toBe(403);
  });

  it('answers CORS preflights and exposes the headers players need', async () => {
    const pre = await fetch(`${sb.url}/v1/files`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toBe('authorization');
    expect(pre.headers.get('access-control-allow-methods')).toContain('GET');
    const media = await fetch(download.url!, { headers: { Origin: 'http://localhost:5173', Range: 'bytes=0-1' } });
    expect(media.headers.get('access-control-allow-origin')).toBe('*');
    expect(media.headers.get('access-control-expose-headers')).toContain('Content-Range');
    await media.arrayBuffer();
    const apiRes = await api.vg('GET', '/v1/me');
    expect(apiRes.headers.get('access-control-expose-headers')).toContain('X-RateLimit-Remaining');
  });
});
