// The library: keyset cursors over 100,000 seeded files, archive, search, hydration and
// URL expiry, public previews.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, sampleMedia, startTestSandbox, uploadBytes, waitFor, type Sandbox } from '../../helpers/sandbox';
import { clientFor, type ApiClient } from './support/client';
import { contractFetch } from './support/contract';

interface Source { status: string; url: string | null; expiresAt: number | null }
interface File {
  fileId: string;
  type: string | null;
  scope: string;
  displayName: string;
  description: string | null;
  downloadSource: Source;
  hlsSource: Source;
  thumbnailSource: Source;
  isPublicPreviewEnabled: boolean;
  staticPublicPreviewSource: Source | null;
  publicHlsUrl: string | null;
  publicPlaybackId: string | null;
}
interface Page { files: File[]; hasMore: boolean; nextCursor: string | null }

const SEEDED = 100_000;

describe('the file library', () => {
  let sb: Sandbox;
  let api: ApiClient;
  const clock = manualClock();
  beforeAll(async () => {
    sb = await startTestSandbox({ seedFiles: SEEDED, clock: clock.now, seed: 42, videogenKeys: ['vg_key_a', 'vg_key_b'] });
    api = clientFor(sb);
  });
  afterAll(() => sb.close());

  it('walks 100,000 files at limit 200: every id once, newest update first, stable under inserts', async () => {
    const seen = new Set<string>();
    const seededIndexes: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    let inserted = 0;
    do {
      const res: { status: number; body: Page } = await api.vg<Page>('GET', `/v1/files?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      for (const f of res.body.files) {
        expect(seen.has(f.fileId), `duplicate ${f.fileId}`).toBe(false);
        seen.add(f.fileId);
        seededIndexes.push(Number(/-(\d{6})\.\w+$/.exec(f.displayName)![1]));
      }
      expect(res.body.nextCursor === null).toBe(!res.body.hasMore);
      cursor = res.body.nextCursor;
      pages++;
      if (pages % 100 === 0) {
        // Concurrent inserts land at the top; pages after the cursor never show them.
        await api.vg('POST', '/v1/files/upload', { displayName: `inserted-${pages}` });
        inserted++;
      }
    } while (cursor);
    expect(pages).toBe(SEEDED / 200);
    expect(seen.size).toBe(SEEDED);
    for (let i = 1; i < seededIndexes.length; i++) expect(seededIndexes[i]! > seededIndexes[i - 1]!).toBe(true);
    expect(inserted).toBe(5);
    const top = await api.vg<Page>('GET', '/v1/files?limit=5');
    expect(top.body.files.map((f) => f.displayName)).toEqual(['inserted-500', 'inserted-400', 'inserted-300', 'inserted-200', 'inserted-100']);
  }, 60_000);

  it('binds cursors to their endpoint', async () => {
    const page = await api.vg<Page>('GET', '/v1/files?limit=1');
    const foreign = await api.vg<{ code: string }>('GET', `/v1/tools/executions?cursor=${encodeURIComponent(page.body.nextCursor!)}`);
    expect(foreign.status).toBe(400);
    expect(foreign.body.code).toBe('invalid_parameters');
    const tampered = page.body.nextCursor!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await api.vg('GET', `/v1/files?cursor=${encodeURIComponent(tampered)}`)).status).toBe(400);
  });

  it('archives: the file leaves the list and search, GET still shows it', async () => {
    const first = (await api.vg<Page>('GET', '/v1/files?limit=50')).body.files.find((f) => f.type === 'IMAGE')!;
    const words = `${first.description} ${first.displayName}`;
    const before = await api.vg<{ results: Array<{ file: File }> }>('POST', '/v1/files/search', { query: words, numResults: 100 });
    expect(before.body.results.some((r) => r.file.fileId === first.fileId)).toBe(true);
    const archived = await api.vg<File>('POST', `/v1/files/${first.fileId}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body.fileId).toBe(first.fileId);
    const list = await api.vg<Page>('GET', '/v1/files?limit=200');
    expect(list.body.files.some((f) => f.fileId === first.fileId)).toBe(false);
    const after = await api.vg<{ results: Array<{ file: File }> }>('POST', '/v1/files/search', { query: words, numResults: 100 });
    expect(after.body.results.some((r) => r.file.fileId === first.fileId)).toBe(false);
    expect((await api.vg('GET', `/v1/files/${first.fileId}`)).status).toBe(200);
  });

  it('ranks search results deterministically by description and name', async () => {
    const q = { query: 'lighthouse at sunset', numResults: 20 };
    const a = await api.vg<{ results: Array<{ similarity: number; file: File }> }>('POST', '/v1/files/search', q);
    const b = await api.vg<{ results: Array<{ similarity: number; file: File }> }>('POST', '/v1/files/search', q);
    expect(a.body.results.length).toBe(20);
    expect(a.body.results.map((r) => r.file.fileId)).toEqual(b.body.results.map((r) => r.file.fileId));
    const sims = a.body.results.map((r) => r.similarity);
    expect([...sims].sort((x, y) => y - x)).toEqual(sims);
    expect(sims.every((s) => s > 0 && s <= 1)).toBe(true);
    expect(a.body.results[0]!.file.description).toMatch(/lighthouse/);
    expect(a.body.results[0]!.file.description).toMatch(/sunset/);
    const self = await api.vg<{ results: unknown[] }>('POST', '/v1/files/search', { ...q, selfOnly: true });
    expect(self.body.results).toEqual([]); // the seeded library belongs to a teammate
    const none = await api.vg<{ results: unknown[] }>('POST', '/v1/files/search', { query: 'zzzqqq' });
    expect(none.body.results).toEqual([]);
  });

  it('hydrates: signed URLs appear, work, and expire with the clock', async () => {
    const { fileId } = await uploadBytes(contractFetch, sb, readFileSync(sampleMedia().png), 'hydrate-me.png');
    clock.advance(1000);
    await waitFor(async () => (await api.vg<File>('GET', `/v1/files/${fileId}`)).body.downloadSource.status === 'ready', 'ready');
    const plain = await api.vg<File>('GET', `/v1/files/${fileId}`);
    expect(plain.body.downloadSource.url).toBeNull();
    const hydrated = await api.vg<File>('POST', `/v1/files/${fileId}/hydrate`);
    const src = hydrated.body.downloadSource;
    expect(src.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\//);
    expect(src.expiresAt).toBe(Math.floor(clock.now() / 1000) + 3600);
    // "hydrated recently": GET shows the same URLs until they expire
    expect((await api.vg<File>('GET', `/v1/files/${fileId}`)).body.downloadSource.url).toBe(src.url);
    const ok = await fetch(src.url!);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/png');
    expect((await fetch(hydrated.body.thumbnailSource.url!)).headers.get('content-type')).toBe('image/jpeg');
    clock.advance(3601 * 1000);
    const expired = await fetch(src.url!);
    expect(expired.status).toBe(403);
    const again = await api.vg<File>('GET', `/v1/files/${fileId}`);
    expect(again.body.downloadSource).toMatchObject({ status: 'ready', url: null, expiresAt: null });
    const fresh = await api.vg<File>('POST', `/v1/files/${fileId}/hydrate`);
    expect((await fetch(fresh.body.downloadSource.url!)).status).toBe(200);
  });

  it('public previews: unauthenticated, permanent until disabled', async () => {
    const video = await waitFor(async () => {
      const page = await api.vg<Page>('GET', '/v1/files?limit=50');
      const v = page.body.files.find((f) => f.type === 'VIDEO' && f.hlsSource.status === 'ready');
      return v ?? null;
    }, 'a seeded video with renditions');
    const on = await api.vg<File>('POST', `/v1/files/${video.fileId}/enable-public-preview`);
    expect(on.body.isPublicPreviewEnabled).toBe(true);
    expect(on.body.staticPublicPreviewSource).toMatchObject({ status: 'ready', expiresAt: null });
    expect(on.body.publicPlaybackId).toMatch(/^vg_play_[A-Za-z0-9_-]+$/);
    const staticUrl = on.body.staticPublicPreviewSource!.url!;
    clock.advance(30 * 24 * 3600 * 1000); // a month later
    expect((await fetch(staticUrl)).status).toBe(200);
    const playlist = await fetch(on.body.publicHlsUrl!);
    expect(playlist.status).toBe(200);
    const seg = (await playlist.text()).split('\n').find((l) => l.endsWith('.ts'))!;
    expect((await fetch(new URL(seg, on.body.publicHlsUrl!))).status).toBe(200);
    const off = await api.vg<File>('POST', `/v1/files/${video.fileId}/disable-public-preview`);
    expect(off.body).toMatchObject({ isPublicPreviewEnabled: false, staticPublicPreviewSource: null, publicHlsUrl: null, publicPlaybackId: null });
    expect((await fetch(staticUrl)).status).toBe(404);
    expect((await fetch(on.body.publicHlsUrl!)).status).toBe(404);
  });
});
