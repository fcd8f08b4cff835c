/**
 * Library sync against the sandbox: a full sync of 5,000 files in remote order, checkpoints
 * between pages, resuming from the saved cursor after the process dies, incremental refreshes
 * that stop at the first page the cache already has, and files archived elsewhere leaving the
 * library at the next refresh (near the top) or full pass (deeper).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoGenClient } from '../../../main/api';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { createLibrarySync, type LibrarySync } from '../../../main/workers/library-sync';
import { createThreadWriter } from '../../../main/workers/sync-writer-thread';
import { createWorkerEnv, makePng, until, type WorkerEnv } from '../../helpers/worker-harness';

const SEEDED = 5_000;
let sb: Sandbox;
const dirs: string[] = [];

beforeAll(async () => {
  sb = await startSandbox({ seedFiles: SEEDED, processingMs: 200 });
  // The seeded files share renditions made at start: wait until the remote list stops
  // changing (two listings a moment apart are the same), so tests can compare it with the cache.
  const env = createWorkerEnv({ baseUrl: sb.url, apiKey: sb.videogenKey });
  let last = '';
  await until(async () => {
    const now = JSON.stringify(await remoteFiles(env));
    const stable = now === last;
    last = now;
    return stable;
  }, 'the seeded library to settle', 60_000, 500);
  env.close();
}, 90_000);
afterAll(async () => {
  await sb.close();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

/** Records every list call (its cursor) and can fail after a number of pages. */
function recording(videogen: VideoGenClient, failAfterPages = Infinity) {
  const cursors: Array<string | null> = [];
  return {
    cursors,
    client: {
      listFiles: async (params: { limit?: number; cursor?: string | null } = {}, opts?: { signal?: AbortSignal }) => {
        if (cursors.length >= failAfterPages) throw new Error('process died');
        cursors.push(params.cursor ?? null);
        return videogen.listFiles(params, opts);
      },
    } satisfies Pick<VideoGenClient, 'listFiles'>,
  };
}

function sync(env: WorkerEnv, videogen: Pick<VideoGenClient, 'listFiles'>): LibrarySync {
  return createLibrarySync({ store: env.store, videogen, clock: env.clock, connectivity: env.connectivity, log: () => undefined });
}

async function remoteFiles(env: WorkerEnv) {
  const files = [];
  let cursor: string | null = null;
  do {
    const page = await env.videogen.listFiles({ limit: 200, cursor });
    files.push(...page.files);
    cursor = page.nextCursor;
  } while (cursor);
  return files;
}

async function remoteOrder(env: WorkerEnv): Promise<string[]> {
  return (await remoteFiles(env)).map((f) => f.fileId);
}

function localOrder(env: WorkerEnv): string[] {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = env.store.files.query({ offset, limit: 1000 });
    ids.push(...page.items.map((i) => i.fileId));
    if (page.items.length < 1000) return ids;
  }
}

async function uploadRemote(env: WorkerEnv, name: string, seed: number): Promise<string> {
  const { fileId, uploadUrl } = await env.videogen.createUpload({ displayName: name, type: 'IMAGE' });
  const bytes = makePng(seed);
  await env.videogen.putUpload(uploadUrl, bytes, { size: bytes.length });
  // Processed and analysed: its record no longer changes by itself.
  await until(async () => (await env.videogen.getFile(fileId)).fileAnalysisMetadata?.analysisLoadingState === 'FULFILLED', `${name} processed`);
  return fileId;
}

