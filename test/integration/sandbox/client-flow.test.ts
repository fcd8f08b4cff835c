// A client written only from the API docs (README A3–A9) drives the sandbox with plain fetch:
// upload → PUT → poll → tool → poll execution → hydrate → play the HLS and fetch the MP4.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleMedia, startTestSandbox, type Sandbox } from '../../helpers/sandbox';
import { contractFetch } from './support/contract';

interface FileSource { status: string; url?: string | null; expiresAt?: number | null }
interface StorageFile { fileId: string; type: string | null; hlsSource?: FileSource | null; downloadSource?: FileSource | null; previewSource?: FileSource | null; thumbnailSource?: FileSource | null }
interface ExecutedTool { status: string; progressPercentage: number; results?: Array<{ fileId: string; type: string }> }

/** The "someone else's" client: nothing sandbox-specific, only what the docs say. */
function docsClient(base: string, apiKey: string, fetchFn: typeof fetch) {
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetchFn(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${apiKey}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  return {
    async uploadFile(bytes: Uint8Array, displayName: string): Promise<StorageFile> {
      const { fileId, uploadUrl } = await api<{ fileId: string; uploadUrl: string }>('POST', '/v1/files/upload', { displayName });
      const put = await fetch(uploadUrl, { method: 'PUT', body: bytes as BodyInit }); // no Authorization on the presigned PUT
      if (!put.ok) throw new Error(`PUT → ${put.status}`);
      for (;;) {
        const file = await api<StorageFile>('GET', `/v1/files/${fileId}`);
        const sources = [file.thumbnailSource, file.previewSource, file.downloadSource, file.hlsSource];
        if (file.type && sources.every((s) => s && s.status !== 'pending')) return file;
        await sleep(100);
      }
    },
    async runTool(tool: string, body: unknown): Promise<ExecutedTool> {
      const { toolExecutionId } = await api<{ toolExecutionId: string }>('POST', `/v1/tools/${tool}`, body);
      for (;;) {
        const exec = await api<ExecutedTool>('GET', `/v1/tools/executions/${toolExecutionId}`);
        if (['succeeded', 'failed', 'cancelled'].includes(exec.status)) return exec;
        await sleep(100);
      }
    },
    hydrate: (fileId: string) => api<StorageFile>('POST', `/v1/files/${fileId}/hydrate`),
  };
}

describe('a docs-only client against the sandbox', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startTestSandbox();
  });
  afterAll(() => sb.close());

  it('uploads, generates a clip, hydrates and plays it', async () => {
    const client = docsClient(sb.url, sb.videogenKey, contractFetch as typeof fetch);
    const uploaded = await client.uploadFile(readFileSync(sampleMedia().png), 'reference.png');
    expect(uploaded.type).toBe('IMAGE');

    const exec = await client.runTool('generate-video-clip', { prompt: 'a lighthouse at dusk', quality: 'STANDARD', durationSeconds: 2, imageFileIds: [uploaded.fileId] });
    expect(exec.status).toBe('succeeded');
    expect(exec.progressPercentage).toBe(100);
    const result = exec.results?.[0];
    expect(result?.type).toBe('VIDEO');

    const file = await client.hydrate(result!.fileId);
    const hls = file.hlsSource!;
    expect(hls.status).toBe('ready');
    expect(hls.expiresAt).toBeGreaterThan(Date.now() / 1000);

    // The playlist and a segment, as hls.js would load them (relative segment URIs).
    const playlistRes = await fetch(hls.url!);
    expect(playlistRes.status).toBe(200);
    expect(playlistRes.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(playlistRes.headers.get('access-control-allow-origin')).toBe('*');
    const playlist = await playlistRes.text();
    expect(playlist).toMatch(/^#EXTM3U/);
    expect(playlist).toContain('#EXT-X-ENDLIST');
    const segmentName = playlist.split('\n').find((l) => l.trim() && !l.startsWith('#'))!;
    const segment = await fetch(new URL(segmentName, hls.url!));
    expect(segment.status).toBe(200);
    expect(segment.headers.get('content-type')).toBe('video/mp2t');
    const segBytes = new Uint8Array(await segment.arrayBuffer());
    expect(segBytes[0]).toBe(0x47); // MPEG-TS sync byte

    // The MP4 with a Range request, as a <video> element does.
    const mp4 = await fetch(file.downloadSource!.url!, { headers: { Range: 'bytes=0-1023' } });
    expect(mp4.status).toBe(206);
    expect(mp4.headers.get('content-range')).toMatch(/^bytes 0-1023\/\d+$/);
    expect(mp4.headers.get('content-type')).toBe('video/mp4');
    const head = new Uint8Array(await mp4.arrayBuffer());
    expect(head.length).toBe(1024);
    expect(Buffer.from(head.subarray(4, 8)).toString('latin1')).toBe('ftyp');
  });
});
