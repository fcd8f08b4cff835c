// The upload flow: presigned PUT (streamed, signed, expiring), type from the bytes, and the
// processing state machine driven by the sandbox clock.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, sampleMedia, startTestSandbox, uploadBytes, waitFor, type Sandbox } from '../../helpers/sandbox';
import { clientFor, type ApiClient } from './support/client';
import { contractFetch } from './support/contract';

interface Source { status: string; url: string | null; width: number | null; height: number | null; fileBytes: number | null }
interface File {
  fileId: string;
  type: string | null;
  scope: string;
  description: string | null;
  durationSeconds: number | null;
  thumbnailSource: Source;
  previewSource: Source;
  downloadSource: Source;
  hlsSource: Source;
  fileAnalysisMetadata: { analysisLoadingState: string; analysisProgressPercentage: number; analysisAttemptIndex?: number };
}

const P = 1000;

describe('uploads and processing', () => {
  let sb: Sandbox;
  let api: ApiClient;
  const clock = manualClock();
  const get = async (id: string) => (await api.vg<File>('GET', `/v1/files/${id}`)).body;
  const sources = (f: File) => [f.thumbnailSource.status, f.previewSource.status, f.downloadSource.status, f.hlsSource.status];
  const upload = (bytes: Uint8Array, name: string, extra = {}) => uploadBytes(contractFetch, sb, bytes, name, extra);

  beforeAll(async () => {
    sb = await startTestSandbox({ clock: clock.now, processingMs: P });
    api = clientFor(sb);
  });
  afterAll(() => sb.close());

  it('walks an image through every processing phase', async () => {
    const created = await api.vg<{ fileId: string; uploadUrl: string }>('POST', '/v1/files/upload', { displayName: 'still.png', type: 'VIDEO' });
    expect(created.status).toBe(200);
    expect(created.body.fileId).toMatch(/^vg_file_/);
    expect(created.body.uploadUrl).toContain('X-Amz-Expires=900');
    const id = created.body.fileId;
    const before = await get(id);
    expect(before.type).toBeNull();
    expect(sources(before)).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(before.fileAnalysisMetadata).toEqual({ analysisLoadingState: 'UNATTEMPTED', analysisProgressPercentage: 0, analysisAttemptIndex: 0 });

    const put = await fetch(created.body.uploadUrl, { method: 'PUT', body: readFileSync(sampleMedia().png) });
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect((await get(id)).type).toBeNull(); // t = 0: still detecting

    sb.advance(0.3 * P);
    // The declared type was VIDEO; the bytes say PNG.
    const typed = await waitFor(async () => ((await get(id)).type ? get(id) : null), 'type detection');
    expect(typed.type).toBe('IMAGE');
    expect(typed.hlsSource.status).toBe('skipped');
    expect(typed.thumbnailSource.status).toBe('pending');
    expect(typed.fileAnalysisMetadata.analysisLoadingState).toBe('UNATTEMPTED');

    sb.advance(0.3 * P); // t = 0.6P
    const half = await waitFor(async () => {
      const f = await get(id);
      return f.thumbnailSource.status === 'ready' ? f : null;
    }, 'thumbnail');
    expect(half.downloadSource.status).toBe('ready');
    expect(half.downloadSource.url).toBeNull(); // ready, but not hydrated
    expect(half.downloadSource).toMatchObject({ width: 256, height: 144 });
    expect(half.previewSource.status).toBe('pending');
    expect(half.fileAnalysisMetadata).toMatchObject({ analysisLoadingState: 'LOADING', analysisAttemptIndex: 0 });
    expect(half.fileAnalysisMetadata.analysisProgressPercentage).toBeCloseTo(10, 0);

    sb.advance(0.5 * P); // t = 1.1P
    const most = await get(id);
    expect(most.previewSource.status).toBe('ready');
    expect(most.fileAnalysisMetadata.analysisProgressPercentage).toBeCloseTo(60, 0);
    expect(most.description).toBeNull();

    sb.advance(0.5 * P); // t = 1.6P
    const done = await get(id);
    expect(done.fileAnalysisMetadata).toEqual({ analysisLoadingState: 'FULFILLED', analysisProgressPercentage: 100 });
    expect(done.description).toContain('256×144');
    expect(done.description).toContain('still.png');
    expect(done.durationSeconds).toBeNull();
  });

  it('detects every supported type from the bytes and makes the right renditions', async () => {
    const m = sampleMedia();
    const cases: Array<[string, string, string, string[]]> = [
      [m.video, 'clip.bin', 'VIDEO', ['ready', 'ready', 'ready', 'ready']],
      [m.audio, 'voice.bin', 'AUDIO', ['skipped', 'ready', 'ready', 'ready']],
      [m.mp3, 'tone.bin', 'AUDIO', ['skipped', 'ready', 'ready', 'ready']],
      [m.pdf, 'doc.bin', 'PDF', ['skipped', 'skipped', 'ready', 'skipped']],
    ];
    const ids: string[] = [];
    for (const [file, name] of cases) ids.push((await upload(readFileSync(file), name)).fileId);
    sb.advance(5 * P);
    for (const [i, [, name]] of cases.entries()) {
      await waitFor(async () => sources(await get(ids[i]!)).every((s) => s !== 'pending'), `${name} renditions`);
    }
    // Analysis starts once the type is known (which, with this frozen clock, was at t = 5P).
    sb.advance(2 * P);
    for (const [i, [, name, type, expected]] of cases.entries()) {
      const f = await get(ids[i]!);
      expect(f.fileAnalysisMetadata.analysisLoadingState, name).toBe('FULFILLED');
      expect(f.type, name).toBe(type);
      expect(sources(f), name).toEqual(expected);
      if (type === 'VIDEO' || type === 'AUDIO') expect(f.durationSeconds, name).toBeCloseTo(2, 0);
    }
  });

  it('fails processing of empty or unrecognised uploads', async () => {
    const empty = (await upload(new Uint8Array(0), 'empty.mov')).fileId;
    const junk = (await upload(new Uint8Array(4096).fill(7), 'junk.mp4')).fileId;
    const temp = (await upload(new Uint8Array(100).fill(1), 'junk-temp.mp4', { isTemporary: true })).fileId;
    sb.advance(0.3 * P);
    for (const id of [empty, junk]) {
      const f = await waitFor(async () => {
        const x = await get(id);
        return x.downloadSource.status === 'failed' ? x : null;
      }, 'failure');
      expect(f.type).toBeNull();
      expect(sources(f)).toEqual(['failed', 'failed', 'failed', 'failed']);
      expect(f.fileAnalysisMetadata).toEqual({ analysisLoadingState: 'REJECTED', analysisProgressPercentage: 0 });
    }
    const t = await waitFor(async () => ((await get(temp)).downloadSource.status === 'failed' ? get(temp) : null), 'temp failure');
    expect(t.scope).toBe('TEMPORARY');
    expect(t.fileAnalysisMetadata.analysisLoadingState).toBe('UNATTEMPTED');
  });

  it('never analyses temporary files', async () => {
    const id = (await upload(readFileSync(sampleMedia().png), 'scratch.png', { isTemporary: true })).fileId;
    sb.advance(10 * P);
    const f = await waitFor(async () => ((await get(id)).previewSource.status === 'ready' ? get(id) : null), 'temp ready');
    expect(f.scope).toBe('TEMPORARY');
    expect(f.fileAnalysisMetadata).toEqual({ analysisLoadingState: 'UNATTEMPTED', analysisProgressPercentage: 0, analysisAttemptIndex: 0 });
    expect(f.description).toBeNull();
  });

  it('keeps temporary files listed for 24 hours, then archives them (the spec: "may be archived at any time" after)', async () => {
    const listed = async () => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { files: Array<{ fileId: string; scope: string }>; nextCursor: string | null } } = await api.vg('GET', `/v1/files?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        ids.push(...page.body.files.map((f) => f.fileId));
        cursor = page.body.nextCursor;
      } while (cursor);
      return ids;
    };
    const temp = (await upload(readFileSync(sampleMedia().png), 'scratch-24h.png', { isTemporary: true })).fileId;
    const kept = (await upload(readFileSync(sampleMedia().png), 'kept-24h.png')).fileId;
    expect((await get(kept)).scope).toBe('GLOBAL');
    sb.advance(24 * 3_600_000 - 60_000);
    expect(await listed()).toEqual(expect.arrayContaining([temp, kept]));
    sb.advance(60_000);
    const after = await listed();
    expect(after).toContain(kept);
    expect(after).not.toContain(temp);
    // Still readable by id, like any archived file.
    expect((await get(temp)).scope).toBe('TEMPORARY');
  });

  it('requires Content-Length on the PUT (S3 answers 411)', async () => {
    const created = await api.vg<{ uploadUrl: string }>('POST', '/v1/files/upload', { displayName: 'chunked.bin' });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(created.body.uploadUrl, { method: 'PUT', headers: { 'Transfer-Encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(Buffer.from('abc'));
    });
    expect(status).toBe(411);
  });

  it('a second PUT replaces the object and restarts processing', async () => {
    const m = sampleMedia();
    const { fileId, uploadUrl } = await upload(readFileSync(m.png), 'swap');
    sb.advance(5 * P);
    await waitFor(async () => (await get(fileId)).type === 'IMAGE', 'image');
    const again = await fetch(uploadUrl, { method: 'PUT', body: readFileSync(m.audio) });
    expect(again.status).toBe(200);
    expect((await get(fileId)).type).toBeNull();
    sb.advance(5 * P);
    await waitFor(async () => (await get(fileId)).type === 'AUDIO', 'audio after re-upload');
  });

  it('drops the connection mid-body under the putReset fault, then accepts a retry', async () => {
    const created = await api.vg<{ fileId: string; uploadUrl: string }>('POST', '/v1/files/upload', { displayName: 'flaky.png' });
    sb.setFaults({ putReset: 1 });
    const bytes = new Uint8Array(2 * 1024 * 1024).fill(3);
    await expect(fetch(created.body.uploadUrl, { method: 'PUT', body: bytes })).rejects.toThrow();
    sb.setFaults({});
    expect((await get(created.body.fileId)).downloadSource.status).toBe('pending');
    const retry = await fetch(created.body.uploadUrl, { method: 'PUT', body: readFileSync(sampleMedia().png) });
    expect(retry.status).toBe(200);
  });

  it('streams a large PUT to disk with flat memory', async () => {
    const created = await api.vg<{ fileId: string; uploadUrl: string }>('POST', '/v1/files/upload', { displayName: 'big.bin' });
    const total = 192 * 1024 * 1024;
    const chunk = new Uint8Array(1024 * 1024).fill(9);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= total) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const res = await fetch(created.body.uploadUrl, { method: 'PUT', body, headers: { 'Content-Length': String(total) }, duplex: 'half' } as RequestInit);
    clearInterval(sampler);
    expect(res.status).toBe(200);
    expect(peak - rssBefore).toBeLessThan(96 * 1024 * 1024);
    sb.advance(P);
    const f = await waitFor(async () => ((await get(created.body.fileId)).downloadSource.status === 'failed' ? get(created.body.fileId) : null), 'unrecognised big upload');
    expect(f.type).toBeNull();
  });
});