describe('library sync', () => {
  it('syncs every file in remote order, page by page, with progress', async () => {
    const env = createWorkerEnv({ baseUrl: sb.url, apiKey: sb.videogenKey });
    const rec = recording(env.videogen);
    const s = sync(env, rec.client);
    const seen: number[] = [];
    s.onProgress((p) => p.mode === 'full' && seen.push(p.items));
    s.start();
    await s.sync();
    expect(env.store.files.count()).toBe(SEEDED);
    expect(localOrder(env)).toEqual(await remoteOrder(env));
    // 25 pages of 200 from the top, then the catch-up walk from the top again (one page when
    // nothing changed meanwhile; more if the sandbox's seeded files were still being rendered).
    expect(rec.cursors[0]).toBeNull();
    expect(rec.cursors.slice(1, SEEDED / 200).every((c) => c !== null)).toBe(true);
    expect(rec.cursors[SEEDED / 200]).toBeNull();
    expect(seen.filter((n) => n > 0).length).toBeGreaterThanOrEqual(SEEDED / 200);
    const st = s.status();
    expect(st).toMatchObject({ syncing: false, items: SEEDED, pages: SEEDED / 200, lastError: null });
    expect(st.lastFullSyncAt).not.toBeNull();
    await s.stop();
    env.close();
  }, 60_000);

  it('checkpoints the log between pages, never inside a transaction', async () => {
    const env = createWorkerEnv({ baseUrl: sb.url, apiKey: sb.videogenKey });
    const calls: Array<{ inTransaction: boolean; min: number }> = [];
    const store = {
      files: env.store.files,
      librarySync: env.store.librarySync,
      transaction: env.store.transaction,
      checkpointBetweenWrites: (min: number) => {
        calls.push({ inTransaction: env.store.db.inTransaction, min });
        return env.store.checkpointBetweenWrites(min);
      },
    };
    const s = createLibrarySync({ store, videogen: env.videogen, clock: env.clock, connectivity: env.connectivity, log: () => undefined });
    s.start();
    await s.sync();
    expect(env.store.files.count()).toBe(SEEDED);
    // Asked after every page (it only copies once enough log is waiting), always between transactions.
    expect(calls.length).toBeGreaterThanOrEqual(SEEDED / 200);
    expect(calls.every((c) => !c.inTransaction && c.min > 0)).toBe(true);
    await s.stop();
    env.close();
  }, 60_000);

  it('resumes a full sync from its saved cursor after the process died', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'atelier-sync-resume-'));
    dirs.push(dataDir);
    // First life: dies after 10 pages (each page and its cursor were committed together).
    const env1 = createWorkerEnv({ baseUrl: sb.url, apiKey: sb.videogenKey, dataDir });
    const rec1 = recording(env1.videogen, 10);
    const s1 = sync(env1, rec1.client);
    s1.start();
    await expect(s1.sync()).rejects.toBeDefined();
    await s1.stop();
    const saved = env1.store.librarySync.get();
    expect(saved).toMatchObject({ mode: 'full', pages: 10, items: 2_000 });
    // Half-way through a first sync, "Date added" (the grid's default order) shows the newest
    // files on top, in the remote order: each page lands below the one before, so the top of
    // the grid does not change under the person (nor ask for new thumbnails) at every page.
    const added = env1.store.files.query({ sort: { field: 'created', dir: 'desc' }, limit: 200 }).items.map((i) => i.fileId);
    expect(added).toEqual((await remoteOrder(env1)).slice(0, 200));
    expect(saved.cursor).not.toBeNull();
    env1.close(); // the library stays on disk

    // Second life: picks up at the saved cursor, not at the top.
    const env2 = createWorkerEnv({ baseUrl: sb.url, apiKey: sb.videogenKey, dataDir });
    expect(env2.store.files.count()).toBe(2_000);
    const rec2 = recording(env2.videogen);
    const s2 = sync(env2, rec2.client);
    s2.start();
    await s2.sync();
    expect(rec2.cursors[0]).toBe(saved.cursor);
    expect(rec2.cursors.slice(0, 15).every((c) => c !== null)).toBe(true);
    expect(rec2.cursors[15]).toBeNull(); // the catch-up walk
    expect(env2.store.files.count()).toBe(SEEDED);
    expect(localOrder(env2)).toEqual(await remoteOrder(env2));
    await s2.stop();
    env2.close();
  }, 60_000);

  it('incremental refresh stops at the first page the cache has; archived files leave at the next refresh (deep ones on a full pass)', async () => {
    const env = createWorkerEnv({ baseUrl: sb.url, apiKey: sb.videogenKey });
    const rec = recording(env.videogen);
    const s = sync(env, rec.client);
    s.start();
    await s.sync();
    const before = rec.cursors.length;

    // Three new files appear remotely: one page walked, then the next page matches.
    const added = [await uploadRemote(env, 'new-1.png', 1), await uploadRemote(env, 'new-2.png', 2), await uploadRemote(env, 'new-3.png', 3)];
    await s.sync();
    expect(rec.cursors.length - before).toBe(2);
    expect(localOrder(env).slice(0, 3)).toEqual([...added].reverse());

    // Nothing changed: a refresh costs one page.
    const mid = rec.cursors.length;
    await s.sync();
    expect(rec.cursors.length - mid).toBe(1);
    expect(s.status().lastError).toBeNull();

    // Archived elsewhere near the top: the next refresh walks past where it was and misses it.
    const gone = localOrder(env)[10]!;
    await env.videogen.archiveFile(gone);
    await s.sync();
    expect(env.store.files.item(gone)?.archived).toBe(true);
    expect(localOrder(env)).not.toContain(gone);
    // Deep in the list (below the page a refresh meets): only a full pass can tell.
    const deep = localOrder(env)[1_000]!;
    await env.videogen.archiveFile(deep);
    await s.sync();
    expect(env.store.files.item(deep)?.archived).toBe(false);
    await s.sync({ full: true });
    expect(env.store.files.item(deep)?.archived).toBe(true);
    expect(localOrder(env)).not.toContain(deep);
    expect(localOrder(env)).toEqual(await remoteOrder(env));
    await s.stop();
    env.close();
  }, 90_000);
});

