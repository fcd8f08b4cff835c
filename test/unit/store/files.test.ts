import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StorageFile } from '../../../main/api/videogen-schemas';
import { isStoreError } from '../../../main/store/index';
import { AFTER_UPLOAD, HYDRATED, T0, file, listed, source, tempStore } from './helpers';
import type { TempStore } from './helpers';
import { fileUpdates } from '../../../main/workers/file-updates';

let t: TempStore;
beforeEach(() => {
  t = tempStore();
});
afterEach(() => t.cleanup());

const ID = HYDRATED.fileId;
const EXPIRY_MS = 1777986000 * 1000; // T0 + 1 h

describe('files.upsert (API records through the workers\' mapping): merge rules', () => {
  it('stores a fresh upload, then the hydrated record, and produces the contract views', () => {
    const r1 = t.store.files.upsert(fileUpdates([file(AFTER_UPLOAD)]), { uploadedFrom: '/Users/me/interview-take-3.mov' });
    expect(r1).toEqual({ inserted: [ID], updated: [], urlsOnly: [], unchanged: 0 });
    let d = t.store.files.get(ID)!;
    expect(d.type).toBeNull();
    expect(d.status).toBe('processing');
    expect(d.origin).toBe('uploaded');
    expect(d.uploadedFrom).toBe('/Users/me/interview-take-3.mov');
    expect(d.createdAt).toBe(T0);
    expect(d.analysis).toEqual({ state: 'UNATTEMPTED', progress: 0 });

    t.clock.advance(1000);
    const r2 = t.store.files.upsert(fileUpdates([file(HYDRATED)]));
    expect(r2).toEqual({ inserted: [], updated: [ID], urlsOnly: [], unchanged: 0 });
    d = t.store.files.get(ID)!;
    expect(d).toMatchObject({
      fileId: ID,
      displayName: 'interview-take-3.mov',
      type: 'VIDEO',
      scope: 'GLOBAL',
      status: 'ready',
      durationSeconds: 12.5,
      width: 1920,
      height: 1080,
      bytes: 8650000,
      createdAt: T0,
      updatedAt: T0 + 1000,
      hasThumbnail: true,
      pinned: false,
      archived: false,
      description: HYDRATED.description,
      transcript: HYDRATED.transcript,
      analysis: { state: 'FULFILLED', progress: 100 },
      uploadedFrom: '/Users/me/interview-take-3.mov',
      request: null,
      publicPreview: {
        enabled: true,
        url: HYDRATED.staticPublicPreviewSource.url,
        hlsUrl: HYDRATED.publicHlsUrl,
        playbackId: HYDRATED.publicPlaybackId,
      },
    });
    expect(d.sources.download).toEqual({ status: 'ready', width: 1920, height: 1080, bytes: 8650000, expiresAt: EXPIRY_MS, cached: false });
    expect(d.sources.hls).toMatchObject({ status: 'ready', expiresAt: EXPIRY_MS });
    // Views never carry signed URLs; workers read them separately.
    expect(JSON.stringify(d)).not.toContain('token=abc');
    expect(t.store.files.signedSource(ID, 'preview')).toMatchObject({ url: HYDRATED.previewSource.url, expires_at: EXPIRY_MS });
  });

  it('a non-hydrated record keeps a cached signed URL that is still valid', () => {
    t.store.files.upsert(fileUpdates([file(HYDRATED)]));
    t.clock.advance(10 * 60_000); // 10 min later, URL valid for 50 more
    const r = t.store.files.upsert(fileUpdates([file(listed(HYDRATED))]));
    expect(r.unchanged).toBe(1);
    expect(t.store.files.signedSource(ID, 'download')).toMatchObject({ status: 'ready', url: HYDRATED.downloadSource.url, expires_at: EXPIRY_MS });
    expect(t.store.files.get(ID)!.sources.download!.expiresAt).toBe(EXPIRY_MS);
  });

  it('drops a cached URL once it has expired, or when the source status changed', () => {
    t.store.files.upsert(fileUpdates([file(HYDRATED)]));
    t.clock.set(EXPIRY_MS + 1);
    t.store.files.upsert(fileUpdates([file(listed(HYDRATED))]));
    expect(t.store.files.signedSource(ID, 'download')).toMatchObject({ status: 'ready', url: null, expires_at: null });

    t.clock.set(T0);
    t.store.files.upsert(fileUpdates([file(HYDRATED)]));
    t.store.files.upsert(fileUpdates([file(listed(HYDRATED, { previewSource: source('failed') }))]));
    expect(t.store.files.signedSource(ID, 'preview')).toMatchObject({ status: 'failed', url: null, expires_at: null });
    // Dimensions known from before are dropped with the status change; the others stay.
    expect(t.store.files.signedSource(ID, 'preview')).toMatchObject({ width: null, height: null });
    expect(t.store.files.signedSource(ID, 'download')).toMatchObject({ url: HYDRATED.downloadSource.url, width: 1920 });
  });

  it('a URL with an unknown expiry is not kept past a URL-less record', () => {
    t.store.files.upsert(fileUpdates([file({ ...HYDRATED, thumbnailSource: source('ready', { url: 'https://x.test/t.jpg' }) })]));
    expect(t.store.files.signedSource(ID, 'thumb')).toMatchObject({ url: 'https://x.test/t.jpg', expires_at: null });
    t.store.files.upsert(fileUpdates([file(listed(HYDRATED))]));
    expect(t.store.files.signedSource(ID, 'thumb')!.url).toBeNull();
  });

  it('null or absent sources, analysis and text say nothing: cached values stay', () => {
    t.store.files.upsert(fileUpdates([file(HYDRATED)]));
    const sparse = file({
      fileId: ID,
      scope: 'GLOBAL',
      type: 'VIDEO',
      displayName: 'interview-take-3.mov',
      // description, transcript, durationSeconds, every source and fileAnalysisMetadata absent (webhook/tool-result style)
      isPublicPreviewEnabled: true,
    });
    const r = t.store.files.upsert(fileUpdates([sparse]));
    expect(r.unchanged).toBe(1);
    const d = t.store.files.get(ID)!;
    expect(d.description).toBe(HYDRATED.description);
    expect(d.transcript).toBe(HYDRATED.transcript);
    expect(d.durationSeconds).toBe(12.5);
    expect(d.analysis).toEqual({ state: 'FULFILLED', progress: 100 });
    expect(d.sources.preview).toMatchObject({ status: 'ready', expiresAt: EXPIRY_MS });
    expect(d.publicPreview.playbackId).toBe(HYDRATED.publicPlaybackId);
  });

  it("treats url: '' and expiresAt: 0 as absent", () => {
    const raw = {
      fileId: 'vg_file_raw',
      scope: 'GLOBAL',
      type: 'IMAGE',
      displayName: 'raw',
      thumbnailSource: { status: 'ready', url: '', expiresAt: 0, width: 10, height: 10, fileBytes: 5 },
    } as unknown as StorageFile; // straight from JSON, not through the schema
    t.store.files.upsert(fileUpdates([raw]));
    expect(t.store.files.signedSource('vg_file_raw', 'thumb')).toMatchObject({ status: 'ready', url: null, expires_at: null, width: 10 });
  });

  it('disabling the public preview clears every public field', () => {
    t.store.files.upsert(fileUpdates([file(HYDRATED)]));
    t.store.files.upsert(fileUpdates([file({ ...HYDRATED, isPublicPreviewEnabled: false, staticPublicPreviewSource: null, publicHlsUrl: null, publicPlaybackId: null })]));
    expect(t.store.files.get(ID)!.publicPreview).toEqual({ enabled: false, url: null, hlsUrl: null, playbackId: null });
  });

  it('a URL-only change is written quietly: not a visible update, and no change event (lists, counts and views are the same)', () => {
    t.store.files.upsert(fileUpdates([file(HYDRATED)]));
    const rankBefore = t.store.files.maxRank();
    t.changes.length = 0;
    t.clock.advance(5_000);
    const fresh = {
      ...HYDRATED,
      previewSource: { ...HYDRATED.previewSource, url: 'https://stream.media.videogen.io/example/720p.mp4?token=new', expiresAt: 1777990000 },
    };
    const r = t.store.files.upsert(fileUpdates([file(fresh)]));
    expect(r.updated).toEqual([ID]);
    expect(r.urlsOnly).toEqual([ID]);
    const d = t.store.files.get(ID)!;
    expect(d.updatedAt).toBe(T0);
    expect(d.sources.preview!.expiresAt).toBe(1777990000 * 1000);
    expect(t.store.files.maxRank()).toBe(rankBefore);
    expect(t.changes).toEqual([]);
    // A fresh URL together with a visible change is announced as before.
    const renamed = { ...fresh, displayName: 'renamed.mp4', previewSource: { ...fresh.previewSource, url: 'https://stream.media.videogen.io/example/720p.mp4?token=newer' } };
    const r2 = t.store.files.upsert(fileUpdates([file(renamed)]));
    expect(r2).toMatchObject({ updated: [ID], urlsOnly: [] });
    expect(t.changes).toEqual([{ tables: ['files'], ids: { files: [ID] } }]);
  });

  it('an unchanged record writes nothing visible and emits no event', () => {
    t.store.files.upsert(fileUpdates([file(HYDRATED)]));
    t.changes.length = 0;
    t.clock.advance(1_000);
    expect(t.store.files.upsert(fileUpdates([file(HYDRATED)]))).toEqual({ inserted: [], updated: [], urlsOnly: [], unchanged: 1 });
    expect(t.changes).toEqual([]);
    expect(t.store.files.get(ID)!.updatedAt).toBe(T0);
  });

  it('a file listed twice in one batch is merged twice, not inserted twice', () => {
    const r = t.store.files.upsert(fileUpdates([file(AFTER_UPLOAD), file(HYDRATED)]));
    expect(r.inserted).toEqual([ID]);
    expect(t.store.files.count()).toBe(1);
    expect(t.store.files.get(ID)!.type).toBe('VIDEO');
  });
});