describe('library sync on a writer thread (as the app runs it)', () => {
  // Earlier tests added and archived files remotely: the library is what the list holds now.
  const listed = async (env: WorkerEnv): Promise<number> => (await remoteOrder(env)).length;

  /** The core's writer, counting what each transaction held. */
  function threaded(env: WorkerEnv, videogen: Pick<VideoGenClient, 'listFiles'>, o: { writes?: number[]; failOnWrite?: number; logs?: string[] } = {}) {
    let n = 0;
    return createLibrarySync({
      store: env.store,
      videogen,
      clock: env.clock,
      connectivity: env.connectivity,
      log: (m) => o.logs?.push(m),
      writer: () => {
        const w = createThreadWriter({ dbPath: env.store.path, onChange: (c) => env.store.announce(c), onWrite: ({ pages }) => o.writes?.push(pages) });
        return {
          pagesPerWrite: w.pagesPerWrite,
          write: (pages) => (++n === o.failOnWrite ? Promise.reject(new Error('the disk is full')) : w.write(pages)),
          close: () => w.close(),
        };
      },
    });
  }

  it('stores a full pass several pages per transaction on its own connection, announcing each change on the app store', async () => {
    const env = createWorkerEnv({ baseUrl: sb.url, apiKey: sb.videogenKey });
    const writes: number[] = [];
    const announced: string[] = [];
    env.store.onChange((c) => c.tables.includes('files') && announced.push(...(c.ids?.files ?? ['(many)'])));
    const total = await listed(env);
    const s = threaded(env, env.videogen, { writes });
    const progress: number[] = [];
    s.onProgress((p) => p.mode === 'full' && progress.push(p.items));
    s.start();
    await s.sync();
    expect(env.store.files.count()).toBe(total);
    expect(localOrder(env)).toEqual(await remoteOrder(env));
    // Every page, in fewer transactions, none over ten pages.
    const pages = Math.ceil(total / 200);
    expect(writes.reduce((a, b) => a + b, 0)).toBe(pages);
    expect(writes.length).toBeLessThan(pages);
    expect(Math.max(...writes)).toBeLessThanOrEqual(10);
    // The app's listeners heard of every transaction (hundreds of ids name only the table).
    expect(announced.length).toBeGreaterThanOrEqual(writes.length);
    // Progress climbed with the writes, to the whole library.
    expect(progress.filter((p) => p > 0)).toEqual([...progress.filter((p) => p > 0)].sort((a, b) => a - b));
    expect(s.status()).toMatchObject({ syncing: false, items: total, pages, lastError: null });
    await s.stop();
    env.close();
  }, 60_000);

  it('resumes after the process died: each transaction stored its pages with their cursor', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'atelier-sync-thread-resume-'));
    dirs.push(dataDir);
    const env1 = createWorkerEnv({ baseUrl: sb.url, apiKey: sb.videogenKey, dataDir });
    const s1 = threaded(env1, recording(env1.videogen, 13).client);
    s1.start();
    await expect(s1.sync()).rejects.toThrow(/process died/);
    await s1.stop();
    const saved = env1.store.librarySync.get();
    // Whatever was stored, it is whole pages with the cursor after the last of them.
    expect(saved.mode).toBe('full');
    expect(saved.pages).toBeGreaterThan(0);
    expect(saved.pages).toBeLessThanOrEqual(13);
    expect(saved.items).toBe(saved.pages * 200);
    expect(env1.store.files.count()).toBe(saved.items);
    env1.close();

    const env2 = createWorkerEnv({ baseUrl: sb.url, apiKey: sb.videogenKey, dataDir });
    const rec2 = recording(env2.videogen);
    const s2 = threaded(env2, rec2.client);
    s2.start();
    await s2.sync();
    expect(rec2.cursors[0]).toBe(saved.cursor);
    expect(env2.store.files.count()).toBe(await listed(env2));
    expect(localOrder(env2)).toEqual(await remoteOrder(env2));
    await s2.stop();
    env2.close();
  }, 60_000);

  it('a write that fails ends the pass with its reason; the next pass stores on the app connection and finishes', async () => {
    const env = createWorkerEnv({ baseUrl: sb.url, apiKey: sb.videogenKey });
    const logs: string[] = [];
    const s = threaded(env, env.videogen, { failOnWrite: 2, logs });
    s.start();
    await expect(s.sync()).rejects.toThrow(/the disk is full/);
    expect(s.status().lastError).toMatch(/the disk is full/);
    await s.sync();
    expect(env.store.files.count()).toBe(await listed(env));
    expect(localOrder(env)).toEqual(await remoteOrder(env));
    expect(s.status().lastError).toBeNull();
    await s.stop();
    env.close();
  }, 60_000);

  it('a writer that cannot start leaves the pass to the app connection, and says so', async () => {
    const env = createWorkerEnv({ baseUrl: sb.url, apiKey: sb.videogenKey });
    const logs: string[] = [];
    const s = createLibrarySync({
      store: env.store,
      videogen: env.videogen,
      clock: env.clock,
      connectivity: env.connectivity,
      log: (m) => logs.push(m),
      writer: () => createThreadWriter({ dbPath: env.store.path, script: join(tmpdir(), 'no-such-writer.js'), onChange: () => undefined }),
    });
    s.start();
    await s.sync();
    expect(env.store.files.count()).toBe(await listed(env));
    expect(logs.join('\n')).toMatch(/writer is missing .*no-such-writer\.js.*app's connection instead/);
    await s.stop();
    env.close();
  }, 60_000);
});