describe('files: local fields', () => {
  it('links outputs to the execution that made them (by meta or by the remote execution id)', () => {
    const exec = t.store.executions.create({ provider: 'videogen', tool: 'generate-image', params: { prompt: 'A serene garden', quality: 'STANDARD' } });
    t.store.executions.markSubmitting(exec.id);
    t.store.executions.setRemote(exec.id, 'vg_tool_k7p2mq9x4rzt1bd8wn3c');
    t.store.files.upsert(fileUpdates([
      file({ fileId: 'vg_file_out1', type: 'IMAGE', displayName: 'A serene garden', sourceToolType: 'GENERATE_IMAGE', sourceToolExecutionId: 'vg_tool_k7p2mq9x4rzt1bd8wn3c' }),
    ]));
    const d = t.store.files.get('vg_file_out1')!;
    expect(d.origin).toBe('generated');
    expect(d.executionId).toBe(exec.id);
    expect(d.toolType).toBe('GENERATE_IMAGE');
    expect(d.request).toEqual({ provider: 'videogen', tool: 'generate-image', params: { prompt: 'A serene garden', quality: 'STANDARD' } });

    const lip = t.store.executions.create({ provider: 'sync', tool: 'lipsync', params: { model: 'lipsync-2' } });
    t.store.files.upsert(fileUpdates([file({ fileId: 'vg_file_lip', type: 'VIDEO' })]), { executionId: lip.id });
    const l = t.store.files.get('vg_file_lip')!;
    expect(l).toMatchObject({ origin: 'lipsync', toolType: 'LIPSYNC', executionId: lip.id });
    expect(l.request?.provider).toBe('sync');
  });

  it('a file seen before its execution was known takes the origin of the execution that claims it', () => {
    t.store.files.upsert(fileUpdates([file({ fileId: 'vg_file_out', type: 'VIDEO', displayName: 'take.mp4' })]));
    expect(t.store.files.item('vg_file_out')).toMatchObject({ origin: 'uploaded', executionId: null });
    const lip = t.store.executions.create({ provider: 'sync', tool: 'lipsync', params: { model: 'sync-3' } });
    t.store.files.upsert(fileUpdates([file({ fileId: 'vg_file_out', type: 'VIDEO', displayName: 'take.mp4' })]), { executionId: lip.id });
    expect(t.store.files.item('vg_file_out')).toMatchObject({ origin: 'lipsync', executionId: lip.id, toolType: 'LIPSYNC' });
    // …and keeps it when later records come without meta.
    t.store.files.upsert(fileUpdates([file({ fileId: 'vg_file_out', type: 'VIDEO', displayName: 'take.mp4', description: 'analysed' })]));
    expect(t.store.files.item('vg_file_out')).toMatchObject({ origin: 'lipsync', executionId: lip.id });
  });

  it('refuses to link to an execution that does not exist', () => {
    let err: unknown;
    try {
      t.store.files.upsert(fileUpdates([file({ fileId: 'vg_file_x' })]), { executionId: 'nope' });
    } catch (e) {
      err = e;
    }
    expect(isStoreError(err, 'not_found')).toBe(true);
    expect(t.store.files.count()).toBe(0); // nothing written
  });

  it('orders by the remote list: new and changed files on top, explicit ranks for sync pages', () => {
    const f = (id: string, extra: Record<string, unknown> = {}) => file({ fileId: id, type: 'IMAGE', ...extra });
    t.store.files.upsert(fileUpdates([f('a'), f('b'), f('c')])); // API order: a most recent
    expect(t.store.files.knownIdsInOrder(10)).toEqual(['a', 'b', 'c']);
    t.store.files.upsert(fileUpdates([f('d')]));
    expect(t.store.files.knownIdsInOrder(10)).toEqual(['d', 'a', 'b', 'c']);
    t.store.files.upsert(fileUpdates([f('c', { description: 'now analysed' })]));
    expect(t.store.files.knownIdsInOrder(10)).toEqual(['c', 'd', 'a', 'b']);
    t.store.files.upsert(fileUpdates([f('a')])); // unchanged: stays
    expect(t.store.files.knownIdsInOrder(2)).toEqual(['c', 'd']);
    // A sync pass: explicit ranks counting down from a base above everything.
    const base = t.store.files.maxRank() + 1_000;
    t.store.files.upsert(fileUpdates([f('b'), f('a')]), { rankFrom: base });
    t.store.files.upsert(fileUpdates([f('d'), f('c')]), { rankFrom: base - 2 });
    expect(t.store.files.knownIdsInOrder(10)).toEqual(['b', 'a', 'd', 'c']);
    expect(t.store.files.known(['a', 'zz', 'c'])).toEqual(new Set(['a', 'c']));
  });

  it('archives and pins, reporting only what changed', () => {
    t.store.files.upsert(fileUpdates([file({ fileId: 'a', displayName: 'sunset' }), file({ fileId: 'b', displayName: 'sunset two' })]));
    t.changes.length = 0;
    expect(t.store.files.markArchived(['a', 'missing'])).toEqual(['a']);
    expect(t.store.files.markArchived(['a'])).toEqual([]);
    expect(t.store.files.setPinned(['b'], true)).toEqual(['b']);
    expect(t.store.files.setPinned(['b'], true)).toEqual([]);
    expect(t.changes).toEqual([
      { tables: ['files'], ids: { files: ['a'] } },
      { tables: ['files'], ids: { files: ['b'] } },
    ]);
    expect(t.store.files.get('a')!.archived).toBe(true);
    expect(t.store.files.query().items.map((i) => i.fileId)).toEqual(['b']);
    expect(t.store.search.searchLocal('sunset').map((h) => h.item.fileId)).toEqual(['b']);
    expect(t.store.files.item('b')!.pinned).toBe(true);
    // A later API record does not un-archive or un-pin.
    t.store.files.upsert(fileUpdates([file({ fileId: 'a', displayName: 'sunset again' }), file({ fileId: 'b', displayName: 'sunset two' })]));
    expect(t.store.files.get('a')!.archived).toBe(true);
    expect(t.store.files.get('b')!.pinned).toBe(true);
    expect(t.store.search.searchLocal('again')).toEqual([]);
  });

  it('archiveMissing hides files a complete full sync did not see', () => {
    t.store.files.upsert(fileUpdates([file({ fileId: 'old' }), file({ fileId: 'temp', scope: 'TEMPORARY' }), file({ fileId: 'proj', scope: 'PROJECT' })]));
    t.clock.advance(60_000);
    const passStart = t.clock.now();
    t.store.files.upsert(fileUpdates([file({ fileId: 'new' })]));
    expect(t.store.files.archiveMissing(passStart, { scopes: ['GLOBAL', 'TEMPORARY'] }).sort()).toEqual(['old', 'temp']);
    expect(t.store.files.query().items.map((i) => i.fileId).sort()).toEqual(['new', 'proj']);
  });
});
